"""Garmin Connect activity list export ``Activities.csv``.

Detected by its header: activity type, date and favorite columns, in English (``Activity
Type,Date,Favorite,Title``), Danish (``Aktivitetstype,Dato,Favorit,Titel``) or Swedish
(``Aktivitetstyp,Datum,Favorit,Namn``). The column set varies with the activity types in the
list (21 to 50 columns), so every column is found by name.

Edges: ``Date`` is local time with no offset, read in the user's zone. ``--`` means missing.
Numbers may carry thousands separators ("6,060"); Danish and Swedish files write decimal
commas. The file does not say its units: distances are read as km unless the user says
``--units imperial`` (miles); pool swims are metres (yards when imperial). The summary notes
which units were assumed. The id hashes the start as written (not the title, which the user
may change, nor the zone it is read in), so a later export that overlaps adds only new
activities; a second activity at the same start in one file adds its title to the hash. A
default title ("Louisville Running", "Strength") becomes a caption title ("6.7 km run"); the
city in it is not kept as a location. Calories and heart rate are never read.
"""

from __future__ import annotations

from planner.models import ActivityRow, stable_id
from planner.sources.categories import category_for
from planner.sources.common import BadCell, CsvHead, ReadOptions, RowError, SourceResult
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
from planner.sources.titles import KM_PER_MILE, caption_title, is_app_default

NAME = "garmin"

#: Field -> header names in English, Danish, Swedish.
COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("activity type", "aktivitetstype", "aktivitetstyp"),
    "date": ("date", "dato", "datum"),
    "title": ("title", "titel", "namn"),
    "distance": ("distance", "distans"),
    "time": ("time", "tid"),
    "elapsed": ("elapsed time", "forløbet tid", "förfluten tid", "förbrukad tid"),
}
FAVORITE = ("favorite", "favorit")
REQUIRED = ("type", "date")
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M:%S", "%d-%m-%Y %H:%M:%S")
YARD_KM = 0.0009144
SHORT_DEFAULTS = frozenset({"strength", "styrke", "styrka", "cardio", "run", "walk", "swim"})
#: Garmin's suggested workouts (Garmin Coach, daily suggestions), named "<place> - <workout>"
#: ("Louisville - Base"): an app's name, and one that gives away where the user lives.
SUGGESTED_WORKOUTS = frozenset(
    {"base", "recovery", "tempo", "threshold", "sprint", "anaerobic", "vo2 max", "long run",
     "speed", "intervals", "aerobic base", "hill repeats", "easy run"}
)  # fmt: skip

#: Danish and Swedish activity types -> the English type.
LOCAL_TYPES: dict[str, str] = {
    "løb": "Running",
    "løbebånd": "Treadmill Running",
    "trailløb": "Trail Running",
    "cykling": "Cycling",
    "indendørs cykling": "Indoor Cycling",
    "gang": "Walking",
    "vandring": "Hiking",
    "styrketræning": "Strength Training",
    "svømning": "Swimming",
    "bassinsvømning": "Pool Swim",
    "svømning i åbent vand": "Open Water Swimming",
    "kardio": "Cardio",
    "roning": "Rowing",
    "löpning": "Running",
    "löpband": "Treadmill Running",
    "terränglöpning": "Trail Running",
    "inomhuscykling": "Indoor Cycling",
    "promenad": "Walking",
    "gång": "Walking",
    "styrketräning": "Strength Training",
    "simning": "Swimming",
    "poolsimning": "Pool Swim",
    "simning i öppet vatten": "Open Water Swimming",
    "kondition": "Cardio",
    "rodd": "Rowing",
}


def matches(header: list[str]) -> bool:
    """True when the header has activity type, date and favorite columns (en, da or sv)."""
    keys = header_keys(header)
    return all(find_column(keys, names) is not None for names in (*_required(), FAVORITE))


def _required() -> list[tuple[str, ...]]:
    return [COLUMNS[f] for f in REQUIRED]


