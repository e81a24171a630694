"""The phrase scan's shortcut (planner.tone.match_starts): a pattern is skipped only where it
cannot match."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from planner.tone.match_starts import ASCII_TWINS, match_starts
from planner.tone.rules import lexicon


def test_starts_are_read_from_literals_branches_and_groups() -> None:
    assert match_starts(re.compile(r"(?<!\w)blocked\b", re.I)) == ("blocked",)
    assert match_starts(re.compile(r"(?:Miss|need) you", re.I)) == ("miss", "need")
    assert match_starts(re.compile(r"[a-z]+ever", re.I)) is None  # a class first
    assert match_starts(re.compile(r"(?:so )?much", re.I)) is None  # an optional part first


PATTERNS = [
    (phrase.pattern, starts) for phrase, starts in lexicon().unindexed if starts is not None
]


@given(st.text(alphabet=st.sampled_from("abcdeimnorstuvy İıſK!?#'’ \n0"), max_size=40))
def test_a_skipped_pattern_never_matches(text: str) -> None:
    key = text.translate(ASCII_TWINS).lower()
    for pattern, starts in PATTERNS:
        if not any(start in key for start in starts):
            assert pattern.search(text) is None, (pattern.pattern, text)


def test_the_bundled_lexicon_has_patterns_the_shortcut_serves() -> None:
    assert PATTERNS
