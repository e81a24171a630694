"""`planner check`: verdicts as text and JSON, --file, --reply, never_mention, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planner.cli import cli
from planner.cli.common import App


def run(app: App, *args: str, stdin: str | None = None):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args), obj=app, input=stdin)


def test_check_shows_verdict_reasons_and_softened_text(app: App) -> None:
    result = run(app, "check", "BEST WORKOUT EVER!!!! 💪💪💪")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "soften: BEST WORKOUT EVER!!!! 💪💪💪"
    assert "  - overboard (overboard.caps) at 0-17: shouting in capitals" in lines
    assert lines[-1] == "  softened: A good workout. 💪"


def test_reject_still_exits_zero(app: App) -> None:
    result = run(app, "check", "Hope you see this.")
    assert result.exit_code == 0
    assert result.stdout.startswith("reject: Hope you see this.\n  - ex_directed")


def test_json_shape_is_exact(app: App) -> None:
    result = run(app, "check", "--json", "Not bad at all!!!")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert list(obj) == ["text", "verdict", "reasons", "softened"]
    assert obj["text"] == "Not bad at all!!!"
    assert obj["verdict"] == "soften"
    assert obj["softened"] == "Not bad at all!"
    for reason in obj["reasons"]:
        assert list(reason) == ["rule", "category", "span", "message"]
        assert isinstance(reason["span"], list) and len(reason["span"]) == 2
        assert all(isinstance(i, int) for i in reason["span"])
    assert obj["reasons"][0] == {
        "rule": "brag.phrase",
        "category": "brag",
        "span": [0, 17],
        "message": "'Not bad at all!!!' reads as bragging",
    }


def test_json_ok_has_empty_reasons_and_null_softened(app: App) -> None:
    result = run(app, "check", "--json", "Tired legs, good run.")
    assert json.loads(result.stdout) == {
        "text": "Tired legs, good run.",
        "verdict": "ok",
        "reasons": [],
        "softened": None,
    }


def test_file_gives_one_object_per_caption_line(app: App, tmp_path: Path) -> None:
    captions = tmp_path / "captions.txt"
    captions.write_text(
        "Miss you.\n\nTired legs, good run.\r\nBest day ever!!!\n", encoding="utf-8"
    )
    result = run(app, "check", "--file", str(captions), "--json")
    assert result.exit_code == 0
    verdicts = [json.loads(line)["verdict"] for line in result.stdout.splitlines()]
    assert verdicts == ["reject", "ok", "soften"]


def test_file_dash_reads_stdin(app: App) -> None:
    result = run(app, "check", "--file", "-", "--json", stdin="Your loss.\nCalm swim.\n")
    assert result.exit_code == 0
    assert [json.loads(x)["verdict"] for x in result.stdout.splitlines()] == ["reject", "ok"]


def test_missing_file_is_one_line_exit_1(app: App, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run(app, "check", "--file", str(missing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {missing}: no such file (give a text file, one caption per line)\n"
    )


def test_non_utf8_file_is_one_line_exit_1(app: App, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 run".encode("latin-1"))
    result = run(app, "check", "--file", str(bad))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "not UTF-8 text" in result.stderr and "save it as UTF-8" in result.stderr


def test_usage_errors_exit_2(app: App, tmp_path: Path) -> None:
    neither = run(app, "check")
    assert neither.exit_code == 2
    assert "give a TEXT to check or --file FILE" in neither.stderr
    captions = tmp_path / "c.txt"
    captions.write_text("x\n", encoding="utf-8")
    both = run(app, "check", "text", "--file", str(captions))
    assert both.exit_code == 2
    assert run(app, "check", "--nope").exit_code == 2


def test_empty_or_blank_text_is_a_usage_error(app: App) -> None:
    for text in ("", "   ", "\t\n"):
        for extra in ((), ("--reply",), ("--json",)):
            result = run(app, "check", *extra, text)
            assert result.exit_code == 2, (text, extra)
            assert "give a caption text to check" in result.stderr
            assert result.stdout == ""


def test_review_captions_aimed_at_an_ex_are_rejected(app: App) -> None:
    for text in (
        "Having the time of my life without you",
        "Hope she sees this 😉",
        "Glad some of us know how to be loyal.",
        "Finally free. Best decision I ever made.",
    ):
        result = run(app, "check", text)
        assert result.exit_code == 0
        assert result.stdout.startswith(f"reject: {text}\n  - ex_directed"), result.stdout
    assert run(app, "check", "Couldn't have done it without you").stdout.startswith("ok: ")


def test_global_never_mention_applies(app: App) -> None:
    result = run(app, "--never-mention", "Alex", "check", "--json", "Coffee #withalex")
    obj = json.loads(result.stdout)
    assert obj["verdict"] == "reject"
    assert obj["reasons"][0]["category"] == "never_mention"
    assert obj["reasons"][0]["span"] == [7, 16]


def test_planner_toml_never_mention_and_tone_apply(app: App, planner_home: Path) -> None:
    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "planner.toml").write_text(
        'never_mention = ["@robin"]\n[tone]\nneedy = ["ping me"]\nnegative_threshold = 0.9\n',
        encoding="utf-8",
    )
    lines = run(
        app, "check", "--file", "-", "--json", stdin="Run with Robin\nping me\nCalm swim\n"
    ).stdout.splitlines()
    objs = [json.loads(line) for line in lines]
    assert objs[0]["reasons"][0]["category"] == "never_mention"
    assert objs[1]["reasons"][0]["category"] == "needy"
    assert objs[2]["reasons"][0]["rule"] == "negative.sentiment"


def test_bad_planner_toml_is_one_line_exit_1(app: App, planner_home: Path) -> None:
    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "planner.toml").write_text('[tone]\nneedy = "not a list"\n', "utf-8")
    result = run(app, "check", "hi")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_reply_ok_and_reject(app: App) -> None:
    ok = run(app, "check", "--reply", "--json", "Hey! Good to hear from you.")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout) == {
        "text": "Hey! Good to hear from you.",
        "verdict": "ok",
        "reasons": [],
        "softened": None,
    }
    bad = json.loads(run(app, "check", "--reply", "--json", "We need to talk.").stdout)
    assert bad["verdict"] == "reject"
    assert bad["softened"] is None
    assert "pressure" in {r["category"] for r in bad["reasons"]}


def test_reply_ignores_never_mention(app: App) -> None:
    result = run(app, "--never-mention", "Alex", "check", "--reply", "Thanks Alex, take care.")
    assert result.stdout.startswith("ok: ")


def test_help_has_an_example(app: App) -> None:
    result = run(app, "check", "--help")
    assert result.exit_code == 0
    assert 'Example: planner check "BEST WORKOUT EVER!!!! 💪💪💪"' in result.stdout


def test_never_mention_catches_a_name_in_fancy_letters(app: App) -> None:
    result = run(app, "--never-mention", "Alex", "check", "--json", "Coffee with 𝐀𝐥𝐞𝐱's dog")
    assert result.exit_code == 0
    obj = json.loads(result.stdout)
    assert obj["verdict"] == "reject"
    assert obj["reasons"][0]["category"] == "never_mention"
    assert obj["reasons"][0]["span"] == [12, 16]
