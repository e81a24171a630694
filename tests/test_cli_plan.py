"""planner plan (and planner activities): text, --explain, --json, weeks, usage errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import cli
from planner.cli.common import App

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-activities.csv"
SAMPLE_ROWS = len(list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines(True)))) - 1


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


@pytest.fixture
def imported(app: App) -> App:
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    return app


def test_plan_next_week_from_the_fixed_clock(imported: App) -> None:
    result = invoke(imported, "plan")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Week 2026-W49 (Europe/Berlin): 3 posts"
    assert len(lines) == 4
    assert all(line.startswith("  ") for line in lines[1:])
    assert "Why:" not in result.stdout


@pytest.mark.parametrize("spec", ["next", "2026-W49", "2026-w49", "2026-12-03", " Next "])
def test_week_spellings(imported: App, spec: str) -> None:
    result = invoke(imported, "plan", "--week", spec)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Week 2026-W49 ")


def test_plan_explain_on_an_empty_store_says_why_nothing_is_planned(app: App) -> None:
    result = invoke(app, "plan", "--explain")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Week 2026-W49 (Europe/Berlin): 0 posts",
        "Why: no activity is recent enough for this week (import more: planner import FILE)",
    ]


def test_plan_explain_gives_every_activity_a_reason(imported: App) -> None:
    result = invoke(imported, "plan", "--explain")
    assert result.exit_code == 0
    why = result.stdout.split("Why:\n", 1)[1].splitlines()
    assert sum(": planned for " in line for line in why) == 3
    assert "  Therapy session: skipped: private" in why
    assert "  Rainy 8 km: skipped: mood 2 (only activities you enjoyed, 3+, are posted)" in why
    assert "  Drinks with Sam: skipped: dating off (set dating_enabled = true to allow)" in why


def test_plan_json_is_the_posts_json_object(imported: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(imported, "export", "--out", str(out)).exit_code == 0
    result = invoke(imported, "plan", "--json")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == json.loads((out / "posts.json").read_text(encoding="utf-8"))
    assert set(printed) == {"week", "timezone", "posts", "skipped"}
    assert len(printed["posts"]) == 3
    assert printed["skipped"]


def test_export_after_plan_keeps_the_skipped_list(imported: App, tmp_path: Path) -> None:
    printed = json.loads(invoke(imported, "plan", "--json").stdout)
    out = tmp_path / "out"
    assert invoke(imported, "export", "--out", str(out)).exit_code == 0
    assert json.loads((out / "posts.json").read_text(encoding="utf-8")) == printed


def test_plan_is_deterministic(imported: App) -> None:
    first = invoke(imported, "plan", "--json").stdout
    assert invoke(imported, "plan", "--json").stdout == first


def test_plan_with_an_empty_store(app: App) -> None:
    result = invoke(app, "plan", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "week": "2026-W49",
        "timezone": "Europe/Berlin",
        "posts": [],
        "skipped": [],
    }
    assert invoke(app, "plan").stdout == "Week 2026-W49 (Europe/Berlin): 0 posts\n"


@pytest.mark.parametrize("spec", ["someday", "2026-W54", "2026-13-01", ""])
def test_a_bad_week_is_a_usage_error(app: App, spec: str) -> None:
    result = invoke(app, "plan", "--week", spec)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for '--week': {spec!r} is not a week"
        " (use next, this, last, 2026-W49 or a date like 2026-11-30)\n"
    )


def test_a_bad_config_is_one_line_and_exit_1(app: App) -> None:
    app.home_dir.mkdir(parents=True, exist_ok=True)
    config = app.home_dir / "planner.toml"
    config.write_text("[policy]\nposts_per_week = -1\n", encoding="utf-8")
    result = invoke(app, "plan")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {config}: key 'policy.posts_per_week': -1 is not valid"
        " (expected a whole number, 0 or more)\n"
    )


def test_a_gap_of_infinite_hours_is_a_config_error_not_a_traceback(app: App) -> None:
    app.home_dir.mkdir(parents=True, exist_ok=True)
    config = app.home_dir / "planner.toml"
    config.write_text("[policy]\nmin_gap_hours = inf\n", encoding="utf-8")
    result = invoke(app, "plan", "--week", "2026-W49")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {config}: key 'policy.min_gap_hours': inf is not valid"
        " (expected a number, 0 or more)\n"
    )


# planner activities


def test_activities_lists_oldest_first(imported: App) -> None:
    result = invoke(imported, "activities", "--since", "2026-11-27")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Fri 2026-11-27 18:00  food       Pasta night  [mood 3]",
        "Sat 2026-11-28 09:00  trip       Weekend in Dresden  [mood 5]",
        "Sat 2026-11-28 11:00  outing     Christmas market  [mood 5]",
    ]


def test_activities_marks_private_ones(imported: App) -> None:
    result = invoke(imported, "activities", "--since", "2026-11-16")
    assert "Mon 2026-11-16 20:00  wellbeing  Therapy session  [mood 3]  [private]" in (
        result.stdout.splitlines()
    )


def test_activities_json(imported: App) -> None:
    result = invoke(imported, "activities", "--json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert len(items) == SAMPLE_ROWS
    assert [i["start"] for i in items] == sorted(i["start"] for i in items)
    trip = next(i for i in items if i["title"] == "Weekend in Leipzig")
    assert trip["start"] == "2026-11-07T09:00:00+01:00"
    assert trip["end"] == "2026-11-08T23:59:59+01:00"
    assert trip["category"] == "trip"
    assert trip["photo"] == str((SAMPLE.parent / "photos" / "city.jpg").resolve())
    assert trip["tags"] == ["travel"]


def test_activities_when_there_are_none(app: App) -> None:
    result = invoke(app, "activities")
    assert result.exit_code == 0
    assert result.stdout == "No activities yet. Import some: planner import my-log.csv\n"


def test_activities_bad_since_is_a_usage_error(app: App) -> None:
    result = invoke(app, "activities", "--since", "yesterday")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--since': 'yesterday' is not a date (use YYYY-MM-DD, e.g. 2026-11-01)"
        in result.stderr
    )


def test_activities_since_a_date_with_none_after_it_says_so(imported: App) -> None:
    result = invoke(imported, "activities", "--since", "2027-01-01")
    assert result.exit_code == 0
    assert result.stdout == "No activities since 2027-01-01 (planner activities lists them all)\n"
