"""Reading app exports: header lookup, pandas reading, numbers, durations and dates.

What the app-export readers (Strava, Garmin, Strong, Hevy) share. Header cells are compared
by ``header_key``: HTML tags stripped (some Strava exports wrap a cell in ``<span
class="translation_missing" ...>``), entities unescaped, whitespace collapsed, case folded.
Names repeat in Strava exports, so a column is found by name and occurrence.

Edges: ``parse_number`` reads "1,234.5", "1.234,5", "6,060", "62,5" and "1 500"; a single
separator is a thousands separator only when exactly three digits follow it and it is not
the file's decimal mark. ``is_missing`` treats "", "--" and "-" as no value (Garmin writes
"--"). pandas is imported inside the functions that need it.
"""

from __future__ import annotations

import csv
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from planner.errors import InputError
from planner.sources.common import CsvHead, read_error

_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_MISSING = frozenset({"", "--", "-", "—"})
#: pandas' message for a quote left open; it counts records from 0 with the header as 0.
_UNCLOSED_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_DURATION_UNITS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|m|min|mins|s|sec|secs)\b", re.I)

MAX_DURATION_S = 366 * 24 * 3600


def header_key(cell: str) -> str:
    """A header cell as compared: no HTML tags or entities, single spaces, case folded."""
    if "<" in cell:
        cell = _TAG.sub("", cell)
    if "&" in cell:
        cell = html.unescape(cell)
    return _SPACES.sub(" ", cell.replace("\ufeff", "")).strip().casefold()


def header_keys(header: Sequence[str]) -> list[str]:
    """``header_key`` of every cell, in order."""
    return [header_key(c) for c in header]


def find_column(keys: Sequence[str], names: Iterable[str], occurrence: int = 1) -> int | None:
    """Index of the ``occurrence``-th column named any of ``names`` (keys as from header_key).

    The names are tried in order (one per language); None when none is there that often.
    """
    for name in names:
        seen = 0
        for index, key in enumerate(keys):
            if key == name:
                seen += 1
                if seen == occurrence:
                    return index
    return None


def missing_column(head: CsvHead, fmt: str, names: Sequence[str]) -> InputError:
    """The error for an essential column the file lacks, naming the column and the format."""
    return InputError(
        head.where(1),
        f"missing column {names[0]!r} for a {fmt} export",
        f"export the file again from {fmt}, or pass --format if this is not a {fmt} file",
    )


def display_name(head: CsvHead, index: int) -> str:
    """A header cell as the user would read it (tags stripped, case kept)."""
    cell = _TAG.sub("", head.header[index]) if "<" in head.header[index] else head.header[index]
    return html.unescape(cell).strip()


@dataclass
class Table:
    """Chosen columns of a file as text, blank records dropped.

    ``rows[i]`` is the record number of the i-th kept record (header = row 1), and
    ``cells[name][i]`` its text, stripped; a column the file lacks reads "" everywhere.
    """

    rows: list[int]
    cells: dict[str, list[str]]


