"""The "subtle, not overboard" rules as data, with the checks that apply them.

Every rule has a default here and can be overridden in planner.toml (see planner.config).
Edges, stated once:

- Quiet hours are half-open: with 22:00-08:00, a post at 21:59 is allowed, 22:00 is not, and
  08:00 is allowed again. A window that crosses midnight is allowed.
- Posting windows are inclusive at both ends: 18:00-20:30 admits 18:00 and 20:30.
- Spacing is measured between post times, in both directions, against published and planned
  posts of earlier and later weeks alike: 36 h means a post at Mon 18:00 blocks until Wed 06:00.
  Even with a gap of 0, two posts are never planned for the same minute.
- "Never on consecutive days" compares local calendar days.
- Freshness: the activity's start is at most ``max_age_days`` before the post (14 days and a
  minute is too old).
- Location delay applies to trips and to anything with a location or at a place (outings,
  outdoors, food, dating): the post is at least ``location_delay_hours`` after the activity ended.
- Ramp-up (``quiet_since``): days 1-7 after that date nothing is posted; days 8-14 at most
  ``ramp_week2_posts``; afterwards the normal caps. Day 1 is quiet_since itself.
- Dating: never posted unless ``dating_enabled``; then at most one dating post in any
  ``dating_every_weeks`` x 7 days, and its caption never uses the title (it may name someone).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Window:
    """A daily time range in local time, inclusive at both ends."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Policy:
    """Every rule of the planner, with its default."""

    posts_per_week: int = 3
    posts_per_day: int = 1
    allow_consecutive_days: bool = False
    min_gap_hours: float = 36.0
    per_category_per_week: int = 1
    allow_same_category_in_a_row: bool = False
    in_a_row_days: int = 7
    quiet_start: time = time(22, 0)
    quiet_end: time = time(8, 0)
    weekday_windows: tuple[Window, ...] = (Window(time(18, 0), time(20, 30)),)
    weekend_windows: tuple[Window, ...] = (Window(time(10, 0), time(13, 0)),)
    slot_minutes: int = 30
    min_mood: int = 3
    max_age_days: int = 14
    location_delay_hours: float = 24.0
    dating_enabled: bool = False
    dating_every_weeks: int = 4
    quiet_since: date | None = None
    ramp_quiet_days: int = 7
    ramp_week2_posts: int = 1
    max_hashtags: int = 2
    variant_memory_weeks: int = 4

    def windows_for(self, day: date) -> tuple[Window, ...]:
        """The posting windows of a local calendar day (weekend = Saturday and Sunday)."""
        return self.weekend_windows if day.weekday() >= 5 else self.weekday_windows

    def in_quiet_hours(self, t: time) -> bool:
        """True when a local time falls in quiet hours (start inclusive, end exclusive)."""
        qs, qe = self.quiet_start, self.quiet_end
        if qs == qe:
            return False
        if qs < qe:
            return qs <= t < qe
        return t >= qs or t < qe

    def ramp_cap(self, day: date) -> int | None:
        """The ramp-up cap for the week containing ``day``'s post, or None when no ramp applies.

        Returns 0 on quiet days (days 1..ramp_quiet_days after quiet_since) and
        ``ramp_week2_posts`` for the following 7 days.
        """
        if self.quiet_since is None:
            return None
        day_number = (day - self.quiet_since).days + 1
        if day_number < 1:
            return None
        if day_number <= self.ramp_quiet_days:
            return 0
        if day_number <= self.ramp_quiet_days + 7:
            return self.ramp_week2_posts
        return None

    def ramp_window(self) -> tuple[date, date] | None:
        """The dates of the limited second ramp week, inclusive, or None."""
        if self.quiet_since is None:
            return None
        first = self.quiet_since + timedelta(days=self.ramp_quiet_days)
        return first, first + timedelta(days=6)

    @property
    def min_gap(self) -> timedelta:
        return timedelta(hours=self.min_gap_hours)

    @property
    def location_delay(self) -> timedelta:
        return timedelta(hours=self.location_delay_hours)

    @property
    def max_age(self) -> timedelta:
        return timedelta(days=self.max_age_days)


POLICY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Policy))

#: One line per rule for `planner policy` and the commented planner.toml.
POLICY_HELP: dict[str, str] = {
    "posts_per_week": "at most this many posts in a week (over-posting reads as trying hard)",
    "posts_per_day": "at most this many posts on one day",
    "allow_consecutive_days": "false: never post on two days in a row",
    "min_gap_hours": "at least this many hours between two posts",
    "per_category_per_week": "at most this many posts of one category in a week",
    "allow_same_category_in_a_row": "false: no category twice in a row",
    "in_a_row_days": "posts further apart than this many days do not count as in a row",
    "quiet_start": "quiet hours start (nothing is posted from here ...)",
    "quiet_end": "... until here, local time; late-night posts read as lonely",
    "weekday_windows": "posting windows Monday to Friday, local time",
    "weekend_windows": "posting windows on Saturday and Sunday, local time",
    "slot_minutes": "windows are weighed on this grid; each post then gets a minute of its own",
    "min_mood": "activities with a mood below this (of 5) are never posted",
    "max_age_days": "an activity is at most this many days old when posted",
    "location_delay_hours": "a trip or place is posted only this long after you left it",
    "dating_enabled": "false: dating activities are never posted",
    "dating_every_weeks": "when enabled, at most one dating post in this many weeks",
    "quiet_since": "the day you decided to give space: 7 quiet days, then 1 post, then normal",
    "ramp_quiet_days": "days after quiet_since with no posts at all",
    "ramp_week2_posts": "posts allowed in the week after the quiet days",
    "max_hashtags": "at most this many hashtags on a post",
    "variant_memory_weeks": "a caption wording is not reused within this many weeks",
}


#: The range each numeric rule may take in planner.toml, inclusive. Beyond these a value
#: either means nothing (a mood of 9) or overflows date arithmetic (a gap of 1e12 hours).
POLICY_LIMITS: dict[str, tuple[float, float]] = {
    "posts_per_week": (0, 100),
    "posts_per_day": (0, 100),
    "min_gap_hours": (0, 24 * 366),
    "per_category_per_week": (0, 100),
    "in_a_row_days": (0, 366),
    "slot_minutes": (1, 24 * 60),
    "min_mood": (1, 5),
    "max_age_days": (0, 366),
    "location_delay_hours": (0, 24 * 366),
    "dating_every_weeks": (0, 520),
    "ramp_quiet_days": (0, 366),
    "ramp_week2_posts": (0, 100),
    "max_hashtags": (0, 30),
    "variant_memory_weeks": (0, 520),
}


def is_place_bound(category: str, location: str) -> bool:
    """True when the location delay applies: a place category, or any activity with a place."""
    from planner.models import PLACE_CATEGORIES

    return category in PLACE_CATEGORIES or bool(location.strip())


def earliest_post_time(
    finished: datetime, category: str, location: str, policy: Policy
) -> datetime:
    """The first moment a post about this activity may go out (location delay applied)."""
    if is_place_bound(category, location):
        return finished + policy.location_delay
    return finished
