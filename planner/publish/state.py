"""A post's publishing state in the store, and every transition between states.

    planned ──claim──▶ publishing ──▶ published (remote id, URL)
       ▲                  │  └──────▶ failed (reason; next_attempt_at, or none when final)
       │                  ▼               │
       └── release ── held (pushed: the   └──claim when next_attempt_at has come──▶ publishing
                      server holds it)

Each transition is one ``BEGIN IMMEDIATE`` transaction that re-reads the row, so two processes
never both claim a post. A claim records who holds it (host:pid) and when; a post left
``publishing`` by a process that died (its pid is gone) or whose lease ran out is claimed again
and sent again *to the same target*, whose idempotent write (record key, Idempotency-Key,
outbox directory) makes the second send return the first post: never a duplicate.

Edges: ``mark_published``/``mark_failed`` only apply to the claim they are given (a stale owner
cannot overwrite a newer claim); retry of a published or planned post and skip of a published
or in-flight post are refused with a message.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from planner.errors import NotFoundError, PublishError
from planner.models import Post
from planner.publish import Published
from planner.store import Store
from planner.store_rows import post_from_row, to_utc_text


@dataclass(frozen=True)
class PostState:
    """A post and everything about its publishing."""

    post: Post
    week: str
    target: str | None
    remote_id: str | None
    remote_url: str | None
    error: str | None
    attempts: int
    next_attempt_at: datetime | None
    published_at: datetime | None
    claimed_by: str | None
    claimed_at: datetime | None
    held_by: str | None
    planned_at: datetime | None

    @property
    def status(self) -> str:
        return self.post.status

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``planner status --json``."""
        return {
            **self.post.to_dict(),
            "week": self.week,
            "status": "scheduled" if self.held_by else self.status,
            "target": self.target,
            "remote_id": self.remote_id,
            "url": self.remote_url,
            "error": self.error,
            "attempts": self.attempts,
            "next_attempt_at": _iso(self.next_attempt_at),
            "published_at": _iso(self.published_at),
            "held_by": self.held_by,
            "planned_at": _iso(self.planned_at),
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _state(row: sqlite3.Row) -> PostState:
    return PostState(
        post=post_from_row(row),
        week=row["week"],
        target=row["target"],
        remote_id=row["remote_id"],
        remote_url=row["remote_url"],
        error=row["error"],
        attempts=int(row["attempts"] or 0),
        next_attempt_at=_time(row["next_attempt_at"]),
        published_at=_time(row["published_at"]),
        claimed_by=row["claimed_by"],
        claimed_at=_time(row["claimed_at"]),
        held_by=row["held_by"],
        planned_at=_time(row["planned_at"]),
    )


def owner_id() -> str:
    """Who holds a claim: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str | None) -> bool:
    """False only when the owner was a process on this host that no longer exists."""
    if not owner:
        return False
    host, _, pid_text = owner.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    if int(pid_text) == os.getpid():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(int(pid_text))


def _zombie(pid: int) -> bool:
    """True for a process that has ended but is not yet reaped by its parent (Linux /proc;
    elsewhere False): it answers signals but will never finish its claim."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def states(store: Store, week: str | None = None) -> list[PostState]:
    """Every post's state, ordered by time; only one week's when given."""
    sql, args = "SELECT * FROM posts", []
    if week is not None:
        sql += " WHERE week = ?"
        args.append(week)
    return [_state(r) for r in store.db.execute(sql + " ORDER BY at, id", args)]


def open_states(store: Store) -> list[PostState]:
    """Posts that may still need publishing: planned, publishing or failed."""
    rows = store.db.execute(
        "SELECT * FROM posts WHERE status IN ('planned', 'publishing', 'failed') ORDER BY at, id"
    )
    return [_state(r) for r in rows]


def state(store: Store, post_id: str) -> PostState:
    row = store.db.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no post with id {post_id!r} (see 'planner status')")
    return _state(row)


def claimable(item: PostState, now: datetime, lease: timedelta) -> bool:
    """True when a process may claim the post now (see the module docstring)."""
    if item.held_by:
        return False
    if item.status == "planned":
        return item.post.at <= now
    if item.status == "failed":
        return item.next_attempt_at is not None and item.next_attempt_at <= now
    if item.status == "publishing":
        expired = item.claimed_at is None or item.claimed_at + lease <= now
        return expired or not owner_alive(item.claimed_by)
    return False


def claim(
    store: Store, post_id: str, target: str, now: datetime, lease: timedelta, owner: str
) -> PostState | None:
    """Mark the post publishing to ``target`` for ``owner``; None if it is not claimable.

    A post that was already sent somewhere keeps its target: the retry goes to the same place.
    """
    stamp = to_utc_text(now)
    with store.transaction() as db:
        row = db.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None or not claimable(_state(row), now, lease):
            return None
        chosen = row["target"] if row["status"] != "planned" and row["target"] else target
        db.execute(
            "UPDATE posts SET status = 'publishing', target = ?, claimed_by = ?, claimed_at = ?,"
            " attempts = attempts + 1, updated_at = ? WHERE id = ?",
            (chosen, owner, stamp, stamp, post_id),
        )
        db.execute(
            "INSERT INTO publish_attempts (post_id, target, started_at, outcome)"
            " VALUES (?, ?, ?, 'started')",
            (post_id, chosen, stamp),
        )
        row = db.execute("SELECT * FROM posts WHERE id = ?", (post_id,)).fetchone()
    return _state(row)


def _finish_attempt(
    db: sqlite3.Connection, post_id: str, stamp: str, outcome: str, detail: str
) -> None:
    db.execute(
        "UPDATE publish_attempts SET finished_at = ?, outcome = ?, detail = ? WHERE id = ("
        " SELECT max(id) FROM publish_attempts WHERE post_id = ?)",
        (stamp, outcome, detail, post_id),
    )


def mark_published(
    store: Store, post_id: str, owner: str, result: Published, now: datetime
) -> bool:
    """Record where the post went; False if ``owner`` no longer holds the claim."""
    stamp = to_utc_text(now)
    with store.transaction() as db:
        changed = db.execute(
            "UPDATE posts SET status = 'published', remote_id = ?, remote_url = ?,"
            " published_at = ?, error = NULL, next_attempt_at = NULL, claimed_by = NULL,"
            " updated_at = ? WHERE id = ? AND status = 'publishing' AND claimed_by = ?",
            (result.remote_id, result.url, stamp, stamp, post_id, owner),
        ).rowcount
        if changed:
            _finish_attempt(db, post_id, stamp, "published", result.remote_id)
    return bool(changed)


def mark_failed(
    store: Store,
    post_id: str,
    owner: str,
    error: str,
    retry_at: datetime | None,
    now: datetime,
    *,
    unsent: bool = False,
) -> bool:
    """Record a failure and when to try again (None: not again); False if not our claim.

    ``unsent``: the post certainly was not created; the attempt is recorded as 'unsent', which
    ``first_uncertain_send`` does not count."""
    stamp = to_utc_text(now)
    with store.transaction() as db:
        changed = db.execute(
            "UPDATE posts SET status = 'failed', error = ?, next_attempt_at = ?,"
            " claimed_by = NULL, updated_at = ? WHERE id = ? AND status = 'publishing'"
            " AND claimed_by = ?",
            (error, to_utc_text(retry_at) if retry_at else None, stamp, post_id, owner),
        ).rowcount
        if changed:
            outcome = ("unsent" if unsent else "retry") if retry_at else "failed"
            _finish_attempt(db, post_id, stamp, outcome, error)
    return bool(changed)


def move(store: Store, post_id: str, new_at: datetime, now: datetime) -> None:
    """Move a still-planned post to a new slot, remembering its first planned time."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET planned_at = coalesce(planned_at, at), at = ?, updated_at = ?"
            " WHERE id = ? AND status = 'planned'",
            (to_utc_text(new_at), to_utc_text(now), post_id),
        )


def reschedule_retry(store: Store, post_id: str, when: datetime, now: datetime) -> None:
    """Move a failed post's next attempt to ``when`` (a free slot, after an overdue retry)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND"
            " status = 'failed' AND next_attempt_at IS NOT NULL",
            (to_utc_text(when), to_utc_text(now), post_id),
        )