def read_table(head: CsvHead, columns: dict[str, int | None]) -> Table:
    """Read the chosen columns (name -> index, None for absent) of a CSV as stripped text.

    Quoted cells may hold delimiters and newlines; a record counts once however many lines it
    spans. Broken quoting or undecodable text becomes an InputError, never a traceback.
    """
    import pandas as pd

    present = sorted({i for i in columns.values() if i is not None})
    try:
        frame = pd.read_csv(
            head.path,
            sep=head.delimiter,
            encoding=head.encoding,
            header=0,
            usecols=present,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        short = _short(exc)
        unclosed = _UNCLOSED_QUOTE.fullmatch(str(short))
        if unclosed:
            row = int(unclosed.group(1)) + 1
            raise read_error(head, ValueError("a quoted cell is never closed"), row) from None
        raise read_error(head, short) from None
    except UnicodeDecodeError as exc:
        raise read_error(head, exc) from None
    position = {index: k for k, index in enumerate(present)}
    count = len(frame)
    series = {
        name: [v.strip() for v in frame.iloc[:, position[index]].tolist()]
        for name, index in columns.items()
        if index is not None
    }
    blank = [""] * count
    cells = {name: series.get(name, blank) for name in columns}
    filled = (frame.to_numpy(dtype=object) != "").any(axis=1) if present else []
    keep = [i for i, full in enumerate(filled) if full]
    if len(keep) == count:
        return Table(rows=list(range(2, count + 2)), cells=cells)
    return Table(
        rows=[i + 2 for i in keep],
        cells={name: [col[i] for i in keep] for name, col in cells.items()},
    )


def _short(exc: Exception) -> Exception:
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return ValueError(text.removeprefix("Error tokenizing data. C error: "))


def is_missing(text: str) -> bool:
    """True for a cell that holds no value: "", "--", "-"."""
    return text in _MISSING


def parse_number(text: str, decimal: str = ".") -> float:
    """A number written with either decimal mark and optional thousands separators.

    ``decimal`` is the file's decimal mark, used when one separator alone is ambiguous.
    Raises ValueError for anything else, including "nan" and "inf".
    """
    if decimal == "." and "," not in text:
        try:
            value = float(text)
        except ValueError:
            pass
        else:
            if not math.isfinite(value):
                raise ValueError(text)
            return value
    clean = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    has_dot, has_comma = "." in clean, "," in clean
    if has_dot and has_comma:
        mark = "." if clean.rfind(".") > clean.rfind(",") else ","
        other = "," if mark == "." else "."
        clean = clean.replace(other, "").replace(mark, ".")
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        groups = clean.split(sep)
        thousands = (
            sep != decimal
            and len(groups) >= 2
            and all(len(g) == 3 and g.isdigit() for g in groups[1:])
            and 1 <= len(groups[0].lstrip("-")) <= 3
        )
        if thousands:
            clean = "".join(groups)
        elif len(groups) == 2:
            clean = clean.replace(sep, ".")
        else:
            raise ValueError(text)
    value = float(clean)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_duration(text: str) -> int:
    """Seconds in "1:02:03", "00:09:08.2", "38:13", "1h 7m", "58m", "45s" or plain seconds.

    Raises ValueError for anything else, including a time over a year (``MAX_DURATION_S``:
    a junk cell, and more than the store's integers hold) and "inf".
    """
    seconds = _duration_seconds(text)
    if not 0 <= seconds <= MAX_DURATION_S:
        raise ValueError(text)
    return seconds


def _duration_seconds(text: str) -> int:
    if text.isdigit():
        return int(text)
    if ":" in text:
        parts = text.split(":")
        if not 2 <= len(parts) <= 3:
            raise ValueError(text)
        seconds = float(parts[-1].replace(",", "."))
        minutes = int(parts[-2])
        hours = int(parts[0]) if len(parts) == 3 else 0
        if not math.isfinite(seconds) or seconds < 0 or minutes < 0 or hours < 0:
            raise ValueError(text)
        return round(hours * 3600 + minutes * 60 + seconds)
    units = _DURATION_UNITS.findall(text)
    if units:
        if _DURATION_UNITS.sub("", text).strip():
            raise ValueError(text)
        total = 0.0
        for amount, unit in units:
            factor = {"h": 3600, "m": 60, "s": 1}[unit[0].lower()]
            total += float(amount.replace(",", ".")) * factor
        return round(total)
    value = parse_number(text)
    if value < 0:
        raise ValueError(text)
    return round(value)


def parse_naive(text: str, formats: Sequence[str]) -> datetime:
    """A naive datetime from ISO 8601 text or one of the strptime ``formats``.

    Raises ValueError when none fits. An ISO text with an offset keeps it (aware result).
    """
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


class LocalTimes:
    """Local wall-clock texts to stored UTC text, in one zone, cached per distinct text.

    A naive time is read in the zone (on a DST fold the earlier offset, as ``datetime``
    does; in the spring gap the offset before the change, so 02:30 reads as 03:30 summer
    time); a text that carries an offset keeps it. A time that has no UTC year 1-9999 is
    not a date.
    """

    def __init__(self, tz: ZoneInfo, formats: Sequence[str]) -> None:
        self.tz = tz
        self.formats = tuple(formats)
        self.cache: dict[str, str] = {}
        self.walls: dict[str, str] = {}

    def wall_text(self, text: str) -> str:
        """The time as written, normalised ("2026-04-23T08:04:14"), in no zone: what an id
        hashes, so the id does not change with the zone it is read in. ValueError when it
        is not a date."""
        wall = self.walls.get(text)
        if wall is None:
            wall = self.walls[text] = parse_naive(text, self.formats).isoformat()
        return wall

    def utc_text(self, text: str) -> str:
        """The stored UTC text for one local time; ValueError when it is not a date."""
        cached = self.cache.get(text)
        if cached is None:
            moment = parse_naive(text, self.formats)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=self.tz)
            try:
                cached = self.cache[text] = moment.astimezone(UTC).isoformat()
            except OverflowError:
                raise ValueError(text) from None
        return cached


def utc_texts(values: list[str], formats: Sequence[str]) -> list[str | None]:
    """UTC wall-clock texts (no offset written) to stored UTC text, vectorised with pandas.

    The format is chosen by the first value that one of ``formats`` reads; values it does not
    read are tried against the others one by one. A value none reads (or "") gives None.
    """
    import pandas as pd

    chosen = None
    for text in values:
        if text:
            chosen = next((f for f in formats if _fits(text, f)), None)
            break
    out: list[str | None] = [None] * len(values)
    if chosen is not None:
        import numpy as np

        parsed = pd.to_datetime(pd.Series(values, dtype=object), format=chosen, errors="coerce")
        seconds = parsed.to_numpy(dtype="datetime64[s]")
        texts = np.datetime_as_string(seconds, unit="s").tolist()
        out = [None if t == "NaT" else t + "+00:00" for t in texts]
    for i, text in enumerate(values):
        if out[i] is None and text:
            try:
                moment = parse_naive(text, formats)
            except ValueError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            try:
                out[i] = moment.astimezone(UTC).isoformat()
            except OverflowError:
                continue
    return out


def _fits(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True
