"""week.png: the planned week at a glance, seven columns Monday to Sunday.

Each post shows as a thumbnail of its card (or a plain tile when it has no card yet), its local
time and the first words of its caption. A day without posts is a pale, empty column with a
quiet "rest" label: calm, not a gap that asks to be filled. The title, the day headings and
that label are in the caption language (``words.toml``'s [week], with its weekday and month
names; see ``week_labels``), drawn with the card fonts and the user's own (``<home>/fonts/``).

Edges: posts outside the week are left out; several posts on one day stack (smaller); a card
file that is missing or unreadable is drawn as a plain tile; the picture carries no metadata;
a character no font has is left out, never drawn as a box (see ``cards.fonts``).
A picture that cannot be written (a folder named week.png, no permission, disk full) is a
PlannerError naming it; the write is atomic, so no half-written week.png is left.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from planner.cards.fonts import FontChain, font_chain
from planner.cards.text import Box, draw_fitted, fit_text
from planner.errors import os_problem
from planner.fileio import atomic_file, remove_stale_parts
from planner.models import Post, Week

WIDTH, HEIGHT = 1680, 900
MARGIN, GAP, HEADER = 40, 16, 120
BACKGROUND = (250, 249, 246)
EMPTY_DAY = (242, 240, 235)
INK = (40, 40, 40, 255)
QUIET = (150, 146, 140, 255)
TILE = (214, 220, 224)
FRAME = (206, 202, 196)
FIRST_WORDS = 8

if TYPE_CHECKING:
    from PIL import Image

    from planner.caption_book import Words


@dataclass(frozen=True)
class WeekLabels:
    """What the picture says besides the posts: its title, a heading per day, Monday first,
    and the word on a day without posts."""

    title: str
    days: tuple[str, ...]
    rest: str


def week_labels(week: Week, words: Words | None = None) -> WeekLabels:
    """The picture's words in ``words``' language (default English): "2026-W49  ·  30 Nov –
    6 Dec 2026", "Mon 30" ... "Sun 6" and "rest"; "KW 49  ·  30. Nov. – 6. Dez. 2026",
    "Mo. 30." ... and "Ruhetag" in German.

    Edges: the year is the Sunday's (a week from December into January says the new one); a
    phrase missing from a language's words.toml is English's, and a variable it does not know
    is left as written.
    """
    from planner.captions import english_words

    words = words or english_words()
    phrases = {**english_words().week, **words.week}
    days = week.days()
    values = {
        "week": str(week),
        "number": str(week.number),
        "year": str(days[-1].year),
        "start": words.date(days[0].day, days[0].month),
        "end": words.date(days[-1].day, days[-1].month),
    }
    title = string.Template(phrases["title"]).safe_substitute(values)
    headings = tuple(
        string.Template(phrases["day"]).safe_substitute(
            weekday=words.weekdays_short[day.weekday()], day=day.day
        )
        for day in days
    )
    return WeekLabels(title, headings, phrases["rest"])


def first_words(caption: str, count: int = FIRST_WORDS) -> str:
    """The first ``count`` words of a caption, with "…" when there were more."""
    words = caption.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def write_week_picture(
    plan_posts: Sequence[Post],
    week: Week,
    tz: tzinfo | str,
    out_path: Path,
    *,
    never_mention: Sequence[str] = (),
    words: Words | None = None,
    user_fonts: str | None = None,
    shown_as: Path | None = None,
) -> Path:
    """Draw the week picture to ``out_path`` (PNG) and return the path.

    The first words of each caption are drawn without any ``never_mention`` name; the
    picture's own words are in ``words``' language (default English), drawn with the fonts
    of ``user_fonts`` (a folder) where the card font lacks a character. An error names
    ``shown_as`` (default ``out_path``): where the picture goes when ``out_path`` is in a
    staging folder.
    """
    from PIL import Image

    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    chain = font_chain(user_fonts)
    labels = week_labels(week, words)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    days = week.days()
    by_day: dict[int, list[Post]] = {i: [] for i in range(7)}
    for post in sorted(plan_posts, key=lambda p: p.at):
        local = post.at.astimezone(zone).date()
        if local in days:
            by_day[days.index(local)].append(post)
    _text(image, chain, labels.title, Box(MARGIN, 30, WIDTH - 2 * MARGIN, 50), 36, INK, "left")
    column_w = (WIDTH - 2 * MARGIN - 6 * GAP) // 7
    for i in range(7):
        x = MARGIN + i * (column_w + GAP)
        heading = Box(x, HEADER - 30, column_w, 34)
        _text(image, chain, labels.days[i], heading, 26, INK, "center")
        area = Box(x, HEADER + 14, column_w, HEIGHT - HEADER - 14 - MARGIN)
        if not by_day[i]:
            image.paste(EMPTY_DAY, (area.x, area.y, area.x + area.w, area.y + area.h))
            mid = Box(area.x, area.y + area.h // 2 - 20, area.w, 40)
            _text(image, chain, labels.rest, mid, 26, QUIET, "center")
            continue
        slot_h = area.h // len(by_day[i])
        for j, post in enumerate(by_day[i]):
            tile = Box(area.x, area.y + j * slot_h, area.w, slot_h - 8)
            _post_tile(image, chain, post, zone, tile, never_mention)
    try:
        remove_stale_parts(out_path.parent)
        with atomic_file(out_path) as handle:
            image.save(handle, "PNG")
    except OSError as exc:
        raise os_problem(
            exc,
            "write the week picture",
            where=shown_as or out_path,
            elsewhere="choose another --out folder",
        ) from None
    return out_path


def _post_tile(
    image: Image.Image,
    chain: FontChain,
    post: Post,
    zone: tzinfo,
    box: Box,
    never_mention: Sequence[str],
) -> None:
    from planner.cards.alt_text import scrub_names

    thumb_h = min(round(box.w * 5 / 4), max(40, box.h - 150))
    thumb = _thumbnail(post.image, (box.w, thumb_h))
    if thumb is None:
        image.paste(TILE, (box.x, box.y, box.x + box.w, box.y + thumb_h))
    else:
        from PIL import ImageDraw

        image.paste(thumb, (box.x, box.y))  # framed, so a pale card stands off the page
        frame = (box.x, box.y, box.x + box.w - 1, box.y + thumb_h - 1)
        ImageDraw.Draw(image).rectangle(frame, outline=FRAME)
    when = post.at.astimezone(zone).strftime("%H:%M")
    _text(image, chain, when, Box(box.x, box.y + thumb_h + 8, box.w, 34), 26, INK, "left")
    words_box = Box(box.x, box.y + thumb_h + 46, box.w, max(30, box.h - thumb_h - 46))
    words = scrub_names(chain.clean(" ".join(post.caption.split())), never_mention)
    _text(image, chain, first_words(words), words_box, 22, QUIET, "left", lines=4)


def _thumbnail(path: str | None, size: tuple[int, int]) -> Image.Image | None:
    from PIL import Image, ImageOps

    if not path or not Path(path).is_file():
        return None
    try:
        with Image.open(path) as img:
            img.draft("RGB", size)
            small = ImageOps.contain(img.convert("RGB"), size, Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    tile = Image.new("RGB", size, TILE)
    tile.paste(small, ((size[0] - small.width) // 2, (size[1] - small.height) // 2))
    return tile


def _text(
    image: Image.Image,
    chain: FontChain,
    text: str,
    box: Box,
    size: int,
    fill: Any,
    align: str,
    lines: int = 1,
) -> None:
    fitted = fit_text(
        text, chain, box, max_size=size, min_size=max(8, size * 2 // 3), max_lines=lines
    )
    draw_fitted(image, fitted, chain, box, fill=fill, align=align)
