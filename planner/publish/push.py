"""`planner push`: hand a week's posts to Mastodon as scheduled statuses, list and cancel them.

A pushed post is held by the server: it stays ``publishing`` with ``held_by = "mastodon"``, so
neither ``publish --due`` nor ``run`` sends it again, and re-planning keeps it. Listing also
settles the store: a held post the server no longer lists and whose time has passed was
published by the server.

Cancelling a post the server no longer holds and whose time has passed records it as
published (the server posted it), never as planned again: that would post it twice.

Edges: every limit (5 minutes ahead, 25 a day, 300 pending, text length) is checked for the
whole week before anything is sent; pushing the same week again sends only posts not yet held;
the Idempotency-Key makes a push interrupted between "sent" and "recorded" safe to repeat.
"""

from __future__ import annotations

from datetime import datetime

from planner.errors import NotFoundError
from planner.publish import Context, make_target
from planner.publish import state as st
from planner.publish.mastodon import Mastodon
from planner.store import Store


def _mastodon(ctx: Context) -> Mastodon:
    target = make_target("mastodon", ctx)
    assert isinstance(target, Mastodon)
    return target


def push_week(store: Store, ctx: Context, week: str, now: datetime) -> list[str]:
    """Schedule every planned post of ``week`` on Mastodon; one line per post."""
    posts = [i.post for i in st.states(store, week) if i.status == "planned" and not i.held_by]
    if not posts:
        return [f"nothing to push in {week} (no planned posts that are not already pushed)"]
    server = _mastodon(ctx)
    server.check_schedule(posts, now)
    lines = []
    for post in posts:
        result = server.schedule(post)
        st.hold(store, post.id, "mastodon", result.remote_id, now)
        when = post.at.astimezone(ctx.settings.tz)
        lines.append(f"scheduled  {post.id}  {when:%a %d %b %H:%M}  ({result.remote_id})")
    return lines


def list_scheduled(store: Store, ctx: Context, now: datetime | None = None) -> list[str]:
    """The statuses the server holds, with the post each one is; settles finished ones."""
    server = _mastodon(ctx)
    remote = server.scheduled()
    held = {i.remote_id: i for i in st.states(store) if i.held_by == "mastodon"}
    listed = {str(s["id"]) for s in remote}
    moment = now or ctx.clock()
    for remote_id, item in held.items():
        if remote_id not in listed and item.post.at <= moment:
            st.held_done(store, item.post.id, moment)
    lines = []
    for entry in sorted(remote, key=lambda s: str(s.get("scheduled_at"))):
        mine = held.get(str(entry["id"]))
        name = mine.post.id if mine else "(not from planner)"
        lines.append(f"{entry.get('scheduled_at')}  {entry['id']}  {name}")
    return lines or ["the server holds no scheduled statuses"]


def cancel(store: Store, ctx: Context, post_id: str, now: datetime) -> list[str]:
    """Cancel one pushed post (or ``all``) on the server and make it planned again."""
    held = [i for i in st.states(store) if i.held_by == "mastodon"]
    chosen = held if post_id == "all" else [i for i in held if i.post.id == post_id]
    if not chosen:
        if post_id == "all":
            return ["no pushed posts"]
        raise NotFoundError(f"post {post_id!r} is not pushed (see 'planner push --list')")
    server = _mastodon(ctx)
    lines = []
    for item in chosen:
        existed = server.cancel(item.remote_id or "")
        if not existed and item.post.at <= now:
            st.held_done(store, item.post.id, now)
            lines.append(f"published  {item.post.id}  (the server already posted it at its time)")
            continue
        st.release(store, item.post.id, now)
        lines.append(f"cancelled  {item.post.id}" + ("" if existed else "  (server had none)"))
    return lines
