"""The hand-labelled gold set: targets on the test part, and every row's expected verdict."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import tone_eval  # noqa: E402

from planner.tone import REJECT_CATEGORIES, check  # noqa: E402

GOLD_DIR = Path(__file__).parent / "tone"


def test_gold_set_shape() -> None:
    rows = tone_eval.load_gold("all")
    counts = {cat: sum(r["category"] == cat for r in rows) for cat in tone_eval.CATEGORIES}
    assert len(rows) >= 300
    assert counts["ok"] >= 80
    assert all(counts[cat] >= 40 for cat in REJECT_CATEGORIES)
    with (GOLD_DIR / "split.tsv").open(encoding="utf-8") as f:
        split = {r["group"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    assert {r["group"] for r in rows} == set(split)


def test_targets_on_the_test_part() -> None:
    result = tone_eval.evaluate(tone_eval.load_gold("test"))
    for category, recall in result["reject_recall"].items():
        assert recall >= 0.97, (category, result["misses"])
    assert result["ok_rejected"] <= 0.02
    assert result["ok_softened"] <= 0.08


@pytest.mark.parametrize("row", tone_eval.load_gold("all"), ids=lambda r: r["text"][:40])
def test_gold_row_verdict(row: dict[str, str]) -> None:
    verdict = check(row["text"], never_mention=tone_eval.EVAL_NEVER_MENTION)
    assert verdict.verdict == row["label"], verdict.reasons
