"""Every way an app export can be wrong, and the exact message the user gets."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError, PlannerError
from planner.sources import ReadOptions, RowError, read_activities
from planner.sources.common import open_csv
from planner.store import Store

OPTIONS = ReadOptions(ZoneInfo("Europe/Berlin"))
EXPORTS = Path(__file__).parent / "fixtures" / "exports"
STRAVA = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
    "Elapsed Time,Distance\n"
)
GARMIN = "Activity Type,Date,Favorite,Title,Distance,Calories,Time\n"
STRONG = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds\n"
HEVY = "title,start_time,end_time,exercise_title,set_index,weight_kg,reps,distance_km\n"


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path, fmt: str | None = None) -> list[RowError]:
    return read_activities(path, OPTIONS, fmt).errors


def input_error(path: Path, fmt: str | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_activities(path, OPTIONS, fmt)
    return str(info.value)


def test_unknown_layout_names_formats_and_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Day,Steps,Sleep\n2026-01-01,9000,7h\n")
    assert input_error(path) == (
        f"{path}, row 1: unknown file layout; known formats: strava, garmin, strong, hevy,"
        " native; columns seen: Day, Steps, Sleep (use a native CSV with date, kind, title"
        " columns, or pass --format)"
    )


@pytest.mark.parametrize(
    ("header", "fmt", "column", "app"),
    [
        ("Activity ID,Activity Date,Activity Name\n", None, "Activity Type", "Strava"),
        ("Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität\n", None, "Activity Type", "Strava"),
        (GARMIN, "strava", "Activity Date", "Strava"),
        ("Activity Type,Favorite,Title\n", "garmin", "Date", "Garmin"),
        (STRAVA, "garmin", "Date", "Garmin"),
        ("Date,Workout Name,Set Order,Weight\n", "strong", "Exercise Name", "Strong"),
        (HEVY, "strong", "Date", "Strong"),
        ("title,end_time,exercise_title\n", "hevy", "start_time", "Hevy"),
        (STRONG, "hevy", "start_time", "Hevy"),
    ],
)
def test_missing_essential_column_names_it_and_the_format(
    tmp_path: Path, header: str, fmt: str | None, column: str, app: str
) -> None:
    path = write(tmp_path, header + "x,y,z\n")
    assert input_error(path, fmt) == (
        f"{path}, row 1: missing column {column!r} for a {app} export (export the file again"
        f" from {app}, or pass --format if this is not a {app} file)"
    )


def test_broken_quoting_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, STRAVA + '1,"Oct 6, 2022, 11:19:20 PM,Run,Run,,60,1.0\n')
    message = input_error(path)
    assert message.startswith(f"{path}, row 2: cannot parse the CSV: ")
    assert message.endswith("(check the quoting)")
    assert "\n" not in message


def test_unclosed_quote_names_the_record_it_starts_in(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STRAVA
        + '1,"Oct 6, 2022, 11:19:20 PM",Run,Run,"Two\nlines",60,1.0\n'
        + '2,"Oct 7, 2022, 11:19:20 PM",Run,Run,,60,1.0\n'
        + '3,"Oct 8, 2022, 11:19:20 PM",Run,Run,"Never closed,60,1.0\n',
    )
    assert input_error(path) == (
        f"{path}, row 4: cannot parse the CSV: a quoted cell is never closed (check the quoting)"
    )


# Strava rows


def test_strava_malformed_date_names_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STRAVA
        + '1,"Oct 6, 2022, 11:19:20 PM",Run,Run,"two\nlines",60,1.0\n'
        + "2,32 Foo 2022,Run,Run,,60,1.0\n"
        + '3,"Oct 8, 2022, 8:00:00 AM",Run,Run,,60,1.0\n',
    )
    result = read_activities(path, OPTIONS)
    assert result.errors == [
        RowError(
            3,
            "Activity Date",
            "'32 Foo 2022' is not a date (Strava writes e.g. 'Oct 6, 2022, 11:19:20 PM')",
        )
    ]
    assert len(result.rows) == 2
    assert result.errors[0].describe(path) == (
        f"{path}, row 3, column 'Activity Date': '32 Foo 2022' is not a date"
        " (Strava writes e.g. 'Oct 6, 2022, 11:19:20 PM')"
    )


def test_strava_german_malformed_date_uses_the_german_column_and_example(tmp_path: Path) -> None:
    header = "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Distanz\n"
    path = write(tmp_path, header + '1,"2022-13-45, 15:24",Lauf am Abend,Lauf,"5,2"\n')
    assert errors_of(path) == [
        RowError(
            2,
            "Aktivitätsdatum",
            "'2022-13-45, 15:24' is not a date (Strava writes e.g. '09.12.2022, 15:24:49')",
        )
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("1,,Run,Run,,60,1.0", "Activity Date", "the date is empty"),
        (
            '1,"Oct 6, 2022, 11:19:20 PM",Run,,,60,1.0',
            "Activity Type",
            "the activity type is empty",
        ),
        ('1,"Oct 6, 2022, 11:19:20 PM",Run,Run,,60,ten', "Distance", "'ten' is not a number"),
        ('1,"Oct 6, 2022, 11:19:20 PM",Run,Run,,60,-2.5', "Distance", "'-2.5' is negative"),
        (
            '1,"Oct 6, 2022, 11:19:20 PM",Run,Run,,an hour,1.0',
            "Elapsed Time",
            "'an hour' is not a time in seconds",
        ),
    ],
)
def test_strava_bad_cells(tmp_path: Path, row: str, column: str, message: str) -> None:
    path = write(tmp_path, STRAVA + row + "\n")
    assert errors_of(path) == [RowError(2, column, message)]


# Garmin rows


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "Running,18/04/2022 10:31,false,Run,5.0,300,00:30:00",
            "Date",
            "'18/04/2022 10:31' is not a date (Garmin writes e.g. '2022-04-18 10:31:59')",
        ),
        ("Running,--,false,Run,5.0,300,00:30:00", "Date", "the date is empty"),
        (
            "--,2022-04-18 10:31:59,false,Run,5.0,300,00:30:00",
            "Activity Type",
            "the activity type is empty",
        ),
        (
            "Running,2022-04-18 10:31:59,false,Run,five,300,00:30:00",
            "Distance",
            "'five' is not a number",
        ),
        (
            "Running,2022-04-18 10:31:59,false,Run,5.0,300,half an hour",
            "Time",
            "'half an hour' is not a time (Garmin writes e.g. 00:38:13)",
        ),
    ],
)
def test_garmin_bad_cells(tmp_path: Path, row: str, column: str, message: str) -> None:
    path = write(
        tmp_path, GARMIN + "Running,2022-04-17 10:00:00,false,Run,5.0,300,00:30:00\n" + row + "\n"
    )
    result = read_activities(path, OPTIONS)
    assert result.errors == [RowError(3, column, message)]
    assert len(result.rows) == 1


def test_garmin_danish_bad_date_names_the_danish_column(tmp_path: Path) -> None:
    header = "Aktivitetstype,Dato,Favorit,Titel,Distance,Kalorier,Tid\n"
    path = write(tmp_path, header + 'Løb,i går,false,Løb,"5,0",300,00:30:00\n')
    assert errors_of(path)[0].column == "Dato"


# Strong rows


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "16.02.2022 17:40,Legs,1h,Squat,1,100,5,0,0",
            "Date",
            "'16.02.2022 17:40' is not a date (Strong writes e.g. '2022-02-16 17:40:08')",
        ),
        (",Legs,1h,Squat,1,100,5,0,0", "Date", "the date is empty"),
        ("2022-02-16 17:40:08,Legs,1h,,1,100,5,0,0", "Exercise Name", "the exercise name is empty"),
        (
            "2022-02-16 17:40:08,Legs,an hour,Squat,1,100,5,0,0",
            "Duration",
            "'an hour' is not a duration",
        ),
        ("2022-02-16 17:40:08,Legs,1h,Run,1,0,0,far,0", "Distance", "'far' is not a number"),
    ],
)
def test_strong_bad_cells(tmp_path: Path, row: str, column: str, message: str) -> None:
    path = write(tmp_path, STRONG + row + "\n")
    assert errors_of(path) == [RowError(2, column, message)]


def test_strong_semicolon_file_row_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)"\n'
        '"2024-01-02 07:05:00";"A";"3600";"Squat";"W";"40"\n'
        '"2024-01-02 07:05:00";"A";"3600";"Squat";"F";"62,5"\n'
        '"2024-02-30 07:05:00";"A";"3600";"Squat";"1";"62,5"\n',
    )
    result = read_activities(path, OPTIONS)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Date")]
    assert len(result.rows) == 1


# Hevy rows

GOOD_HEVY = 'A,"7 Apr 2026, 10:14","7 Apr 2026, 11:14",Squat,0,100,5,\n'


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            'A,2026/04/07 10:14,"7 Apr 2026, 11:14",Squat,0,100,5,',
            "start_time",
            "'2026/04/07 10:14' is not a date (Hevy writes e.g. '7 Apr 2026, 10:14')",
        ),
        ('A,,"7 Apr 2026, 11:14",Squat,0,100,5,', "start_time", "the start_time is empty"),
        (
            'A,"7 Apr 2026, 10:14",soon,Squat,0,100,5,',
            "end_time",
            "'soon' is not a date (Hevy writes e.g. '7 Apr 2026, 10:14')",
        ),
        (
            'A,"7 Apr 2026, 10:14","7 Apr 2026, 09:14",Squat,0,100,5,',
            "end_time",
            "the end '7 Apr 2026, 09:14' is before the start",
        ),
        (
            'A,"7 Apr 2026, 10:14","7 Apr 2026, 11:14",,0,100,5,',
            "exercise_title",
            "the exercise is empty",
        ),
        (
            'A,"7 Apr 2026, 10:14","7 Apr 2026, 11:14",Run,0,,,1 km',
            "distance_km",
            "'1 km' is not a number",
        ),
    ],
)
def test_hevy_bad_cells(tmp_path: Path, row: str, column: str, message: str) -> None:
    path = write(tmp_path, HEVY + GOOD_HEVY + row + "\n")
    result = read_activities(path, OPTIONS)
    assert result.errors == [RowError(3, column, message)]
    assert len(result.rows) == 1


def test_hevy_imperial_bad_distance_names_the_miles_column(tmp_path: Path) -> None:
    header = "title,start_time,end_time,exercise_title,weight_lbs,reps,distance_miles\n"
    path = write(tmp_path, header + 'A,"7 Apr 2026, 10:14","7 Apr 2026, 11:14",Run,,,two\n')
    assert errors_of(path) == [RowError(2, "distance_miles", "'two' is not a number")]


def test_a_real_export_with_one_broken_row_keeps_the_others(tmp_path: Path) -> None:
    lines = (EXPORTS / "garmin" / "Activities.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace("2026-04-20 10:04:50", "2026-04-20 25:04:50")
    path = write(tmp_path, "\n".join(lines) + "\n", "Activities.csv")
    result = read_activities(path, OPTIONS)
    assert [(e.row, e.column) for e in result.errors] == [(6, "Date")]
    assert len(result.rows) == 159


# Mutated real exports: whatever the damage, a PlannerError or rows the store takes

JUNK_CELLS = (
    "",
    "--",
    "nan",
    "inf",
    "1e400",
    "-5",
    "99999999999999999999999",
    "00:00:1e400",
    "12:99:99",
    "1:2:3:4",
    "1h 2x",
    "1 500",
    "1.2.3",
    ",",
    "0001-01-01 00:00:00",
    "9999-12-31 23:59:59",
    "1 Jan 0001, 00:00",
    "31 Dec 9999, 23:59",
    "Jan 1, 0001, 12:00:00 AM",
    "2026-03-29 02:30:00",
    "../x.jpg",
    "Swim",
)
_CELL = st.one_of(
    st.sampled_from(JUNK_CELLS),
    st.sampled_from(JUNK_CELLS),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12),
)
_ZONES = ("Europe/Berlin", "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago")


def _fixture_records(path: Path) -> tuple[list[str], list[list[str]], str]:
    head = open_csv(path)
    with path.open(encoding=head.encoding, newline="") as f:
        records = list(csv.reader(f, delimiter=head.delimiter))
    return records[0], records[1:7], head.delimiter


_READ_WORDS = re.compile(
    r"date|dato|datum|time|tid|distan|duration|media|type|typ|art|title|titel|name|namn|exercise",
    re.I,
)


def _read_columns(header: list[str]) -> list[int]:
    """The columns a reader looks at (mostly), so junk lands where it matters."""
    return [i for i, cell in enumerate(header) if _READ_WORDS.search(cell)]


def _mutated(data: st.DataObject, path: Path) -> tuple[str, str]:
    header, records, delimiter = _fixture_records(path)
    header = list(header)
    records = [list(r) for r in records[: data.draw(st.integers(0, len(records)))]]
    actions = ("junk", "junk", "junk", "truncate row", "swap cells", "swap columns")
    for _ in range(data.draw(st.integers(0, 8))):
        action = data.draw(st.sampled_from(actions))
        if action == "swap columns":
            i, j = (data.draw(st.integers(0, len(header) - 1)) for _ in range(2))
            header[i], header[j] = header[j], header[i]
            continue
        if not records:
            continue
        record = records[data.draw(st.integers(0, len(records) - 1))]
        if not record:
            continue
        read = [i for i in _read_columns(header) if i < len(record)]
        k = data.draw(st.sampled_from(read) if read else st.integers(0, len(record) - 1))
        if action == "junk":
            record[k] = data.draw(_CELL)
        elif action == "truncate row":
            del record[k:]
        else:
            j = data.draw(st.integers(0, len(record) - 1))
            record[k], record[j] = record[j], record[k]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    text = out.getvalue()
    if data.draw(st.booleans()):
        text = text[: data.draw(st.integers(len(text) // 2, len(text)))]
    return text, delimiter


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Store]]:
    """One folder and one store for all the examples. A store each made the test wait on
    the disk (create, migrate, close: tens of ms an example); a shared one still checks every
    row, since SQLite checks NOT NULL and CHECK before it skips an id already stored."""
    folder = tmp_path_factory.mktemp("mutated")
    with Store(folder / "p.db") as store:
        yield folder, store


@pytest.mark.parametrize("fmt", ["strava", "garmin", "strong", "hevy"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_exports_raise_only_planner_errors(
    fmt: str, data: st.DataObject, scratch: tuple[Path, Store]
) -> None:
    folder, store = scratch
    source = data.draw(st.sampled_from(sorted((EXPORTS / fmt).rglob("*.csv"))))
    text, _ = _mutated(data, source)
    options = ReadOptions(
        ZoneInfo(data.draw(st.sampled_from(_ZONES))),
        data.draw(st.sampled_from(("metric", "imperial"))),
    )
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    try:
        result = read_activities(path, options, data.draw(st.sampled_from((None, fmt))))
    except PlannerError:
        return
    for error in result.errors:
        assert "\n" not in error.describe(path)
    store.import_rows(result.rows)
