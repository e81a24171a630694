"""Fitting a caption into a box: wrap by measured width, shrink, then ellipsise.

``fit_text`` tries sizes from ``max_size`` down to ``min_size`` (binary search over whole
pixels) and keeps the largest at which the wrapped text fits both the box height and
``max_lines``. Widths come from the fonts' own advance widths (``FreeTypeFont.getlength``),
summed over font runs, so mixed scripts measure correctly.

Edges:
- A word wider than the box is broken between characters, at the widest prefix that fits.
- Explicit newlines are kept as line breaks; runs of spaces collapse to one.
- When even ``min_size`` does not fit, the text is cut to the lines that fit and the last line
  ends in an ellipsis ("…") that itself fits the width.
- A box too small for even one line at ``min_size`` yields no lines (nothing is drawn).
- Text that is empty after leaving out undrawable characters yields no lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planner.cards.fonts import FontChain, base_rtl

if TYPE_CHECKING:
    from PIL import Image

ELLIPSIS = "…"


@dataclass(frozen=True)
class Box:
    """A rectangle in card pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class FittedText:
    """The result of fitting: the font size, the lines, and the line pitch in pixels."""

    size: int
    lines: tuple[str, ...]
    pitch: int
    truncated: bool = False

    def height(self) -> int:
        return self.pitch * len(self.lines)


def wrap(text: str, chain: FontChain, size: int, width: float) -> list[str]:
    """Wrap ``text`` into lines no wider than ``width`` at ``size``; long words are broken."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if chain.measure(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
                line = ""
            while chain.measure(word, size) > width:
                head = _widest_prefix(word, chain, size, width)
                if not head:
                    return lines  # not even one character fits
                lines.append(head)
                word = word[len(head) :]
            line = word
        if line or not words:
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _widest_prefix(word: str, chain: FontChain, size: int, width: float) -> str:
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if chain.measure(word[:mid], size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return word[:lo]


def fit_text(
    text: str,
    chain: FontChain,
    box: Box,
    *,
    max_size: int,
    min_size: int,
    max_lines: int,
    line_spacing: float = 1.2,
) -> FittedText:
    """The largest size in [min_size, max_size] at which ``text`` fits ``box`` and max_lines."""
    text = "\n".join(chain.clean(part) for part in text.split("\n")).strip()
    min_size = max(1, min(min_size, max_size))
    if not text:
        return FittedText(min_size, (), _pitch(min_size, line_spacing))

    def attempt(size: int) -> tuple[list[str], int] | None:
        pitch = _pitch(size, line_spacing)
        lines = wrap(text, chain, size, box.w)
        allowed = min(max_lines, _lines_in(box.h, pitch, chain, size))
        if lines and len(lines) <= allowed and _complete(lines, text):
            return lines, pitch
        return None

    lo, hi, best = min_size, max_size, None
    while lo <= hi:
        mid = (lo + hi) // 2
        result = attempt(mid)
        if result is not None:
            best = (mid, result)
            lo = mid + 1
        else:
            hi = mid - 1
    if best is not None:
        size, (lines, pitch) = best
        return FittedText(size, tuple(lines), pitch)
    return _truncated(text, chain, box, min_size, max_lines, line_spacing)


def _complete(lines: list[str], text: str) -> bool:
    """False when wrap gave up because not even one character fit the width."""
    return sum(len("".join(line.split())) for line in lines) >= len("".join(text.split()))


def _truncated(
    text: str, chain: FontChain, box: Box, size: int, max_lines: int, line_spacing: float
) -> FittedText:
    pitch = _pitch(size, line_spacing)
    allowed = min(max_lines, _lines_in(box.h, pitch, chain, size))
    lines = wrap(text, chain, size, box.w)[:allowed] if allowed > 0 else []
    if not lines:
        return FittedText(size, (), pitch, truncated=True)
    last = lines[-1].rstrip()
    while last and chain.measure(last + ELLIPSIS, size) > box.w:
        last = last[:-1].rstrip()
    if chain.measure(last + ELLIPSIS, size) <= box.w:
        lines[-1] = last + ELLIPSIS
    else:
        lines[-1] = last
    return FittedText(size, tuple(lines), pitch, truncated=True)


def _pitch(size: int, line_spacing: float) -> int:
    return max(1, round(size * line_spacing))


def _lines_in(height: int, pitch: int, chain: FontChain, size: int) -> int:
    """How many lines fit: every line but the last takes a pitch, the last its full height."""
    line_h = chain.line_height(size)
    if height < line_h:
        return 0
    return 1 + (height - line_h) // pitch


def text_top(fitted: FittedText, chain: FontChain, box: Box, valign: str = "top") -> int:
    """The card y where the first fitted line starts (its ascender space included)."""
    used = fitted.pitch * (len(fitted.lines) - 1) + chain.line_height(fitted.size)
    offset = {"top": 0, "middle": (box.h - used) // 2, "bottom": box.h - used}.get(valign, 0)
    return box.y + offset


def draw_fitted(
    image: Image.Image,
    fitted: FittedText,
    chain: FontChain,
    box: Box,
    *,
    fill: Any,
    align: str = "left",
    valign: str = "top",
) -> None:
    """Draw fitted lines inside ``box``; nothing is drawn outside it (a clipped layer is used).

    ``align`` left and right are the start and the end of a line: a right-to-left text
    (Hebrew, Arabic) aligned "left" starts at the right edge."""
    from PIL import Image as PILImage

    if not fitted.lines:
        return
    layer = PILImage.new("RGBA", (box.w, box.h), (0, 0, 0, 0))
    top = text_top(fitted, chain, box, valign) - box.y
    if align != "center" and base_rtl("".join(fitted.lines)):
        align = "right" if align == "left" else "left"  # left/right mean start/end of a line
    for i, line in enumerate(fitted.lines):
        width = chain.measure(line, fitted.size)
        if align == "center":
            x = (box.w - width) / 2
        elif align == "right":
            x = box.w - width
        else:
            x = 0.0
        chain.draw(layer, (x, top + i * fitted.pitch), line, fitted.size, fill)
    image.alpha_composite(layer, (box.x, box.y)) if image.mode == "RGBA" else image.paste(
        layer, (box.x, box.y), layer
    )
