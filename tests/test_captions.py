"""Template captions read like a person wrote them: no doubled words, no stale weekdays."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.captions import OwnWords, caption_values
from planner.models import Activity
from planner.workflow import caption_book

TZ = ZoneInfo("Europe/Berlin")
SUNDAY = datetime(2026, 11, 22, 10, tzinfo=TZ)


def act(title: str, category: str = "fitness", *, start: datetime = SUNDAY, **kw: object):
    return Activity(
        id=f"{abs(hash((title, start))):08x}"[:8],
        start=start,
        kind=category,
        category=category,
        title=title,
        **kw,  # type: ignore[arg-type]
    )


def all_captions(activity: Activity, at: datetime) -> list[str]:
    """Every caption the bundled variants give for the activity, one per variant."""
    book, texts, history = caption_book(), [], []
    from planner.models import Post

    for n in range(len(book.variants[activity.category])):
        caption = book.caption(activity, at, history)
        assert caption is not None
        texts.append(caption.text)
        history.append(
            Post(
                id=str(n), activity_id="x", at=at, category="", caption="", variant=caption.variant
            )
        )
    return texts


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Upper body session", "fitness"),
        ("38 min yoga session", "fitness"),
        ("Sunday brunch with friends", "food"),
        ("Sunday long run", "fitness"),
        ("Finished a novel", "hobby"),
    ],
)
def test_no_caption_doubles_a_word_or_the_weekday(title: str, category: str):
    at = SUNDAY + timedelta(days=1, hours=8)
    for text in all_captions(act(title, category), at):
        words = re.findall(r"\w+", text.casefold())
        assert words.count("session") <= 1, text
        assert words.count("sunday") <= 1, text
        assert "spent on" not in text, text  # "Sunday, spent on Finished a novel."


def test_the_weekday_of_the_post_itself_is_not_named():
    """'27.1 km indoor ride on Tuesday.' posted that Tuesday evening reads as written days
    ahead; the day of the post is 'today' to a reader, and a caption needs no weekday then."""
    a = act("Easy 6 km", distance_km=6.0)
    assert "weekday" not in caption_values(a, SUNDAY + timedelta(hours=8))
    assert caption_values(a, SUNDAY + timedelta(days=1))["weekday"] == "Sunday"
    for text in all_captions(a, SUNDAY + timedelta(hours=8)):
        assert "Sunday" not in text, text


def test_a_weekday_a_week_or_more_back_is_not_named():
    a = act("Easy 6 km", distance_km=6.0)
    assert caption_values(a, SUNDAY + timedelta(days=6))["weekday"] == "Sunday"
    assert "weekday" not in caption_values(a, SUNDAY + timedelta(days=7))
    assert "weekday" not in caption_values(a, SUNDAY + timedelta(days=10))
    for text in all_captions(a, SUNDAY + timedelta(days=7, hours=8)):
        assert "Sunday" not in text, text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("My first half marathon 🥵", "My first half marathon"),
        ("Standert Women Ride 🌸💪🏻🚴🏻\u200d♀️", "Standert Women Ride"),
        ("Finished the race! 🎉", "Finished the race"),
        ("Run at 5°", "Run at 5°"),
        ("Rode the new bike ™", "Rode the new bike ™"),
    ],
)
def test_trailing_emoji_leave_the_title_so_the_sentence_ends_cleanly(title: str, expected: str):
    assert caption_values(act(title), SUNDAY)["title"] == expected


def test_a_caption_starts_with_a_capital():
    for text in all_captions(act("long run", distance_km=23.0), SUNDAY + timedelta(hours=8)):
        assert text[0].isupper() or text[0].isdigit(), text
    assert caption_book().caption(act("eBike tour"), SUNDAY, []) is not None


def test_notes_giving_weight_lifted_or_heart_rate_are_not_the_caption():
    def judge(text: str) -> OwnWords:
        return OwnWords(text, "your notes")

    book = caption_book()
    for notes in ("New personal best on deadlift: 120 kg.", "Avg heart rate 152, 640 kcal"):
        caption = book.caption(act("Deadlift practice", notes=notes), SUNDAY, [], own_words=judge)
        assert caption is not None and caption.variant != "notes", caption
        assert "kg" not in caption.text and "kcal" not in caption.text
        assert "not used" in caption.note
    kept = book.caption(
        act("Long run", notes="Slow and steady, 15 km"), SUNDAY, [], own_words=judge
    )
    assert kept is not None and kept.text == "Slow and steady, 15 km"


@pytest.mark.parametrize(
    ("kind", "km", "units", "shown"),
    [
        ("run", 10.2, "metric", "10.2 km"),
        ("run", 10.2, "imperial", "6.3 mi"),
        ("swim", 1.5, "metric", "1500 m"),
        ("swim", 1.5, "imperial", "1640 yd"),
    ],
)
def test_the_caption_distance_is_in_the_users_units(
    kind: str, km: float, units: str, shown: str
) -> None:
    from dataclasses import replace

    a = replace(act("Laps"), kind=kind, distance_km=km)
    assert caption_values(a, SUNDAY, units)["distance"] == shown


def test_social_captions_claim_no_friends_and_career_captions_do_not_gloat() -> None:
    """A social activity may be a volunteering shift or family; 'Last day at the old job' must
    not read as glad to be rid of it."""
    for text in all_captions(act("Food bank shift", "social"), SUNDAY + timedelta(days=1)):
        assert "friend" not in text.lower(), text
    for text in all_captions(act("Last day at the old job", "career"), SUNDAY + timedelta(days=1)):
        assert not {"pleased", "finally", "glad"} & set(re.findall(r"\w+", text.lower())), text


def test_a_title_with_a_colon_never_follows_a_colon() -> None:
    for text in all_captions(act("Spanish class: week 3", "learning"), SUNDAY + timedelta(days=1)):
        assert text.count(":") <= 1, text
