"""`planner push`: hand a week's posts to Mastodon as scheduled statuses, list and cancel them.

A pushed post is held by the server: it stays ``publishing`` with ``held_by = "mastodon"``, so
neither ``publish --due`` nor ``run`` sends it again, and re-planning keeps it. Listing also
settles the store: a held post the server no longer lists and whose time has passed was
published by the server.

Cancelling a post the server no longer holds and whose time has passed records it as
published (the server posted it), never as planned again: that would post it twice.

Edges: every limit (5 minutes ahead, 25 a day, 300 pending, text length) is checked for the
whole week before anything is sent; pushing the same week again sends only posts not yet held.
A post is held *before* its request goes out (unconfirmed: no server id yet), so a timeout, a
5xx or a crash in between never leaves it planned for ``publish --due`` to post a second time.
The next push, list or cancel settles unconfirmed posts against the server's list: found (by
Idempotency-Key, or text and time) is held; not found and still ahead is planned again; not
found with its time passed is failed for the user to check (the server may have posted it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from planner.errors import NotFoundError, PublishError
from planner.publish import Context, TransientError, make_target
from planner.publish import state as st
from planner.publish.mastodon import Mastodon
from planner.store import Store


def _mastodon(ctx: Context) -> Mastodon:
    target = make_target("mastodon", ctx)
    assert isinstance(target, Mastodon)
    return target


def push_week(store: Store, ctx: Context, week: str, now: datetime) -> list[str]:
    """Schedule every planned post of ``week`` on Mastodon; one line per post."""
    server = _mastodon(ctx)
    lines = settle_unconfirmed(store, server, now)
    posts = [i.post for i in st.states(store, week) if i.status == "planned" and not i.held_by]
    if not posts:
        return lines + [f"nothing to push in {week} (no planned posts that are not already pushed)"]
    server.check_schedule(posts, now)
    for post in posts:
        st.hold(store, post.id, "mastodon", None, now)
        try:
            result = server.schedule(post)
        except TransientError as exc:
            raise PublishError(
                f"{exc}; post {post.id} may be scheduled: run 'planner push --list' to check"
            ) from None
        except PublishError:
            st.release(store, post.id, now)  # refused: nothing is scheduled
            raise
        st.confirm_hold(store, post.id, result.remote_id, now)
        when = post.at.astimezone(ctx.settings.tz)
        lines.append(f"scheduled  {post.id}  {when:%a %d %b %H:%M}  ({result.remote_id})")
    return lines


def settle_unconfirmed(
    store: Store, server: Mastodon, now: datetime, remote: list[dict[str, Any]] | None = None
) -> list[str]:
    """Settle held posts whose push was never confirmed against the server's scheduled list."""
    unconfirmed = [i for i in st.states(store) if i.held_by == "mastodon" and not i.remote_id]
    if not unconfirmed:
        return []
    listed = server.scheduled() if remote is None else remote
    lines = []
    for item in unconfirmed:
        post = item.post
        found = server.find_scheduled(post, listed)
        if found is not None:
            st.confirm_hold(store, post.id, found, now)
            lines.append(f"confirmed  {post.id}  (the server holds it: {found})")
        elif post.at > now:
            st.release(store, post.id, now)
            lines.append(f"not held   {post.id}  (the server never took it; planned again)")
        else:
            st.unhold_failed(
                store,
                post.id,
                "its push was never confirmed and its time has passed: check your Mastodon"
                f" profile, then 'planner retry {post.id}' to send it or 'planner skip {post.id}'",
                now,
            )
            lines.append(f"failed     {post.id}  (push never confirmed; check your profile)")
    return lines


def list_scheduled(store: Store, ctx: Context, now: datetime | None = None) -> list[str]:
    """The statuses the server holds, with the post each one is; settles finished ones."""
    server = _mastodon(ctx)
    remote = server.scheduled()
    moment = now or ctx.clock()
    settled = settle_unconfirmed(store, server, moment, remote)
    held = {i.remote_id: i for i in st.states(store) if i.held_by == "mastodon"}
    listed = {str(s["id"]) for s in remote}
    for remote_id, item in held.items():
        if remote_id not in listed and item.post.at <= moment:
            st.held_done(store, item.post.id, moment)
    lines = []
    for entry in sorted(remote, key=lambda s: str(s.get("scheduled_at"))):
        mine = held.get(str(entry["id"]))
        name = mine.post.id if mine else "(not from planner)"
        lines.append(f"{entry.get('scheduled_at')}  {entry['id']}  {name}")
    return settled + (lines or ["the server holds no scheduled statuses"])


def cancel(store: Store, ctx: Context, post_id: str, now: datetime) -> list[str]:
    """Cancel one pushed post (or ``all``) on the server and make it planned again."""
    server = _mastodon(ctx)
    lines = settle_unconfirmed(store, server, now)
    held = [i for i in st.states(store) if i.held_by == "mastodon"]
    chosen = held if post_id == "all" else [i for i in held if i.post.id == post_id]
    if not chosen:
        if post_id == "all":
            return lines + ["no pushed posts"]
        raise NotFoundError(f"post {post_id!r} is not pushed (see 'planner push --list')")
    for item in chosen:
        existed = server.cancel(item.remote_id or "")
        if not existed and item.post.at <= now:
            st.held_done(store, item.post.id, now)
            lines.append(f"published  {item.post.id}  (the server already posted it at its time)")
            continue
        st.release(store, item.post.id, now)
        lines.append(f"cancelled  {item.post.id}" + ("" if existed else "  (server had none)"))
    return lines
