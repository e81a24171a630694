"""When a post goes out: spread over the week, at a minute of its own inside the window.

    openings(slots, policy, tz)      -> the allowed grid slots grouped by (day, window)
    room_after(taken, slots, policy, tz, need) -> how many more posts still fit (up to need)
    spread_order(openings, taken, post_id, ideal) -> those openings, best first
    natural_moment(day, window, post_id, policy, tz, possible, allowed) -> (minute, free minutes)
    squeezed(free_minutes, window)   -> are the rules leaving the post only a sliver of it?

A feed where every post appears at 18:00 sharp on the first free day reads as scheduled. So a
post takes the opening (a posting window on one day) furthest from every other post, up to
``ideal`` apart (a week over one more than the weekly cap: 42 h with 3 posts), ties broken by
a hash of the post id and the day, so a week is not front-loaded and does not always start
on Monday; unless that would leave the week's later posts no room (``room_after``: spreading
never costs a post that packing from Monday on would have placed, as far as the timing rules
go). Inside that window the post gets a minute picked by a hash of its id among the minutes
every rule allows; planning again with the same inputs gives the same time.

An opening the rules squeeze to a few minutes (the category's last post was a week ago to
the minute, so only the end of Sunday's window is left) is not used, nor (planner.plan) the
day exactly a week after the category's last post: the post waits for another week, rather
than pinning a weekly feed to one weekday and clock time.

Edges: the minutes are those of the window (inclusive), less quiet hours and a local time the
clocks skip; ``possible`` and ``allowed`` decide the rest (freshness, location delay, gap,
caps, and that no other post of the week goes out at the same clock time). A window of a
single minute holds one post a week; a post finding no minute in its best opening tries the
next one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from planner.policy import Policy, Window

Opening = tuple[date, Window]
#: An opening with fewer free minutes than this (of a window of an hour or more) is squeezed.
SQUEEZED_MINUTES = 30
#: "Far enough" is measured up to this many minutes; finer differences do not matter.
_RESOLUTION = timedelta(minutes=30)


def _hash(*parts: object) -> int:
    key = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def window_of(local: datetime, policy: Policy) -> Window | None:
    """The posting window a local moment falls in, or None."""
    for window in policy.windows_for(local.date()):
        if window.start <= local.time().replace(second=0, microsecond=0) <= window.end:
            return window
    return None


def openings(
    slots: Sequence[datetime], policy: Policy, tz: ZoneInfo
) -> dict[Opening, list[datetime]]:
    """The slots grouped by local day and posting window, in time order."""
    grouped: dict[Opening, list[datetime]] = {}
    for slot in slots:
        local = slot.astimezone(tz)
        window = window_of(local, policy)
        if window is not None:
            grouped.setdefault((local.date(), window), []).append(slot)
    return grouped


def spread_order(
    grouped: dict[Opening, list[datetime]],
    taken: Sequence[datetime],
    post_id: str,
    ideal: timedelta,
) -> list[Opening]:
    """The openings, best first: furthest from every ``taken`` moment (up to ``ideal``),
    ties broken by a hash of the post id and the day, so the same inputs give the same order."""

    def room(moment: datetime) -> timedelta:
        instant = moment.astimezone(UTC)
        nearest = min((abs(instant - t) for t in taken), default=ideal)
        return min(nearest, ideal) // _RESOLUTION * _RESOLUTION

    def key(opening: Opening) -> tuple[timedelta, int]:
        best = max(room(slot) for slot in grouped[opening])
        return best, _hash(post_id, opening[0].isoformat(), opening[1])

    return sorted(grouped, key=key, reverse=True)


@lru_cache(maxsize=256)
def window_minutes(day: date, window: Window, policy: Policy, tz: ZoneInfo) -> tuple[datetime, ...]:
    """Every local minute of ``window`` on ``day`` that exists and is outside quiet hours."""
    minutes: list[datetime] = []
    moment = datetime.combine(day, window.start)
    end = datetime.combine(day, window.end)
    while moment <= end:
        local = moment.replace(tzinfo=tz)
        roundtrip = local.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if roundtrip == moment and not policy.in_quiet_hours(moment.time()):
            minutes.append(local)
        moment += timedelta(minutes=1)
    return tuple(minutes)


def natural_moment(
    day: date,
    window: Window,
    post_id: str,
    policy: Policy,
    tz: ZoneInfo,
    possible: Callable[[datetime], bool],
    allowed: Callable[[datetime], bool],
) -> tuple[datetime | None, int]:
    """The post's minute in ``window`` on ``day``, and how many minutes were free.

    Among the minutes ``possible`` keeps (the cheap checks: freshness, delay, clock time), one
    picked by a hash of the post id; when ``allowed`` (every rule) refuses it, one picked the
    same way among the minutes it accepts. (None, 0) when it accepts none.
    """
    minutes = [m for m in window_minutes(day, window, policy, tz) if possible(m)]
    if not minutes:
        return None, 0
    key = _hash(post_id, "minute")
    pick = minutes[key % len(minutes)]
    if allowed(pick) and allowed(minutes[0]) and allowed(minutes[-1]):
        return pick, len(minutes)  # a rule cuts a window from one end, if at all
    free = [m for m in minutes if allowed(m)]
    return (free[key % len(free)], len(free)) if free else (None, 0)


def squeezed(free_minutes: int, window: Window) -> bool:
    """True when the rules leave a post under ``SQUEEZED_MINUTES`` of a window of an hour or
    more: the last minutes of Sunday's window a week after the last workout post. Taking them
    week after week would pin a fitness-only feed to the same clock time."""
    length = (window.end.hour * 60 + window.end.minute) - (
        window.start.hour * 60 + window.start.minute
    )
    return length >= 60 and free_minutes < SQUEEZED_MINUTES


def room_after(
    taken: Sequence[datetime], slots: Sequence[datetime], policy: Policy, tz: ZoneInfo, need: int
) -> int:
    """How many more posts (up to ``need``) fit on ``slots`` beside ``taken``, by the timing
    rules alone (posts per day, consecutive days, the gap), packing from the first slot."""
    gap = max(policy.min_gap, timedelta(minutes=1))
    chosen = [t.astimezone(UTC) for t in taken]
    days: dict[date, int] = {}
    for moment in chosen:
        local_day = moment.astimezone(tz).date()
        days[local_day] = days.get(local_day, 0) + 1
    count = 0
    for slot in slots:
        if count >= need:
            break
        instant = slot.astimezone(UTC)
        day = slot.astimezone(tz).date()
        if days.get(day, 0) >= policy.posts_per_day:
            continue
        if not policy.allow_consecutive_days and (
            days.get(day - timedelta(days=1)) or days.get(day + timedelta(days=1))
        ):
            continue
        if any(abs(instant - t) < gap for t in chosen):
            continue
        chosen.append(instant)
        days[day] = days.get(day, 0) + 1
        count += 1
    return count
