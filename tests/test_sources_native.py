"""The native activity CSV: aliases, encodings, local time and DST, ids, and every bad input."""

from __future__ import annotations

import re
import string
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError, PlannerError
from planner.models import CATEGORIES, time_ordered_id
from planner.sources import ReadOptions, RowError, SourceResult, read_activities
from planner.sources.native import ALIASES
from planner.store import ACTIVITY_COLUMNS

BERLIN = ZoneInfo("Europe/Berlin")
FIXTURES = Path(__file__).parent / "fixtures" / "native"
KINDS_HINT = (
    "use a category: fitness, outdoors, trip, outing, food, hobby, learning, career, wellbeing,"
    " social, dating, other (or a kind like gym, run, museum)"
)


def write(folder: Path, text: str, name: str = "log.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, **options: Any) -> SourceResult:
    return read_activities(path, ReadOptions(BERLIN, **options))


def rows_of(result: SourceResult) -> list[dict[str, Any]]:
    return [dict(zip(ACTIVITY_COLUMNS, row, strict=True)) for row in result.rows]


def only_row(folder: Path, text: str) -> dict[str, Any]:
    result = read(write(folder, text))
    assert result.errors == []
    (row,) = rows_of(result)
    return row


def only_error(folder: Path, text: str) -> RowError:
    result = read(write(folder, text))
    assert result.rows == []
    (error,) = result.errors
    return error


def file_error(path: Path, **options: Any) -> str:
    with pytest.raises(InputError) as caught:
        read(path, **options)
    message = str(caught.value)
    assert "\n" not in message
    return message


# Fixture files: every good-*.csv reads cleanly, every bad-*.csv gives its .expected errors.


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("good-*.csv")), ids=lambda p: p.name)
def test_good_fixture_reads_without_errors(path: Path) -> None:
    result = read(path)
    assert result.format == "native"
    assert result.errors == []
    assert result.rows
    for row in rows_of(result):
        assert row["category"] in CATEGORIES
        assert datetime.fromisoformat(row["start"]).utcoffset() == timedelta(0)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("bad-*.csv")), ids=lambda p: p.name)
