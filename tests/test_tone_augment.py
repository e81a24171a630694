"""The trainer's restyled copies (planner.tone.augment) and what the model reads as a word."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from planner.tone.augment import variant, variants
from planner.tone.features import extract

ROWS = [
    ("w01", "needy", "I really miss you. Please call me."),
    ("w01", "ok", "Thank you all for the lovely messages!"),
    ("w05", "ok", "run"),
]


def test_variants_are_deterministic_and_keep_group_and_label() -> None:
    first = variants(ROWS, seed=1)
    assert first == variants(ROWS, seed=1)
    originals = {(g, label) for g, label, _ in ROWS}
    assert all((g, label) in originals for g, label, _ in first)
    assert all(text not in {t for _, _, t in ROWS} for _, _, text in first)


def test_variants_restyle_texting_spellings_and_case() -> None:
    seen = {text for _, _, text in variants(ROWS * 40, seed=3)}
    assert any(" u" in text or "ur " in text for text in seen)
    assert any(text == text.lower() and "miss" in text for text in seen)
    assert any("rly" in text for text in seen)


def test_copies_multiply_the_rows() -> None:
    assert len(variants(ROWS, seed=2, copies=3)) > len(variants(ROWS, seed=2, copies=1))


@given(st.text(max_size=200), st.integers(min_value=0, max_value=2**32))
def test_variant_takes_any_text(text: str, seed: int) -> None:
    assert isinstance(variant(text, random.Random(seed)), str)


def test_a_number_sign_is_not_a_hashtag() -> None:
    assert "#" not in extract("Zwift - #8 on Figure 8 in Watopia").words
    assert extract("new pb #blessed").words[-2:] == ("#", "blessed")
