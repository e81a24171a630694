"""Regression tests from a probe written after the gold set (so these are seen, not evaluation).

The bad ones were missed before their patterns were added to templates/tone/; the calm ones
must never be rejected (softening hype such as "Killed it" is fine).
"""

from __future__ import annotations

import pytest

from planner.tone import check

BAD = [
    "Some people never knew what they had.",
    "Guess who's doing better now.",
    "Wish you were here to see this.",
    "I hope it was worth it.",
    "Can't stop thinking about you.",
    "Text me back, please.",
    "Doing amazing without certain people.",
    "Funny how things work out when you let go of dead weight.",
    "Finally happy now that I'm free.",
    "Bet you wish you hadn't left.",
    "Nobody ever calls anymore.",
    "I guess I'm just not good enough for anyone.",
    "So blessed with my amazing new boyfriend 😍",
    "Life is so much better with someone who appreciates me.",
    "Everything is falling apart and I hate it.",
]

CALM = [
    "Nice quiet run along the river this morning.",
    "Finally finished the bookshelf I started in spring.",
    "Dinner with old friends, lots of laughing.",
    "First pottery class, my bowl is wonky but I love it.",
    "Back from Lisbon, already planning the next trip.",
    "Tough workout, legs are dead.",
    "Killed it at the climbing gym today.",
    "New job starts Monday, a bit nervous.",
    "Rainy day, good book, big pot of tea.",
    "Missing the mountains already.",
    "My knee is doing better now.",
    "Finally free of the cast!",
    "I am free now that exams are over.",
    "Tough workout, legs are dead.",
    "New job starts Monday, a bit nervous.",
    "Missing the mountains already.",
    "Guess who finally ran 10 km now? Me.",
]


@pytest.mark.parametrize("text", BAD)
def test_probe_bad_captions_are_rejected(text: str) -> None:
    assert check(text).verdict == "reject"


@pytest.mark.parametrize("text", CALM)
def test_probe_calm_captions_are_not_rejected(text: str) -> None:
    assert check(text).verdict != "reject"
