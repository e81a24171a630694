"""The learned layer: shipped as data, loaded lazily, explained by spans, total on any input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from planner.config import ToneSettings
from planner.resources import templates_dir
from planner.tone import check
from planner.tone.features import extract
from planner.tone.model import MODEL_NAME, REJECT_LABELS, evidence, load, scores


def test_the_model_ships_as_data_and_is_small() -> None:
    folder = templates_dir() / "tone"
    assert (folder / MODEL_NAME).stat().st_size < 5_000_000
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) <= 20_000_000
    model = load()
    assert model.labels[0] == "ok" and set(REJECT_LABELS) <= set(model.labels)
    assert set(model.thresholds) == {"reject", "strict", "soften", "fallback"}
    assert model.thresholds["strict"] < model.thresholds["reject"]
    assert model.thresholds["soften"] < model.thresholds["fallback"]


def test_probabilities_sum_to_one_and_the_empty_text_is_ok() -> None:
    for text in ("Nice run by the river.", "nobody ever texts me back", ""):
        p = scores(text)
        assert abs(sum(p.values()) - 1.0) < 1e-9
    assert scores("")["ok"] == 1.0


def test_a_model_reject_names_the_words_that_pushed_it() -> None:
    text = "funny how the one who left is the one still watching my stories"
    verdict = check(text)
    assert verdict.verdict == "reject"
    reason = verdict.reasons[0]
    start, end = reason.span
    assert 0 <= start < end <= len(text)
    assert reason.rule.endswith((".model", ".phrase"))
    assert text[start:end].strip()


def test_evidence_spans_point_into_the_text_as_written() -> None:
    text = "Ｆunny how ＳＯＭＥ people only text when they are bored"
    for word, (start, end) in evidence(text, "ex_directed"):
        assert text[start:end] == word


def test_strict_rejects_everything_balanced_rejects_and_more() -> None:
    texts = [
        "quiet sunday. phone on the table. nothing from anyone",
        "new chapter, new people, new standards",
        "Morning run by the canal, 8 km.",
        "some of us actually show up for the people we love",
        "Lovely dinner with my sister.",
    ]
    strict = ToneSettings(strictness="strict")
    for text in texts:
        if check(text).verdict == "reject":
            assert check(text, settings=strict).verdict == "reject", text
    assert sum(check(t, settings=strict).verdict == "reject" for t in texts) >= sum(
        check(t).verdict == "reject" for t in texts
    )


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        "run " * 25_000,
        "\x00\x01\x02\x1b[31m red \x7f",
        "mixed Ελληνικά русский 中文 العربية עברית and English 💪🏽👨‍👩‍👧",
        "\ud800 lone surrogate \udfff",
        "\u200b\u200d\ufeff" * 50,
        "#" * 5000 + "@" * 5000,
        "\n\n\n\t\t   ",
    ],
    ids=["100k", "repeated", "control", "scripts", "surrogates", "invisible", "signs", "blank"],
)
def test_any_string_gets_a_verdict_never_an_exception(text: str) -> None:
    verdict = check(text, never_mention=("Alex", "@jordyk"))
    assert verdict.verdict in {"ok", "soften", "reject"}
    extract(text)


def test_commands_that_never_judge_tone_do_not_load_the_model() -> None:
    code = (
        "import sys\n"
        "from planner.cli import cli\n"
        "for args in (['--help'], ['path'], ['policy']):\n"
        "    try:\n        cli(args)\n"
        "    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('numpy', 'planner.tone.model', 'vaderSentiment.vaderSentiment')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"