def test_bad_fixture_lists_each_bad_row(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    result = read(path)
    assert [e.describe(path) for e in result.errors] == [f"{path}, {line}" for line in expected]


# Headers


@pytest.mark.parametrize(
    "header",
    [
        "date,kind,title",
        "Date,Kind,Title",
        "DATE,TYPE,NAME",
        "date,activity,name",
        "Day,Activity Type,Summary",
        " date , kind , title ",
        "start_date,Category,activity_name",
    ],
)
def test_header_aliases_and_case(tmp_path: Path, header: str) -> None:
    row = only_row(tmp_path, f"{header}\n2026-11-04,Gym,Leg day\n")
    assert (row["kind"], row["category"], row["title"]) == ("gym", "fitness", "Leg day")


def test_unknown_columns_are_ignored_and_noted(tmp_path: Path) -> None:
    result = read(write(tmp_path, "date,kind,title,heart rate,\n2026-11-04,gym,Leg day,150,\n"))
    assert len(result.rows) == 1
    assert result.notes == ["ignored columns: heart rate"]


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title\n2026-11-04,gym,Leg day\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert rows_of(read(path))[0]["title"] == "Leg day"


def test_semicolon_delimiter_keeps_commas_in_cells(tmp_path: Path) -> None:
    row = only_row(tmp_path, "date;kind;title;location\n2026-11-04;food;Dinner, finally;Café\n")
    assert (row["title"], row["location"]) == ("Dinner, finally", "Café")


def test_short_rows_read_missing_cells_as_empty(tmp_path: Path) -> None:
    row = only_row(tmp_path, "date,kind,title,location,mood,share\n2026-11-04,gym,Leg day\n")
    assert (row["location"], row["mood"], row["share"]) == ("", None, 1)


def test_trailing_empty_cells_are_not_too_many(tmp_path: Path) -> None:
    row = only_row(tmp_path, "date,kind,title\n2026-11-04,gym,Leg day,,\n")
    assert row["title"] == "Leg day"


def test_rows_of_only_delimiters_are_blank_lines(tmp_path: Path) -> None:
    text = "date;kind;title;notes\r\n2026-11-04;gym;Leg day;\r\n;;;\r\n ; ; ;\r\n;;\r\n"
    assert only_row(tmp_path, text)["title"] == "Leg day"


def test_an_unclosed_quote_is_a_parse_error_not_one_long_cell(tmp_path: Path) -> None:
    text = 'date,kind,title\n2026-11-04,gym,"Legs\n2026-11-05,gym,Arms\n2026-11-06,gym,Back\n'
    path = write(tmp_path, text)
    assert file_error(path) == (
        f"{path}, row 2: cannot parse the CSV: unexpected end of data (check the quoting)"
    )


# Values


def test_photo_paths_resolve_inside_the_csv_folder_and_nowhere_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "log"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    absolute = tmp_path / "abs.jpg"
    text = (
        "date,kind,title,photo\n"
        "2026-11-01,hike,Lake,photos/lake.jpg\n"
        "2026-11-02,hike,Forest,../forest.jpg\n"
        f"2026-11-03,hike,River,{absolute}\n"
        "2026-11-04,hike,Hill,https://example.org/hill.jpg\n"
        "2026-11-05,hike,Plain,\n"
        f"2026-11-06,hike,Inside,{folder / 'x' / '..' / 'in.jpg'}\n"
        "2026-11-07,hike,Shout,HTTP://example.org/LOUD.JPG\n"
    )
    result = read(write(folder, text))
    assert [r["photo"] for r in rows_of(result)] == [
        str((folder / "photos" / "lake.jpg").resolve()),
        "",
        "",
        "https://example.org/hill.jpg",
        "",
        str(folder / "in.jpg"),
        "HTTP://example.org/LOUD.JPG",
    ]
    fix = (
        "(move the photo next to the CSV, or add its folder to photo_dirs in planner.toml,"
        " then import again)"
    )
    assert result.notes == [
        "row 3: photo '../forest.jpg' is outside the CSV's folder, so the row was imported"
        f" without it {fix}",
        f"row 4: photo '{absolute}' is outside the CSV's folder, so the row was imported"
        f" without it {fix}",
    ]


def test_a_symlink_out_of_the_csv_folder_and_home_paths_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    folder.mkdir()
    secret = tmp_path / "private" / "id.png"
    secret.parent.mkdir()
    secret.write_bytes(b"x")
    (folder / "innocent.png").symlink_to(secret)
    text = (
        "date,kind,title,photo\n2026-11-01,hike,Link,innocent.png\n2026-11-02,hike,Home,~/a.jpg\n"
    )
    result = read(write(folder, text))
    assert [r["photo"] for r in rows_of(result)] == ["", ""]
    assert [n.split(":")[0] for n in result.notes] == ["row 2", "row 3"]


def test_photo_dirs_let_photos_come_from_other_folders(tmp_path: Path) -> None:
    folder, pictures = tmp_path / "log", tmp_path / "Pictures"
    folder.mkdir()
    pictures.mkdir()
    text = f"date,kind,title,photo\n2026-11-01,hike,Lake,{pictures / 'lake.jpg'}\n"
    result = read(write(folder, text), photo_dirs=(pictures,))
    assert [r["photo"] for r in rows_of(result)] == [str(pictures / "lake.jpg")]
    assert result.notes == []


def test_many_refused_photos_are_named_a_few_then_counted(tmp_path: Path) -> None:
    lines = "".join(f"2026-11-{d:02d},hike,Walk {d},/etc/p{d}.jpg\n" for d in range(1, 11))
    result = read(write(tmp_path, "date,kind,title,photo\n" + lines))
    assert len(result.rows) == 10
    assert len(result.notes) == 4
    assert result.notes[-1] == "7 more rows with a photo outside the CSV's folder"


def test_ten_thousand_unknown_columns_make_a_short_note(tmp_path: Path) -> None:
    header = "date,kind,title," + ",".join(f"extra{i}" for i in range(10_000))
    assert len(header) > 64 * 1024  # more than open_csv first reads: it was cut there
    row = "2026-11-01,hike,Lake" + ",x" * 10_000
    result = read(write(tmp_path, header + "\n" + row + "\n"))
    assert len(result.rows) == 1, result.errors
    (note,) = result.notes
    assert note.startswith("ignored columns: extra0, extra1,")
    assert re.fullmatch(r"ignored columns: (extra\d, ){9}extra9 and 9990 more", note)


def test_a_header_that_never_ends_is_one_line(tmp_path: Path) -> None:
    """An unclosed quote in the header makes the whole file its first record."""
    text = 'date,kind,"title\n' + "2026-11-01,hike,Lake\n" * 100_000
    assert file_error(write(tmp_path, text)) == (
        f"{tmp_path / 'log.csv'}, row 1: the header row does not end within the first 1 MB"
        " (close the quote it opens, or put the header, date, kind and title, on the first line)"
    )


def test_photo_naming_an_unknown_users_home_is_a_row_error(tmp_path: Path) -> None:
    error = only_error(tmp_path, "date,kind,title,photo\n2026-11-01,hike,Lake,~nobody-xyz/a.jpg\n")
    assert (error.row, error.column) == (2, "photo")
    assert error.message.startswith("'~nobody-xyz/a.jpg' is not a usable path")


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        ("2026-11-04", "2026-11-04T11:00:00+00:00"),
        ("2026-07-01", "2026-07-01T10:00:00+00:00"),
        ("20261104", "2026-11-04T11:00:00+00:00"),
    ],
)
def test_a_date_alone_starts_at_noon_local(tmp_path: Path, day: str, utc: str) -> None:
    assert only_row(tmp_path, f"date,kind,title\n{day},gym,Legs\n")["start"] == utc


