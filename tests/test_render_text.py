"""Text fitting: wrapping by measured width, shrinking, ellipsis, and the box property."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from planner.cards.fonts import font_chain
from planner.cards.text import ELLIPSIS, Box, draw_fitted, fit_text, wrap
from planner.text_units import is_emoji

CHAIN = font_chain(None)


def test_short_text_gets_the_largest_size() -> None:
    fitted = fit_text("Calm run", CHAIN, Box(0, 0, 900, 400), max_size=72, min_size=20, max_lines=5)
    assert fitted.size == 72
    assert fitted.lines == ("Calm run",)
    assert not fitted.truncated


def test_long_text_shrinks_but_stays_within_max_lines() -> None:
    text = "A slow walk by the water, then soup and an early night. " * 3
    fitted = fit_text(text, CHAIN, Box(0, 0, 800, 400), max_size=80, min_size=20, max_lines=6)
    assert 20 <= fitted.size < 80
    assert len(fitted.lines) <= 6
    assert all(CHAIN.measure(line, fitted.size) <= 800 for line in fitted.lines)


def test_overflow_at_min_size_ends_in_an_ellipsis_that_fits() -> None:
    fitted = fit_text(
        "word " * 400, CHAIN, Box(0, 0, 500, 200), max_size=40, min_size=30, max_lines=3
    )
    assert fitted.truncated
    assert len(fitted.lines) <= 3
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert CHAIN.measure(fitted.lines[-1], fitted.size) <= 500


def test_long_words_are_broken_at_the_box_width() -> None:
    lines = wrap("x" * 300, CHAIN, 40, 400)
    assert len(lines) > 1
    assert "".join(lines) == "x" * 300
    assert all(CHAIN.measure(line, 40) <= 400 for line in lines)


def test_newlines_are_kept_as_line_breaks() -> None:
    assert wrap("one\ntwo", CHAIN, 30, 1000) == ["one", "two"]


def test_box_too_small_for_one_line_draws_nothing() -> None:
    fitted = fit_text("hello", CHAIN, Box(0, 0, 300, 5), max_size=40, min_size=20, max_lines=3)
    assert fitted.lines == ()


def test_undrawable_characters_are_left_out_never_tofu() -> None:
    # U+E000 is private use: no font should draw it; U+0378 is unassigned.
    assert CHAIN.clean("a\ue000b\u0378c") == "abc"


def test_emoji_are_kept_only_with_a_colour_font() -> None:
    cleaned = CHAIN.clean("run 🏃 done")
    if CHAIN.emoji is None:
        assert not any(is_emoji(ch) for ch in cleaned)
    else:
        assert "🏃" in cleaned


def test_accents_use_the_shipped_font() -> None:
    runs = CHAIN.runs("Crème brûlée, Ærø, Łódź")
    assert [r.face for r in runs] == [0]


def _ink_bbox(text: str, box: Box, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    canvas = Image.new("RGB", size, (0, 0, 0))
    fitted = fit_text(text, CHAIN, box, max_size=60, min_size=14, max_lines=6)
    draw_fitted(canvas, fitted, CHAIN, box, fill=(255, 255, 255, 255))
    return canvas.getbbox()


@pytest.mark.parametrize(
    ("text", "starts_right"), [("שלום עולם", True), ("مرحبا", True), ("Hello there", False)]
)
def test_a_left_aligned_line_starts_where_its_script_starts(text: str, starts_right: bool) -> None:
    box = Box(0, 0, 600, 100)
    left, _, right, _ = _ink_bbox(text, box, (600, 100)) or (0, 0, 0, 0)
    assert right > left
    if starts_right:
        assert right >= 590 and left > 100  # against the right edge
    else:
        assert left <= 10 and right < 500


captions = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=500
) | st.sampled_from(["🏃‍♀️🎉 done", "שלום עולם", "مرحبا بالعالم", "你好，世界", "Ünïcödé ñ"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=captions)
def test_text_never_leaves_its_box(text: str) -> None:
    box = Box(40, 50, 400, 260)
    bbox = _ink_bbox(text, box, (480, 360))
    if bbox is not None:
        left, top, right, bottom = bbox
        assert left >= box.x and top >= box.y
        assert right <= box.x + box.w and bottom <= box.y + box.h
    fitted = fit_text(text, CHAIN, box, max_size=60, min_size=14, max_lines=6)
    assert len(fitted.lines) <= 6
    assert all(CHAIN.measure(line, fitted.size) <= box.w + 0.5 for line in fitted.lines)


def test_a_symbol_in_an_emoji_block_that_the_emoji_font_lacks_is_never_drawn_with_it() -> None:
    from planner.cards.fonts import FontChain, covers, font_files

    emoji = next((f for f in font_files(CHAIN) if "Emoji" in f), None)
    if emoji is None:
        pytest.skip("no colour emoji font on this machine")
    chain = FontChain(paths=CHAIN.paths, emoji=emoji)
    for ch in ("\u2701", "\u2b00", "\U0001f000"):  # scissors dingbat, arrow, mahjong tile
        assert is_emoji(ch) and not covers(emoji, ch)
        face = chain.face_for(ch)
        assert face != -1, hex(ord(ch))
        assert face is None or covers(chain.paths[face], ch)
    assert chain.face_for("\u2b50") == -1  # a real emoji still uses the colour font


def test_spaces_between_right_to_left_and_left_to_right_words_stay_between_them() -> None:
    from planner.cards.fonts import font_chain

    chain = font_chain(None)
    if chain.face_for("ר") is None:
        pytest.skip("no font with Hebrew on this machine")
    drawn = [r.text for r in chain.ordered_runs("Run: ריצה נעימה today")]
    assert drawn == ["Run:", " ", "ריצה נעימה", " ", "today"]
    drawn = [r.text for r in chain.ordered_runs("ריצה today נעימה")]
    assert drawn == ["נעימה", " ", "today", " ", "ריצה"]
