"""Strava bulk export ``activities.csv``.

Detected by its header: ``Activity ID`` and ``Activity Date`` (German ``Aktivitäts-ID``,
``Aktivitätsdatum``; a header cell may be wrapped in HTML, which is stripped), or the pre-2019
layout that starts ``id,date,name,type``. Columns are found by name and occurrence, since
names repeat: the first ``Distance`` is km (metres, written with a thousands separator, for
swims), the second is metres; the first ``Elapsed Time`` is whole seconds.

Edges: ``Activity Date`` is UTC with no offset ("Oct 6, 2022, 11:19:20 PM", British English
"24 Dec 2020, 08:13:59", German "09.12.2022, 15:24:49", before 2019 "2018-11-27 19:11:32");
German files write decimal commas. Before 2019 ``distance`` was metres. The id is
``stable_id("strava", Activity ID)``, so a later export that overlaps adds only new
activities. ``Media`` holds ``|``-separated paths relative to the export folder; the first
image among them that exists next to the CSV becomes the photo. A path that leads out of that
folder (``../``, an absolute path, a link to elsewhere) is ignored. An activity type planner
does not know is filed under fitness (and said so in the notes). The description becomes
notes, without the lines devices and apps add ("-- from COROS", "525 Training Load") and
lines giving heart rate, calories, power or weights; the private note, heart rate, calories
and weights are never read.
"""

from __future__ import annotations

from hashlib import blake2b
from pathlib import Path

from planner.models import ActivityRow, stable_id
from planner.sources.categories import category_for
from planner.sources.common import BadCell, CsvHead, ReadOptions, RowError, SourceResult
from planner.sources.tabular import (
    display_name,
    find_column,
    header_keys,
    missing_column,
    parse_duration,
    parse_number,
    read_table,
    utc_texts,
)
from planner.sources.titles import generated_title, is_app_default, noun_for, own_words

NAME = "strava"

#: Field -> (header names in English, German, pre-2019; occurrence).
COLUMNS: dict[str, tuple[tuple[str, ...], int]] = {
    "id": (("activity id", "aktivitäts-id"), 1),
    "date": (("activity date", "aktivitätsdatum"), 1),
    "name": (("activity name", "name der aktivität"), 1),
    "type": (("activity type", "aktivitätsart"), 1),
    "description": (("activity description", "aktivitätsbeschreibung"), 1),
    "elapsed": (("elapsed time", "verstrichene zeit"), 1),
    "distance": (("distance", "distanz"), 1),
    "distance_m": (("distance", "distanz"), 2),
    "media": (("media", "medien"), 1),
}
LEGACY_COLUMNS: dict[str, tuple[tuple[str, ...], int]] = {
    "id": (("id",), 1),
    "date": (("date",), 1),
    "name": (("name",), 1),
    "type": (("type",), 1),
    "description": (("description",), 1),
    "elapsed": (("elapsed_time",), 1),
    "distance_m": (("distance",), 1),
}
REQUIRED = ("date", "type")
FIELDS = tuple(COLUMNS)
DATE_FORMATS = (
    "%b %d, %Y, %I:%M:%S %p",
    "%d %b %Y, %H:%M:%S",
    "%d.%m.%Y, %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%b %d, %Y, %I:%M %p",
    "%d.%m.%Y, %H:%M",
    "%d %b %Y, %H:%M",
)
DATE_EXAMPLE = {"en": "Oct 6, 2022, 11:19:20 PM", "de": "09.12.2022, 15:24:49"}

#: German activity types (as Strava writes them) -> the English type.
GERMAN_TYPES: dict[str, str] = {
    "lauf": "Run",
    "radfahrt": "Ride",
    "spaziergang": "Walk",
    "gehen": "Walk",
    "wanderung": "Hike",
    "wandern": "Hike",
    "schwimmen": "Swim",
    "training": "Workout",
    "krafttraining": "Weight Training",
    "virtuelle radfahrt": "Virtual Ride",
    "virtueller lauf": "Virtual Run",
    "e-bike-fahrt": "E-Bike Ride",
    "mountainbike-fahrt": "Mountain Bike Ride",
    "gravel-fahrt": "Gravel Ride",
    "trailrunning": "Trail Run",
    "rudern": "Rowing",
    "ski alpin": "Alpine Ski",
    "skilanglauf": "Nordic Ski",
    "skitour": "Backcountry Ski",
    "klettern": "Rock Climbing",
    "ellipsentrainer": "Elliptical",
    "stepper": "Stair-Stepper",
}
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".bmp", ".tif"})


def matches(header: list[str]) -> bool:
    """True for a Strava header in English or German, or the pre-2019 ``id,date,name,type``."""
    keys = header_keys(header)
    if keys[:4] == ["id", "date", "name", "type"]:
        return True
    key_set = set(keys)
    return {"activity id", "activity date"} <= key_set or {
        "aktivitäts-id",
        "aktivitätsdatum",
    } <= key_set