def read(head: CsvHead, options: ReadOptions) -> SourceResult:
    """Read every activity; a bad date, distance or time becomes a RowError for its row."""
    keys = header_keys(head.header)
    columns = {f: find_column(keys, names) for f, names in COLUMNS.items()}
    for field in REQUIRED:
        if columns[field] is None:
            raise missing_column(head, "Garmin", [COLUMNS[field][0].title()])
    decimal = "," if {"aktivitetstype", "aktivitetstyp"} & set(keys) else "."
    label = {f: display_name(head, i) for f, i in columns.items() if i is not None}
    imperial = options.units == "imperial"
    reader = _Reader(LocalTimes(options.tz, DATE_FORMATS), decimal, imperial)
    table = read_table(head, columns)
    result = SourceResult(format=NAME)
    if imperial:
        result.notes.append(
            "units: imperial, miles converted to km (swims in yards); pass --units metric"
            " if yours are km"
        )
    else:
        result.notes.append(
            "units: metric (Garmin exports do not say; pass --units imperial if yours are miles)"
        )
    cells = table.cells
    for i, row in enumerate(table.rows):
        try:
            result.rows.append(reader.row({f: col[i] for f, col in cells.items()}))
        except BadCell as bad:
            result.errors.append(RowError(row, label.get(bad.field, bad.field), bad.message))
    result.note_unknown_types(reader.unknown_types)
    return result


class _Reader:
    def __init__(self, times: LocalTimes, decimal: str, imperial: bool) -> None:
        self.times = times
        self.decimal = decimal
        self.imperial = imperial
        self.units = "imperial" if imperial else "metric"
        self.types: dict[str, tuple[str, str]] = {}
        self.unknown_types: set[str] = set()
        self.starts: set[str] = set()

    def row(self, cell: dict[str, str]) -> ActivityRow:
        date_text = cell["date"]
        if is_missing(date_text):
            raise BadCell("date", "the date is empty")
        try:
            start = self.times.utc_text(date_text)
        except ValueError:
            raise BadCell(
                "date", f"{date_text!r} is not a date (Garmin writes e.g. '2022-04-18 10:31:59')"
            ) from None
        raw_type = cell["type"]
        if is_missing(raw_type):
            raise BadCell("type", "the activity type is empty")
        kind, category = self._kind(raw_type)
        distance_km = self._distance(cell["distance"], kind)
        duration = self._duration(cell, "time") or self._duration(cell, "elapsed")
        title = "" if is_missing(cell["title"]) else cell["title"]
        generic = _is_default(title, raw_type, kind)
        return (  # an ActivityRow: its fields in ACTIVITY_COLUMNS order
            self._id(self.times.wall_text(date_text), title),
            start,
            None,  # end
            kind.lower(),
            category,
            caption_title(title, kind, distance_km, duration, generic=generic, units=self.units),
            "",  # location
            "",  # photo
            "",  # notes
            None,  # mood
            1,  # share
            "",  # tags
            distance_km,
            duration,
            "",  # details
            NAME,
        )

    def _id(self, wall: str, title: str) -> str:
        """The start as written, so a renamed activity, or one read in another zone, keeps
        its id; a second activity at the same start in the file adds its title."""
        if wall in self.starts:
            return stable_id("garmin", wall, title)
        self.starts.add(wall)
        return stable_id("garmin", wall)

    def _kind(self, raw: str) -> tuple[str, str]:
        cached = self.types.get(raw)
        if cached is None:
            english = LOCAL_TYPES.get(raw.casefold(), raw)
            category = category_for(english)
            if category is None:
                self.unknown_types.add(raw)
                category = "fitness"
            cached = self.types[raw] = (english, category)
        return cached

    def _distance(self, text: str, kind: str) -> float | None:
        if is_missing(text):
            return None
        try:
            value = parse_number(text, self.decimal)
        except ValueError:
            raise BadCell("distance", f"{text!r} is not a number") from None
        if value < 0:
            raise BadCell("distance", f"{text!r} is negative")
        if "swim" in kind.lower():
            km = value * (YARD_KM if self.imperial else 0.001)
        else:
            km = value * (KM_PER_MILE if self.imperial else 1.0)
        return round(km, 3) if km else None

    def _duration(self, cell: dict[str, str], field: str) -> int | None:
        text = cell[field]
        if is_missing(text):
            return None
        try:
            return parse_duration(text)
        except ValueError:
            raise BadCell(field, f"{text!r} is not a time (Garmin writes e.g. 00:38:13)") from None


def _is_default(title: str, raw_type: str, english: str) -> bool:
    """Garmin names an activity "<place> <type>" or "<type>" (or its first word) by default,
    and a suggested workout "<place> - <workout>" or "<workout>"."""
    low = " ".join(title.casefold().split())
    if not low:
        return True
    for name in (raw_type.casefold(), english.casefold()):
        if low == name or low.endswith(" " + name):
            return True
    if low in SHORT_DEFAULTS:
        return True
    _, dash, workout = low.rpartition(" - ")
    if (dash and workout in SUGGESTED_WORKOUTS) or low in SUGGESTED_WORKOUTS:
        return True
    return is_app_default(title, (raw_type, english))
