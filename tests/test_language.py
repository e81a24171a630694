"""Language detection: own words reach a post only in a language the tone filter reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.language import JUDGED_LANGUAGES, caption_language, reads_as

CORPUS = Path(__file__).parent / "fixtures" / "language" / "captions.tsv"


def corpus() -> list[tuple[str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [(ln.split("\t", 1)[0], ln.split("\t", 1)[1]) for ln in lines if ln[:1] not in "#"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("5k, dukkert, barfod hjem", "da"),  # a real Garmin title (issue 11)
        ("melhorando cada vez mais…", "pt"),  # a real Strava note (issue 11)
        ("Morgensvømning med holdet", "da"),
        ("Stockholm Löpning", "sv"),
        ("Schöne Runde,\nmit Sonnenuntergang", "de"),
        ("Tried a new ramen place downtown", "en"),
        ("Sortie vélo au bord du lac", "fr"),
        ("Un paseo largo por la playa", "es"),
    ],
)
def test_captions_in_each_language_are_recognised(text: str, language: str) -> None:
    assert caption_language(text) == language


@pytest.mark.parametrize("text", ["5k run", "Leg day.", "Tempo run", "Hot yoga", "Felt strong"])
def test_short_english_is_unsure_or_english_and_is_kept(text: str) -> None:
    assert caption_language(text) in (None, "en")
    assert reads_as(text, {"en"})


@pytest.mark.parametrize(
    "text",
    [
        "Weekend in Leipzig", "Medium Long Run", "Pasta night", "Homemade ramen", "Done",
        "Charles River loop", "An honest mile", "Long run 15 km", "Standert Women Ride",
        "Cincinnati Running", "Grunewald loop", "Bauhaus exhibition", "Run at 5°",
    ],
)  # fmt: skip
def test_english_titles_with_names_in_them_are_kept(text: str) -> None:
    """Real titles from the exports and the sample: place and brand names must not make an
    English title read as Dutch or German (the text is lower-cased, the candidates few)."""
    assert reads_as(text, {"en"})


@pytest.mark.parametrize("text", ["", "5k", "💪💪", "10 km 🏃", "@sam #run https://x.org/a"])
def test_text_without_three_letters_is_in_no_language(text: str) -> None:
    assert caption_language(text) is None
    assert reads_as(text, {"en"})
    assert not reads_as(text, set())


@pytest.mark.parametrize(
    "text",
    [
        "Te echo de menos", "Vuelve conmigo", "Tu me manques", "Je t'aime", "Reviens",
        "Sinto sua falta", "Volta pra mim", "Ich vermisse dich", "Komm zurück", "Savner dig",
        "Saknar dig", "Ik mis je", "Ti amo ancora", "Tęsknię za tobą", "Скучаю по тебе",
        "Te extraño", "Du fehlst mir", "Je pense à toi", "Vem tillbaka", "Kom tilbage",
    ],
)  # fmt: skip
def test_missing_someone_in_another_language_is_not_read_as_english(text: str) -> None:
    assert not reads_as(text, JUDGED_LANGUAGES)


def test_on_the_corpus_english_is_kept_and_other_languages_rarely_pass_as_english() -> None:
    rows = corpus()
    english = [t for lang, t in rows if lang == "en"]
    others = [t for lang, t in rows if lang != "en"]
    assert [t for t in english if not reads_as(t, {"en"})] == []
    leaked = [t for t in others if reads_as(t, {"en"})]
    assert len(leaked) <= 0.03 * len(others), leaked


def test_a_sure_answer_is_rarely_wrong_on_the_corpus() -> None:
    shipped = {"en", "de", "es", "fr", "pt", "da", "sv"}
    rows = [(lang, t) for lang, t in corpus() if lang in shipped]
    answers = [(lang, caption_language(t)) for lang, t in rows]
    wrong = [a for a in answers if a[1] is not None and a[0] != a[1]]
    right = [a for a in answers if a[0] == a[1]]
    assert len(wrong) <= 0.05 * len(rows), wrong
    assert len(right) >= 0.65 * len(rows)