def test_time_column_and_datetime_in_the_date_column(tmp_path: Path) -> None:
    text = (
        "date,time,kind,title\n"
        "2026-11-04,18:30,gym,A\n"
        "2026-11-04,7:05,gym,B\n"
        "2026-11-04 19:15,,gym,C\n"
        "2026-11-04T19:15,06:00,gym,D\n"
    )
    starts = [r["start"] for r in rows_of(read(write(tmp_path, text)))]
    assert starts == [
        "2026-11-04T17:30:00+00:00",
        "2026-11-04T06:05:00+00:00",
        "2026-11-04T18:15:00+00:00",
        "2026-11-04T05:00:00+00:00",
    ]


@pytest.mark.parametrize(
    ("clock", "utc"),
    [
        ("19.45", "2026-11-04T18:45:00+00:00"),
        ("7.05", "2026-11-04T06:05:00+00:00"),
        ("0730", "2026-11-04T06:30:00+00:00"),
        ("07:30:15", "2026-11-04T06:30:15+00:00"),
    ],
)
def test_a_dot_between_hours_and_minutes_is_a_clock(tmp_path: Path, clock: str, utc: str) -> None:
    assert only_row(tmp_path, f"date,time,kind,title\n2026-11-04,{clock},gym,A\n")["start"] == utc


@pytest.mark.parametrize("clock", ["12.5", "19.4", "7 pm", "12:30.5"])
def test_a_time_python_would_read_as_a_fraction_is_a_row_error(tmp_path: Path, clock: str) -> None:
    error = only_error(tmp_path, f"date,time,kind,title\n2026-11-04,{clock},gym,A\n")
    assert error == RowError(2, "time", f"{clock!r} is not a time (use HH:MM, e.g. 18:30)")


@pytest.mark.parametrize(
    ("cells", "utc"),
    [
        ("2026-11-04,18:30+01:00", "2026-11-04T17:30:00+00:00"),
        ("2026-11-04,18:30Z", "2026-11-04T18:30:00+00:00"),
        ("2026-03-29,12:00+00:00", "2026-03-29T12:00:00+00:00"),
        ("2026-11-04T18:30-05:00,", "2026-11-04T23:30:00+00:00"),
    ],
)
def test_times_with_an_offset_keep_it(tmp_path: Path, cells: str, utc: str) -> None:
    row = only_row(tmp_path, f"date,time,kind,title\n{cells},gym,Legs\n")
    assert row["start"] == utc
    assert datetime.fromisoformat(row["start"]) == datetime.fromisoformat(utc)


