"""planner week FILE --out DIR: import, plan the week after the newest activity, export it all."""

from __future__ import annotations

import csv
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from planner.cli import cli
from planner.cli.common import App
from tests.fs_faults import dead_pid

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-activities.csv"
SAMPLE_ROWS = len(list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines(True)))) - 1


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


def ids_by_title(app: App) -> dict[str, str]:
    with app.store() as store:
        return {a.title: a.id for a in store.activities()}


def test_week_on_the_sample_writes_everything(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(app, "week", str(SAMPLE), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Imported {SAMPLE} (native): 42 new, 0 duplicate, 0 rejected.")
    assert "Week 2026-W49 (Europe/Berlin): 3 posts" in result.stdout
    assert "Why:" in result.stdout
    for name in ("posts.json", "posts.csv", "calendar.ics", "publer.csv"):
        assert (out / name).is_file(), name
    captions = sorted((out / "captions").glob("*.txt"))
    assert [c.name[:3] for c in captions] == ["01-", "02-", "03-"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]

    data = json.loads((out / "posts.json").read_text(encoding="utf-8"))
    assert data["week"] == "2026-W49"
    assert data["timezone"] == "Europe/Berlin"
    assert len(data["posts"]) == 3
    for post in data["posts"]:
        at = datetime.fromisoformat(post["at"])
        assert at.isocalendar()[:2] == (2026, 49)
        assert post["status"] == "planned"
    events = list(Calendar.from_ical((out / "calendar.ics").read_bytes()).walk("VEVENT"))
    assert len(events) == 3


def test_week_skips_private_low_mood_and_dating_with_reasons(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(app, "week", str(SAMPLE), "--out", str(out)).exit_code == 0
    skipped = {
        s["activity_id"]: s["reason"]
        for s in json.loads((out / "posts.json").read_text(encoding="utf-8"))["skipped"]
    }
    ids = ids_by_title(app)
    assert skipped[ids["Therapy session"]] == "private"
    assert skipped[ids["Rainy 8 km"]] == "mood 2 (only activities you enjoyed, 3+, are posted)"
    assert skipped[ids["Drinks with Sam"]] == "dating off (set dating_enabled = true to allow)"
    planned = {p["activity_id"] for p in json.loads((out / "posts.json").read_text())["posts"]}
    assert not planned & {ids["Therapy session"], ids["Rainy 8 km"], ids["Drinks with Sam"]}


def test_week_twice_gives_the_same_plan(app: App, tmp_path: Path) -> None:
    assert invoke(app, "week", str(SAMPLE), "--out", str(tmp_path / "a")).exit_code == 0
    second = invoke(app, "week", str(SAMPLE), "--out", str(tmp_path / "b"))
    assert second.exit_code == 0
    assert "0 new, 42 duplicate" in second.stdout
    first, again = (
        (tmp_path / d / "posts.json").read_text(encoding="utf-8").replace(str(tmp_path / d), "OUT")
        for d in ("a", "b")
    )
    assert again == first


def test_week_option_overrides_the_default(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(app, "week", str(SAMPLE), "--out", str(out), "--week", "2026-W48")
    assert result.exit_code == 0, result.output
    assert json.loads((out / "posts.json").read_text())["week"] == "2026-W48"


def test_week_with_a_missing_file(app: App, tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    result = invoke(app, "week", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: no such file (check the path)\n"
    assert not (tmp_path / "out").exists()


def test_week_with_bad_rows_and_skip_bad(app: App, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "date,time,kind,title,mood\n"
        "2026-11-24,19:00,gym,Deadlift practice,5\n"
        "2026-11-25,19:00,gym,Broken,9\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    refused = invoke(app, "week", str(log), "--out", str(out))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: {log}, row 3, column 'mood': ")
    assert not out.exists()
    result = invoke(app, "week", str(log), "--out", str(out), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 duplicate, 1 rejected." in result.stdout
    assert f"  skipped {log}, row 3, column 'mood'" in result.stderr
    assert json.loads((out / "posts.json").read_text())["week"] == "2026-W49"


def test_week_usage_errors_exit_2(app: App, tmp_path: Path) -> None:
    no_out = invoke(app, "week", str(SAMPLE))
    assert no_out.exit_code == 2
    assert "Missing option '--out'" in no_out.stderr
    bad_week = invoke(app, "week", str(SAMPLE), "--out", str(tmp_path / "out"), "--week", "W99")
    assert bad_week.exit_code == 2
    assert "Invalid value for '--week': 'W99' is not a week" in bad_week.stderr
    assert "Imported" not in bad_week.stdout  # refused before the import, not after it
    with app.store() as store:
        assert store.activity_count() == 0
    assert not (tmp_path / "out").exists()


def test_an_empty_out_is_a_usage_error_not_the_current_folder(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--out "$OUT" with OUT unset used to write the week's cards and files into the current
    folder."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for args in (["week", str(SAMPLE)], ["export"], ["render"]):
        result = invoke(app, *args, "--out", "")
        assert result.exit_code == 2, (args, result.output)
        assert "Invalid value for '--out': an empty path (name a folder" in result.stderr
    assert list(here.iterdir()) == []


def test_an_unknown_card_template_is_refused_before_the_import(app: App, tmp_path: Path) -> None:
    app.home_dir.mkdir(parents=True)
    (app.home_dir / "planner.toml").write_text('[cards]\ntemplate = "polaroid"\n')
    result = invoke(app, "week", str(SAMPLE), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no card template 'polaroid' (available: ")
    with app.store() as store:
        assert store.activity_count() == 0


def test_planning_the_week_again_keeps_its_cards(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(app, "week", str(SAMPLE), "--out", str(out)).exit_code == 0
    written = json.loads((out / "posts.json").read_text(encoding="utf-8"))
    assert all(p["image"] and p["alt_text"] for p in written["posts"])
    again = invoke(app, "plan", "--week", "2026-W49", "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == written
    export = tmp_path / "export"
    assert invoke(app, "export", "--week", "2026-W49", "--out", str(export)).exit_code == 0
    assert json.loads((export / "posts.json").read_text(encoding="utf-8")) == written


def test_week_on_an_old_log_says_the_week_is_over(app: App, tmp_path: Path) -> None:
    log = tmp_path / "old.csv"
    log.write_text("date,time,kind,title\n2026-10-13,18:00,museum,Old masters\n", encoding="utf-8")
    result = invoke(app, "week", str(log), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Week 2026-W43" in result.stdout
    assert "note: 2026-W43 is over" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Wrote 5 files, 1 card and week.png")


def test_week_with_nothing_planned_keeps_an_earlier_week_picture(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "week.png").write_bytes(b"an earlier week")
    result = invoke(app, "week", str(SAMPLE), "--out", str(out), "--week", "2027-W10")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"Wrote 4 files to {out} (nothing planned: no cards)"
    assert (out / "week.png").read_bytes() == b"an earlier week"
    assert not (out / "images").exists()


def _sample_copy(folder: Path) -> Path:
    """The sample log and its photos, copied so a test can break them."""
    shutil.copytree(SAMPLE.parent / "photos", folder / "photos")
    return Path(shutil.copy(SAMPLE, folder / "log.csv"))


def test_a_photo_cut_short_costs_its_card_the_photo_not_the_week(app: App, tmp_path: Path) -> None:
    log = _sample_copy(tmp_path / "log")
    market = tmp_path / "log" / "photos" / "market.jpg"
    market.write_bytes(market.read_bytes()[:5000])  # a copy that stopped half way
    out = tmp_path / "out"
    result = invoke(app, "week", str(log), "--out", str(out))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stdout.splitlines() if "photo not used" in line]
    assert len(notes) == 1
    assert notes[0].startswith(
        f"  note: Christmas market (Sat 28 Nov): photo not used, the card was drawn without it:"
        f" {market}: the image is cut short or damaged ("
    )
    posts = json.loads((out / "posts.json").read_text(encoding="utf-8"))["posts"]
    assert len(posts) == 3 and all(Path(p["image"]).is_file() for p in posts)
    assert (out / "week.png").is_file() and (out / "calendar.ics").is_file()


def test_week_removes_what_a_killed_run_left_behind(app: App, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(app, "week", str(SAMPLE), "--out", str(out)).exit_code == 0
    pid = dead_pid()
    left = [
        out / f".week.png.{pid}.part",  # an older planner's name for it
        out / f".posts.json.{pid}.0badf00d.part",
        out / "images" / f".card-0123456789abcdef.jpg.{pid}.1234abcd.part",
        out / f".planner-stage.{pid}.abcdef01" / "posts.json",
    ]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    alive = out / f".posts.csv.{os.getpid()}.feedf00d.part"  # a planner still writing
    alive.write_bytes(b"busy")
    assert invoke(app, "week", str(SAMPLE), "--out", str(out)).exit_code == 0
    debris = [p for p in out.rglob(".*") if p != alive]
    assert debris == [], debris
    assert alive.exists()


def test_a_relative_out_folder_gives_cards_that_publish_from_anywhere(
    app: App, tmp_path: Path, monkeypatch
) -> None:
    """``--out out`` stored "out/images/card-….jpg": publish, run from another folder (a
    service, cron), then found no image."""
    from planner.publish.images import require_image

    monkeypatch.chdir(tmp_path)
    assert invoke(app, "week", str(SAMPLE), "--out", "out").exit_code == 0
    rendered = invoke(app, "render", "--week", "2026-W49", "--out", "cards", "--json")
    assert rendered.exit_code == 0, rendered.output
    monkeypatch.chdir(tmp_path.parent)
    exported = json.loads((tmp_path / "out" / "posts.json").read_text(encoding="utf-8"))
    with app.store() as store:
        stored = store.posts()
    assert len(stored) == 3 and len(exported["posts"]) == 3
    for image in [p.image for p in stored] + [p["image"] for p in exported["posts"]]:
        assert image and Path(image).is_absolute(), image
        require_image("p", image)
    for post in json.loads(rendered.stdout)["posts"]:
        assert Path(post["image"]).is_absolute() and "cards" in Path(post["image"]).parts
