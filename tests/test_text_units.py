"""One emoji and one hashtag detector for the tone filter, the cards, captions and targets."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from planner.captions import caption_values, hashtags_for
from planner.cards.fonts import is_emoji as font_is_emoji
from planner.models import Activity
from planner.publish.text import hashtags as published_hashtags
from planner.text_units import as_hashtag, emoji_spans, hashtags, is_emoji, is_url
from planner.tone.rules import emoji_spans as tone_emoji_spans

AT = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
PIECES = [*"ab #-_&:/.!", "💪", "🏃\u200d♀️", "👍🏽", "🇩🇪", "⌚", "©", "™", "→", "☀️", "\u2b50"]
EMOJI_TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


def test_the_tone_filter_uses_the_shared_detector_itself() -> None:
    assert tone_emoji_spans is emoji_spans


@given(EMOJI_TEXT)
def test_cards_call_emoji_what_the_detector_finds(text: str) -> None:
    for start, end in emoji_spans(text):
        assert all(font_is_emoji(ch) for ch in text[start:end])


def test_a_title_loses_exactly_the_trailing_emoji_the_detector_sees() -> None:
    for mark in ("⌚", "©", "💪", "☀️", "🇩🇪"):
        title = caption_values(Activity("a", AT, "run", "fitness", f"Long run {mark}"), AT)
        assert title["title"] == "Long run", mark
    for keep in ("™", "°"):
        title = f"Long run in the new Nike{keep}"
        values = caption_values(Activity("a", AT, "run", "fitness", title), AT)
        assert values["title"] == title


@given(st.text(max_size=20))
def test_a_hashtag_made_from_a_tag_reads_back_as_that_one_hashtag(tag: str) -> None:
    made = as_hashtag(tag)
    if made is not None:
        assert [t for _, _, t in hashtags(made)] == [made[1:]]
        assert hashtags_for([tag], 2) == (made,)


def test_hashtag_edges() -> None:
    text = "Run #self-care #2024 ##x &#39; https://x.org/#top #trail_ #Läufe"
    assert [t for _, _, t in hashtags(text)] == ["self-care", "trail", "Läufe"]
    assert published_hashtags(text) == hashtags(text)


def test_urls_in_any_case() -> None:
    assert is_url("HTTP://example.org/a.jpg") and is_url(" https://x.org")
    assert not is_url("javascript:alert(1)") and not is_url("photos/http.jpg")
    assert is_emoji("\u200d") and not is_emoji("a")
