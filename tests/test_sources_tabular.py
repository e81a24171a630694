"""The helpers app-export readers share: header keys, numbers, durations, titles, summaries."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.sources.tabular import (
    LocalTimes,
    find_column,
    header_key,
    header_keys,
    parse_duration,
    parse_number,
    utc_texts,
)
from planner.sources.titles import caption_title, format_duration, is_app_default, noun_for
from planner.sources.workouts import exercise_label, summary


def test_header_key_strips_html_and_case() -> None:
    cell = (
        '<span class="translation_missing" title="translation missing: de.lib.export.'
        'portability_exporter.activities.horton_values.media">Media</span>'
    )
    assert header_key(cell) == "media"
    assert header_key("  Activity&nbsp;ID ") == "activity id"
    assert header_key("\ufeffActivity  Date") == "activity date"


def test_find_column_by_name_and_occurrence() -> None:
    keys = header_keys(["Activity ID", "Distance", "Elapsed Time", "Distance", "Distanz"])
    assert find_column(keys, ("distance",)) == 1
    assert find_column(keys, ("distance",), 2) == 3
    assert find_column(keys, ("distance",), 3) is None
    assert find_column(keys, ("distanz", "distance")) == 4


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("32.85", ".", 32.85),
        ("1,500", ".", 1500.0),
        ("6,060", ".", 6060.0),
        ("1,234.5", ".", 1234.5),
        ("2,81", ",", 2.81),
        ("1.500", ",", 1500.0),
        ("1.234,5", ",", 1234.5),
        ("32851.9", ",", 32851.9),
        ("62,5", ",", 62.5),
        ("1 204,5", ",", 1204.5),
        ("7\u00a0820", ",", 7820.0),
        ("-3", ".", -3.0),
        ("1,5", ".", 1.5),
    ],
)
def test_parse_number(text: str, decimal: str, value: float) -> None:
    assert parse_number(text, decimal) == value


@pytest.mark.parametrize("text", ["", "ten", "1.2.3,4,5", "nan", "inf", "1,2,3"])
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3631", 3631),
        ("3631.0", 3631),
        ("00:38:13", 2293),
        ("01:09:32", 4172),
        ("00:09:08.2", 548),
        ("38:13", 2293),
        ("1h 7m", 4020),
        ("58m", 3480),
        ("1h", 3600),
        ("45s", 45),
        ("46:05:00", 165900),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "an hour",
        "1:2:3:4",
        "-5",
        "5 parsecs",
        "1h fast",
        "00:00:1e400",
        "1e400s",
        "99999999999999999999999",
        "9999999999:00:00",
    ],
)
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_local_times_read_in_the_zone_and_cache() -> None:
    times = LocalTimes(ZoneInfo("Europe/Berlin"), ("%d %b %Y, %H:%M",))
    assert times.utc_text("7 Apr 2026, 10:14") == "2026-04-07T08:14:00+00:00"
    assert times.utc_text("2026-01-07 10:14:00") == "2026-01-07T09:14:00+00:00"
    assert times.utc_text("2026-01-07T10:14:00+05:00") == "2026-01-07T05:14:00+00:00"
    assert len(times.cache) == 3
    with pytest.raises(ValueError):
        times.utc_text("yesterday")


def test_local_times_on_the_dst_fold_take_the_earlier_offset() -> None:
    times = LocalTimes(ZoneInfo("Europe/Berlin"), ())
    assert times.utc_text("2026-10-25 02:30:00") == "2026-10-25T00:30:00+00:00"


def test_local_times_in_the_spring_gap_read_as_after_the_change() -> None:
    times = LocalTimes(ZoneInfo("Europe/Berlin"), ())
    assert times.utc_text("2026-03-29 02:30:00") == "2026-03-29T01:30:00+00:00"


@pytest.mark.parametrize(
    ("zone", "text"),
    [
        ("Europe/Berlin", "0001-01-01 00:30:00"),
        ("America/New_York", "9999-12-31 23:30:00"),
        ("UTC", "0001-01-01T00:00:00+01:00"),
    ],
)
def test_local_times_out_of_range_are_not_dates(zone: str, text: str) -> None:
    with pytest.raises(ValueError):
        LocalTimes(ZoneInfo(zone), ()).utc_text(text)


def test_utc_texts_out_of_range_is_none() -> None:
    assert utc_texts(["0001-01-01T00:00:00+01:00"], ()) == [None]


def test_utc_texts_vectorised_with_fallbacks() -> None:
    formats = ("%b %d, %Y, %I:%M:%S %p", "%d.%m.%Y, %H:%M:%S")
    values = [
        "Oct 6, 2022, 11:19:20 PM",
        "",
        "09.12.2022, 15:24:49",
        "soon",
        "Jan 1, 2026, 12:00:01 AM",
    ]
    assert utc_texts(values, formats) == [
        "2022-10-06T23:19:20+00:00",
        None,
        "2022-12-09T15:24:49+00:00",
        None,
        "2026-01-01T00:00:01+00:00",
    ]
    assert datetime.fromisoformat(str(utc_texts(values, formats)[0])).tzinfo == UTC


@pytest.mark.parametrize(
    ("title", "kinds", "generic"),
    [
        ("Morning Run", ("Run",), True),
        ("Afternoon Ride", ("Ride",), True),
        ("Evening workout 🏋️", ("workout",), True),
        ("Morning workout ☀️", ("workout",), True),
        ("Night Virtual Ride", ("Virtual Ride",), True),
        ("Lunch Weight Training", ("Weight Training",), True),
        ("Lauf am Nachmittag", ("Run", "Lauf"), True),
        ("Abendradfahrt", ("Ride", "Radfahrt"), True),
        ("", ("Run",), True),
        ("Morning coffee with Ana", ("Ride",), False),
        ("Feierabendrunde am See", ("Ride", "Radfahrt"), False),
        ("Abendessen", ("Ride", "Radfahrt"), False),
        ("Zwift - Foundation", ("Virtual Ride",), True),  # Zwift names it, not the user
        ("Zwift - Foundation on Tempus Fugit in Watopia", ("Virtual Ride",), True),
        ("Zwift ride with Tom", ("Virtual Ride",), False),
        ("Parkrun with the club", ("Run",), False),
    ],
)
def test_is_app_default(title: str, kinds: tuple[str, ...], generic: bool) -> None:
    assert is_app_default(title, kinds) is generic


@pytest.mark.parametrize(
    ("title", "kind", "km", "seconds", "expected"),
    [
        ("Morning Run", "Run", 10.2, 3000, "10.2 km run"),
        ("Morning Run", "Run", 10.0, 3000, "10 km run"),
        ("Morning Swim", "Swim", 1.85, 2100, "1850 m swim"),
        ("Afternoon Yoga", "Yoga", None, 3600, "60 min yoga session"),
        ("Evening Ride", "Ride", None, 9000, "2 h 30 min ride"),
        ("Morning Kayaking", "Kayaking", None, None, "Kayaking session"),
        ("  My   long run ", "Run", 30.0, 9000, "My long run"),
    ],
)
def test_caption_title(
    title: str, kind: str, km: float | None, seconds: int | None, expected: str
) -> None:
    assert caption_title(title, kind, km, seconds) == expected


def test_nouns_and_durations() -> None:
    assert noun_for("Weight Training") == "strength workout"
    assert noun_for("Virtual Ride") == "indoor ride"
    assert noun_for("Golf") == "golf session"
    assert [format_duration(s) for s in (20, 2700, 4020, 7200, 7500)] == [
        "1 min",
        "45 min",
        "67 min",
        "2 h",
        "2 h 5 min",
    ]


def test_exercise_summary() -> None:
    assert exercise_label("Bench Press (Barbell)") == "Bench Press"
    assert exercise_label("Seated Cable Row - V Grip (Cable)") == "Seated Cable Row - V Grip"
    assert exercise_label("(Custom)") == "(Custom)"
    assert summary(["Squat", "Bench Press", "Row"]) == "Squat, Bench Press, Row"
    assert summary(["A", "B", "C", "D"]) == "A, B, C, D"
    assert summary(["A", "B", "C", "D", "E", "F"]) == "A, B, C and 3 more"
    assert summary([]) == ""
