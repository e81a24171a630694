"""Gaps of the tone filter closed after issue 10's first stop: hashtags are read like words,
short phrases in another language are not taken for English, effort hyperbole is no bad day."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from planner.config import ToneSettings
from planner.tone import bad_day_words, check

EXPORTS = Path(__file__).parent / "fixtures" / "exports"

# -- hashtags ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Long run this morning #saudadesdevoce", "#saudadesdevoce"),  # Portuguese: missing you
        ("Leg day done #TeQuieroMucho", "#TeQuieroMucho"),
        ("Sunday ride #tumemanques", "#tumemanques"),
        ("#ichliebedich", "#ichliebedich"),
        ("Quiet evening #скучаю", "#скучаю"),
    ],
)
def test_a_hashtag_in_another_language_is_said_so(text: str, tag: str) -> None:
    verdict = check(text)
    assert verdict.verdict == "reject"
    reason = verdict.reasons[-1]
    assert reason.rule == "language.unsupported"
    assert text[reason.span[0] : reason.span[1]] == tag
    assert f"hashtag '{tag}'" in reason.message


@pytest.mark.parametrize(
    "text",
    [
        "#legday",
        "Hill repeats #sundayrunday",
        "#MondayMotivation",
        "Watched the final stage #tourdefrance",  # English usage, not a French message
        "Gelato by the sea #dolcevita",
        "Bouldering trip #fontainebleau",  # a place
        "Sunrise hike #hygge #wanderlust #namaste",  # loanwords
        "New watch strap #garmin #strava",
        "Dinner out #biryani",
        "Morning run #parkrun #5k",
        "#PR #ootd #tbt",
    ],
)
def test_english_hashtags_names_and_loanwords_stay_ok(text: str) -> None:
    assert check(text).verdict in {"ok", "soften"}
    assert "language.unsupported" not in {r.rule for r in check(text).reasons}


def test_a_hashtag_is_judged_by_the_words_it_spells() -> None:
    """A bundled jealousy phrase written as one hashtag rejects like the phrase."""
    verdict = check("Sunday brunch #couplegoals")
    assert verdict.verdict == "reject"
    reason = verdict.reasons[0]
    assert reason.category == "jealousy"
    assert reason.span == (14, 26)  # the hashtag as written
    assert check("Sunday brunch #brunchgoals").verdict == "ok"


def test_a_users_phrase_catches_it_spelled_as_a_hashtag() -> None:
    tone = ToneSettings(needy=("miss you",))
    for text in ("Long walk. #imissyou", "Long walk. #IMissYou"):
        verdict = check(text, settings=tone)
        assert verdict.verdict == "reject", text
        assert verdict.reasons[0].span == (11, len(text))


def test_names_in_hashtags_are_still_named_as_written() -> None:
    verdict = check("Trail day #robinruns", never_mention=("Robin",))
    assert verdict.reasons[0].rule == "never_mention.name"
    assert verdict.reasons[0].message.startswith("mentions '#robinruns'")


# -- short phrases in another language -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Te amo", "Portuguese"),
        ("te extraño", "Spanish"),
        ("je t'attends", "French"),
        ("ich vermisse dich", "German"),
        ("Ti amo", "Italian"),
        ("Ik mis je", "Dutch"),
        ("Saudades", "Portuguese"),
        ("Скучаю по тебе", "Russian"),
        ("Дневной велозаезд", "Russian"),  # a real Strava title: Russian for "Afternoon Ride"
    ],
)
def test_short_phrases_in_another_language_are_not_read_as_english(
    text: str, language: str
) -> None:
    verdict = check(text)
    assert verdict.verdict == "reject"
    assert verdict.reasons[-1].rule == "language.unsupported"
    assert f"written in {language}" in verdict.reasons[-1].message


@pytest.mark.parametrize(
    "text",
    [
        "Run", "Zwift ride", "Morning Run", "Leg day", "Evening Ride", "Lunch Swim", "Push A",
        "W3D2", "Hike", "Yoga", "Tempo", "Tempo - 30mins", "Iroquois long run",
        "10k tempo at 5:10/km", "Zwift - VO2 Max 3x3", "Fiesta", "Gelato time", "Hat day",
        "Die hard", "Main set", "Sauna", "Coffee and a croissant",
    ],
)  # fmt: skip
def test_short_english_titles_stay_ok(text: str) -> None:
    assert check(text).verdict == "ok", check(text).reasons


def _export_texts() -> list[str]:
    """Titles and descriptions of the real app exports kept as fixtures, distinct."""
    texts: dict[str, None] = {}
    with (EXPORTS / "strava" / "activities.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            texts.update(dict.fromkeys([row["Activity Name"], row["Activity Description"]]))
    with (EXPORTS / "hevy" / "workout_data.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            texts.update(dict.fromkeys([row["title"], row["description"], row["exercise_notes"]]))
    with (EXPORTS / "garmin" / "Activities.csv").open(encoding="utf-8", newline="") as f:
        texts.update(dict.fromkeys(row["Title"] for row in csv.DictReader(f)))
    return [t for t in texts if t.strip()]


def test_real_english_titles_are_not_refused_as_another_language() -> None:
    """Strava, Hevy and Garmin exports: only the German and Russian titles are refused."""
    refused = [t for t in _export_texts() if check(t).verdict == "reject"]
    assert refused == ["Ohne mein Schatz 😢", "Дневной велозаезд"]


# -- bad days and effort hyperbole ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Truly almost died",
        "I died 😂 hill repeats",
        "nearly died on the last hill",
        "this workout almost killed me",
        "Legs died at km 30",
        "TOO Hard Starts, I saw Jesus",
    ],
)
def test_effort_hyperbole_is_no_bad_day_and_a_calm_caption(text: str) -> None:
    assert bad_day_words(text) is None
    assert check(text).verdict == "ok"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Walk after Grandpa's funeral", "funeral"),
        ("Short ride, Mum passed away this morning", "passed away"),
        ("Got hit by a car on the way home", "hit by a car"),
        ("Knocked off my bike at the roundabout", "Knocked off my bike"),
        ("Ride ended in A&E", "A&E"),
        ("Run cut short, called an ambulance for a runner", "ambulance"),
        ("Slow walk, my dog died", "dog died"),
    ],
)
def test_a_real_bad_day_is_found(text: str, words: str) -> None:
    assert bad_day_words(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "No ambulance needed, just a scrape",
        "my legs died this morning",
        "phone died on the run",
        "a dog passed me on the trail",
    ],
)
def test_no_bad_day_in_a_negated_or_hyperbolic_phrase(text: str) -> None:
    assert bad_day_words(text) is None


# -- a partner, calmly ---------------------------------------------------------------------


def test_a_settled_partner_is_calm_and_a_new_one_paraded_is_jealousy() -> None:
    """Product decision (see the report of this change): "with my love" names no one and
    compares with no one; the jealousy list catches the new partner shown off."""
    assert check("Coffee Ride with my love").verdict == "ok"
    assert check("Coffee ride with my new love").verdict == "reject"
    assert check("Date night with my new bae").verdict == "reject"