@pytest.mark.parametrize(
    ("day", "clock", "utc"),
    [
        ("2026-03-28", "12:00", "2026-03-28T11:00:00+00:00"),
        ("2026-03-29", "", "2026-03-29T10:00:00+00:00"),
        ("2026-03-29", "01:30", "2026-03-29T00:30:00+00:00"),
        ("2026-03-29", "03:30", "2026-03-29T01:30:00+00:00"),
        ("2026-03-29", "23:30", "2026-03-29T21:30:00+00:00"),
        ("2026-03-30", "12:00", "2026-03-30T10:00:00+00:00"),
        ("2026-10-24", "12:00", "2026-10-24T10:00:00+00:00"),
        ("2026-10-25", "01:30", "2026-10-24T23:30:00+00:00"),
        ("2026-10-25", "", "2026-10-25T11:00:00+00:00"),
        ("2026-10-25", "03:30", "2026-10-25T02:30:00+00:00"),
        ("2026-10-26", "12:00", "2026-10-26T11:00:00+00:00"),
    ],
)
def test_dst_days_convert_to_utc(tmp_path: Path, day: str, clock: str, utc: str) -> None:
    assert only_row(tmp_path, f"date,time,kind,title\n{day},{clock},gym,Legs\n")["start"] == utc


def test_every_local_time_of_a_year_matches_zoneinfo(tmp_path: Path) -> None:
    """The per-date offset cache agrees with zoneinfo on every day, around the clock."""
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    clocks = ["00:00", "01:59", "02:30", "03:00", "12:00", "23:59"]
    cases = [(d, c) for d in days for c in clocks]
    text = "date,time,kind,title\n" + "".join(
        f"{d},{c},gym,x{i}\n" for i, (d, c) in enumerate(cases)
    )
    starts = [r["start"] for r in rows_of(read(write(tmp_path, text)))]
    expected = [
        datetime.combine(d, datetime.strptime(c, "%H:%M").time(), BERLIN).astimezone(UTC)
        for d, c in cases
    ]
    assert [datetime.fromisoformat(s) for s in starts] == expected


@pytest.mark.parametrize(
    ("end", "utc"),
    [
        ("2026-11-08", "2026-11-08T22:59:59+00:00"),
        ("2026-10-25", "2026-10-25T22:59:59+00:00"),
        ("2026-03-29", "2026-03-29T21:59:59+00:00"),
        ("2026-11-08 16:00", "2026-11-08T15:00:00+00:00"),
        ("2026-11-08T16:00+00:00", "2026-11-08T16:00:00+00:00"),
    ],
)
def test_end_as_a_date_is_the_end_of_that_day(tmp_path: Path, end: str, utc: str) -> None:
    day = end[:10]
    row = only_row(tmp_path, f"date,time,end,kind,title\n{day},09:00,{end},trip,Away\n")
    assert row["end"] == utc


def test_end_on_the_start_day_is_fine(tmp_path: Path) -> None:
    row = only_row(tmp_path, "date,end,kind,title\n2026-11-07,2026-11-07,trip,Day trip\n")
    assert row["end"] == "2026-11-07T22:59:59+00:00"


def test_tags_are_cleaned(tmp_path: Path) -> None:
    row = only_row(
        tmp_path, 'date,kind,title,tags\n2026-11-04,gym,Legs," #strength, legs;;#legs  gym #"\n'
    )
    assert row["tags"] == "strength legs gym"


@pytest.mark.parametrize(
    ("mood", "share", "stored"),
    [("", "", (None, 1)), ("1", "Yes", (1, 1)), ("5", "no", (5, 0)), ("3", "private", (3, 0))],
)
def test_mood_and_share(tmp_path: Path, mood: str, share: str, stored: tuple[Any, int]) -> None:
    row = only_row(tmp_path, f"date,kind,title,mood,share\n2026-11-04,gym,Legs,{mood},{share}\n")
    assert (row["mood"], row["share"]) == stored


def test_distance_and_duration(tmp_path: Path) -> None:
    text = (
        "date,kind,title,distance,duration\n"
        '2026-11-04,run,A,"5,2",45\n'
        "2026-11-05,run,B,10 km,1:02:03\n"
        "2026-11-06,run,C,,\n"
    )
    got = [(r["distance_km"], r["duration_s"]) for r in rows_of(read(write(tmp_path, text)))]
    assert got == [(5.2, 2700), (10.0, 3723), (None, None)]


