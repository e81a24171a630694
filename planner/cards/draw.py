"""Drawing one caption card: the background (photo, gradient or colour), the overlay, the fitted
caption and footer; and saving it atomically with no metadata.

``draw_card(job)`` is a plain function of a picklable ``CardJob``, so cards can be drawn in
worker processes. A photo that does not decode raises PhotoError naming the photo as the user
wrote it (``job.photo_name``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cards.fonts import font_chain
from planner.cards.templates import REFERENCE_WIDTH, CardTemplate
from planner.cards.text import Box, draw_fitted, fit_text, text_top
from planner.errors import PlannerError, os_problem
from planner.fileio import atomic_file

if TYPE_CHECKING:
    from PIL import Image

JPEG_QUALITY = 90
SCRIM_FADE = 0.18


@dataclass(frozen=True)
class CardJob:
    """Everything needed to draw one card, picklable for worker processes."""

    text: str
    footer: str
    template: CardTemplate
    size: tuple[int, int]
    photo: str | None
    png: bool
    user_fonts: str | None
    photo_name: str | None = None  # the photo as the user wrote it, for messages


def _scaled(template_px: int, width: int) -> int:
    return max(1, round(template_px * width / REFERENCE_WIDTH))


def _box(frac: tuple[float, float, float, float], size: tuple[int, int]) -> Box:
    w, h = size
    x, y, bw, bh = frac
    left, top = round(x * w), round(y * h)
    return Box(left, top, max(1, min(round(bw * w), w - left)), max(1, min(round(bh * h), h - top)))


def _vertical(colors: Sequence[tuple[int, int, int, int]], size: tuple[int, int]) -> Image.Image:
    """A top-to-bottom RGBA gradient through ``colors``."""
    from PIL import Image

    column = Image.new("RGBA", (1, len(colors)))
    column.putdata(list(colors))
    tall = column.resize((1, size[1]), Image.Resampling.BILINEAR, reducing_gap=None)
    return tall.resize(size, Image.Resampling.NEAREST)


def draw_card(job: CardJob) -> Image.Image:
    """Draw one card as an RGB image (no metadata)."""
    from PIL import Image

    from planner.cards.photos import load_cover

    tpl, size = job.template, job.size
    bg = tpl.background
    if bg.kind == "photo" and job.photo:
        card = load_cover(Path(job.photo), size, job.photo_name)
    elif bg.kind in ("photo", "gradient") and len(bg.colors) >= 2:
        card = _vertical(bg.colors, size).convert("RGB")
    else:
        card = Image.new("RGB", size, bg.color[:3])
    chain = font_chain(job.user_fonts)
    text = tpl.text
    box = _box(text.box, size)
    fitted = fit_text(
        job.text,
        chain,
        box,
        max_size=_scaled(text.max_size, size[0]),
        min_size=_scaled(text.min_size, size[0]),
        max_lines=text.max_lines,
        line_spacing=text.line_spacing,
    )
    if tpl.overlay is not None:
        solid_from = None
        if fitted.lines:
            solid_from = text_top(fitted, chain, box, text.valign) - fitted.size // 2
        _overlay(card, tpl, size, solid_from)
    draw_fitted(card, fitted, chain, box, fill=text.color, align=text.align, valign=text.valign)
    if tpl.footer is not None and job.footer:
        footer = tpl.footer
        fbox = _box(footer.box, size)
        px = _scaled(footer.size, size[0])
        fitted = fit_text(
            job.footer, chain, fbox, max_size=px, min_size=max(4, px // 2), max_lines=1
        )
        draw_fitted(
            card, fitted, chain, fbox, fill=footer.color, align=footer.align, valign="middle"
        )
    return card


def _overlay(
    card: Image.Image, tpl: CardTemplate, size: tuple[int, int], solid_from: int | None
) -> None:
    """Darken the card: a shade all over, or a scrim that fades in from ``start`` and is at
    full strength from ``solid_from`` (just above the drawn text) down, so text over a white
    or bright photo keeps its contrast. The fade starts earlier than ``start`` when the text
    is close to it, so it is never shorter than SCRIM_FADE of the card's height. Without text
    the scrim fades in to the bottom."""
    from PIL import Image

    ov = tpl.overlay
    assert ov is not None
    alpha = round(255 * ov.opacity * ov.color[3] / 255)
    if ov.kind == "shade":
        card.paste(ov.color[:3], (0, 0, *size), Image.new("L", size, alpha))
        return
    top = min(size[1] - 1, round(ov.start * size[1]))
    if solid_from is not None:
        solid_from = max(0, min(size[1], solid_from))
        top = max(0, min(top, solid_from - round(SCRIM_FADE * size[1])))
    solid = size[1] if solid_from is None else max(top, solid_from)
    column = Image.new("L", (1, size[1] - top), alpha)
    if solid > top:
        ramp = Image.linear_gradient("L").resize((1, solid - top), Image.Resampling.BILINEAR)
        column.paste(ramp.point(lambda v: v * alpha // 255), (0, 0))
    mask = column.resize((size[0], size[1] - top), Image.Resampling.NEAREST)
    card.paste(ov.color[:3], (0, top, size[0], size[1]), mask)


def save_card(image: Image.Image, path: Path, png: bool, shown: Path | None = None) -> None:
    """Save atomically with no metadata: JPEG q90, or PNG. An OSError (a full disk) is a
    PlannerError naming ``shown`` (default: the card's folder).

    The photo's metadata rides along in ``image.info`` through crop and resize, and Pillow
    writes some of it back (a JPEG comment, a PNG's ICC profile), so it is dropped here.
    """
    image.info.clear()
    try:
        with atomic_file(path) as handle:
            if png:
                image.save(handle, "PNG")
            else:
                image.save(handle, "JPEG", quality=JPEG_QUALITY)
    except OSError as exc:
        raise unwritable(shown or path.parent, exc) from None


def unwritable(folder: Path, exc: OSError) -> PlannerError:
    """The one line for a card that cannot be written into ``folder``."""
    return os_problem(exc, "write the card", where=folder, elsewhere="choose another --out folder")
