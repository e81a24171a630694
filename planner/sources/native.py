"""planner's own activity CSV.

Required columns: date, kind, title. Optional: time, end, location, photo, notes, mood (1-5),
share (yes/no), tags, distance (km), duration (minutes or H:MM:SS). Header names are
case-insensitive, with aliases (type/activity for kind, name for title, ...). Unknown columns
are ignored and listed in the import notes.

Edges: dates are YYYY-MM-DD, or day first as European spreadsheets write them ("20.11.2026",
"20.11.2026 18:30"; never "11/20/2026", which could be either); a date with no time starts at
12:00 local time; an ``end`` that is a date alone means
the end of that day; an end before the start is an error. A time may be written "19.45" (read as
19:45, never as 19 h and 0.45 s). Times are read in the user's zone
unless they carry an offset. The activity id is the start as written (the local wall-clock
time, in no zone) plus a hash of it, the category and the title (``models.time_ordered_id``),
so the same row imported twice (with "Gym" re-spelled "gym", or after the configured zone
changed) is one activity. Photo paths must stay inside the CSV's folder (see photo_paths).
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime, time, timedelta
from hashlib import blake2b
from zoneinfo import ZoneInfo

from planner.errors import InputError
from planner.models import MAX_YEAR, MIN_YEAR, ActivityRow, time_ordered_id
from planner.sources.categories import allowed_kinds_hint, category_for
from planner.sources.common import (
    BadCell,
    CsvHead,
    ReadOptions,
    RowError,
    SourceResult,
    listed,
    read_error,
)
from planner.sources.photo_paths import PhotoPaths

ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "when", "start date", "started", "start"),
    "kind": ("kind", "type", "activity", "activity type", "category"),
    "title": ("title", "name", "what", "activity name", "summary"),
    "time": ("time", "start time", "at", "hour"),
    "end": ("end", "end date", "until", "ended", "end time", "to"),
    "location": ("location", "place", "where", "city", "venue"),
    "photo": ("photo", "image", "picture", "media", "photo path", "photos"),
    "notes": ("notes", "note", "caption", "description", "comment", "comments"),
    "mood": ("mood", "rating", "feeling", "enjoyed"),
    "share": ("share", "public", "shareable", "post", "visibility"),
    "tags": ("tags", "tag", "hashtags"),
    "distance": ("distance", "distance km", "distance (km)", "km"),
    "duration": ("duration", "duration min", "duration (min)", "minutes"),
}
REQUIRED = ("date", "kind", "title")
#: The order _RowParser.parse unpacks column indices in.
_FIELD_ORDER = (
    "date", "kind", "title", "time", "end", "location", "photo",
    "notes", "mood", "share", "tags", "distance", "duration",
)  # fmt: skip
assert set(_FIELD_ORDER) == set(ALIASES)
_ALIAS_TO_FIELD = {alias: name for name, aliases in ALIASES.items() for alias in aliases}

_YES = {"yes", "y", "true", "1", "public", "share", "x"}
_NO = {"no", "n", "false", "0", "private", "hide", "hidden"}
_TAG_SPLIT = re.compile(r"[\s,;]+")
#: A European spreadsheet's date, day first: "20.11.2026", "20.11.2026 18:30".
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d\d))?")
_DATE_FORMS = "use YYYY-MM-DD, YYYY-MM-DD HH:MM or DD.MM.YYYY"
#: A time cell: 7:30, 07:30:15, 19.45 (a dot between hours and minutes), 0730, with an offset.
_CLOCK = re.compile(r"(\d{1,2})[:.]?(\d\d)(:\d\d(?:[.,]\d+)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?", re.I)
_MOODS: dict[str, int | None] = {"": None, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_SHARES: dict[str, int] = {"": 1, "yes": 1, "no": 0, "Yes": 1, "No": 0}
NOON = time(12, 0)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _field(cell: str) -> str | None:
    return _ALIAS_TO_FIELD.get(" ".join(cell.strip().lower().replace("_", " ").split()))


def matches(header: list[str]) -> bool:
    """True when every required column (or an alias of it) is present."""
    found = {_field(c) for c in header}
    return all(r in found for r in REQUIRED)


def looks_native(header: list[str]) -> bool:
    """True when two or more columns are native ones: a native log missing a required column
    (one look-alike column, like "Day" in a step counter's export, is not enough)."""
    return len({_field(c) for c in header} - {None}) >= 2


def read(head: CsvHead, options: ReadOptions) -> SourceResult:
    """Parse the whole file; good rows become store rows, bad rows become RowErrors."""
    columns = _column_map(head)
    photos = PhotoPaths(head.path.parent, options.photo_dirs)
    parser = _RowParser(options.tz, photos, columns)
    result = SourceResult(format="native")
    ignored = [c for c in head.header if c and _field(c) is None]
    if ignored:
        result.notes.append("ignored columns: " + listed(ignored))
    rows_append = result.rows.append
    errors_append = result.errors.append
    width = len(head.header)
    row_number = 1
    try:
        with head.path.open(encoding=head.encoding, newline="") as f:
            reader = csv.reader(f, delimiter=head.delimiter, strict=True)
            next(reader)
            for cells in reader:
                row_number += 1
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    errors_append(
                        RowError(
                            row_number,
                            None,
                            f"{len(cells)} cells but the header has {width}"
                            " (a stray delimiter? quote cells that contain one)",
                        )
                    )
                    continue
                try:
                    rows_append(parser.parse(cells))
                except BadCell as bad:
                    photos.take_refused(None)
                    if any(c.strip() for c in cells):  # not a spreadsheet's ",,," row
                        errors_append(RowError(row_number, bad.field, bad.message))
                    continue
                if photos.refused is not None:
                    photos.take_refused(row_number)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise read_error(head, exc, row_number + 1) from None
    result.notes.extend(photos.notes())
    return result


def _column_map(head: CsvHead) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(head.header):
        name = _field(cell)
        if name is None:
            continue
        if name in columns:
            first = head.header[columns[name]]
            raise InputError(
                head.where(1, cell),
                f"duplicated column: {first!r} and {cell!r} both mean {name!r}",
                "keep one of them",
            )
        columns[name] = index
    missing = [r for r in REQUIRED if r not in columns]
    if missing:
        hint = "the header needs date, kind and title"
        if len(head.header) == 1 and "\t" in head.header[0]:
            hint = "the file seems to be tab-separated; use , or ; between columns"
        raise InputError(
            head.where(1),
            f"missing required column {', '.join(repr(m) for m in missing)}",
            hint,
        )
    return columns


class _RowParser:
    """Turns one row of cells into a store row (its id equals ``models.time_ordered_id``).

    Built for speed (a million rows in seconds): cells are read by index, and every
    conversion is cached per distinct text, including the UTC offset per local date.
    """

    def __init__(self, tz: ZoneInfo, photos: PhotoPaths, columns: dict[str, int]) -> None:
        self.tz = tz
        self.photos = photos
        # A column the file lacks reads the empty cell appended to every row (index -1).
        self.index = tuple(columns.get(name, -1) for name in _FIELD_ORDER)
        self.kinds: dict[str, tuple[str, str]] = {}
        self.tags: dict[str, str] = {}
        self.offsets: dict[str, timedelta | None] = {}
        self.epoch_days: dict[str, int] = {}
        self.clocks: dict[str, str] = {"": "12:00"}

    def parse(self, cells: list[str]) -> ActivityRow:
        cells.append("")
        (
            i_date, i_kind, i_title, i_time, i_end, i_location, i_photo,
            i_notes, i_mood, i_share, i_tags, i_distance, i_duration,
        ) = self.index  # fmt: skip
        kind, category = self._kind(cells[i_kind].strip())
        title = cells[i_title].strip()
        if not title:
            raise BadCell("title", "the title is empty (say what you did)")
        wall, start_utc = self._start(cells[i_date].strip(), cells[i_time].strip())
        end_text = cells[i_end].strip()
        end_utc = self._end_utc(end_text, start_utc) if end_text else None
        tags_text = cells[i_tags]
        tags = self.tags.get(tags_text)
        if tags is None:
            tags = self.tags[tags_text] = self._tags(tags_text.strip())
        mood_text = cells[i_mood].strip()
        share_text = cells[i_share].strip()
        distance = cells[i_distance].strip()
        duration = cells[i_duration].strip()
        photo = cells[i_photo].strip()
        return (  # an ActivityRow: its fields in ACTIVITY_COLUMNS order
            self._minutes_hex(wall)
            + blake2b(
                f"{wall}\x1f{category}\x1f{title.casefold()}".encode(), digest_size=4
            ).hexdigest(),
            start_utc,
            end_utc,
            kind,
            category,
            title,
            cells[i_location].strip(),
            self.photos.stored(photo) if photo else "",
            cells[i_notes].strip(),
            _MOODS[mood_text] if mood_text in _MOODS else self._mood(mood_text),
            _SHARES[share_text] if share_text in _SHARES else self._share(share_text),
            tags,
            self._number(distance, "distance") if distance else None,
            self._duration(duration) if duration else None,
            "",  # details
            "native",
        )

    def _start(self, date_text: str, time_text: str) -> tuple[str, str]:
        """The start as written (ISO text, in no zone unless the file gives an offset) and as
        stored UTC text; the zone offset is computed once per local date."""
        if not date_text:
            raise BadCell("date", "the date is empty (use YYYY-MM-DD)")
        if len(date_text) != 10:
            moment = self._written(date_text, "date")
            if time_text:
                clock = self._time(time_text)
                moment = moment.replace(hour=clock.hour, minute=clock.minute, second=0)
            try:
                zoned = moment if moment.tzinfo else moment.replace(tzinfo=self.tz)
                return moment.isoformat(), zoned.astimezone(UTC).isoformat()
            except OverflowError:
                raise BadCell("date", f"{date_text!r} is out of range") from None
        if date_text not in self.offsets:
            self.offsets[date_text] = self._day_offset(date_text)
        offset = self.offsets[date_text]
        try:
            clock_text = self.clocks.get(time_text) or self._clock(time_text)
            local = datetime.fromisoformat(f"{date_text}T{clock_text}")
        except ValueError:
            day = self._datetime(date_text, "date").date()
            local = datetime.combine(day, self._time(time_text) if time_text else NOON)
        try:
            wall = local.isoformat()
            if local.tzinfo is not None:
                return wall, local.astimezone(UTC).isoformat()
            if offset is None:
                return wall, local.replace(tzinfo=self.tz).astimezone(UTC).isoformat()
            return wall, (local - offset).isoformat() + "+00:00"
        except OverflowError:
            raise BadCell("date", f"{date_text!r} is out of range") from None

    def _minutes_hex(self, wall: str) -> str:
        """The id's time prefix from the start as written (as ``models.time_ordered_id``)."""
        if len(wall) > 19:  # written with an offset: minutes of the moment in UTC
            return time_ordered_id(datetime.fromisoformat(wall))[:8]
        day = self.epoch_days.get(wall[:10])
        if day is None:
            day = self.epoch_days[wall[:10]] = (
                date.fromisoformat(wall[:10]).toordinal() - _EPOCH_ORDINAL
            )
        minutes = day * 1440 + int(wall[11:13]) * 60 + int(wall[14:16])
        return f"{minutes & 0xFFFFFFFF:08x}"

    def _day_offset(self, date_text: str) -> timedelta | None:
        """The zone's offset on a local date, or None on a day the offset changes (DST)."""
        day = self._datetime(date_text, "date")
        first = day.replace(hour=0, minute=0).utcoffset()
        last = day.replace(hour=23, minute=59).utcoffset()
        return first if first == last else None

    def _end_utc(self, text: str, start_utc: str) -> str:
        try:
            end = self._datetime(text, "end", day_end=True).astimezone(UTC).isoformat()
        except OverflowError:
            raise BadCell("end", f"{text!r} is out of range") from None
        if end < start_utc:
            raise BadCell("end", f"the end {text!r} is before the start")
        return end

    def _kind(self, raw: str) -> tuple[str, str]:
        cached = self.kinds.get(raw)
        if cached is not None:
            return cached
        if not raw:
            raise BadCell("kind", f"the kind is empty ({allowed_kinds_hint()})")
        category = category_for(raw)
        if category is None:
            raise BadCell("kind", f"unknown kind {raw!r} ({allowed_kinds_hint()})")
        self.kinds[raw] = (raw.lower(), category)
        return self.kinds[raw]

    def _datetime(self, text: str, column: str, *, day_end: bool = False) -> datetime:
        """A date or datetime cell in the user's zone (unless it carries an offset)."""
        moment = self._written(text, column, day_end=day_end)
        return moment if moment.tzinfo else moment.replace(tzinfo=self.tz)

    @staticmethod
    def _written(text: str, column: str, *, day_end: bool = False) -> datetime:
        """A date or datetime cell as written: naive unless it carries an offset; a date
        alone is 12:00 (23:59:59 with ``day_end``)."""
        no_time = time(23, 59, 59) if day_end else NOON
        try:
            if (dotted := _DOTTED.fullmatch(text)) is not None:
                d, m, y, hh, mm = dotted.groups()
                clock = time(int(hh), int(mm)) if hh else no_time
                moment = datetime.combine(date(int(y), int(m), int(d)), clock)
            elif len(text) <= 10:
                moment = datetime.combine(date.fromisoformat(text), no_time)
            else:
                moment = datetime.fromisoformat(text)
        except ValueError:
            raise BadCell(column, f"{text!r} is not a date ({_DATE_FORMS})") from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise BadCell(
                column, f"{text!r} is out of range (use a year from {MIN_YEAR} to {MAX_YEAR})"
            )
        return moment

    def _time(self, text: str) -> time:
        try:
            return time.fromisoformat(self._clock(text))
        except ValueError:
            raise BadCell("time", f"{text!r} is not a time (use HH:MM, e.g. 18:30)") from None

    def _clock(self, text: str) -> str:
        """A time cell as ISO text ("19.45" is "19:45", not 19 h and 0.45 s as Python
        reads it); anything else, like "7 pm" or "12.5", is an error."""
        match = _CLOCK.fullmatch(text)
        if match is None:
            raise BadCell("time", f"{text!r} is not a time (use HH:MM, e.g. 18:30)")
        hour, minute, seconds, zone = match.groups()
        clock = f"{hour:0>2}:{minute}{(seconds or '').replace(',', '.')}{(zone or '').upper()}"
        self.clocks[text] = clock
        return clock

    @staticmethod
    def _mood(text: str) -> int | None:
        if not text:
            return None
        if text in ("1", "2", "3", "4", "5"):
            return int(text)
        raise BadCell("mood", f"mood {text!r} is out of range (use a whole number 1 to 5)")

    @staticmethod
    def _share(text: str) -> int:
        if not text:
            return 1
        low = text.lower()
        if low in _YES:
            return 1
        if low in _NO:
            return 0
        raise BadCell("share", f"share {text!r} is not yes or no")

    @staticmethod
    def _tags(text: str) -> str:
        if not text:
            return ""
        tags = (t.lstrip("#") for t in _TAG_SPLIT.split(text))
        return " ".join(dict.fromkeys(t for t in tags if t))

    @staticmethod
    def _number(text: str, column: str) -> float | None:
        if not text:
            return None
        try:
            value = float(text.replace(",", ".").removesuffix("km").strip())
        except ValueError:
            raise BadCell(column, f"{text!r} is not a number (kilometres, e.g. 5.2)") from None
        if value < 0:
            raise BadCell(column, f"{text!r} is negative")
        return value

    @staticmethod
    def _duration(text: str) -> int | None:
        if not text:
            return None
        try:
            if ":" in text:
                parts = [int(p) for p in text.split(":")]
                while len(parts) < 3:
                    parts.insert(0, 0)
                h, m, s = parts
                return int(timedelta(hours=h, minutes=m, seconds=s).total_seconds())
            return int(float(text.replace(",", ".")) * 60)
        except (ValueError, OverflowError):
            raise BadCell("duration", f"{text!r} is not a duration (minutes, or H:MM:SS)") from None
