"""How activities and posts are laid out in the store: the columns, and rows to models and back.

Times are stored as UTC ISO 8601 text ("2026-11-03T17:30:00+00:00"), which sorts correctly.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from planner.models import ACTIVITY_COLUMNS, Activity, ActivityRow, Post

PHOTO_INDEX = ACTIVITY_COLUMNS.index("photo")

POST_COLUMNS: tuple[str, ...] = (
    "id",
    "activity_id",
    "week",
    "at",
    "category",
    "title",
    "caption",
    "hashtags",
    "variant",
    "image",
    "alt_text",
    "status",
)


def to_utc_text(moment: datetime) -> str:
    """An aware datetime as the stored UTC text."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat()


def activity_row(a: Activity) -> ActivityRow:
    """An Activity as a row in ACTIVITY_COLUMNS order (what sources hand to ``import_rows``)."""
    return (
        a.id,
        to_utc_text(a.start),
        to_utc_text(a.end) if a.end else None,
        a.kind,
        a.category,
        a.title,
        a.location,
        a.photo,
        a.notes,
        a.mood,
        1 if a.share else 0,
        " ".join(a.tags),
        a.distance_km,
        a.duration_s,
        a.details,
        a.source,
    )


def activity_from_row(row: sqlite3.Row | Sequence[Any]) -> Activity:
    end = row[2]
    return Activity(
        id=row[0],
        start=datetime.fromisoformat(row[1]),
        end=datetime.fromisoformat(end) if end else None,
        kind=row[3],
        category=row[4],
        title=row[5],
        location=row[6],
        photo=row[7],
        notes=row[8],
        mood=row[9],
        share=bool(row[10]),
        tags=tuple(row[11].split()) if row[11] else (),
        distance_km=row[12],
        duration_s=row[13],
        details=row[14],
        source=row[15],
    )


def post_from_row(row: sqlite3.Row) -> Post:
    return Post(
        id=row["id"],
        activity_id=row["activity_id"],
        at=datetime.fromisoformat(row["at"]),
        category=row["category"],
        title=row["title"],
        caption=row["caption"],
        hashtags=tuple(json.loads(row["hashtags"])),
        variant=row["variant"],
        image=row["image"],
        alt_text=row["alt_text"],
        status=row["status"],
    )
