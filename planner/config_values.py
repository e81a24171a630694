"""planner.toml values and the types Settings fields declare: checked, converted, written back.

    convert(value, hint, path, key)   one TOML value as the field's type, or a ConfigError that
                                      names the file and key and says what is expected
    check_range(value, limits, ...)   a number inside its inclusive range, or a ConfigError
    toml_value(value)                 a Settings value as TOML (for ``init`` and ``policy``)

Edges: booleans are never numbers; times are "HH:MM", posting windows "HH:MM-HH:MM" with the
end after the start; a date may not carry a time; "" stands for an unset optional value.
"""

from __future__ import annotations

import math
import types
import typing
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from planner.errors import ConfigError
from planner.policy import Window


def check_range(value: float, limits: tuple[float, float], path: Path, key: str) -> None:
    low, high = limits
    if not low <= value <= high:
        raise ConfigError(
            f"{path}: key '{key}': {value!r} is not valid (expected {low:g} to {high:g})"
        )


def convert(value: Any, hint: Any, path: Path, key: str, signed: bool = False) -> Any:
    """Convert one TOML value to the type a Settings field declares, or raise ConfigError.

    Edge: numbers must be 0 or more unless ``signed`` (a setting whose range goes below 0).
    """

    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{path}: key '{key}': {value!r} is not valid (expected {expected})")

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None or value == "":
            return None
        return convert(value, inner[0], path, key, signed)
    if hint is bool:
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad("a whole number, 0 or more")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad("a number, 0 or more")
        if not math.isfinite(value) or (value < 0 and not signed):
            raise bad("a number, 0 or more")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise bad("a string")
        return value
    if hint is time:
        return parse_time(value, bad)
    if hint is date:
        if isinstance(value, datetime):
            raise bad("a date like 2026-11-01, without a time")
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise bad("a date like 2026-11-01") from None
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise bad("a list")
        if item_hint is Window:
            return tuple(parse_window(v, bad) for v in value)
        return tuple(convert(v, item_hint, path, key, signed) for v in value)
    raise bad(str(hint))


def parse_time(value: Any, bad: Any) -> time:
    if isinstance(value, time):
        return value
    try:
        hh, mm = str(value).split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise bad('a time like "22:00"') from None


def parse_window(value: Any, bad: Any) -> Window:
    try:
        start, end = str(value).split("-")
        window = Window(parse_time(start.strip(), bad), parse_time(end.strip(), bad))
    except ValueError:
        raise bad('windows like "18:00-20:30"') from None
    if window.end <= window.start:
        raise bad('windows whose end is after their start, like "18:00-20:30"')
    return window


def toml_value(value: Any) -> str:
    """A Settings value written back as TOML (for `planner init` and `planner policy`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return '""'
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Window):
        return f'"{value}"'
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)
