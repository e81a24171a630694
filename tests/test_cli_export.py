"""planner export: files for a week, the saved plan, --format, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from planner.cli import cli
from planner.cli.common import App

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-activities.csv"
ALL_FILES = ["calendar.ics", "captions", "posts.csv", "posts.json", "publer.csv"]


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


def test_export_plans_the_week_and_writes_every_file(app: App, tmp_path: Path) -> None:
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    out = tmp_path / "out"
    result = invoke(app, "export", "--week", "2026-W49", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 7 files for 2026-W49 to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == ALL_FILES
    assert len(list((out / "captions").glob("*.txt"))) == 3


def test_export_uses_the_saved_plan(app: App, tmp_path: Path) -> None:
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    planned = json.loads(invoke(app, "plan", "--json").stdout)
    out = tmp_path / "out"
    assert invoke(app, "export", "--out", str(out)).exit_code == 0
    exported = json.loads((out / "posts.json").read_text(encoding="utf-8"))
    assert exported["posts"] == planned["posts"]


def test_export_chosen_formats(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(app, "export", "--out", str(out), "--format", "json,ics")
    assert result.exit_code == 0
    assert result.stdout == f"Wrote 2 files for 2026-W49 to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == ["calendar.ics", "posts.json"]


def test_export_of_an_empty_week(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(app, "export", "--out", str(out))
    assert result.exit_code == 0
    assert json.loads((out / "posts.json").read_text()) == {
        "week": "2026-W49",
        "timezone": "Europe/Berlin",
        "posts": [],
        "skipped": [],
    }
    assert (out / "posts.csv").read_text().startswith("id,activity_id,at,")


def test_a_bad_format_is_a_usage_error(app: App, tmp_path: Path) -> None:
    result = invoke(app, "export", "--out", str(tmp_path / "out"), "--format", "csv,pdf")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--format': unknown format 'pdf'"
        " (use any of csv,json,ics,txt,publer)\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_bad_week_is_a_usage_error(app: App, tmp_path: Path) -> None:
    result = invoke(app, "export", "--out", str(tmp_path / "out"), "--week", "soon")
    assert result.exit_code == 2
    assert "Invalid value for '--week': 'soon' is not a week" in result.stderr


def test_out_is_required(app: App) -> None:
    result = invoke(app, "export")
    assert result.exit_code == 2
    assert "Missing option '--out'" in result.stderr


def test_out_that_is_a_file_is_a_usage_error(app: App, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = invoke(app, "export", "--out", str(target))
    assert result.exit_code == 2
    assert "Invalid value for '--out'" in result.stderr


def test_a_media_base_url_that_is_not_http_is_a_usage_error(app: App, tmp_path: Path) -> None:
    result = invoke(
        app, "export", "--out", str(tmp_path / "o"), "--media-base-url", "javascript:alert(1)"
    )
    assert result.exit_code == 2, result.output
    assert (
        "Invalid value for '--media-base-url': 'javascript:alert(1)' is not an http(s) URL"
        in result.stderr
    )
    assert not (tmp_path / "o").exists()
