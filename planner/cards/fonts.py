"""Fonts for caption cards: the shipped OFL font, system fallbacks, and per-character coverage.

The card font is the shipped Noto Sans (templates/fonts/, SIL OFL 1.1). Characters it lacks are
drawn with the first font that has them, looked for in this order: fonts the user put in
``<home>/fonts/``, then well-known system fonts when present (DejaVu Sans for Hebrew, Arabic and
symbols; Noto Sans CJK, Droid Sans Fallback or WenQuanYi for Chinese, Japanese and Korean; the
matching platform fonts on macOS and Windows). Coverage is read from each font's ``cmap`` table,
so the choice is exact rather than guessed.

Edges:
- Emoji are drawn in colour only when a colour emoji font (Noto Color Emoji, Apple Color
  Emoji, Segoe UI Emoji) is installed; otherwise they, their variation selectors and joiners are
  left out of the image. The post's caption text always keeps them. A symbol in an emoji block
  that the emoji font lacks (a dingbat, an arrow) is drawn by a text font that has it.
- A character that no available font has is left out of the image too: never a tofu box.
- Right-to-left text is shaped and ordered by libraqm when Pillow has it; a line whose first
  strong character is right-to-left draws its runs right to left. Without raqm, RTL words are
  drawn in logical order (readable letters, wrong word order).
"""

from __future__ import annotations

import bisect
import struct
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.resources import templates_dir
from planner.text_units import EMOJI_JOINERS, is_emoji

if TYPE_CHECKING:
    from PIL import Image, ImageFont

SHIPPED_FONT = "NotoSans-Regular.ttf"
EMOJI_BITMAP_SIZE = 109  # the one size a CBDT colour emoji font (Noto Color Emoji) renders at

SYSTEM_FALLBACKS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/arial.ttf",
    "C:/Windows/Fonts/msyh.ttc",
)
EMOJI_FONTS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
    "/System/Library/Fonts/Apple Color Emoji.ttc",
    "C:/Windows/Fonts/seguiemj.ttf",
)
_JOINERS = {ord(ch) for ch in EMOJI_JOINERS}


def is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _sticky(ch: str) -> bool:
    """Spaces, punctuation and marks stay in the current run when its font has them."""
    return unicodedata.category(ch)[0] in "ZPM"


