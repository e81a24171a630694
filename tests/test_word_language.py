"""Word frequencies tell a short phrase or a hashtag in another language from English."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.language import letter_count, unreadable
from planner.word_language import HashtagReading, read_hashtag, word_lead, words_of
from planner.word_lists import LANGUAGES, fold, word_tables

CORPUS = Path(__file__).parent / "fixtures" / "language" / "captions.tsv"


def test_every_language_has_its_list_and_english_knows_its_common_words() -> None:
    tables = word_tables()
    assert set(tables) == set(LANGUAGES)
    assert all(len(tables[lang]) > 10_000 for lang in LANGUAGES)
    assert tables["en"]["the"] > 7 and tables["en"]["threshold"] >= 3.0
    assert "amo" not in tables["en"] or tables["en"]["amo"] < 3.0
    assert tables["pt"]["voce"] > 5  # folded: "você"


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Você", "voce"), ("Straße", "strasse"), ("EXTRAÑO", "extrano"), ("Løb", "lob"), ("", "")],
)
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded


def test_words_of_leaves_out_codes_units_acronyms_tags_and_single_letters() -> None:
    assert words_of("Zwift - VO2 Max 3x3 in 45 min #legday @sam https://x.org/a") == [
        "zwift",
        "max",
        "in",
    ]
    assert words_of("WL shoes and belt") == ["shoes", "and", "belt"]
    assert words_of("TE AMO") == ["te", "amo"]  # all capitals: the words themselves
    assert words_of("je t'attends") == ["je", "attends"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("Te amo", "pt"), ("ich vermisse dich", "de"), ("je t'attends", "fr"), ("Ik mis je", "nl")],
)
def test_a_foreign_phrase_leads_by_far(text: str, language: str) -> None:
    lang, lead = word_lead(text)
    assert lang == language
    assert lead >= 3.0


@pytest.mark.parametrize("text", ["Iroquois long run", "Leg day", "Zwift ride", "Yoga", "Hike"])
def test_english_words_lead_or_tie(text: str) -> None:
    assert word_lead(text)[1] < 1.0


def test_names_count_for_no_language() -> None:
    assert word_lead("Watopia Zwift") == ("", 0.0)


@pytest.mark.parametrize(
    ("tag", "reading"),
    [
        ("legday", HashtagReading(("leg", "day"))),
        ("sundayrunday", HashtagReading(("sunday", "run", "day"))),
        ("MondayMotivation", HashtagReading(("monday", "motivation"))),
        ("imissyou", HashtagReading(("i", "miss", "you"))),
        ("tourdefrance", HashtagReading(("tour", "de", "france"))),
        ("saudadesdevoce", HashtagReading(("saudades", "de", "voce"), "pt")),
        ("TeQuieroMucho", HashtagReading(("te", "quiero", "mucho"), "es")),
        ("hygge", HashtagReading()),  # one word: a loanword, a name or a place
        ("fontainebleau", HashtagReading()),
        ("garmin", HashtagReading()),
        ("ESCN", HashtagReading()),  # an acronym
        ("2025", HashtagReading()),
    ],
)
def test_read_hashtag(tag: str, reading: HashtagReading) -> None:
    assert read_hashtag(tag) == reading


@pytest.mark.parametrize("tag", ["bleau", "fitba", "tiamo"])
def test_a_short_hashtag_is_not_read_as_a_foreign_phrase(tag: str) -> None:
    """Five letters split into two short words of some language by chance ("ble au")."""
    assert read_hashtag(tag).language is None


def _corpus() -> list[tuple[str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [(ln.split("\t", 1)[0], ln.split("\t", 1)[1]) for ln in lines if ln[:1] not in "#"]


def test_on_the_language_corpus_english_is_read_and_short_foreign_text_is_not() -> None:
    """Before word frequencies, about half of the short foreign texts passed as English."""
    rows = _corpus()
    assert [t for lang, t in rows if lang == "en" and unreadable(t)] == []
    short = [t for lang, t in rows if lang != "en" and letter_count(t) < 20]
    passed = [t for t in short if unreadable(t) is None]
    assert len(passed) <= 0.1 * len(short), passed


@given(st.text())
def test_any_text_gets_an_answer(text: str) -> None:
    word_lead(text)
    unreadable(text)
    for word in text.split():
        read_hashtag(word.lstrip("#"))
