"""Activity sources: one module per input format, chosen by the file's header row.

Each format module has ``matches(header: list[str]) -> bool`` (the header as written, after
any BOM) and ``read(head: CsvHead, options: ReadOptions) -> SourceResult``. Detection asks the
formats in FORMATS order and never looks at the file name; ``native`` comes last because its
aliases are the most forgiving.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from planner.errors import InputError
from planner.sources.common import CsvHead, ReadOptions, RowError, SourceResult, open_csv

FORMATS: tuple[str, ...] = ("strava", "garmin", "strong", "hevy", "native")

__all__ = ["FORMATS", "ReadOptions", "RowError", "SourceResult", "detect", "read_activities"]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"planner.sources.{name}")


def detect(head: CsvHead) -> str:
    """The format whose header this is, or an InputError naming formats and columns seen."""
    order = [f for f in FORMATS if f != "native"] + ["native"]
    for name in order:
        if _module(name).matches(head.header):
            return name
    if _module("native").looks_native(head.header):
        return "native"  # its reader names the missing required column
    seen = ", ".join(head.header[:12]) + (", ..." if len(head.header) > 12 else "")
    hint = "use a native CSV with date, kind, title columns, or pass --format"
    if len(head.header) == 1:
        hint = "the header is one column: use , or ; between columns"
    raise InputError(
        head.where(1),
        f"unknown file layout; known formats: {', '.join(FORMATS)}; columns seen: {seen}",
        hint,
    )


def read_activities(path: Path, options: ReadOptions, fmt: str | None = None) -> SourceResult:
    """Read a file of any known format into store rows and row errors."""
    head = open_csv(path, options.max_bytes)
    name = fmt or detect(head)
    if name not in FORMATS:
        raise InputError(head.where(), f"unknown format {name!r}", f"use one of {FORMATS}")
    result: SourceResult = _module(name).read(head, options)
    return result
