"""Strong workout export: one row per set, one activity per workout.

Detected by its header: ``Exercise Name`` with ``Set Order`` or ``Workout Name``. All five
layouts are read, each column found by name:

- Android, ``;``: ``Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;
  Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration`` ("58m", "1h 7m")
- iOS, ``,``, 12 columns: ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE``; iOS 2026: the same without the notes columns
- Strong 6.x, ``;``, every field quoted, units in headers: ``"Duration (sec)"``,
  ``"Weight (kg)"``, ``"Distance (meters)"``; decimal commas
- 2016, ``,``, with ``kg``/``lbs`` and ``km``/``mi`` as column names

Edges: ``Date`` is local time (the workout's start) shared by all its sets. ``Set Order`` may
be a number or ``W``, ``D``, ``F``, ``WARM_UP``, ``FAILURE``: any value is accepted, since only
the exercise matters. "Rest Timer" rows are skipped. A bare ``Distance`` with no unit column
is read in the user's units (km unless ``--units imperial``); the decimal mark comes from the
file's own distances. Weights are never read, and neither are ``Notes`` and ``Workout
Notes``: they are a private training log (they name people), not captions.
"""

from __future__ import annotations

from planner.sources.common import CsvHead, ReadOptions, RowError, SourceResult
from planner.sources.tabular import (
    LocalTimes,
    display_name,
    find_column,
    header_keys,
    is_missing,
    missing_column,
    parse_duration,
    parse_number,
    read_table,
)
from planner.sources.titles import KM_PER_MILE
from planner.sources.workouts import WorkoutCollector

NAME = "strong"

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date",),
    "name": ("workout name",),
    "exercise": ("exercise name",),
    "set_order": ("set order",),
    "duration": ("duration", "workout duration", "duration (sec)", "duration (s)"),
    "distance_unit": ("distance unit",),
}
REQUIRED = ("date", "exercise")
#: Distance column names and the km in one unit of each (None: the row's unit, or --units).
DISTANCE_COLUMNS: tuple[tuple[str, float | None], ...] = (
    ("distance", None),
    ("distance (km)", 1.0),
    ("km", 1.0),
    ("distance (meters)", 0.001),
    ("distance (m)", 0.001),
    ("distance (mi)", KM_PER_MILE),
    ("distance (miles)", KM_PER_MILE),
    ("mi", KM_PER_MILE),
    ("miles", KM_PER_MILE),
)
UNIT_KM = {"km": 1.0, "m": 0.001, "mi": KM_PER_MILE, "miles": KM_PER_MILE, "ft": 0.0003048}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
REST = "rest timer"


def matches(header: list[str]) -> bool:
    """True for a header with Date and Exercise Name, and Set Order or Workout Name."""
    keys = set(header_keys(header))
    return {"date", "exercise name"} <= keys and bool({"set order", "workout name"} & keys)


def read(head: CsvHead, options: ReadOptions) -> SourceResult:
    """Fold the sets into workouts; a bad date, duration or distance is a RowError."""
    keys = header_keys(head.header)
    columns: dict[str, int | None] = {f: find_column(keys, n) for f, n in COLUMNS.items()}
    for field in REQUIRED:
        if columns[field] is None:
            raise missing_column(head, "Strong", [COLUMNS[field][0].title()])
    scale: float | None = None
    columns["distance"] = None
    for name, km in DISTANCE_COLUMNS:
        index = find_column(keys, (name,))
        if index is not None:
            columns["distance"], scale = index, km
            break
    default_km = KM_PER_MILE if options.units == "imperial" else 1.0
    label = {f: display_name(head, i) for f, i in columns.items() if i is not None}
    times = LocalTimes(options.tz, DATE_FORMATS)
    table = read_table(head, columns)
    cells = table.cells
    decimal = _decimal_mark(cells.get("distance") or [], head.delimiter)
    collector = WorkoutCollector(NAME, options.units)
    result = SourceResult(format=NAME)
    unitless_distance = False
    for i, row in enumerate(table.rows):
        exercise, order = cells["exercise"][i], cells["set_order"][i]
        if exercise.casefold() == REST or order.casefold() == REST:
            continue
        date_text = cells["date"][i]
        try:
            start = times.utc_text(date_text)
        except ValueError:
            problem = (
                "the date is empty"
                if not date_text
                else f"{date_text!r} is not a date (Strong writes e.g. '2022-02-16 17:40:08')"
            )
            result.errors.append(RowError(row, label["date"], problem))
            continue
        if not exercise:
            result.errors.append(RowError(row, label["exercise"], "the exercise name is empty"))
            continue
        duration_text, distance_text = cells["duration"][i], cells["distance"][i]
        try:
            duration = None if is_missing(duration_text) else parse_duration(duration_text)
        except ValueError:
            result.errors.append(
                RowError(row, label["duration"], f"{duration_text!r} is not a duration")
            )
            continue
        distance = 0.0
        if not is_missing(distance_text):
            try:
                value = parse_number(distance_text, decimal)
            except ValueError:
                result.errors.append(
                    RowError(row, label["distance"], f"{distance_text!r} is not a number")
                )
                continue
            km = scale
            if km is None:
                unit = cells["distance_unit"][i].casefold()
                km = UNIT_KM.get(unit, default_km)
                unitless_distance = unitless_distance or (unit not in UNIT_KM and value > 0)
            distance = value * km
        workout = collector.add(row, start, cells["name"][i], exercise, times.wall_text(date_text))
        if workout.duration_s is None and duration:
            workout.duration_s = duration
        workout.distance_km += distance
    result.rows = collector.store_rows()
    if unitless_distance:
        result.notes.append(
            f"units: distances read as {'miles' if default_km != 1.0 else 'km'}"
            " (this Strong export does not say; pass --units to change)"
        )
    return result


def _decimal_mark(values: list[str], delimiter: str) -> str:
    """The file's decimal mark, from its own numbers: "1.609" means ".", "1,6" means ","; with
    no such number, "," for ";"-separated files (European locale) and "." otherwise."""
    dots = any("." in v for v in values if v)
    commas = any("," in v for v in values if v)
    if dots != commas:
        return "." if dots else ","
    return "," if delimiter == ";" else "."
