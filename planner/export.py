"""Every export format, written atomically into one folder.

Formats: ``csv`` (posts.csv), ``json`` (posts.json, the stable contract), ``ics``
(calendar.ics, RFC 5545 via icalendar, one event per post in the user's zone), ``txt``
(captions/NN-<slug>.txt) and ``publer`` (publer.csv, Publer's bulk-import columns).

Edges: every CSV cell that starts with = + - @ (or a tab or carriage return) is prefixed with
an apostrophe so no spreadsheet runs it as a formula; an empty plan still writes every file
(headers only, an empty calendar); stale captions/*.txt from an earlier export of the folder
are removed so the folder always matches the plan. A week's files are written all or nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.errors import PlannerError, os_problem
from planner.fileio import Stage, shown_path, staged_folder, write_text_atomic
from planner.models import Plan, Post
from planner.text_units import is_url

FORMATS: tuple[str, ...] = ("csv", "json", "ics", "txt", "publer")
POSTS_CSV_COLUMNS = (
    "id",
    "activity_id",
    "at",
    "category",
    "caption",
    "hashtags",
    "image",
    "alt_text",
    "status",
)
PUBLER_COLUMNS = ("Date", "Text", "Link(s)", "Media URL(s)", "Labels", "Alt text")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_formats(text: str) -> tuple[str, ...]:
    """ "csv,json" -> ("csv", "json"); raises ValueError naming an unknown format."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ValueError(
            f"unknown format {unknown[0] if unknown else text!r} (use any of {','.join(FORMATS)})"
        )
    return names


def safe_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will evaluate as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def post_text(post: Post) -> str:
    """Caption plus hashtags, as it will be posted."""
    return " ".join([post.caption, *post.hashtags]).strip()


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe ASCII slug ("Café & Co." -> "cafe-co")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].rstrip("-") or "post"


def export_plan(
    plan: Plan,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    *,
    now: datetime,
    media_base_url: str | None = None,
) -> list[Path]:
    """Write the chosen formats for ``plan`` into ``out_dir``; return the files written.

    All or nothing: the files are written into a staging folder inside ``out_dir`` and moved
    into place once every one of them was written (``fileio.staged_folder``). A file that
    cannot be written (a folder in its place, no permission, a full disk) is a PlannerError
    naming it, and ``out_dir`` is then left as it was. ``media_base_url`` must be an http(s)
    URL (see ``check_media_base_url``).
    """
    try:
        with staged_folder(out_dir) as stage:
            return export_into(plan, stage, formats, now=now, media_base_url=media_base_url)
    except OSError as exc:
        raise out_problem(exc, "write the export", out_dir) from None


def export_into(
    plan: Plan,
    stage: Stage,
    formats: Sequence[str] = FORMATS,
    *,
    now: datetime,
    media_base_url: str | None = None,
) -> list[Path]:
    """Write the chosen formats for ``plan`` into a staging folder (``fileio.staged_folder``);
    return the files as they will be named once moved into place.

    Caption files of an earlier export that this one does not write are removed with the
    move. A ``media_base_url`` that is not an http(s) URL is a PlannerError.
    """
    if media_base_url is not None:
        try:
            media_base_url = check_media_base_url(media_base_url)
        except ValueError as exc:
            raise PlannerError(f"--media-base-url: {exc}") from None
    staged = _export(plan, stage.path, formats, now=now, media_base_url=media_base_url)
    written = [stage.final(path) for path in staged]
    if "txt" in formats:
        captions = stage.target / "captions"
        names = {p.name for p in written}
        if captions.is_dir():
            for stale in captions.glob("[0-9][0-9]-*.txt"):
                if stale.name not in names:
                    stage.discard(stale)
    return written


def out_problem(exc: OSError, doing: str, out_dir: Path) -> PlannerError:
    """The one line for an OS error while writing into ``out_dir`` through a staging folder:
    the path as the user knows it (``fileio.shown_path``), what failed and what to do."""
    where = shown_path(exc, out_dir)
    return os_problem(exc, doing, where=where, elsewhere="choose another --out folder")


