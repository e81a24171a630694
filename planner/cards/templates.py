"""Card layouts as data: presets (sizes) and templates (layers) read from TOML.

A template is ``templates/cards/<name>.toml`` (bundled) or ``<home>/cards/<name>.toml`` (the
user's; it wins over a bundled one of the same name). It has up to four layers, drawn in order:

    description = "one line shown by `planner templates`"
    [background]  kind = "photo" | "color" | "gradient"; color = "#22303c"; colors = [top, bottom]
    [overlay]     kind = "scrim" | "shade"; color; opacity (0-1); start (0-1, scrim only)
    [text]        box = [x, y, w, h] (fractions of the card); max_size; min_size; max_lines;
                  line_spacing; color; align = left|center|right (left: where a line starts,
                  the right edge for Hebrew or Arabic); valign = top|middle|bottom
    [footer]      text = "$weekday · $place"; box; size; color; align

Pixel sizes are for a 1080-px-wide card and scale with the preset's width. Colours are
"#rgb", "#rrggbb" or "#rrggbbaa".

Edges: an unknown, missing or ill-typed key is a ConfigError naming the file and the key
(``text.max_size``) and what is allowed; a footer naming an unknown ``$variable`` is an error
at load time, not a half-filled footer. A ``photo`` background on a post without a photo (or
whose photo cannot be used) is drawn with ``colors`` as a gradient if given, else ``color``.
[overlay] and [footer] are optional.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.choices import PRESETS
from planner.errors import ConfigError, NotFoundError
from planner.resources import templates_dir

REFERENCE_WIDTH = 1080  # template pixel sizes are for a card this wide
FOOTER_VARIABLES = ("weekday", "date", "time", "place", "category")

_FOOTER_HELP = ", ".join("$" + k for k in FOOTER_VARIABLES)
Color = tuple[int, int, int, int]
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


@dataclass(frozen=True)
class Background:
    kind: str
    color: Color
    colors: tuple[Color, ...] = ()


@dataclass(frozen=True)
class Overlay:
    kind: str
    color: Color
    opacity: float
    start: float = 0.4


@dataclass(frozen=True)
class TextLayer:
    box: tuple[float, float, float, float]
    max_size: int
    min_size: int
    max_lines: int
    color: Color
    line_spacing: float = 1.2
    align: str = "left"
    valign: str = "top"


@dataclass(frozen=True)
class Footer:
    text: str
    box: tuple[float, float, float, float]
    size: int
    color: Color
    align: str = "left"


@dataclass(frozen=True)
class CardTemplate:
    """One validated card layout."""

    name: str
    description: str
    background: Background
    text: TextLayer
    overlay: Overlay | None = None
    footer: Footer | None = None
    source: str = ""


def preset_size(name: str) -> tuple[int, int]:
    """The (width, height) of a preset; ConfigError listing the presets for an unknown one."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(
            f"unknown card preset {name!r} (choose one of: {', '.join(PRESETS)})"
        ) from None


def template_dirs(home: Path | None) -> list[Path]:
    """Where templates are looked for, later entries winning: bundled, then <home>/cards."""
    dirs = [templates_dir() / "cards"]
    if home is not None:
        dirs.append(home / "cards")
    return dirs


def template_files(home: Path | None) -> dict[str, Path]:
    """Template name -> the file that defines it (the user's wins)."""
    found: dict[str, Path] = {}
    for folder in template_dirs(home):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def load_template(name: str, home: Path | None) -> CardTemplate:
    """The named template, validated; NotFoundError listing the available names."""
    files = template_files(home)
    if name not in files:
        raise NotFoundError(
            f"no card template {name!r} (available: {', '.join(sorted(files)) or 'none'}; "
            "add your own as <home>/cards/NAME.toml)"
        )
    return parse_template(files[name])


def load_templates(home: Path | None) -> list[CardTemplate]:
    """Every available template, validated (a broken one raises ConfigError naming its key)."""
    return [parse_template(path) for _, path in sorted(template_files(home).items())]


def parse_template(path: Path) -> CardTemplate:
    """Read and validate one template file (``user_files``: a folder, a FIFO, a device or a
    file that is not UTF-8 is a ConfigError naming it, never a hang)."""
    from planner.user_files import read_user_text

    fix = "a card template is a TOML file; move this one aside"
    text = read_user_text(path, "the card template", fix)
    if text is None:
        raise ConfigError(f"{path}: the card template is not there (a link to nothing?) ({fix})")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return template_from_dict(data, path)