def test_ids_are_stable_across_kind_case_and_title_case(tmp_path: Path) -> None:
    text = (
        "date,time,kind,title\n"
        "2026-11-04,18:30,Gym,Leg day\n"
        "2026-11-04,18:30,gym,Leg day\n"
        "2026-11-04,18:30,GYM,LEG DAY\n"
        "2026-11-04,18:30,weights,Leg day\n"
    )
    ids = [r["id"] for r in rows_of(read(write(tmp_path, text)))]
    assert len(set(ids)) == 1
    wall = "2026-11-04T18:30:00"
    assert ids[0] == time_ordered_id(datetime.fromisoformat(wall), wall, "fitness", "leg day")
    as_if_utc = datetime.fromisoformat(wall + "+00:00")
    assert ids[0].startswith(f"{int(as_if_utc.timestamp()) // 60:08x}")
    again = [r["id"] for r in rows_of(read(write(tmp_path, text, name="copy.csv")))]
    assert again == ids


def test_ids_differ_for_different_activities(tmp_path: Path) -> None:
    text = (
        "date,time,kind,title\n"
        "2026-11-04,18:30,gym,Leg day\n"
        "2026-11-04,18:31,gym,Leg day\n"
        "2026-11-04,18:30,museum,Leg day\n"
        "2026-11-04,18:30,gym,Arm day\n"
    )
    ids = [r["id"] for r in rows_of(read(write(tmp_path, text)))]
    assert len(set(ids)) == 4


# Bad rows: each one RowError with row, column and the exact message


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("2026-11-04,spelunking,Cave,,,,", "kind", f"unknown kind 'spelunking' ({KINDS_HINT})"),
        ("2026-11-04,,Cave,,,,", "kind", f"the kind is empty ({KINDS_HINT})"),
        (
            "2026-13-01,gym,Legs,,,,",
            "date",
            "'2026-13-01' is not a date (use YYYY-MM-DD, YYYY-MM-DD HH:MM or DD.MM.YYYY)",
        ),
        (
            "11/04/2026,gym,Legs,,,,",
            "date",
            "'11/04/2026' is not a date (use YYYY-MM-DD, YYYY-MM-DD HH:MM or DD.MM.YYYY)",
        ),
        (
            "0001-01-01,gym,Legs,00:00,,,",
            "date",
            "'0001-01-01' is out of range (use a year from 1971 to 2999)",
        ),
        (",gym,Legs,,,,", "date", "the date is empty (use YYYY-MM-DD)"),
        ("2026-11-04,gym,,,,,", "title", "the title is empty (say what you did)"),
        ("2026-11-04,gym,Legs,25:00,,,", "time", "'25:00' is not a time (use HH:MM, e.g. 18:30)"),
        ("2026-11-04,gym,Legs,late,,,", "time", "'late' is not a time (use HH:MM, e.g. 18:30)"),
        (
            "2026-11-04,gym,Legs,,0,,",
            "mood",
            "mood '0' is out of range (use a whole number 1 to 5)",
        ),
        (
            "2026-11-04,gym,Legs,,6,,",
            "mood",
            "mood '6' is out of range (use a whole number 1 to 5)",
        ),
        (
            "2026-11-04,gym,Legs,,4.5,,",
            "mood",
            "mood '4.5' is out of range (use a whole number 1 to 5)",
        ),
        ("2026-11-04,gym,Legs,,,maybe,", "share", "share 'maybe' is not yes or no"),
        (
            "2026-11-04,trip,Away,,,,2026-11-03",
            "end",
            "the end '2026-11-03' is before the start",
        ),
        (
            "2026-11-04,trip,Away,18:00,,,2026-11-04 17:59",
            "end",
            "the end '2026-11-04 17:59' is before the start",
        ),
        (
            "2026-11-04,trip,Away,,,,soon",
            "end",
            "'soon' is not a date (use YYYY-MM-DD, YYYY-MM-DD HH:MM or DD.MM.YYYY)",
        ),
    ],
)
def test_bad_cell_is_a_row_error(tmp_path: Path, cells: str, column: str, message: str) -> None:
    path = write(tmp_path, f"date,kind,title,time,mood,share,end\n2026-11-01,gym,Fine\n{cells}\n")
    result = read(path)
    assert len(result.rows) == 1
    assert result.errors == [RowError(3, column, message)]
    assert result.errors[0].describe(path) == f"{path}, row 3, column {column!r}: {message}"


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("inf", "duration", "'inf' is not a duration (minutes, or H:MM:SS)"),
        (
            "99999999999:00:00",
            "duration",
            "'99999999999:00:00' is not a duration (minutes, or H:MM:SS)",
        ),
        ("ten", "duration", "'ten' is not a duration (minutes, or H:MM:SS)"),
    ],
)
def test_bad_duration_is_a_row_error(tmp_path: Path, cells: str, column: str, message: str) -> None:
    error = only_error(tmp_path, f"date,kind,title,duration\n2026-11-04,run,Run,{cells}\n")
    assert error == RowError(2, column, message)


