"""Publish what is due now, exactly once, never in a burst.

``publish_due`` handles, in this order: posts left ``publishing`` by a process that died (sent
again to the same target: its idempotent write returns the first post), failed posts whose
retry time has come, then planned posts whose time has come.

Missed slots: a planned post more than ``missed_after_minutes`` overdue (nothing was running
at its time), or a failed one whose retry time passed that long ago, is moved to the next
free slot the policy allows (never one past the activity's freshness, ``max_age_days``: then
it is failed with the reason), counted from now, by the
planner's own rules (``planner.plan.next_free_slot``: windows, quiet hours, gap, caps, days,
variety, ramp-up, dating) against every other published or planned post, so two overdue
posts never go out together: the first goes in the next window with room, the next waits for
its own. Each goes at a minute of its own in that window (from its id, never another post's
clock time that week), not at the window's opening. A post with no free slot in the next
``SLOT_HORIZON_DAYS`` days is marked failed, with the reason.

Never twice: a target whose repeats are recognised only for a while (Mastodon: an hour) is
not sent a post again once its earliest unconfirmed send is older than that; the post is
failed with what to check, until ``planner retry`` says to send it.

A post pinned to a target whose account is gone (it was sent there before) is reported as
refused and left as it is; the others still go out. A missing account for the target asked
for (or the default) is a ConfigError.

Retries: TransientError (timeout, 429, 5xx) and unexpected errors → failed with
``next_attempt_at`` = now + backoff with jitter, never sooner than the server's Retry-After;
after ``max_attempts`` attempts, or on any other refusal, failed for good with the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from planner.errors import ConfigError, PublishError
from planner.plan import next_free_slot
from planner.publish import Context, Target, TransientError, dedupe_window, make_target
from planner.publish import state as st
from planner.publish.retry import retry_delay
from planner.store import Store

log = logging.getLogger("planner.publish")
# Without this, `publish --due` (which configures no logging) had Python's last-resort handler
# repeat every warning on stderr, tracebacks included; `planner run` configures a root handler.
log.addHandler(logging.NullHandler())
SLOT_HORIZON_DAYS = 14


@dataclass(frozen=True)
class Outcome:
    """What happened to one post in this run."""

    post_id: str
    action: str  # published, failed, retry, moved, would-publish, refused
    target: str
    detail: str = ""
    url: str | None = None

    def line(self) -> str:
        tail = self.url or self.detail
        return f"{self.action:<13} {self.post_id}  {self.target}" + (f"  {tail}" if tail else "")


def _overdue(store: Store, item: st.PostState, now: datetime, grace: timedelta) -> bool:
    """A planned post whose slot passed, or a failed one whose retry time passed, by > grace
    (one that must not be resent is left where it is, to be parked when handled)."""
    if item.held_by or _resend_unsafe(store, item, now):
        return False
    if item.status == "planned":
        return item.post.at < now - grace
    if item.status == "failed" and item.next_attempt_at is not None:
        return item.next_attempt_at < now - grace
    return False


def _move_missed(store: Store, ctx: Context, now: datetime) -> None:
    """Move every overdue post (a missed slot, or a retry time that passed while nothing ran)
    to its next free slot, so overdue posts never go out together (see module docstring).

    One write transaction from reading to moving: a ``publish --due`` beside ``planner run``
    waits, rather than picking the same free slot for another post."""
    with store.transaction():
        _move_missed_now(store, ctx, now)


def _move_missed_now(store: Store, ctx: Context, now: datetime) -> None:
    grace = timedelta(minutes=ctx.settings.publish.missed_after_minutes)
    missed = sorted(
        (i for i in st.open_states(store) if _overdue(store, i, now, grace)),
        key=lambda i: (i.next_attempt_at or i.post.at, i.post.id),
    )
    if not missed:
        return
    missed_ids = {i.post.id for i in missed}
    taken = [
        replace(i.post, at=i.published_at or i.post.at, status=i.status)
        for i in st.states(store)
        if i.post.id not in missed_ids and i.status in ("planned", "publishing", "published")
    ]
    policy, tz = ctx.settings.policy, ctx.settings.tz
    horizon = timedelta(days=SLOT_HORIZON_DAYS)
    activities = store.activities_by_id(i.post.activity_id for i in missed)
    started = {key: a.start for key, a in activities.items()}
    for item in missed:
        slot = next_free_slot(
            now, item.post.category, taken, policy, tz, horizon, post_id=item.post.id
        )
        reason = None
        if slot is None:
            reason = f"missed slot and no free slot in the next {SLOT_HORIZON_DAYS} days"
        elif (start := started.get(item.post.activity_id)) and slot - start > policy.max_age:
            reason = (  # freshness: never posted more than max_age_days after it happened
                f"missed slot; by the next free one ({slot.astimezone(tz):%a %d %b %H:%M}) the"
                f" activity would be over {policy.max_age_days} days old"
            )
        if reason is not None or slot is None:
            st.give_up(store, item.post.id, reason or "no free slot", now)
            log.warning("post %s: %s", item.post.id, reason)
            continue
        if item.status == "failed":
            st.reschedule_retry(store, item.post.id, slot, now)
        else:
            st.move(store, item.post.id, slot, now)
        taken.append(replace(item.post, at=slot, status="planned"))
        log.info("post %s: overdue, moved to %s", item.post.id, slot.isoformat())


def due_now(store: Store, ctx: Context, now: datetime, move: bool = True) -> list[st.PostState]:
    """The posts to handle now, in order: reclaims, retries, then planned by time."""
    lease = timedelta(minutes=ctx.settings.publish.lease_minutes)
    if move:
        _move_missed(store, ctx, now)
    items = [i for i in st.open_states(store) if st.claimable(i, now, lease)]
    order = {"publishing": 0, "failed": 1, "planned": 2}
    return sorted(items, key=lambda i: (order[i.status], i.post.at, i.post.id))


def publish_due(
    store: Store,
    ctx: Context,
    now: datetime,
    target: str | None = None,
    dry_run: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[Outcome]:
    """Publish every post due at ``now`` (see module docstring); returns what happened."""
    default = target or ctx.settings.publish.target
    owner = st.owner_id()
    lease = timedelta(minutes=ctx.settings.publish.lease_minutes)
    targets: dict[str, Target] = {}
    outcomes: list[Outcome] = []
    for item in due_now(store, ctx, now, move=not dry_run):
        if should_stop():
            break
        name = item.target if item.status != "planned" and item.target else default
        if target is not None and name != target:
            continue
        if name not in targets:
            try:
                targets[name] = make_target(name, ctx)
            except ConfigError as exc:
                if name == default:
                    raise
                outcomes.append(Outcome(item.post.id, "refused", name, str(exc)))
                log.warning("post %s: %s", item.post.id, exc)
                continue
        chosen = targets[name]
        parked = _past_dedupe_window(store, item, now, dry_run)
        if parked is not None:
            outcomes.append(parked)
            continue
        if dry_run:
            outcomes.append(_dry_run(chosen, item))
            continue
        claimed = st.claim(store, item.post.id, name, now, lease, owner)
        if claimed is None:
            continue
        if claimed.target and claimed.target != name:  # claimed elsewhere since it was read
            if claimed.target not in targets:
                targets[claimed.target] = make_target(claimed.target, ctx)
            chosen = targets[claimed.target]
        outcomes.append(_publish_one(store, ctx, chosen, claimed, owner, now))
    return outcomes


def _resend_unsafe(store: Store, item: st.PostState, now: datetime) -> str | None:
    """Why the post must not be sent again, or None: an earlier send may have arrived and its
    target no longer recognises a repeat (its dedupe window has passed)."""
    window = dedupe_window(item.target)
    if window is None or item.status == "planned":
        return None
    first = st.first_uncertain_send(store, item.post.id)
    if first is None or now - first <= window:
        return None
    return (
        f"a send to {item.target} at {first:%Y-%m-%d %H:%M} UTC was never confirmed, and"
        f" {item.target} only recognises a repeat for {int(window.total_seconds() // 60)} min,"
        " so it is not sent again: check your profile, then 'planner skip"
        f" {item.post.id}' if it is there or 'planner retry {item.post.id}' if not"
    )


def _past_dedupe_window(
    store: Store, item: st.PostState, now: datetime, dry_run: bool
) -> Outcome | None:
    """Park a post that must not be sent again (see _resend_unsafe); dry runs only report."""
    reason = _resend_unsafe(store, item, now)
    if reason is None:
        return None
    name = item.target or ""
    if dry_run:
        return Outcome(item.post.id, "refused", name, reason)
    st.park(store, item.post.id, reason, now)
    log.warning("post %s: %s", item.post.id, reason)
    return Outcome(item.post.id, "failed", name, reason)


def _dry_run(target: Target, item: st.PostState) -> Outcome:
    try:
        target.check(item.post)
    except PublishError as exc:
        return Outcome(item.post.id, "refused", target.name, str(exc))
    return Outcome(item.post.id, "would-publish", target.name, item.post.at.isoformat())


def _publish_one(
    store: Store, ctx: Context, target: Target, item: st.PostState, owner: str, now: datetime
) -> Outcome:
    post_id = item.post.id
    try:
        result = target.publish(item.post)
    except TransientError as exc:
        if item.attempts >= ctx.settings.publish.max_attempts:
            st.mark_failed(
                store, post_id, owner, f"{exc} (gave up after {item.attempts})", None, now
            )
            log.error("post %s: %s; gave up after %d attempts", post_id, exc, item.attempts)
            return Outcome(post_id, "failed", target.name, str(exc))
        wait = retry_delay(item.attempts, exc.retry_after)
        retry_at = now + timedelta(seconds=wait)
        st.mark_failed(store, post_id, owner, str(exc), retry_at, now, unsent=exc.unsent)
        log.warning("post %s: %s; retry at %s", post_id, exc, retry_at.isoformat())
        return Outcome(post_id, "retry", target.name, f"{exc}; retry at {retry_at:%H:%M:%S}")
    except PublishError as exc:
        st.mark_failed(store, post_id, owner, str(exc), None, now)
        log.error("post %s: %s", post_id, exc)
        return Outcome(post_id, "failed", target.name, str(exc))
    except Exception as exc:  # a bug or an unexpected library error: retry later, keep going
        message = f"unexpected error: {type(exc).__name__}: {exc}"
        log.error("post %s: %s", post_id, message)
        log.debug("post %s: details", post_id, exc_info=True)
        if item.attempts >= ctx.settings.publish.max_attempts:
            st.mark_failed(
                store, post_id, owner, f"{message} (gave up after {item.attempts})", None, now
            )
            return Outcome(post_id, "failed", target.name, message)
        wait = retry_delay(item.attempts, None)
        st.mark_failed(store, post_id, owner, message, now + timedelta(seconds=wait), now)
        return Outcome(post_id, "retry", target.name, message)
    st.mark_published(store, post_id, owner, result, now)
    log.info("post %s published to %s: %s", post_id, target.name, result.url or result.remote_id)
    return Outcome(post_id, "published", target.name, result.remote_id, result.url)