def template_from_dict(data: dict[str, Any], path: Path) -> CardTemplate:
    """Validate a parsed template; every error names ``path`` and the offending key."""
    v = _Validator(path)
    v.keys(
        data, "", {"description", "background", "overlay", "text", "footer"}, {"background", "text"}
    )
    bg = v.table(data, "background")
    v.keys(bg, "background", {"kind", "color", "colors"}, {"kind"})
    kind = v.choice(bg, "background.kind", ("photo", "color", "gradient"))
    colors = tuple(
        v.color_value(c, "background.colors") for c in v.list_of(bg, "background.colors")
    )
    if kind == "gradient" and len(colors) < 2:
        raise v.error(
            "background.colors", "a gradient needs at least two colours", bg.get("colors")
        )
    background = Background(kind, v.color(bg, "background.color", "#22303c"), colors)
    overlay = None
    if "overlay" in data:
        ov = v.table(data, "overlay")
        v.keys(ov, "overlay", {"kind", "color", "opacity", "start"}, {"kind"})
        overlay = Overlay(
            v.choice(ov, "overlay.kind", ("scrim", "shade")),
            v.color(ov, "overlay.color", "#000000"),
            v.number(ov, "overlay.opacity", 0.5, 0.0, 1.0),
            v.number(ov, "overlay.start", 0.4, 0.0, 1.0),
        )
    tx = v.table(data, "text")
    v.keys(
        tx,
        "text",
        {"box", "max_size", "min_size", "max_lines", "color", "line_spacing", "align", "valign"},
        {"box"},
    )
    max_size = v.integer(tx, "text.max_size", 64, 4, 400)
    min_size = v.integer(tx, "text.min_size", 28, 4, 400)
    if min_size > max_size:
        raise v.error("text.min_size", f"must not exceed text.max_size ({max_size})", min_size)
    text = TextLayer(
        v.box(tx, "text.box"),
        max_size,
        min_size,
        v.integer(tx, "text.max_lines", 8, 1, 100),
        v.color(tx, "text.color", "#ffffff"),
        v.number(tx, "text.line_spacing", 1.2, 0.8, 3.0),
        v.choice(tx, "text.align", ("left", "center", "right"), "left"),
        v.choice(tx, "text.valign", ("top", "middle", "bottom"), "top"),
    )
    footer = None
    if "footer" in data:
        ft = v.table(data, "footer")
        v.keys(ft, "footer", {"text", "box", "size", "color", "align"}, {"text", "box"})
        pattern = v.string(ft, "footer.text")
        try:
            string.Template(pattern).substitute({k: "" for k in FOOTER_VARIABLES})
        except KeyError as exc:
            raise v.error(
                "footer.text",
                f"unknown variable ${exc.args[0]} (use: {_FOOTER_HELP})",
                pattern,
            ) from None
        except ValueError as exc:
            raise v.error("footer.text", f"bad $ placeholder: {exc}", pattern) from None
        footer = Footer(
            pattern,
            v.box(ft, "footer.box"),
            v.integer(ft, "footer.size", 28, 4, 400),
            v.color(ft, "footer.color", "#ffffff"),
            v.choice(ft, "footer.align", ("left", "center", "right"), "left"),
        )
    description = v.string(data, "description", "")
    return CardTemplate(path.stem, description, background, text, overlay, footer, str(path))


def parse_color(text: str) -> Color | None:
    """ "#rgb", "#rrggbb" or "#rrggbbaa" as RGBA, or None if it is not one of those."""
    if not isinstance(text, str) or not _HEX.match(text):
        return None
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) == 6:
        digits += "ff"
    r, g, b, a = (int(digits[i : i + 2], 16) for i in range(0, 8, 2))
    return (r, g, b, a)


class _Validator:
    """Typed reads from a template table; every failure is a ConfigError naming the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, key: str, expected: str, value: Any) -> ConfigError:
        return ConfigError(f"{self.path}: key '{key}': {value!r} is not valid ({expected})")

    def keys(
        self, table: dict[str, Any], where: str, allowed: set[str], required: set[str]
    ) -> None:
        prefix = f"{where}." if where else ""
        for key in table:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise ConfigError(f"{self.path}: unknown key '{prefix}{key}' (allowed: {names})")
        for key in sorted(required - set(table)):
            raise ConfigError(f"{self.path}: missing key '{prefix}{key}'")

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data[key]
        if not isinstance(value, dict):
            raise self.error(key, "expected a table like [" + key + "]", value)
        return value

    def _get(self, table: dict[str, Any], key: str, default: Any) -> Any:
        return table.get(key.rsplit(".", 1)[-1], default)

    def string(self, table: dict[str, Any], key: str, default: str | None = None) -> str:
        value = self._get(table, key, default)
        if not isinstance(value, str):
            raise self.error(key, "expected a string", value)
        return value

    def choice(
        self, table: dict[str, Any], key: str, options: tuple[str, ...], default: str | None = None
    ) -> str:
        value = self._get(table, key, default)
        if value not in options:
            raise self.error(key, f"expected one of: {', '.join(options)}", value)
        return str(value)

    def integer(self, table: dict[str, Any], key: str, default: int, lo: int, hi: int) -> int:
        value = self._get(table, key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.error(key, f"expected a whole number from {lo} to {hi}", value)
        return value

    def number(
        self, table: dict[str, Any], key: str, default: float, lo: float, hi: float
    ) -> float:
        value = self._get(table, key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise self.error(key, f"expected a number from {lo} to {hi}", value)
        return float(value)

    def color(self, table: dict[str, Any], key: str, default: str) -> Color:
        return self.color_value(self._get(table, key, default), key)

    def color_value(self, value: Any, key: str) -> Color:
        parsed = parse_color(value)
        if parsed is None:
            raise self.error(key, 'expected a colour like "#1d2b36" or "#000000aa"', value)
        return parsed

    def list_of(self, table: dict[str, Any], key: str) -> list[Any]:
        value = self._get(table, key, [])
        if not isinstance(value, list):
            raise self.error(key, "expected a list", value)
        return value

    def box(self, table: dict[str, Any], key: str) -> tuple[float, float, float, float]:
        value = self._get(table, key, None)
        ok = (
            isinstance(value, list)
            and len(value) == 4
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
        )
        if ok:
            x, y, w, h = (float(n) for n in value)
            ok = (
                0 <= x < 1
                and 0 <= y < 1
                and w > 0
                and h > 0
                and x + w <= 1.0001
                and y + h <= 1.0001
            )
        if not ok:
            raise self.error(
                key, "expected [x, y, width, height] as fractions of the card, inside it", value
            )
        x, y, w, h = (float(n) for n in value)
        return (x, y, w, h)
