"""The plain data that passes between stages: Activity (and ActivityRow, the form sources hand
to the store), Post, Skip, Week, Plan, Reason, Verdict, and the ids they are known by.

Every datetime here is timezone-aware. Activities are stored in UTC; posts carry the user's
local time. Nothing in this module does I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeAlias

CATEGORIES: tuple[str, ...] = (
    "fitness",
    "outdoors",
    "trip",
    "outing",
    "food",
    "hobby",
    "learning",
    "career",
    "wellbeing",
    "social",
    "dating",
    "other",
)

#: Categories whose activity happens at a place the user should have left before posting.
PLACE_CATEGORIES: frozenset[str] = frozenset({"trip", "outing", "outdoors", "food", "dating"})


def stable_id(*parts: object) -> str:
    """A short, stable hex id from the given parts (same parts, same id, on every machine)."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def time_ordered_id(start: datetime, *parts: object) -> str:
    """A stable id that sorts by time: 8 hex digits of minutes since 1970, then 8 of a hash
    of the parts. Chronological imports then insert in key order, which keeps them fast.

    A naive ``start`` (a wall-clock time as written, in no zone) counts its minutes as if it
    were UTC, so the id does not change with the zone it is read in.
    """
    moment = start if start.tzinfo is not None else start.replace(tzinfo=UTC)
    minutes = int(moment.timestamp()) // 60
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest()
    return f"{minutes & 0xFFFFFFFF:08x}{digest}"


@dataclass(frozen=True, slots=True)
class Activity:
    """One thing the user actually did.

    ``start`` and ``end`` are aware datetimes. ``end`` is None when unknown; a trip with no
    end is taken to end on the day it started. ``photo`` is a local path or an http(s) URL,
    "" when there is none. ``details`` is a short human summary a caption may use
    ("Squat, Bench Press, Row"); it never holds heart rate, weight lifted or calories.
    """

    id: str
    start: datetime
    kind: str
    category: str
    title: str
    end: datetime | None = None
    location: str = ""
    photo: str = ""
    notes: str = ""
    mood: int | None = None
    share: bool = True
    tags: tuple[str, ...] = ()
    distance_km: float | None = None
    duration_s: int | None = None
    details: str = ""
    source: str = "native"

    @property
    def finished(self) -> datetime:
        """When the activity was over: ``end``, else start + duration, else start."""
        if self.end is not None:
            return self.end
        if self.duration_s:
            return self.start + timedelta(seconds=self.duration_s)
        return self.start


#: The store's activity columns, in order: the fields of an ``ActivityRow``.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "id",
    "start",
    "end",
    "kind",
    "category",
    "title",
    "location",
    "photo",
    "notes",
    "mood",
    "share",
    "tags",
    "distance_km",
    "duration_s",
    "details",
    "source",
)

#: An activity as the store keeps it, which is how every source hands it to
#: ``Store.import_rows``: one value per ``ACTIVITY_COLUMNS`` field, in that order. Times are
#: UTC ISO 8601 text, ``share`` is 1 or 0, ``tags`` are space-separated; text a source does not
#: have is "", a number it does not have is None. mypy checks every position's type.
#:
#: A plain tuple, not a NamedTuple, on purpose: an import builds one per row, and a tuple
#: subclass made a million-row import far slower (each is built by a Python ``__new__``, the
#: garbage collector never untracks one, so every collection walks them all, and sqlite3 binds
#: a subclass through the slow sequence protocol).
ActivityRow: TypeAlias = tuple[
    str,  # id
    str,  # start
    str | None,  # end
    str,  # kind
    str,  # category
    str,  # title
    str,  # location
    str,  # photo
    str,  # notes
    int | None,  # mood
    int,  # share
    str,  # tags
    float | None,  # distance_km
    int | None,  # duration_s
    str,  # details
    str,  # source
]


@dataclass(frozen=True, slots=True)
class Post:
    """A post about one activity at one time. ``id`` is stable per activity: one post each."""

    id: str
    activity_id: str
    at: datetime
    category: str
    caption: str
    title: str = ""
    hashtags: tuple[str, ...] = ()
    variant: str = ""
    image: str | None = None
    alt_text: str | None = None
    status: str = "planned"
    caption_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a post (see posts.json in the README).

        ``caption_note`` (how the tone filter judged the user's notes) is for ``--explain``
        only and is not part of the contract.
        """
        return {
            "id": self.id,
            "activity_id": self.activity_id,
            "at": self.at.isoformat(),
            "category": self.category,
            "caption": self.caption,
            "hashtags": list(self.hashtags),
            "image": self.image,
            "alt_text": self.alt_text,
            "status": self.status,
        }


def post_id_for(activity_id: str) -> str:
    """The id of the (only) post an activity can ever get."""
    return stable_id("post", activity_id)


@dataclass(frozen=True, slots=True)
class Skip:
    """An activity that was considered and not planned, and why."""

    activity_id: str
    reason: str
    title: str = ""
    category: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"activity_id": self.activity_id, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Week:
    """An ISO week: ``Week(2026, 49)`` is "2026-W49", Monday to Sunday."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    def next(self) -> Week:
        return Week.containing(self.monday + timedelta(days=7))

    def previous(self) -> Week:
        return Week.containing(self.monday - timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


@dataclass(frozen=True, slots=True)
class Plan:
    """The posts planned for one week, and why every other considered activity was not."""

    week: Week
    timezone: str
    posts: tuple[Post, ...] = ()
    skipped: tuple[Skip, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The posts.json contract: week, timezone, posts, skipped."""
        return {
            "week": str(self.week),
            "timezone": self.timezone,
            "posts": [p.to_dict() for p in self.posts],
            "skipped": [s.to_dict() for s in self.skipped],
        }


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the tone filter objected: which rule, its category, the span of text, a message."""

    rule: str
    category: str
    span: tuple[int, int]
    message: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass(frozen=True, slots=True)
class Verdict:
    """The tone filter's judgement of one text. ``softened`` is set only for "soften"."""

    text: str
    verdict: str
    reasons: tuple[Reason, ...] = ()
    softened: str | None = None

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    def usable_text(self) -> str | None:
        """The text to post: the text itself when ok, the softened text, or None if rejected."""
        if self.verdict == "ok":
            return self.text
        if self.verdict == "soften":
            return self.softened
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "verdict": self.verdict,
            "reasons": [r.to_dict() for r in self.reasons],
            "softened": self.softened,
        }


#: The years an activity can start in and a week can be planned in: anything else is a typo
#: (and datetime arithmetic stops at year 9999).
MIN_YEAR, MAX_YEAR = 1971, 2999


def parse_week(spec: str, today: date) -> Week:
    """A week from "next", "this", "last", "2026-W49" or any date in it ("2026-11-30").

    Raises ValueError with a message that lists the accepted forms.
    """
    text = spec.strip().lower()
    current = Week.containing(today)
    named = {"this": current, "next": current.next(), "last": current.previous()}
    if text in named:
        return named[text]
    try:
        if "-w" in text:
            year, number = text.split("-w")
            week = Week(int(year), int(number))
            week.monday  # noqa: B018 - validates the week number
        else:
            week = Week.containing(date.fromisoformat(text))
    except ValueError:
        raise ValueError(
            f"{spec!r} is not a week (use next, this, last, 2026-W49 or a date like 2026-11-30)"
        ) from None
    if not MIN_YEAR <= week.year <= MAX_YEAR:
        raise ValueError(f"{spec!r} is out of range (plan weeks from {MIN_YEAR} to {MAX_YEAR})")
    return week
