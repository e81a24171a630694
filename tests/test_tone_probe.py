"""Regression tests: earlier probes and the old gold set (tests/tone/regression.jsonl).

These captions were seen while building the filter (the model trains on them too), so they
measure memory, not quality: the honest measure is benchmarks/tone_eval.py on the sealed
writers of tests/tone/corpus. Here they guard against regressions: "reject" rows must be
rejected, "ok" rows must pass untouched, "not_reject" rows may be softened, "soften" rows must
be softened or rejected, never posted as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.tone import check, check_reply, soften

ROWS = [
    json.loads(line)
    for line in (Path(__file__).parent / "tone" / "regression.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['expect']}: {r['text'][:40]}")
def test_regression_captions_keep_their_verdict(row: dict[str, str]) -> None:
    verdict = check(row["text"])
    want = row["expect"]
    if want == "reject":
        assert verdict.verdict == "reject", verdict
    elif want == "ok":
        assert verdict.verdict == "ok", verdict.reasons
    elif want == "not_reject":
        assert verdict.verdict != "reject", verdict.reasons
    else:
        assert verdict.verdict != "ok", verdict


SOFTENED_SECOND = [
    ("The best pizza I have ever had.", "A good pizza."),
    ("Best. Day. Ever.", "A good day."),
    ("the best views i’ve ever seen", "Good views"),
    ("Literally the happiest I've been in years!!!", "Really happy."),
    ("An epic ride along the coast.", "A great ride along the coast."),
    ("An OMG moment at the summit", "A moment at the summit"),
    ("#blessed #grateful #gymlife #fitfam", "#grateful #gymlife"),
    ("Another marathon, another PB, no big deal 😎", "Another marathon, another PB 😎"),
    ("Not to brag but I finished first in my age group.", "I finished first in my age group."),
    ("Honestly nailed that presentation.", "Honestly did well on that presentation."),
    ("Absolutely nailed it.", "Did well."),
    ("Killed it at the 10K, new PR!", "Did well at the 10K, new PR!"),
    ("So blessed with this crew.", "Grateful for this crew."),
    ("Deadlift PR, not bad at all!!", "Deadlift PR, not bad at all!"),
    ("Unreal sunset tonight 🌅🔥🔥", "Great sunset tonight 🌅"),
    ("Just casually ran a sub-3 marathon.", "Just ran a sub-3 marathon."),
]


@pytest.mark.parametrize(("text", "softened"), SOFTENED_SECOND)
def test_second_probe_softened_text_reads_naturally(text: str, softened: str) -> None:
    assert soften(text) == softened
    verdict = check(text)
    # the model may find the calm rewrite still a brag: then a template caption is used
    assert verdict.verdict in ("soften", "reject"), verdict.reasons
    if verdict.verdict == "soften":
        assert verdict.softened == softened
        assert check(softened).verdict == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "Doing great, just got promoted actually.",
        "We should grab coffee and talk about us.",
        "Haha yeah, I am seeing someone now.",
        "Why did you even text me?",
    ],
)
def test_second_probe_replies_that_brag_or_press_are_rejected(text: str) -> None:
    assert check_reply(text).verdict == "reject"


@pytest.mark.parametrize(
    "text", ["Thanks, hope you are well.", "Congrats on the new job!", "No worries. All good."]
)
def test_second_probe_polite_replies_stay_ok(text: str) -> None:
    assert check_reply(text).verdict == "ok"
