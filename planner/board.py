"""The posts that constrain a new one (history plus what a plan adds), and the rule checks.

``Board.blocks(moment, category)`` says why a post cannot go out then (weekly and daily caps,
ramp-up, consecutive days, the minimum gap in real hours, dating frequency, category variety,
in a row), or None; see planner.policy for each rule's edges.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.models import Post
from planner.policy import Policy

#: Two posts never go out together, even with min_gap_hours = 0.
MIN_SEPARATION = timedelta(minutes=1)


def _fmt(moment: datetime) -> str:
    return moment.strftime("%a %d %b %H:%M")


def _day(moment: datetime) -> str:
    return moment.strftime("%a %d %b")


class Board:
    """The posts that constrain new ones (history plus what this plan adds), with the checks."""

    def __init__(self, history: Sequence[Post], policy: Policy, tz: ZoneInfo) -> None:
        self.policy = policy
        self.tz = tz
        self.posts: list[Post] = sorted(history, key=lambda p: (p.at, p.id))
        self.times: list[datetime] = [p.at for p in self.posts]

    def add(self, post: Post) -> None:
        index = bisect.bisect(self.times, post.at)
        self.times.insert(index, post.at)
        self.posts.insert(index, post)

    def _between(self, start: datetime, end: datetime) -> list[Post]:
        lo = bisect.bisect_left(self.times, start)
        hi = bisect.bisect_left(self.times, end)
        return self.posts[lo:hi]

    def clock_times(self, day: date) -> set[str]:
        """The local clock times ("19:47") of the posts in the week holding ``day``."""
        monday = day - timedelta(days=day.weekday())
        start = datetime.combine(monday, time(0), self.tz)
        return {
            f"{p.at.astimezone(self.tz):%H:%M}"
            for p in self._between(start, start + timedelta(days=7))
        }

    def week_count(self, start: datetime, end: datetime) -> int:
        return len(self._between(start, end))

    def last_of_category(self, category: str, before: datetime) -> datetime | None:
        for post in reversed(self._between(before - timedelta(days=60), before)):
            if post.category == category:
                return post.at
        return None

    def category_full(self, category: str, week_start: datetime) -> str | None:
        """Why no post of ``category`` can go out in the week from ``week_start``, or None."""
        week = self._between(week_start, week_start + timedelta(days=7))
        if sum(p.category == category for p in week) >= self.policy.per_category_per_week:
            return f"{category} already posted that week"
        return None

    def blocks(self, slot: datetime, category: str) -> str | None:
        """Why a post of ``category`` cannot go at ``slot``, or None when it can."""
        policy, tz = self.policy, self.tz
        local_day = slot.astimezone(tz).date()
        ramp = self._ramp(local_day)
        if ramp:
            return ramp
        monday = local_day - timedelta(days=local_day.weekday())
        week_start = datetime.combine(monday, time(0), tz)
        if self.week_count(week_start, week_start + timedelta(days=7)) >= policy.posts_per_week:
            return f"weekly cap reached ({policy.posts_per_week} posts)"
        day_start = datetime.combine(local_day, time(0), tz)
        day_posts = self._between(day_start, day_start + timedelta(days=1))
        if len(day_posts) >= policy.posts_per_day:
            return f"already a post on {_day(slot)}"
        if not policy.allow_consecutive_days:
            for other_day in (local_day - timedelta(days=1), local_day + timedelta(days=1)):
                other_start = datetime.combine(other_day, time(0), tz)
                neighbours = self._between(other_start, other_start + timedelta(days=1))
                if neighbours:
                    return f"the day next to {_day(neighbours[0].at.astimezone(tz))}'s post"
        gap = max(policy.min_gap, MIN_SEPARATION)
        moment = slot.astimezone(UTC)  # real hours: local arithmetic is off by one across DST
        near = self._between(moment - gap + timedelta(seconds=1), moment + gap)
        if near:
            return (
                f"too soon after {_fmt(near[0].at.astimezone(tz))}'s post "
                f"(at least {policy.min_gap_hours:g} h apart)"
            )
        if category == "dating":
            span = timedelta(weeks=policy.dating_every_weeks)
            if any(p.category == "dating" for p in self._between(moment - span, moment + span)):
                return f"dating: at most one post in {policy.dating_every_weeks} weeks"
        same = [
            p
            for p in self._between(week_start, week_start + timedelta(days=7))
            if p.category == category
        ]
        if len(same) >= policy.per_category_per_week:
            return f"{category} already posted that week"
        if not policy.allow_same_category_in_a_row:
            index = bisect.bisect(self.times, slot)
            neighbours = self.posts[max(0, index - 1) : index + 1]
            span = timedelta(days=policy.in_a_row_days)
            if any(p.category == category and abs(p.at - slot) < span for p in neighbours):
                return f"{category} twice in a row"
        return None

    def _ramp(self, day: date) -> str | None:
        policy = self.policy
        cap = policy.ramp_cap(day)
        if cap is None:
            return None
        if cap == 0:
            assert policy.quiet_since is not None
            until = policy.quiet_since + timedelta(days=policy.ramp_quiet_days)
            return f"ramp-up: quiet until {until:%a %d %b}"
        window = policy.ramp_window()
        assert window is not None
        start = datetime.combine(window[0], time(0), self.tz)
        if len(self._between(start, start + timedelta(days=7))) >= cap:
            return f"ramp-up: at most {cap} post in the week after the quiet days"
        return None
