"""Exports: the posts.json contract, the CSV columns, formula injection, calendar.ics, captions."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from planner.errors import PlannerError
from planner.export import (
    FORMATS,
    POSTS_CSV_COLUMNS,
    PUBLER_COLUMNS,
    export_plan,
    parse_formats,
    safe_cell,
    slug,
)
from planner.models import Plan, Post, Skip, Week

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
WEEK = Week(2026, 49)


def make_post(n: int, **changes: object) -> Post:
    values: dict[str, object] = {
        "id": f"post{n:012d}",
        "activity_id": f"act{n:013d}",
        "at": datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN) + timedelta(days=2 * n),
        "category": "fitness",
        "caption": f"Caption number {n}.",
        "title": f"Session {n}",
        "hashtags": ("#running", "#longrun"),
        "variant": "fitness-1",
    }
    values.update(changes)
    return Post(**values)  # type: ignore[arg-type]


def make_plan(*posts: Post, skipped: tuple[Skip, ...] = ()) -> Plan:
    return Plan(week=WEEK, timezone="Europe/Berlin", posts=posts, skipped=skipped)


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


@pytest.fixture
def plan() -> Plan:
    return make_plan(
        make_post(0, image="/out/images/01.jpg", alt_text="A runner by the river"),
        make_post(1, category="trip", title="Weekend in Dresden", hashtags=("#travel",)),
        make_post(2, category="outing", title="Café & Co.", hashtags=()),
        skipped=(
            Skip("act-private", "private", title="Therapy"),
            Skip("act-mood", "mood 2", title="Rainy run"),
        ),
    )


def test_every_format_is_written(tmp_path: Path, plan: Plan) -> None:
    written = export_plan(plan, tmp_path / "out", now=NOW)
    out = tmp_path / "out"
    names = sorted(str(p.relative_to(out)) for p in written)
    assert names == [
        "calendar.ics",
        "captions/01-session-0.txt",
        "captions/02-weekend-in-dresden.txt",
        "captions/03-cafe-co.txt",
        "posts.csv",
        "posts.json",
        "publer.csv",
    ]
    assert all(p.is_file() for p in written)


def test_only_the_chosen_formats_are_written(tmp_path: Path, plan: Plan) -> None:
    written = export_plan(plan, tmp_path, ("json", "ics"), now=NOW)
    assert [p.name for p in written] == ["posts.json", "calendar.ics"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calendar.ics", "posts.json"]


def test_parse_formats() -> None:
    assert parse_formats("csv, JSON,csv") == ("csv", "json")
    assert parse_formats(",".join(FORMATS)) == FORMATS
    with pytest.raises(ValueError) as caught:
        parse_formats("csv,pdf")
    assert str(caught.value) == "unknown format 'pdf' (use any of csv,json,ics,txt,publer)"
    with pytest.raises(ValueError, match="unknown format"):
        parse_formats(" , ")


# posts.json: the stable contract


def test_posts_json_contract(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, ("json",), now=NOW)
    data = json.loads((tmp_path / "posts.json").read_text(encoding="utf-8"))
    assert set(data) == {"week", "timezone", "posts", "skipped"}
    assert (data["week"], data["timezone"]) == ("2026-W49", "Europe/Berlin")
    assert len(data["posts"]) == 3
    for post in data["posts"]:
        assert set(post) == {
            "id",
            "activity_id",
            "at",
            "category",
            "caption",
            "hashtags",
            "image",
            "alt_text",
            "status",
        }
        for key in ("id", "activity_id", "at", "category", "caption", "status"):
            assert isinstance(post[key], str), key
        assert isinstance(post["hashtags"], list)
        assert all(isinstance(h, str) for h in post["hashtags"])
        assert post["image"] is None or isinstance(post["image"], str)
        assert post["alt_text"] is None or isinstance(post["alt_text"], str)
        at = datetime.fromisoformat(post["at"])
        assert at.utcoffset() == timedelta(hours=1)
    first = data["posts"][0]
    assert first["at"] == "2026-11-30T18:00:00+01:00"
    assert (first["image"], first["alt_text"]) == ("/out/images/01.jpg", "A runner by the river")
    assert data["posts"][1]["image"] is None
    assert data["skipped"] == [
        {"activity_id": "act-private", "reason": "private"},
        {"activity_id": "act-mood", "reason": "mood 2"},
    ]


def test_posts_json_keeps_unicode(tmp_path: Path) -> None:
    export_plan(make_plan(make_post(0, caption="Café ☕")), tmp_path, ("json",), now=NOW)
    assert "Café ☕" in (tmp_path / "posts.json").read_text(encoding="utf-8")


# CSV files


def test_posts_csv_columns_and_values(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, ("csv",), now=NOW)
    header, *rows = read_csv(tmp_path / "posts.csv")
    assert tuple(header) == POSTS_CSV_COLUMNS
    assert POSTS_CSV_COLUMNS == (
        "id",
        "activity_id",
        "at",
        "category",
        "caption",
        "hashtags",
        "image",
        "alt_text",
        "status",
    )
    assert rows[0] == [
        "post000000000000",
        "act0000000000000",
        "2026-11-30T18:00:00+01:00",
        "fitness",
        "Caption number 0.",
        "#running #longrun",
        "/out/images/01.jpg",
        "A runner by the river",
        "planned",
    ]
    assert rows[2][5:8] == ["", "", ""]


def test_publer_csv_columns_and_values(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, ("publer",), now=NOW)
    header, *rows = read_csv(tmp_path / "publer.csv")
    assert tuple(header) == PUBLER_COLUMNS
    assert PUBLER_COLUMNS == ("Date", "Text", "Link(s)", "Media URL(s)", "Labels", "Alt text")
    assert rows[0] == [
        "2026-11-30 18:00",
        "Caption number 0. #running #longrun",
        "",
        "",
        "fitness",
        "A runner by the river",
    ]
    assert rows[2][1] == "Caption number 2."


def test_publer_media_urls(tmp_path: Path) -> None:
    plan = make_plan(
        make_post(0, image="/out/images/01.jpg"),
        make_post(1, image="https://example.org/x.jpg"),
        make_post(2),
    )
    export_plan(plan, tmp_path, ("publer",), now=NOW, media_base_url="https://cdn.example/w49/")
    media = [row[3] for row in read_csv(tmp_path / "publer.csv")[1:]]
    assert media == ["https://cdn.example/w49/01.jpg", "https://example.org/x.jpg", ""]
    export_plan(plan, tmp_path, ("publer",), now=NOW)
    media = [row[3] for row in read_csv(tmp_path / "publer.csv")[1:]]
    assert media == ["", "https://example.org/x.jpg", ""]


def test_csv_line_endings_are_crlf(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, ("csv", "publer"), now=NOW)
    for name in ("posts.csv", "publer.csv"):
        data = (tmp_path / name).read_bytes()
        assert data.count(b"\r\n") == 4
        assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_injection_is_neutralised(tmp_path: Path, start: str) -> None:
    bad = f'{start}HYPERLINK("http://evil.example","x")'
    plan = make_plan(
        make_post(0, caption=bad, title=bad, alt_text=bad, hashtags=(f"{start}tag",)),
    )
    export_plan(plan, tmp_path, ("csv", "publer"), now=NOW)
    posts = dict(zip(POSTS_CSV_COLUMNS, read_csv(tmp_path / "posts.csv")[1], strict=True))
    assert posts["caption"] == "'" + bad
    assert posts["alt_text"] == "'" + bad
    assert posts["hashtags"] == f"'{start}tag"
    publer = dict(zip(PUBLER_COLUMNS, read_csv(tmp_path / "publer.csv")[1], strict=True))
    assert publer["Text"].lstrip("'").lstrip(start).startswith("HYPERLINK")
    assert publer["Alt text"] == "'" + bad
    for name in ("posts.csv", "publer.csv"):
        for row in read_csv(tmp_path / name):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def test_safe_cell() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("-5 km") == "'-5 km"
    assert safe_cell("fine = ok") == "fine = ok"
    assert safe_cell(None) == ""
    assert safe_cell(3) == "3"


# calendar.ics


def parse_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_an_empty_weeks_calendar_holds_its_time_zone(tmp_path: Path) -> None:
    (path,) = export_plan(make_plan(), tmp_path, ("ics",), now=NOW)
    cal = parse_calendar(path)
    assert list(cal.walk("VEVENT")) == []
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    assert cal["X-WR-TIMEZONE"] == "Europe/Berlin"


def test_calendar_has_one_event_per_post_in_the_users_zone(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, ("ics",), now=NOW)
    cal = parse_calendar(tmp_path / "calendar.ics")
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(plan.posts)
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/Berlin"]
    for event, post in zip(events, plan.posts, strict=True):
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/Berlin"
        assert start.dt == post.at
        assert start.dt.utcoffset() == timedelta(hours=1)
        assert event["DTEND"].dt - start.dt == timedelta(minutes=15)
        assert str(event["UID"]) == f"{post.id}@planner"
        assert str(event["DESCRIPTION"]) == " ".join([post.caption, *post.hashtags])
        assert str(event["SUMMARY"]) == f"Post: {post.title}"
    raw = (tmp_path / "calendar.ics").read_bytes().decode("utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20261130T180000" in raw
    assert raw.startswith("BEGIN:VCALENDAR\r\n")


def test_calendar_uids_are_stable(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path / "a", ("ics",), now=NOW)
    export_plan(plan, tmp_path / "b", ("ics",), now=NOW + timedelta(days=3))
    uids = [
        [str(e["UID"]) for e in parse_calendar(tmp_path / d / "calendar.ics").walk("VEVENT")]
        for d in ("a", "b")
    ]
    assert uids[0] == uids[1] == [f"{p.id}@planner" for p in plan.posts]


def test_calendar_description_keeps_commas_and_newlines(tmp_path: Path) -> None:
    caption = "Slow, steady; and\nhappy."
    export_plan(make_plan(make_post(0, caption=caption)), tmp_path, ("ics",), now=NOW)
    (event,) = parse_calendar(tmp_path / "calendar.ics").walk("VEVENT")
    assert str(event["DESCRIPTION"]) == caption + " #running #longrun"


# captions/*.txt


def test_caption_files(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, ("txt",), now=NOW)
    files = sorted((tmp_path / "captions").iterdir())
    assert [f.name for f in files] == [
        "01-session-0.txt",
        "02-weekend-in-dresden.txt",
        "03-cafe-co.txt",
    ]
    assert files[0].read_text(encoding="utf-8") == "Caption number 0. #running #longrun\n"
    assert files[2].read_text(encoding="utf-8") == "Caption number 2.\n"


def test_caption_file_names_fall_back_to_the_category(tmp_path: Path) -> None:
    export_plan(make_plan(make_post(0, title="", category="trip")), tmp_path, ("txt",), now=NOW)
    assert [f.name for f in (tmp_path / "captions").iterdir()] == ["01-trip.txt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café & Co.", "cafe-co"),
        ("Müggelsee walk", "muggelsee-walk"),
        ("💪💪", "post"),
        ("", "post"),
        ("a" * 60, "a" * 40),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_stale_caption_files_are_removed(tmp_path: Path, plan: Plan) -> None:
    folder = tmp_path / "captions"
    folder.mkdir()
    (folder / "07-old-post.txt").write_text("old\n")
    (folder / "notes.txt").write_text("mine\n")
    export_plan(plan, tmp_path, ("txt",), now=NOW)
    export_plan(make_plan(plan.posts[1]), tmp_path, ("txt",), now=NOW)
    assert sorted(f.name for f in folder.iterdir()) == ["01-weekend-in-dresden.txt", "notes.txt"]


def test_no_part_files_are_left_behind(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, now=NOW)
    export_plan(plan, tmp_path, now=NOW)
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]
    assert leftovers == []


def test_an_empty_plan_writes_valid_files(tmp_path: Path) -> None:
    written = export_plan(make_plan(), tmp_path, now=NOW)
    assert sorted(p.name for p in written) == [
        "calendar.ics",
        "posts.csv",
        "posts.json",
        "publer.csv",
    ]
    data = json.loads((tmp_path / "posts.json").read_text(encoding="utf-8"))
    assert data == {"week": "2026-W49", "timezone": "Europe/Berlin", "posts": [], "skipped": []}
    assert read_csv(tmp_path / "posts.csv") == [list(POSTS_CSV_COLUMNS)]
    assert read_csv(tmp_path / "publer.csv") == [list(PUBLER_COLUMNS)]
    cal = parse_calendar(tmp_path / "calendar.ics")
    assert cal.name == "VCALENDAR"
    assert list(cal.walk("VEVENT")) == []
    assert str(cal["VERSION"]) == "2.0"


def test_an_empty_plan_clears_old_captions(tmp_path: Path, plan: Plan) -> None:
    export_plan(plan, tmp_path, now=NOW)
    export_plan(make_plan(), tmp_path, now=NOW)
    assert list((tmp_path / "captions").glob("*.txt")) == []


@pytest.mark.parametrize("blocker", ["posts.json", "captions"])
def test_a_file_that_cannot_be_written_is_one_planner_error(
    tmp_path: Path, plan: Plan, blocker: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if blocker == "captions":
        (out / blocker).write_text("a file where the folder goes", encoding="utf-8")
    else:
        (out / blocker).mkdir()
    with pytest.raises(PlannerError) as caught:
        export_plan(plan, out, now=NOW)
    assert str(caught.value).startswith(f"{out / blocker}: cannot write the export: ")
    assert str(caught.value).endswith(", or choose another --out folder)")
    assert sorted(p.name for p in out.iterdir()) == [blocker]  # nothing else was written


def test_an_export_on_a_full_disk_changes_nothing(tmp_path: Path, plan: Plan) -> None:
    from tests.fs_faults import fill, small_disk

    with small_disk(tmp_path / "disk", "1m") as disk:
        out = disk / "out"
        first = make_plan(make_post(5, caption="The week before."))
        export_plan(first, out, now=NOW)
        before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        big = make_plan(*(make_post(n, caption="x" * 20_000) for n in range(40)))
        (disk / "room").write_bytes(b"\0" * 200_000)
        fill(disk)
        (disk / "room").unlink()  # room for a few of the files, not for all of them
        with pytest.raises(PlannerError) as caught:
            export_plan(big, out, now=NOW)
        assert str(caught.value) == (
            f"{out}: cannot write the export: the disk is full (free some space and run it again)"
        )
        after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        assert after == before  # all or nothing: the earlier export is whole
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/cards",
        "example.org/cards",
        "https://",
        "https://exa mple.org/cards",  # was written into publer.csv as it was
        "https://example.org/\ncards",  # urlsplit drops the newline; the URL kept it
        "https://example.org/cards\x7f",
    ],
)
def test_media_base_url_must_be_http(tmp_path: Path, plan: Plan, url: str) -> None:
    with pytest.raises(PlannerError, match=r"^--media-base-url: .* is not an http\(s\) URL"):
        export_plan(plan, tmp_path, now=NOW, media_base_url=url)
    assert list(tmp_path.iterdir()) == []