def give_up(store: Store, post_id: str, reason: str, now: datetime) -> None:
    """Mark a planned or retrying post failed for good (no free slot left for it)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'failed', error = ?, next_attempt_at = NULL,"
            " updated_at = ? WHERE id = ? AND status IN ('planned', 'failed')",
            (reason, to_utc_text(now), post_id),
        )


def first_uncertain_send(store: Store, post_id: str) -> datetime | None:
    """When the oldest send of this post whose outcome is unknown began, or None.

    Unknown: the process died while sending ('started'), or the send failed in a way that
    may still have created the post ('retry': timeouts, 5xx; not 'unsent': no connection,
    429, an image still processing). Only attempts since the last
    ``planner retry`` count: that command is the user saying "I checked, send it".
    """
    row = store.db.execute(
        "SELECT min(started_at) FROM publish_attempts WHERE post_id = ?"
        " AND outcome IN ('started', 'retry') AND id > coalesce((SELECT max(id)"
        " FROM publish_attempts WHERE post_id = ? AND outcome = 'reset'), 0)",
        (post_id, post_id),
    ).fetchone()
    return _time(row[0])


def park(store: Store, post_id: str, reason: str, now: datetime) -> None:
    """Mark a failed or abandoned post failed for good, with the reason; never resent."""
    stamp = to_utc_text(now)
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'failed', error = ?, next_attempt_at = NULL,"
            " claimed_by = NULL, updated_at = ? WHERE id = ? AND status IN"
            " ('publishing', 'failed')",
            (reason, stamp, post_id),
        )
        _finish_attempt(db, post_id, stamp, "parked", reason)


def retry(store: Store, post_id: str, now: datetime) -> PostState:
    """Make a failed post due again now, with a fresh count of attempts."""
    current = state(store, post_id)
    if current.status != "failed":
        raise PublishError(
            f"post {post_id} is {current.status}, not failed: only failed posts can be retried"
        )
    stamp = to_utc_text(now)
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET next_attempt_at = ?, attempts = 0, updated_at = ? WHERE id = ?",
            (stamp, stamp, post_id),
        )
        db.execute(
            "INSERT INTO publish_attempts (post_id, target, started_at, finished_at, outcome)"
            " VALUES (?, ?, ?, ?, 'reset')",
            (post_id, current.target or "", stamp, stamp),
        )
    return state(store, post_id)


def skip(store: Store, post_id: str, now: datetime) -> PostState:
    """Never publish this post (planned or failed ones only)."""
    current = state(store, post_id)
    if current.status not in ("planned", "failed") or current.held_by:
        where = f"scheduled on {current.held_by}" if current.held_by else current.status
        raise PublishError(f"post {post_id} is {where}: it cannot be skipped")
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'skipped', next_attempt_at = NULL, updated_at = ?"
            " WHERE id = ? AND status IN ('planned', 'failed')",
            (to_utc_text(now), post_id),
        )
    return state(store, post_id)


def hold(store: Store, post_id: str, target: str, remote_id: str | None, now: datetime) -> None:
    """A planned post the server holds (a Mastodon scheduled status). Recorded before the
    request with ``remote_id`` None (unconfirmed), so an answer that never arrives cannot
    leave the post planned for ``publish --due`` to send a second time."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'publishing', held_by = ?, target = ?, remote_id = ?,"
            " updated_at = ? WHERE id = ? AND status = 'planned'",
            (target, target, remote_id, to_utc_text(now), post_id),
        )


