"""What every source shares: safe opening of a CSV file, header sniffing, results and errors.

``open_csv`` refuses, with one line naming the file: a missing file, a directory, a path the
system will not read (permissions, a name too long), an empty file, UTF-16 text, a binary file
(a NUL byte in the first 64 KiB), text that is not UTF-8 (naming the row), a tab-separated
file, a header row that does not end within 1 MB (an unclosed quote), and a file at or over
the size limit (100 MB unless raised). The delimiter is ``,`` or
``;``, whichever splits the header into more cells; a BOM is dropped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.errors import InputError, Location
from planner.models import ActivityRow

MAX_BYTES = 100_000_000
SNIFF_BYTES = 64 * 1024
#: A header row is read whole up to this size (10,000 columns fit); past it, it is refused.
MAX_HEADER_BYTES = 1_000_000


#: How many names a note lists before it only counts the rest.
LISTED = 10


def listed(names: list[str], limit: int = LISTED) -> str:
    """Names joined by commas, the first ``limit`` only, then "and N more" (a header of ten
    thousand unknown columns is a short note, not 68 kB)."""
    shown = ", ".join(n if len(n) <= 40 else n[:39] + "…" for n in names[:limit])
    more = len(names) - limit
    return shown + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file: the user's zone for local times, units for unit-less exports, and
    the folders besides the file's own that photo paths may point into."""

    tz: ZoneInfo
    units: str = "metric"
    max_bytes: int = MAX_BYTES
    photo_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RowError:
    """One bad row: ``row`` counts records with the header as row 1."""

    row: int
    column: str | None
    message: str

    def location(self, path: Path) -> Location:
        return Location(str(path), self.row, self.column)

    def describe(self, path: Path) -> str:
        return f"{self.location(path)}: {self.message}"


class BadCell(Exception):
    """One bad cell while reading a row: ``field`` names the column (the reader's name for
    it; a reader may map it to the header as written), ``message`` what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class SourceResult:
    """Rows ready for the store (``ActivityRow``) and the bad rows."""

    format: str
    rows: list[ActivityRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note_unknown_types(self, types: set[str]) -> None:
        """Say which activity types were not recognised and so were filed under fitness."""
        if types:
            self.notes.append("activity types filed under fitness: " + listed(sorted(types)))


@dataclass(frozen=True)
class CsvHead:
    """An opened CSV file: its encoding, delimiter and header cells (as written)."""

    path: Path
    encoding: str
    delimiter: str
    header: list[str]

    def where(self, row: int | None = None, column: str | None = None) -> Location:
        return Location(str(self.path), row, column)


def open_csv(path: Path, max_bytes: int = MAX_BYTES) -> CsvHead:
    """Check a file is a readable UTF-8 CSV and read its header row."""
    where = Location(str(path))
    try:
        if not path.exists():
            raise InputError(where, "no such file", "check the path")
        if not path.is_file():
            raise InputError(where, "not a file", "name a CSV file")
        size = path.stat().st_size
        if size == 0:
            raise InputError(where, "the file is empty", "export it again")
        if size >= max_bytes:
            raise InputError(
                where,
                f"the file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                "split it, or raise the limit with --max-mb",
            )
        with path.open("rb") as f:
            chunk = f.read(SNIFF_BYTES)
            while _record_end(chunk) is None and SNIFF_BYTES <= len(chunk) < MAX_HEADER_BYTES:
                chunk += f.read(SNIFF_BYTES)  # a header wider than SNIFF_BYTES: read it whole
    except OSError as exc:
        raise InputError(
            where,
            f"cannot read the file: {exc.strerror or exc}",
            "check the path and its permissions",
        ) from None
    if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(where, "this is UTF-16 text", "save the file as UTF-8 CSV")
    if chunk.startswith(b"PK\x03\x04"):  # a zip: .xlsx, .ods, .numbers
        raise InputError(
            where,
            "this is a spreadsheet workbook (Excel, Numbers, LibreOffice), not a CSV",
            "save it as 'CSV UTF-8' and import that",
        )
    if b"\x00" in chunk:
        raise InputError(where, "this is a binary file, not a CSV", "export the log as CSV")
    bad_byte = None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(chunk, final=len(chunk) == size)
    except UnicodeDecodeError as exc:
        bad_byte = exc.start
    if _record_end(chunk) is None and len(chunk) < size:
        raise InputError(
            Location(str(path), 1),
            f"the header row does not end within the first {MAX_HEADER_BYTES // 1_000_000} MB",
            "close the quote it opens, or put the header, date, kind and title, on the first line",
        )
    encoding = "utf-8-sig" if chunk.startswith(codecs.BOM_UTF8) else "utf-8"
    text = chunk.decode(encoding, errors="ignore")
    first_line = _first_record(text)
    if not first_line.strip():
        raise InputError(where, "the first line (the header) is empty", "put the header first")
    try:
        delimiter = max((",", ";"), key=lambda d: len(_cells(first_line, d)))
        header = [c.strip() for c in _cells(first_line, delimiter)]
    except csv.Error as exc:
        raise InputError(
            Location(str(path), 1), f"cannot parse the header: {exc}", "check the quoting"
        ) from None
    if len(header) == 1 and "\t" in header[0]:
        raise InputError(
            Location(str(path), 1),
            "the file seems to be tab-separated",
            "use , or ; between columns",
        )
    if bad_byte is not None:
        prefix = chunk[:bad_byte].decode(encoding)
        raise InputError(
            Location(str(path), _record_at(prefix, delimiter)),
            f"not UTF-8 text (byte {bad_byte} cannot be read)",
            "save the file as UTF-8",
        )
    return CsvHead(path=path, encoding=encoding, delimiter=delimiter, header=header)


def _record_end(data: bytes) -> int | None:
    """Where the first record of ``data`` ends (its first newline outside quotes), if it
    does; bytes, so a chunk cut inside a UTF-8 character is read alike."""
    found = _UNTIL_RECORD_END.match(data)  # always matches, if only ""
    end = found.end() if found else 0
    return end if end < len(data) and data[end] in b"\r\n" else None


#: Cells and quoted text up to the end of the first record (stops at a newline outside
#: quotes, or at a quote that is never closed).
_UNTIL_RECORD_END = re.compile(rb'(?:[^"\r\n]+|"[^"]*")*')


def _first_record(text: str) -> str:
    """The header record: up to the first newline outside quotes."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            return text[:i]
    return text


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def read_error(head: CsvHead, exc: Exception, row: int | None = None) -> InputError:
    """An InputError for a file that failed part-way (bad encoding later on, broken quoting).

    For bad UTF-8 the row is found again from the bytes: a buffered reader fails a few
    kilobytes before it reaches the row that holds the bad byte.
    """
    if isinstance(exc, UnicodeDecodeError):
        row = _row_of_bad_utf8(head) or row
        return InputError(head.where(row), "not UTF-8 text here", "save the file as UTF-8")
    return InputError(head.where(row), f"cannot parse the CSV: {exc}", "check the quoting")


def _row_of_bad_utf8(head: CsvHead) -> int | None:
    """The record (header = 1) holding the file's first byte that is not UTF-8."""
    data = head.path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(head.encoding)
    else:
        return None
    return _record_at(prefix, head.delimiter)


def _record_at(prefix: str, delimiter: str) -> int:
    """The record (header = 1) that the text right after ``prefix`` belongs to."""
    records = sum(1 for _ in csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter))
    starts_a_record = not prefix or prefix.endswith(("\n", "\r"))
    return records + 1 if starts_a_record else records
