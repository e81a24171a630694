"""never_mention: a listed name or handle rejects wherever and however it appears."""

from __future__ import annotations

import pytest

from planner.tone import check

NAMES = ("Alex", "@jordyk", "Sam Rivera")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Alex came along.", "Alex"),
        ("Lunch with alex today.", "alex"),
        ("Thanks to ALEX", "ALEX"),
        ("Alex", "Alex"),
        ("Alex's bike, borrowed.", "Alex"),
        ("Alex-approved pasta.", "Alex"),
        ("(Alex, you were right.)", "Alex"),
        ('"Alex" said yes.', "Alex"),
        ("Good run, @alex.", "@alex"),
        ("Route by @jordyk", "@jordyk"),
        ("Route by jordyk", "jordyk"),
        ("Route by @JordyK!", "@JordyK"),
        ("#jordyk", "#jordyk"),
        ("Hike #withAlex today", "#withAlex"),
        ("Hike #alexandme", "#alexandme"),
        ("Recipe from Sam Rivera.", "Sam Rivera"),
        ("Recipe from sam  rivera.", "sam  rivera"),
        ("Recipe from Sam\nRivera.", "Sam\nRivera"),
        ("#SamRivera", "#SamRivera"),
        ("Road trip #samriveradriving", "#samriveradriving"),
    ],
)
def test_never_mention_in_every_position(text: str, found: str) -> None:
    verdict = check(text, never_mention=NAMES)
    assert verdict.verdict == "reject"
    reason = verdict.reasons[0]
    assert reason.category == "never_mention"
    assert reason.rule == "never_mention.name"
    assert text[reason.span[0] : reason.span[1]] == found


@pytest.mark.parametrize(
    "text",
    [
        "Trip to Alexandria.",
        "Fresh bread on Rivera Street.",
        "Sam's pizza was good.",
        "Mail me at me@alexmail.example",
        "Run with the jordyks? No, alone.",
    ],
)
def test_other_words_are_not_names(text: str) -> None:
    assert check(text, never_mention=NAMES).verdict == "ok"


def test_never_mention_wins_over_softening() -> None:
    verdict = check("BEST RUN EVER with Alex!!!", never_mention=NAMES)
    assert verdict.verdict == "reject"
    assert verdict.softened is None
    assert verdict.reasons[0].category == "never_mention"


def test_every_mention_is_reported() -> None:
    verdict = check("Alex and @jordyk and #samrivera", never_mention=NAMES)
    assert [r.span for r in verdict.reasons] == [(0, 4), (9, 16), (21, 31)]


def test_blank_and_at_only_names_are_ignored() -> None:
    assert check("A calm run.", never_mention=("", "  ", "@")).verdict == "ok"


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060", "\u200d"])
def test_a_name_split_by_an_invisible_character_is_still_caught(hidden: str) -> None:
    text = f"Climbing with Al{hidden}ex today."
    verdict = check(text, never_mention=("Alex",))
    assert verdict.verdict == "reject"
    (reason,) = [r for r in verdict.reasons if r.category == "never_mention"]
    assert text[reason.span[0] : reason.span[1]] == f"Al{hidden}ex"


@pytest.mark.parametrize(
    "written",
    [
        "Ａｌｅｘ",  # fullwidth
        "𝐀𝐥𝐞𝐱",  # mathematical bold, as "fancy text" generators write it
        "\u0410lex",  # Cyrillic capital A
        "Al\u0435x",  # Cyrillic small ie
        "Alëx",
        "Ale\u0301x",  # e + combining acute accent
        "#\uff21lex",
        "@\u0410lex",
    ],
)
def test_a_name_written_in_lookalike_letters_is_still_caught(written: str) -> None:
    text = f"Climbing with {written} today."
    verdict = check(text, never_mention=("Alex",))
    assert verdict.verdict == "reject"
    (reason,) = [r for r in verdict.reasons if r.category == "never_mention"]
    assert text[reason.span[0] : reason.span[1]] == written
    assert written in reason.message or repr(written)[1:-1] in reason.message


def test_a_listed_name_with_an_accent_matches_it_written_without() -> None:
    verdict = check("Coffee with Zoe, then zoë, then #TeamZoe", never_mention=("Zoë",))
    assert [r.span for r in verdict.reasons] == [(12, 15), (22, 25), (32, 40)]


def test_folding_does_not_invent_names() -> None:
    assert check("Trip to Аlexandria and Ｒｉｏ.", never_mention=("Alex",)).verdict == "ok"
