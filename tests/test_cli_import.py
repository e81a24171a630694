"""planner import: counts, re-imports, --skip-bad, and one line + exit 1 for every bad file."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planner.cli import cli
from planner.cli.common import App

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-activities.csv"
SAMPLE_ROWS = len(list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines(True)))) - 1


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


def activity_rows(app: App) -> list[tuple[object, ...]]:
    db_path = app.settings.db_path
    if not db_path.exists():
        return []
    db = sqlite3.connect(db_path)
    try:
        return db.execute("SELECT * FROM activities ORDER BY id").fetchall()
    finally:
        db.close()


def write(folder: Path, text: str, name: str = "log.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_the_sample(app: App) -> None:
    result = invoke(app, "import", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Imported {SAMPLE} (native): {SAMPLE_ROWS} new, 0 duplicate, 0 rejected.\n"
    )
    assert result.stderr == ""
    assert len(activity_rows(app)) == SAMPLE_ROWS


def test_importing_twice_adds_nothing(app: App) -> None:
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    before = activity_rows(app)
    result = invoke(app, "import", str(SAMPLE))
    assert result.exit_code == 0
    assert result.stdout == (
        f"Imported {SAMPLE} (native): 0 new, {SAMPLE_ROWS} duplicate, 0 rejected.\n"
    )
    assert activity_rows(app) == before


def test_importing_again_after_moving_zone_adds_nothing(tmp_path: Path, clock: Any) -> None:
    home = tmp_path / "home"
    berlin, lisbon = tmp_path / "berlin.toml", tmp_path / "lisbon.toml"
    berlin.write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")
    lisbon.write_text('timezone = "Europe/Lisbon"\n', encoding="utf-8")
    first = invoke(App(clock=clock, home=home, config_path=berlin), "import", str(SAMPLE))
    assert first.exit_code == 0, first.output
    moved = App(clock=clock, home=home, config_path=lisbon)
    result = invoke(moved, "import", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert f"0 new, {SAMPLE_ROWS} duplicate" in result.stdout
    assert len(activity_rows(moved)) == SAMPLE_ROWS


def test_import_notes_ignored_columns(app: App, tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title,heart rate\n2026-11-04,gym,Legs,150\n")
    result = invoke(app, "import", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        f"Imported {path} (native): 1 new, 0 duplicate, 0 rejected.\n"
        "  note: ignored columns: heart rate\n"
    )


def test_a_missing_file(app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(app, "import", "missing.csv")
    assert result.exit_code == 1
    assert result.stderr == "Error: missing.csv: no such file (check the path)\n"
    assert result.stdout == ""


BAD_ROWS = (
    "date,kind,title,mood\n"
    "2026-11-04,gym,Legs,4\n"
    "2026-11-05,gym,Arms,7\n"
    "2026-11-06,spelunking,Cave,4\n"
    "2026-11-07,yoga,Flow,5\n"
)


def test_bad_rows_import_nothing_without_skip_bad(app: App, tmp_path: Path) -> None:
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    before = activity_rows(app)
    path = write(tmp_path, BAD_ROWS)
    result = invoke(app, "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}, row 3, column 'mood': mood '7' is out of range (use a whole number"
        " 1 to 5); 1 more bad row (fix it, or use --skip-bad to import the good rows)\n"
    )
    assert activity_rows(app) == before


def test_skip_bad_imports_the_good_rows_and_lists_the_bad(app: App, tmp_path: Path) -> None:
    path = write(tmp_path, BAD_ROWS)
    result = invoke(app, "import", "--skip-bad", str(path))
    assert result.exit_code == 0
    assert result.stdout == f"Imported {path} (native): 2 new, 0 duplicate, 2 rejected.\n"
    assert result.stderr.splitlines() == [
        f"  skipped {path}, row 3, column 'mood': mood '7' is out of range"
        " (use a whole number 1 to 5)",
        f"  skipped {path}, row 4, column 'kind': unknown kind 'spelunking' (use a category:"
        " fitness, outdoors, trip, outing, food, hobby, learning, career, wellbeing, social,"
        " dating, other (or a kind like gym, run, museum))",
    ]
    assert sorted(r[5] for r in activity_rows(app)) == ["Flow", "Legs"]


def _file(folder: Path, name: str) -> tuple[Path, str]:
    """A bad file and the one-line problem planner reports for it (after 'Error: PATH')."""
    path = folder / "log.csv"
    if name == "empty":
        path.write_bytes(b"")
        return path, ": the file is empty (export it again)"
    if name == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
        return path, ": this is a binary file, not a CSV (export the log as CSV)"
    if name == "workbook":  # an .xlsx renamed .csv: a zip
        path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200))
        return path, (
            ": this is a spreadsheet workbook (Excel, Numbers, LibreOffice), not a CSV"
            " (save it as 'CSV UTF-8' and import that)"
        )
    if name == "latin-1":
        path.write_bytes("date,kind,title\n2026-11-04,food,Café\n".encode("latin-1"))
        return path, ", row 2: not UTF-8 text (byte 35 cannot be read) (save the file as UTF-8)"
    if name == "tabs":
        path.write_text("date\tkind\ttitle\n2026-11-04\tgym\tLegs\n")
        return path, ", row 1: the file seems to be tab-separated (use , or ; between columns)"
    if name == "duplicated":
        path.write_text("date,kind,type,title\n2026-11-04,gym,gym,Legs\n")
        return path, (
            ", row 1, column 'type': duplicated column: 'kind' and 'type' both mean 'kind'"
            " (keep one of them)"
        )
    if name == "too-big":
        with path.open("wb") as f:
            f.write(b"date,kind,title\n")
            f.truncate(100_000_000)
        return path, (
            ": the file is 100 MB, over the 100 MB limit (split it, or raise the limit with"
            " --max-mb)"
        )
    if name == "bad-date":
        path.write_text("date,kind,title\n04/11/2026,gym,Legs\n")
        return path, (
            ", row 2, column 'date': '04/11/2026' is not a date (use YYYY-MM-DD,"
            " YYYY-MM-DD HH:MM or DD.MM.YYYY) (fix it, or use --skip-bad to import the good rows)"
        )
    if name == "end-before-start":
        path.write_text("date,end,kind,title\n2026-11-04,2026-11-03,trip,Away\n")
        return path, (
            ", row 2, column 'end': the end '2026-11-03' is before the start"
            " (fix it, or use --skip-bad to import the good rows)"
        )
    raise AssertionError(name)


@pytest.mark.parametrize(
    "name",
    [
        "empty",
        "binary",
        "workbook",
        "latin-1",
        "tabs",
        "duplicated",
        "too-big",
        "bad-date",
        "end-before-start",
    ],
)
def test_a_bad_file_is_one_line_and_exit_1(app: App, tmp_path: Path, name: str) -> None:
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    before = activity_rows(app)
    path, problem = _file(tmp_path, name)
    result = invoke(app, "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}{problem}\n"
    assert isinstance(result.exception, SystemExit)
    assert activity_rows(app) == before


def test_max_mb_lowers_the_limit(app: App, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    with path.open("wb") as f:
        f.write(b"date,kind,title\n")
        f.truncate(1_500_000)
    result = invoke(app, "import", "--max-mb", "1", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: the file is 2 MB, over the 1 MB limit (split it, or raise the limit"
        " with --max-mb)\n"
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["import"], "Missing argument 'FILE'."),
        (["import", "--format", "excel", "x.csv"], "Invalid value for '--format'"),
        (["import", "--max-mb", "0", "x.csv"], "Invalid value for '--max-mb'"),
        (["import", "--units", "furlongs", "x.csv"], "Invalid value for '--units'"),
    ],
)
def test_usage_errors_exit_2(app: App, args: list[str], problem: str) -> None:
    result = invoke(app, *args)
    assert result.exit_code == 2
    assert problem in result.stderr


def test_activities_json_shows_a_workouts_exercise_summary(app: App) -> None:
    strong = Path(__file__).parent / "fixtures" / "exports" / "strong" / "ios_12col.csv"
    assert invoke(app, "import", str(strong)).exit_code == 0
    result = invoke(app, "activities", "--json")
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert first["source"] == "strong"
    assert first["details"].startswith("Squat")


def test_units_in_planner_toml_are_the_imports_default(app: App) -> None:
    app.home_dir.mkdir(parents=True, exist_ok=True)
    (app.home_dir / "planner.toml").write_text('units = "imperial"\n', encoding="utf-8")
    garmin = Path(__file__).parent / "fixtures" / "exports" / "garmin" / "imperial.csv"
    result = invoke(app, "import", str(garmin))
    assert result.exit_code == 0, result.output
    assert "imperial" in result.stdout
    titles = [a["title"] for a in json.loads(invoke(app, "activities", "--json").stdout)]
    assert "4.2 mi run" in titles and "1094 yd swim" in titles