def read(head: CsvHead, options: ReadOptions) -> SourceResult:
    """Read every activity; rows with a bad date, number or type become RowErrors."""
    keys = header_keys(head.header)
    legacy = keys[:4] == ["id", "date", "name", "type"]
    layout = LEGACY_COLUMNS if legacy else COLUMNS
    columns: dict[str, int | None] = {
        f: find_column(keys, layout[f][0], layout[f][1]) if f in layout else None for f in COLUMNS
    }
    for field in REQUIRED:
        if columns[field] is None:
            raise missing_column(head, "Strava", [layout[field][0][0].title()])
    language = "de" if "aktivitätsdatum" in keys else "en"
    decimal = "," if language == "de" else "."
    label = {f: display_name(head, i) for f, i in columns.items() if i is not None}
    table = read_table(head, columns)
    cells = table.cells
    starts = utc_texts(cells["date"], DATE_FORMATS)
    reader = _Reader(head.path.parent, decimal, legacy, options.units)
    result = SourceResult(format=NAME)
    rows_append = result.rows.append
    records = zip(table.rows, starts, *(cells[f] for f in FIELDS), strict=True)
    for row, start, *cell in records:
        if start is None:
            date_text = cell[1]
            problem = (
                "the date is empty"
                if not date_text
                else f"{date_text!r} is not a date (Strava writes e.g. {DATE_EXAMPLE[language]!r})"
            )
            result.errors.append(RowError(row, label["date"], problem))
            continue
        try:
            rows_append(reader.row(start, *cell))
        except BadCell as bad:
            result.errors.append(RowError(row, label.get(bad.field, bad.field), bad.message))
    result.note_unknown_types(reader.unknown_types)
    if language == "de":
        result.notes.append("German Strava export: decimal commas read")
    return result


class _Reader:
    """One Strava record to a store row; type lookups and media folders are cached."""

    def __init__(self, base_dir: Path, decimal: str, legacy: bool, units: str = "metric") -> None:
        self.units = units
        self.base_dir = base_dir
        self.root = base_dir.resolve()
        self.decimal = decimal
        self.legacy = legacy
        self.types: dict[str, tuple[str, str, str]] = {}
        self.unknown_types: set[str] = set()
        self.folders: dict[str, bool] = {}
        self.own_titles: dict[tuple[str, str], str | None] = {}

    def row(
        self,
        start: str,
        activity_id: str,
        _date: str,
        name: str,
        raw_type: str,
        description: str,
        elapsed: str,
        distance: str,
        distance_m: str,
        media: str,
    ) -> ActivityRow:
        """The store row for one record, its fields in FIELDS order (start already UTC)."""
        if not raw_type:
            raise BadCell("type", "the activity type is empty")
        kind, category, noun = self._kind(raw_type)
        distance_km = self._distance(distance, distance_m, kind)
        try:
            duration = parse_duration(elapsed) if elapsed else None
        except ValueError:
            raise BadCell("elapsed", f"{elapsed!r} is not a time in seconds") from None
        key = (name, raw_type)
        if key not in self.own_titles:
            generic = is_app_default(name, (kind, raw_type))
            self.own_titles[key] = None if generic else " ".join(name.split())
        title = self.own_titles[key] or generated_title(noun, distance_km, duration, self.units)
        return (  # an ActivityRow: its fields in ACTIVITY_COLUMNS order
            _strava_id(activity_id) if activity_id else stable_id("strava", start, name),
            start,
            None,  # end
            kind.lower(),
            category,
            title,
            "",  # location
            self._photo(media) if media else "",
            own_words(description) if description else "",
            None,  # mood
            1,  # share
            "",  # tags
            distance_km,
            duration,
            "",  # details
            NAME,
        )

    def _kind(self, raw: str) -> tuple[str, str, str]:
        cached = self.types.get(raw)
        if cached is None:
            english = GERMAN_TYPES.get(raw.casefold(), raw)
            category = category_for(english)
            if category is None:
                self.unknown_types.add(raw)
                category = "fitness"
            cached = self.types[raw] = (english, category, noun_for(english))
        return cached

    def _distance(self, distance: str, distance_m: str, kind: str) -> float | None:
        text, field, scale = distance, "distance", 1.0
        if self.legacy or not text:
            text, field, scale = distance_m, "distance_m", 0.001
        elif "swim" in kind.lower():
            scale = 0.001
        if not text:
            return None
        try:
            value = parse_number(text, self.decimal)
        except ValueError:
            raise BadCell(field, f"{text!r} is not a number") from None
        if value < 0:
            raise BadCell(field, f"{text!r} is negative")
        return round(value * scale, 3) if value else None

    def _photo(self, media: str) -> str:
        for part in media.split("|"):
            relative = part.strip()
            suffix = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
            if not relative or "." + suffix not in IMAGE_SUFFIXES:
                continue
            folder = relative.split("/", 1)[0] if "/" in relative else ""
            if folder not in self.folders:
                self.folders[folder] = (self.base_dir / folder).is_dir()
            if not self.folders[folder]:
                continue
            path = (self.base_dir / relative).resolve()
            if path.is_file() and path.is_relative_to(self.root):
                return str(path)
        return ""


def _strava_id(activity_id: str) -> str:
    """``stable_id("strava", activity_id)``, inlined: it runs once per row."""
    return blake2b(f"strava\x1f{activity_id}".encode(), digest_size=8).hexdigest()