def test_too_many_cells_is_a_row_error(tmp_path: Path) -> None:
    error = only_error(tmp_path, "date,kind,title\n2026-11-04,gym,Legs, then core\n")
    assert error == RowError(
        2, None, "4 cells but the header has 3 (a stray delimiter? quote cells that contain one)"
    )


def test_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    text = 'date,kind,title,notes\n2026-11-04,gym,Legs,"two\nlines"\n2026-11-05,gym,Arms,,x\n'
    (error,) = read(write(tmp_path, text)).errors
    assert error.row == 3


# Bad files: one InputError line naming the file


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    assert file_error(path) == f"{path}: no such file (check the path)"


def test_a_directory(tmp_path: Path) -> None:
    assert file_error(tmp_path) == f"{tmp_path}: not a file (name a CSV file)"


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert file_error(path) == f"{path}: the file is empty (export it again)"


def test_empty_header_line(tmp_path: Path) -> None:
    path = write(tmp_path, "\n2026-11-04,gym,Legs\n")
    assert file_error(path) == (
        f"{path}: the first line (the header) is empty (put the header first)"
    )


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert file_error(path) == f"{path}: this is a binary file, not a CSV (export the log as CSV)"


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title\n2026-11-04,food,Café\n", encoding="latin-1")
    assert file_error(path) == (
        f"{path}, row 2: not UTF-8 text (byte 35 cannot be read) (save the file as UTF-8)"
    )


def test_non_utf8_in_the_first_64_kib_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(b'date,kind,title\n2026-11-04,gym,"Legs\nday"\n2026-11-05,food,Caf\xe9\n')
    assert file_error(path) == (
        f"{path}, row 3: not UTF-8 text (byte 61 cannot be read) (save the file as UTF-8)"
    )


def test_utf16_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title\n2026-11-04,gym,Legs\n", encoding="utf-16")
    assert file_error(path) == f"{path}: this is UTF-16 text (save the file as UTF-8 CSV)"


def test_a_path_the_system_refuses_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 300 + ".csv")
    assert file_error(path) == (
        f"{path}: cannot read the file: File name too long (check the path and its permissions)"
    )


def test_a_header_of_one_cell_hints_at_the_delimiter(tmp_path: Path) -> None:
    path = write(tmp_path, "date|kind|title\n2026-11-04|gym|Legs\n")
    assert file_error(path) == (
        f"{path}, row 1: unknown file layout; known formats: strava, garmin, strong, hevy,"
        " native; columns seen: date|kind|title (the header is one column: use , or ;"
        " between columns)"
    )


def test_non_utf8_after_the_first_64_kib_names_the_row(tmp_path: Path) -> None:
    good = "".join(f"2026-11-04,gym,Session number {i:05d}\n" for i in range(3000))
    path = tmp_path / "log.csv"
    path.write_bytes(("date,kind,title\n" + good).encode() + b"2026-11-05,food,Caf\xe9\n")
    assert path.stat().st_size > 64 * 1024
    assert file_error(path) == f"{path}, row 3002: not UTF-8 text here (save the file as UTF-8)"