@cache
def coverage(path: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The code point ranges a TrueType/OpenType font (or the first face of a .ttc) maps.

    Returns (starts, ends), sorted, for bisect. An unreadable or odd font covers nothing.
    """
    try:
        data = Path(path).read_bytes()
        return _parse_cmap(data)
    except (OSError, struct.error, ValueError):
        return ((), ())


def _parse_cmap(data: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12)[0]
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    cmap = None
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        raise ValueError("no cmap")
    subtables: dict[tuple[int, int], int] = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        pid, eid, off = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(pid, eid)] = cmap + off
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 1), (3, 0)):
        if key in subtables:
            offset = subtables[key]
            fmt = struct.unpack_from(">H", data, offset)[0]
            if fmt == 12:
                return _format12(data, offset)
            if fmt == 4:
                return _format4(data, offset)
    raise ValueError("no usable cmap subtable")


def _format12(data: bytes, offset: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    count = struct.unpack_from(">I", data, offset + 12)[0]
    starts, ends = [], []
    for i in range(count):
        start, end, _ = struct.unpack_from(">III", data, offset + 16 + 12 * i)
        starts.append(start)
        ends.append(end)
    return _merged(starts, ends)


def _format4(data: bytes, offset: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    seg = struct.unpack_from(">H", data, offset + 6)[0] // 2
    ends_at = offset + 14
    starts_at = ends_at + 2 * seg + 2
    delta_at = starts_at + 2 * seg
    range_at = delta_at + 2 * seg
    starts, ends = [], []
    for i in range(seg):
        end = struct.unpack_from(">H", data, ends_at + 2 * i)[0]
        start = struct.unpack_from(">H", data, starts_at + 2 * i)[0]
        delta = struct.unpack_from(">h", data, delta_at + 2 * i)[0]
        range_offset = struct.unpack_from(">H", data, range_at + 2 * i)[0]
        if start == 0xFFFF:
            continue
        for cp in range(start, end + 1):
            if range_offset == 0:
                glyph = (cp + delta) & 0xFFFF
            else:
                at = range_at + 2 * i + range_offset + 2 * (cp - start)
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                starts.append(cp)
                ends.append(cp)
    return _merged(starts, ends)


def _merged(starts: list[int], ends: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    pairs = sorted(zip(starts, ends, strict=True))
    out_s: list[int] = []
    out_e: list[int] = []
    for s, e in pairs:
        if out_e and s <= out_e[-1] + 1:
            out_e[-1] = max(out_e[-1], e)
        else:
            out_s.append(s)
            out_e.append(e)
    return tuple(out_s), tuple(out_e)


def covers(path: str, ch: str) -> bool:
    """True when the font at ``path`` has a glyph for ``ch``."""
    starts, ends = coverage(path)
    i = bisect.bisect_right(starts, ord(ch)) - 1
    return i >= 0 and ord(ch) <= ends[i]


@dataclass(frozen=True)
class Run:
    """A stretch of text drawn with one font: ``face`` indexes FontChain.paths; -1 is emoji."""

    text: str
    face: int


@dataclass
class FontChain:
    """The shipped font followed by fallbacks; measures and draws mixed-script text.

    Picklable (only paths are kept); loaded fonts are cached per process.
    """

    paths: tuple[str, ...]
    emoji: str | None = None
    _fonts: dict[tuple[int, int], Any] = field(default_factory=dict, repr=False, compare=False)
    _faces: dict[str, int | None] = field(default_factory=dict, repr=False, compare=False)
    _runs: dict[str, list[Run]] = field(default_factory=dict, repr=False, compare=False)
    _widths: dict[tuple[str, int], float] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {
            "paths": self.paths,
            "emoji": self.emoji,
            "_fonts": {},
            "_faces": {},
            "_runs": {},
            "_widths": {},
        }

    def face_for(self, ch: str) -> int | None:
        """The index of the first font with ``ch``, -1 for colour emoji, None to leave it out."""
        if ch not in self._faces:
            self._faces[ch] = self._find_face(ch)
        return self._faces[ch]

    def _find_face(self, ch: str) -> int | None:
        if (
            is_emoji(ch)
            and self.emoji is not None
            and (ord(ch) in _JOINERS or covers(self.emoji, ch))
        ):
            return -1
        if is_emoji(ch) and ord(ch) in _JOINERS:
            return None
        for i, path in enumerate(self.paths):
            if covers(path, ch):
                return i
        return None

    def runs(self, text: str) -> list[Run]:
        """Split text into runs by font, dropping control characters and uncovered ones."""
        cached = self._runs.get(text)
        if cached is None:
            if len(self._runs) > 4096:
                self._runs.clear()
            cached = self._runs[text] = self._split(text)
        return cached

    def _split(self, text: str) -> list[Run]:
        runs: list[Run] = []
        for ch in text:
            if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or (
                unicodedata.category(ch) == "Cf" and not is_emoji(ch) and not is_rtl(ch)
            ):
                continue
            current = runs[-1].face if runs else None
            if (
                current is not None
                and current >= 0
                and _sticky(ch)
                and covers(self.paths[current], ch)
            ):
                face: int | None = current
            elif current == -1 and ord(ch) in _JOINERS:
                face = -1
            else:
                face = self.face_for(ch)
            if face is None:
                continue
            if runs and runs[-1].face == face:
                runs[-1] = Run(runs[-1].text + ch, face)
            else:
                runs.append(Run(ch, face))
        if any(is_rtl(ch) for ch in text):
            runs = _spaces_apart(runs)
        return runs

    def ordered_runs(self, text: str) -> list[Run]:
        """The runs in drawing order, left to right: reversed on a right-to-left line."""
        runs = list(self.runs(text))
        if runs and base_rtl(text):
            runs.reverse()
        return runs

    def clean(self, text: str) -> str:
        """The text as it will appear in the image (uncovered characters left out)."""
        return "".join(r.text for r in self.runs(text))

    def font(self, face: int, size: int) -> ImageFont.FreeTypeFont:
        """The font for run ``face`` at ``size`` px (emoji: the bitmap size), cached."""
        from PIL import ImageFont

        key = (face, size if face >= 0 else EMOJI_BITMAP_SIZE)
        if key not in self._fonts:
            path = self.emoji if face == -1 else self.paths[face]
            assert path is not None
            self._fonts[key] = ImageFont.truetype(path, key[1], layout_engine=_engine())
        return self._fonts[key]

    def line_height(self, size: int) -> int:
        """Ascent + descent of the shipped font at ``size``."""
        ascent, descent = self.font(0, size).getmetrics()
        return int(ascent + descent)

    def measure(self, text: str, size: int) -> float:
        """The drawn width of ``text`` at ``size`` px, summed over its runs."""
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > 16384:
                self._widths.clear()
            width = self._widths[key] = sum(self._run_width(r, size) for r in self.runs(text))
        return width

    def _run_width(self, run: Run, size: int) -> float:
        font = self.font(run.face, size)
        width = float(font.getlength(run.text, direction=_direction(run.text)))
        if run.face == -1:
            width *= self._emoji_scale(size)
        return width

    def _emoji_scale(self, size: int) -> float:
        return size / EMOJI_BITMAP_SIZE

    def draw(
        self, image: Image.Image, xy: tuple[float, float], text: str, size: int, fill: Any
    ) -> None:
        """Draw one line at ``xy`` (left, top); RTL-based lines draw their runs right to left."""
        from PIL import Image as PILImage
        from PIL import ImageDraw

        runs = self.ordered_runs(text)
        draw = ImageDraw.Draw(image)
        x, y = xy
        ascent = self.font(0, size).getmetrics()[0]
        for run in runs:
            font = self.font(run.face, size)
            width = self._run_width(run, size)
            if run.face == -1:
                w = font.getlength(run.text)
                h = sum(font.getmetrics())
                layer = PILImage.new("RGBA", (max(1, int(w)), max(1, int(h))), (0, 0, 0, 0))
                ImageDraw.Draw(layer).text((0, 0), run.text, font=font, embedded_color=True)
                scale = self._emoji_scale(size)
                target = (max(1, round(w * scale)), max(1, round(h * scale)))
                small = layer.resize(target, PILImage.Resampling.LANCZOS)
                top = int(y + ascent - target[1] * 0.85)
                image.paste(small, (int(x), max(int(y), top)), small)
            else:
                draw.text(
                    (x, y + ascent),
                    run.text,
                    font=font,
                    fill=fill,
                    anchor="ls",
                    direction=_direction(run.text),
                )
            x += width


def _spaces_apart(runs: list[Run]) -> list[Run]:
    """Spaces ending a run that another run follows become a run of their own, so they are
    drawn between the two runs whichever way each is drawn (a right-to-left run drawn with
    its trailing space puts that space on its left, gluing it to the next word)."""
    apart: list[Run] = []
    for i, run in enumerate(runs):
        body = run.text.rstrip()
        if body and body != run.text and i + 1 < len(runs):
            apart += [Run(body, run.face), Run(run.text[len(body) :], run.face)]
        else:
            apart.append(run)
    return apart


def base_rtl(text: str) -> bool:
    """True when the text's first strong letter is right-to-left (Unicode bidi rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@cache
def _raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


def _engine() -> Any:
    from PIL import ImageFont

    return ImageFont.Layout.RAQM if _raqm() else ImageFont.Layout.BASIC


def _direction(text: str) -> str | None:
    """ "rtl" for a run with right-to-left letters when raqm can shape it, else None."""
    if _raqm() and any(is_rtl(ch) for ch in text):
        return "rtl"
    return None


def _existing(paths: Iterator[str] | tuple[str, ...]) -> list[str]:
    return [p for p in paths if Path(p).is_file() and coverage(p)[0]]


@cache
def font_chain(user_fonts: str | None = None) -> FontChain:
    """The chain for this machine: shipped font, user fonts dir (if given), system fallbacks."""
    shipped = str(templates_dir() / "fonts" / SHIPPED_FONT)
    user: list[str] = []
    if user_fonts and Path(user_fonts).is_dir():
        user = sorted(
            str(p)
            for p in Path(user_fonts).iterdir()
            if p.suffix.lower() in (".ttf", ".otf", ".ttc")
        )
    fallbacks = _existing(iter(user)) + _existing(SYSTEM_FALLBACKS)
    emoji = next(iter(_existing(EMOJI_FONTS)), None)
    return FontChain(paths=(shipped, *dict.fromkeys(fallbacks)), emoji=emoji)


def font_files(chain: FontChain) -> list[str]:
    """Every font file the chain may draw with (for cache keys and `planner templates`)."""
    return [*chain.paths, *([chain.emoji] if chain.emoji else [])]
