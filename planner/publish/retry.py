"""When to try a failed post again: exponential backoff with jitter, and the server's word.

``next_delay(attempt)`` is ``base * 2**(attempt-1)``, capped, with "full jitter" between half
and all of it. ``server_delay(headers, now)`` reads, in order: ``Retry-After`` (seconds or an
HTTP date), ``RateLimit-Reset`` (Bluesky: a Unix time, or seconds when small) and
``X-RateLimit-Reset`` (Mastodon: an ISO 8601 time). The delay used is the larger of the two,
so a server is never asked again before it said to.

Edges: attempt 1 waits about ``base``; an unparseable header is ignored; a reset time in the
past means no wait; a server wait longer than a day is taken as one day.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

BASE_SECONDS = 30.0
CAP_SECONDS = 6 * 3600.0
MAX_SERVER_WAIT = 24 * 3600.0
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def next_delay(
    attempt: int,
    base: float = BASE_SECONDS,
    cap: float = CAP_SECONDS,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait after the ``attempt``-th failure (1-based), with jitter in [d/2, d]."""
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return delay / 2 + rand() * delay / 2


def server_delay(headers: Mapping[str, str], now: datetime) -> float | None:
    """The wait the server asked for, in seconds, or None if it asked for none."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, parse in (
        ("retry-after", _retry_after),
        ("ratelimit-reset", _epoch_or_delta),
        ("x-ratelimit-reset", _iso_time),
    ):
        value = lowered.get(name)
        if value is None:
            continue
        seconds = parse(value.strip(), now)
        if seconds is not None:
            return min(max(0.0, seconds), MAX_SERVER_WAIT)
    return None


def retry_delay(
    attempt: int, asked: float | None, rand: Callable[[], float] = random.random
) -> float:
    """The wait before the next attempt: backoff, but never less than what the server asked."""
    backoff = next_delay(attempt, rand=rand)
    return max(backoff, asked) if asked is not None else backoff


def is_retryable_status(status: int) -> bool:
    """429, 408, 425 and 5xx are worth retrying; other 4xx are final."""
    return status in RETRYABLE_STATUS or status >= 500


def _retry_after(value: str, now: datetime) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - now).total_seconds()


def _epoch_or_delta(value: str, now: datetime) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return _iso_time(value, now)
    if number > 1_000_000_000:
        return number - now.timestamp()
    return number


def _iso_time(value: str, now: datetime) -> float | None:
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - now).total_seconds()
