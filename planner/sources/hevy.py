"""Hevy workout export: one row per set, one activity per workout.

Detected by its header: ``exercise_title`` and ``start_time``. The header is ``"title",
"start_time","end_time","description","exercise_title","superset_id","exercise_notes",
"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"``; imperial
users get ``weight_lbs`` and ``distance_miles`` instead (miles are converted to km, and the
summary says so).

Edges: ``start_time`` and ``end_time`` ("7 Apr 2026, 10:14") are local time, read in the
user's zone; the duration is end minus start, and an end before the start is an error. The
workout's ``description`` becomes its notes (its own words only: lines with heart rate,
calories or weights are dropped); exercise notes, weights, reps and RPE are never read.
``set_type`` (normal, warmup, dropset, failure) does not matter.
"""

from __future__ import annotations

from datetime import datetime

from planner.sources.common import BadCell, CsvHead, ReadOptions, RowError, SourceResult
from planner.sources.tabular import (
    LocalTimes,
    find_column,
    header_keys,
    is_missing,
    missing_column,
    parse_number,
    read_table,
)
from planner.sources.titles import KM_PER_MILE, own_words
from planner.sources.workouts import WorkoutCollector

NAME = "hevy"

COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "start": ("start_time",),
    "end": ("end_time",),
    "description": ("description",),
    "exercise": ("exercise_title",),
}
REQUIRED = ("start", "exercise")
DATE_FORMATS = ("%d %b %Y, %H:%M", "%d %b %Y, %H:%M:%S", "%b %d, %Y, %I:%M %p", "%d %B %Y, %H:%M")
DATE_EXAMPLE = "7 Apr 2026, 10:14"


def matches(header: list[str]) -> bool:
    """True for a header with exercise_title and start_time."""
    keys = set(header_keys(header))
    return {"exercise_title", "start_time"} <= keys


def read(head: CsvHead, options: ReadOptions) -> SourceResult:
    """Fold the sets into workouts; a bad start, end or distance is a RowError."""
    keys = header_keys(head.header)
    columns: dict[str, int | None] = {f: find_column(keys, n) for f, n in COLUMNS.items()}
    for field in REQUIRED:
        if columns[field] is None:
            raise missing_column(head, "Hevy", [COLUMNS[field][0]])
    miles = find_column(keys, ("distance_miles",))
    columns["distance"] = miles if miles is not None else find_column(keys, ("distance_km",))
    km_per_unit = KM_PER_MILE if miles is not None else 1.0
    imperial = miles is not None or "weight_lbs" in keys
    times = LocalTimes(options.tz, DATE_FORMATS)
    table = read_table(head, columns)
    cells = table.cells
    collector = WorkoutCollector(NAME, "imperial" if imperial else options.units)
    result = SourceResult(format=NAME)
    if imperial:
        result.notes.append("units: imperial (lbs, miles); distances converted to km")
    for i, row in enumerate(table.rows):
        try:
            start = _time(times, cells["start"][i], "start_time")
            end_text = cells["end"][i]
            end = _time(times, end_text, "end_time") if end_text else None
        except BadCell as bad:
            result.errors.append(RowError(row, bad.field, bad.message))
            continue
        if end is not None and end < start:
            result.errors.append(
                RowError(row, "end_time", f"the end {end_text!r} is before the start")
            )
            continue
        exercise = cells["exercise"][i]
        if not exercise:
            result.errors.append(RowError(row, "exercise_title", "the exercise is empty"))
            continue
        distance_text = cells["distance"][i]
        distance = 0.0
        if not is_missing(distance_text):
            try:
                distance = parse_number(distance_text) * km_per_unit
            except ValueError:
                column = "distance_miles" if miles is not None else "distance_km"
                result.errors.append(RowError(row, column, f"{distance_text!r} is not a number"))
                continue
        start_text = cells["start"][i]
        workout = collector.add(
            row, start, cells["title"][i], exercise, times.wall_text(start_text)
        )
        workout.distance_km += distance
        if workout.end is None and end is not None:
            workout.end = end
            seconds = int(
                (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
            )
            workout.duration_s = seconds or None
        if not workout.notes and cells["description"][i]:
            workout.notes = own_words(cells["description"][i])
    result.rows = collector.store_rows()
    return result


def _time(times: LocalTimes, text: str, column: str) -> str:
    if not text:
        raise BadCell(column, f"the {column} is empty")
    try:
        return times.utc_text(text)
    except ValueError:
        raise BadCell(
            column, f"{text!r} is not a date (Hevy writes e.g. {DATE_EXAMPLE!r})"
        ) from None