def confirm_hold(store: Store, post_id: str, remote_id: str, now: datetime) -> None:
    """The server's id for a held post: the hold is confirmed."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET remote_id = ?, updated_at = ? WHERE id = ? AND held_by IS NOT NULL",
            (remote_id, to_utc_text(now), post_id),
        )


def unhold_failed(store: Store, post_id: str, reason: str, now: datetime) -> None:
    """A held post whose fate is unknown: failed with the reason, never sent on its own."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'failed', error = ?, held_by = NULL, remote_id = NULL,"
            " next_attempt_at = NULL, updated_at = ? WHERE id = ? AND held_by IS NOT NULL",
            (reason, to_utc_text(now), post_id),
        )


def release(store: Store, post_id: str, now: datetime) -> None:
    """A held post back to planned (its scheduled status was cancelled)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'planned', held_by = NULL, target = NULL, remote_id = NULL,"
            " updated_at = ? WHERE id = ? AND held_by IS NOT NULL",
            (to_utc_text(now), post_id),
        )


def held_done(store: Store, post_id: str, now: datetime) -> None:
    """A held post whose time has passed on the server: published there."""
    with store.transaction() as db:
        db.execute(
            "UPDATE posts SET status = 'published', held_by = NULL, published_at = at,"
            " updated_at = ? WHERE id = ? AND held_by IS NOT NULL",
            (to_utc_text(now), post_id),
        )