def test_tab_separated_file(tmp_path: Path) -> None:
    path = write(tmp_path, "date\tkind\ttitle\n2026-11-04\tgym\tLegs\n")
    assert file_error(path) == (
        f"{path}, row 1: the file seems to be tab-separated (use , or ; between columns)"
    )


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [("date,kind,type,title", "kind", "type"), ("Date,Title,name,Kind", "Title", "name")],
)
def test_duplicated_header(tmp_path: Path, header: str, first: str, second: str) -> None:
    path = write(tmp_path, f"{header}\n2026-11-04,gym,gym,Legs\n")
    meaning = "kind" if first == "kind" else "title"
    assert file_error(path) == (
        f"{path}, row 1, column {second!r}: duplicated column: {first!r} and {second!r} both"
        f" mean {meaning!r} (keep one of them)"
    )


def test_missing_required_column_with_native_format(tmp_path: Path) -> None:
    path = write(tmp_path, "date,title,mood\n2026-11-04,Legs,4\n")
    with pytest.raises(InputError) as caught:
        read_activities(path, ReadOptions(BERLIN), "native")
    assert str(caught.value) == (
        f"{path}, row 1: missing required column 'kind' (the header needs date, kind and title)"
    )


def test_missing_required_column_when_detecting(tmp_path: Path) -> None:
    path = write(tmp_path, "date,title,mood\n2026-11-04,Legs,4\n")
    message = file_error(path)
    assert message == (
        f"{path}, row 1: missing required column 'kind' (the header needs date, kind and title)"
    )


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"date,kind,title\n")
        f.truncate(100_000_000)
    assert file_error(path) == (
        f"{path}: the file is 100 MB, over the 100 MB limit"
        " (split it, or raise the limit with --max-mb)"
    )


def test_size_limit_can_be_lowered(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title\n" + "2026-11-04,gym,Legs\n" * 200)
    assert len(read(path, max_bytes=1_000_000).rows) == 200
    assert file_error(path, max_bytes=2_000).startswith(f"{path}: the file is 0 MB, over the")


def test_a_huge_field_is_a_parse_error(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title\n2026-11-04,gym," + "x" * 200_000 + "\n")
    assert file_error(path) == (
        f"{path}, row 2: cannot parse the CSV: field larger than field limit (131072)"
        " (check the quoting)"
    )


# Property: any CSV text gives a result or a PlannerError, never anything else.

KNOWN_HEADERS = sorted({alias for aliases in ALIASES.values() for alias in aliases})
JUNK = st.text(alphabet=string.ascii_letters + " _-#\"';,\t", max_size=8)
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "2026-11-04",
            "2026-03-29",
            "2026-10-25 02:30",
            "2026-11-04T18:30+01:00",
            "20261104",
            "0001-01-01",
            "9999-12-31",
            "18:30",
            "7:05",
            "25:00",
            "18:30Z",
            "gym",
            "Trail Run",
            "dating",
            "spelunking",
            "1",
            "3",
            "5",
            "6",
            "yes",
            "No",
            "~nobody-xyz/a.jpg",
            "photos/a.jpg",
            "https://example.org/a.jpg",
            "inf",
            "nan",
            "-1",
            "1e309",
            "1:02:03",
            "1:2:3:4",
            "#a, b;c",
            '"',
            '""',
            "a,b",
            "a;b",
            "line\nbreak",
            "\r",
            "=1+1",
            "Café ☕ 💪",
        ]
    ),
)