def check_media_base_url(url: str) -> str:
    """The URL, stripped, when it is http(s) with a host and no space or control character
    inside; ValueError saying what to use."""
    from urllib.parse import urlsplit

    text = url.strip()
    parts = urlsplit(text)
    spaced = any(c.isspace() or not c.isprintable() for c in text)  # urlsplit drops some
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or spaced:
        raise ValueError(
            f"{url!r} is not an http(s) URL (use where the cards are served,"
            " e.g. https://example.org/cards)"
        )
    return text


def _export(
    plan: Plan,
    out_dir: Path,
    formats: Sequence[str],
    *,
    now: datetime,
    media_base_url: str | None,
) -> list[Path]:
    written: list[Path] = []
    if "json" in formats:
        written.append(write_text_atomic(out_dir / "posts.json", plan_json(plan) + "\n"))
    if "csv" in formats:
        rows = [_posts_csv_row(p) for p in plan.posts]
        written.append(write_text_atomic(out_dir / "posts.csv", _csv(POSTS_CSV_COLUMNS, rows)))
    if "publer" in formats:
        rows = [_publer_row(p, media_base_url) for p in plan.posts]
        written.append(write_text_atomic(out_dir / "publer.csv", _csv(PUBLER_COLUMNS, rows)))
    if "ics" in formats:
        written.append(write_text_atomic(out_dir / "calendar.ics", calendar_ics(plan, now)))
    if "txt" in formats:
        written.extend(_write_captions(plan.posts, out_dir / "captions"))
    return written


def plan_json(plan: Plan) -> str:
    """posts.json: ``{"week", "timezone", "posts": [...], "skipped": [...]}``."""
    return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2)


def _csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def _posts_csv_row(post: Post) -> list[Any]:
    return [
        post.id,
        post.activity_id,
        post.at.isoformat(),
        post.category,
        post.caption,
        " ".join(post.hashtags),
        post.image or "",
        post.alt_text or "",
        post.status,
    ]


def _publer_row(post: Post, media_base_url: str | None) -> list[Any]:
    media = ""
    if post.image and is_url(post.image):
        media = post.image
    elif post.image and media_base_url:
        media = media_base_url.rstrip("/") + "/" + Path(post.image).name
    return [
        post.at.strftime("%Y-%m-%d %H:%M"),
        post_text(post),
        "",
        media,
        post.category,
        post.alt_text or "",
    ]


def calendar_ics(plan: Plan, now: datetime) -> str:
    """An RFC 5545 calendar: one 15-minute event per post, in the plan's time zone."""
    from icalendar import Calendar, Event, Timezone

    cal = Calendar()
    cal.add("prodid", "-//planner//subtle post planner//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Posts {plan.week}")
    cal.add("x-wr-timezone", plan.timezone)
    for post in plan.posts:
        event = Event()
        event.add("uid", f"{post.id}@planner")
        event.add("dtstamp", now)
        event.add("dtstart", post.at)
        event.add("dtend", post.at + timedelta(minutes=15))
        event.add("summary", f"Post: {post.title or post.category}")
        event.add("description", post_text(post))
        event.add("categories", [post.category])
        cal.add_component(event)
    cal.add_missing_timezones()
    if not plan.posts:  # RFC 5545 wants one component at least: the week's zone
        monday = plan.week.monday
        zone = Timezone.from_tzinfo(
            ZoneInfo(plan.timezone),
            tzid=plan.timezone,
            first_date=monday,
            last_date=monday + timedelta(days=7),
        )
        cal.add_component(zone)
    return cal.to_ical().decode("utf-8")


def _write_captions(posts: Sequence[Post], folder: Path) -> list[Path]:
    written = []
    for number, post in enumerate(posts, start=1):
        path = folder / f"{number:02d}-{slug(post.title or post.category)}.txt"
        written.append(write_text_atomic(path, post_text(post) + "\n"))
    return written