def _quote(cell: str, delimiter: str, quote_all: bool) -> str:
    if quote_all or any(c in cell for c in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def csv_texts(draw: st.DrawFn) -> tuple[str, bool]:
    header = draw(st.lists(st.one_of(st.sampled_from(KNOWN_HEADERS), JUNK), max_size=9))
    if draw(st.booleans()):
        header = ["date", "kind", "title", *header]
    delimiter = draw(st.sampled_from([",", ";"]))
    quote = draw(st.sampled_from(["never", "needed", "all"]))
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 2), max_size=6))
    lines = []
    for cells in [header, *rows]:
        if quote == "never":
            lines.append(delimiter.join(cells))
        else:
            lines.append(delimiter.join(_quote(c, delimiter, quote == "all") for c in cells))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline])), draw(st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_any_csv_text_reads_or_raises_a_planner_error(case: tuple[str, bool]) -> None:
    text, bom = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
        try:
            result = read(path)
        except PlannerError:
            return
    for row in rows_of(result):
        start = datetime.fromisoformat(row["start"])
        assert start.utcoffset() == timedelta(0)
        if row["end"] is not None:
            assert datetime.fromisoformat(row["end"]) >= start
        assert row["category"] in CATEGORIES
        assert len(row["id"]) == 16
        assert row["mood"] in (None, 1, 2, 3, 4, 5)
        assert row["share"] in (0, 1)
    for error in result.errors:
        assert error.row >= 2


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 12, 31)))
def test_fast_ids_equal_time_ordered_id(tmp_path: Path, moment: datetime) -> None:
    path = tmp_path / "one.csv"
    path.write_text(f"date,time,kind,title\n{moment:%Y-%m-%d},{moment:%H:%M},gym,Legs\n")
    (row,) = read_activities(path, ReadOptions(ZoneInfo("Europe/Berlin"))).rows
    wall = f"{moment:%Y-%m-%dT%H:%M}:00"
    assert row[0] == time_ordered_id(datetime.fromisoformat(wall), wall, "fitness", "legs")


def test_ids_do_not_change_with_the_zone_the_file_is_read_in(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,time,kind,title\n"
        "2026-11-04,18:30,gym,Leg day\n"
        "2026-03-29,02:30,run,In the DST gap\n"
        "2026-11-05,,yoga,No time\n"
        "2026-11-06 07:15,,walk,Datetime in the date column\n",
    )
    berlin = read_activities(path, ReadOptions(ZoneInfo("Europe/Berlin"))).rows
    lisbon = read_activities(path, ReadOptions(ZoneInfo("Europe/Lisbon"))).rows
    assert [r[0] for r in berlin] == [r[0] for r in lisbon]
    assert [r[1] for r in berlin] != [r[1] for r in lisbon]  # the stored UTC starts differ


def test_a_start_written_with_an_offset_keeps_its_id_in_any_zone(tmp_path: Path) -> None:
    path = write(tmp_path, "date,kind,title\n2026-11-04T18:30+01:00,gym,Legs\n")
    (berlin,) = read_activities(path, ReadOptions(ZoneInfo("Europe/Berlin"))).rows
    (tokyo,) = read_activities(path, ReadOptions(ZoneInfo("Asia/Tokyo"))).rows
    assert berlin[0] == tokyo[0]
    assert berlin[1] == tokyo[1] == "2026-11-04T17:30:00+00:00"
    wall = "2026-11-04T18:30:00+01:00"
    assert berlin[0] == time_ordered_id(datetime.fromisoformat(wall), wall, "fitness", "legs")


@pytest.mark.parametrize(
    ("cells", "column", "value"),
    [
        ("9999-12-30,,gym,Typo", "date", "9999-12-30"),
        ("0001-01-01,,gym,Typo", "date", "0001-01-01"),
        ("1900-05-01 10:00,,gym,Typo", "date", "1900-05-01 10:00"),
        ("2026-11-04,3026-11-05,gym,Typo", "end", "3026-11-05"),
    ],
)
def test_a_year_no_activity_log_holds_is_a_row_error(
    tmp_path: Path, cells: str, column: str, value: str
) -> None:
    result = read(write(tmp_path, f"date,end,kind,title\n{cells}\n2026-11-04,,run,Fine\n"))
    assert len(result.rows) == 1
    (error,) = result.errors
    assert (error.row, error.column) == (2, column)
    assert error.message == f"{value!r} is out of range (use a year from 1971 to 2999)"


def test_a_european_spreadsheets_day_first_dates_are_read(tmp_path: Path) -> None:
    text = (
        "date;end;kind;title\n"
        "20.11.2026;;gym;Legs\n"
        "2026-11-20;;gym;Legs\n"  # the same activity written the ISO way: one id
        "1.12.2026 18:30;2.12.2026;trip;Away\n"
    )
    rows = rows_of(read(write(tmp_path, text)))
    assert rows[0]["id"] == rows[1]["id"]
    assert rows[0]["start"] == "2026-11-20T11:00:00+00:00"  # 12:00 in Berlin
    assert rows[2]["start"] == "2026-12-01T17:30:00+00:00"
    assert rows[2]["end"] == "2026-12-02T22:59:59+00:00"
