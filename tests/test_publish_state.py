"""Publishing state, missed slots, retries and the outbox, without any server."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.cli.common import App
from planner.errors import PublishError
from planner.models import Post
from planner.plan import next_free_slot
from planner.policy import Policy
from planner.publish import Context, Published
from planner.publish import state as st
from planner.publish.due import publish_due
from planner.publish.outbox import PARTIAL, Outbox
from planner.publish.retry import next_delay, retry_delay, server_delay
from planner.publish.text import compose_text, grapheme_count
from planner.store import Store
from tests.publish_support import card, make_posts, save_posts

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # a Friday, 10:00 in Berlin
LEASE = timedelta(minutes=10)


def _ctx(home: Path, now: datetime = NOW) -> Context:
    return Context(settings=App(home=home).settings, clock=lambda: now)


def test_a_claim_is_taken_once(planner_home):
    db = planner_home / "planner.db"
    post = make_posts(NOW, 1, timedelta(0))[0]
    save_posts(db, [post], NOW)
    with Store(db) as one, Store(db) as two:
        assert st.claim(one, post.id, "outbox", NOW, LEASE, "host:1") is not None
        assert st.claim(two, post.id, "outbox", NOW, LEASE, "host:2") is None
        # a stale owner cannot record over a newer claim
        assert not st.mark_published(two, post.id, "host:2", Published("x"), NOW)
        assert st.mark_published(one, post.id, "host:1", Published("x"), NOW)


def test_a_claim_of_a_dead_process_is_taken_over_with_the_same_target(planner_home):
    db = planner_home / "planner.db"
    post = make_posts(NOW, 1, timedelta(0))[0]
    save_posts(db, [post], NOW)
    with Store(db) as store:
        import socket

        dead = f"{socket.gethostname()}:{2**22 + 12345}"
        st.claim(store, post.id, "bluesky", NOW, LEASE, dead)
        again = st.claim(store, post.id, "outbox", NOW, LEASE, st.owner_id())
        assert again is not None and again.target == "bluesky" and again.attempts == 2


def test_a_live_claim_waits_for_its_lease(planner_home):
    db = planner_home / "planner.db"
    post = make_posts(NOW, 1, timedelta(0))[0]
    save_posts(db, [post], NOW)
    with Store(db) as store:
        st.claim(store, post.id, "outbox", NOW, LEASE, "elsewhere:1")
        assert st.claim(store, post.id, "outbox", NOW + LEASE / 2, LEASE, "me:2") is None
        assert st.claim(store, post.id, "outbox", NOW + LEASE, LEASE, "me:2") is not None


def test_two_missed_posts_never_go_out_together(planner_home):
    db = planner_home / "planner.db"
    # both slots passed days ago while nothing ran
    posts = make_posts(NOW - timedelta(days=3), 2, timedelta(hours=1))
    save_posts(db, posts, NOW)
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)
    first_at = _moved_and_published(planner_home, friday_evening)
    with Store(db) as store:
        first, second = st.states(store)
    assert first.status == "published" and first.planned_at == posts[0].at
    assert first.post.at == first_at
    assert second.status == "planned"
    # the next one keeps the policy's gap (36 h) and lands in a weekend window
    assert second.post.at - first_at >= timedelta(hours=36)
    local = second.post.at.astimezone(BERLIN)
    assert local.strftime("%a") == "Sun" and time(10) <= local.time() <= time(13), local


def _moved_and_published(home: Path, woke: datetime) -> datetime:
    """Wake at ``woke`` (a window opening) with two overdue posts: both are moved, the first
    to a minute of its own later that evening (not 18:00 sharp), and go out only then."""
    assert publish_due(Store(home / "planner.db"), _ctx(home, woke), woke) == []
    with Store(home / "planner.db") as store:
        first = min(st.open_states(store), key=lambda i: i.next_attempt_at or i.post.at)
    at = first.next_attempt_at or first.post.at
    assert woke < at <= woke.replace(hour=20, minute=30), at
    outcomes = publish_due(Store(home / "planner.db"), _ctx(home, at), at)
    assert [o.action for o in outcomes] == ["published"]
    return at


def _taken(at: datetime, category: str = "hobby") -> Post:
    return Post(id=f"t{at:%d%H}", activity_id="x", at=at, category=category, caption="c")


def test_next_free_slot_respects_quiet_hours_windows_gap_days_and_variety():
    policy = Policy()
    late = datetime(2026, 11, 24, 21, 0, tzinfo=BERLIN)  # Tuesday, after the window

    def evening(slot: datetime | None) -> tuple[str, bool]:
        assert slot is not None
        local = slot.astimezone(BERLIN)
        return local.strftime("%a %d"), time(18) <= local.time() <= time(20, 30)

    wednesday = next_free_slot(late, "fitness", [], policy, BERLIN)
    assert evening(wednesday) == ("Wed 25", True)
    assert wednesday is not None
    slot = next_free_slot(late, "fitness", [_taken(wednesday)], policy, BERLIN)
    assert evening(slot) == ("Fri 27", True)  # not Thursday: consecutive
    # variety: after Wednesday's fitness post, no fitness twice in a row within a week;
    # a hobby may follow at once
    after_fitness = [_taken(wednesday, "fitness")]
    again = next_free_slot(late, "fitness", after_fitness, policy, BERLIN)
    assert again is not None and again - wednesday >= timedelta(days=policy.in_a_row_days)
    hobby = next_free_slot(late, "hobby", after_fitness, policy, BERLIN)
    assert evening(hobby) == ("Fri 27", True)
    full = Policy(posts_per_week=0)
    assert next_free_slot(late, "fitness", [], full, BERLIN) is None


def test_a_moved_post_gets_a_minute_of_its_own_not_the_window_opening():
    """A post missed while the laptop slept went out at 18:00 sharp (or 10:00 on a weekend),
    the time issue 11 took every planned post away from; and it could share a clock time
    with another post of its week."""
    policy = Policy()
    late = datetime(2026, 11, 24, 21, 0, tzinfo=BERLIN)  # Tuesday, after the window
    monday = [_taken(datetime(2026, 11, 23, 18, 0, tzinfo=BERLIN))]
    moved = [
        next_free_slot(late, "fitness", monday, policy, BERLIN, post_id=f"p{n}") for n in range(40)
    ]
    for slot in moved:
        assert slot is not None and slot.date() == datetime(2026, 11, 25).date(), slot
        assert time(18) <= slot.time() <= time(20, 30), slot
        assert f"{slot:%H:%M}" != "18:00", slot  # Monday's post went out at 18:00
    assert sum(s is not None and s.minute in (0, 30) for s in moved) <= len(moved) // 5, moved
    again = next_free_slot(late, "fitness", monday, policy, BERLIN, post_id="p0")
    assert again == moved[0]


def test_backoff_has_jitter_and_never_undercuts_the_server():
    assert next_delay(1, rand=lambda: 0.0) == 15 and next_delay(1, rand=lambda: 1.0) == 30
    assert next_delay(3, rand=lambda: 1.0) == 120
    assert next_delay(50, rand=lambda: 1.0) == 6 * 3600
    assert retry_delay(1, 600, rand=lambda: 1.0) == 600
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert server_delay({"Retry-After": "120"}, now) == 120
    assert server_delay({"Retry-After": "Fri, 27 Nov 2026 09:02:00 GMT"}, now) == 120
    assert server_delay({"ratelimit-reset": str(int(now.timestamp()) + 90)}, now) == 90
    assert server_delay({"X-RateLimit-Reset": "2026-11-27T09:05:00.000Z"}, now) == 300
    assert server_delay({"Retry-After": "soon"}, now) is None


def test_retry_and_skip(planner_home):
    db = planner_home / "planner.db"
    posts = make_posts(NOW, 2, timedelta(0))
    save_posts(db, posts, NOW)
    with Store(db) as store:
        with pytest.raises(PublishError, match="only failed posts can be retried"):
            st.retry(store, posts[0].id, NOW)
        st.claim(store, posts[0].id, "outbox", NOW, LEASE, "me:1")
        st.mark_failed(store, posts[0].id, "me:1", "HTTP 422: too long", None, NOW)
        again = st.retry(store, posts[0].id, NOW)
        assert again.next_attempt_at == NOW and again.attempts == 0
        assert st.skip(store, posts[1].id, NOW).status == "skipped"
        st.claim(store, posts[0].id, "outbox", NOW, LEASE, "me:1")
        with pytest.raises(PublishError, match="publishing: it cannot be skipped"):
            st.skip(store, posts[0].id, NOW)


def test_outbox_is_atomic_and_idempotent(tmp_path):
    image = card(tmp_path / "card.png", size=(120, 150))
    post = make_posts(NOW, 1, timedelta(0), image=image)[0]
    outbox = Outbox(tmp_path / "outbox", BERLIN)
    # debris of a crash half-way through writing is invisible and cleaned up
    debris = tmp_path / "outbox" / PARTIAL / f"{post.id}.crashed"
    debris.mkdir(parents=True)
    (debris / "caption.txt").write_text("half")
    first = outbox.publish(post)
    assert outbox.publish(post) == first
    visible = [p for p in (tmp_path / "outbox").iterdir() if not p.name.startswith(".")]
    assert [p.name for p in visible] == [f"2026-11-27_1000_{post.id}"]
    assert not debris.exists()
    folder = visible[0]
    assert sorted(os.listdir(folder)) == ["alt.txt", "caption.txt", "image.png", "post.json"]
    assert (folder / "caption.txt").read_text() == compose_text(post) + "\n"
    assert (folder / "alt.txt").read_text().strip() == post.alt_text
    meta = json.loads((folder / "post.json").read_text())
    assert meta["id"] == post.id and meta["status"] == "published"


def test_text_composition_and_graphemes():
    post = make_posts(NOW, 1, timedelta(0))[0]
    assert compose_text(post).endswith("\n\n#running #outdoors")
    tagged = post.__class__(**{**_fields(post), "caption": "Run #Running today"})
    assert compose_text(tagged) == "Run #Running today\n\n#outdoors"
    assert grapheme_count("🇩🇪👍🏽e\u0301") == 3


def _fields(post: object) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(post, f.name) for f in fields(post)}  # type: ignore[arg-type]


def test_a_post_claimed_elsewhere_meanwhile_goes_to_the_target_that_claim_recorded(planner_home):
    """Between reading what is due and claiming it, another process claimed the post for
    bluesky and died: the post must go to bluesky again, never also to the outbox."""
    import socket

    from planner.publish.credentials import save_account

    db = planner_home / "planner.db"
    (post,) = make_posts(NOW, 1, timedelta(0))
    save_posts(db, [post], NOW)
    ctx = _ctx(planner_home)
    save_account(
        ctx.settings, "bluesky", {"handle": "me.test", "service": "http://127.0.0.1:9"}, "pw"
    )
    dead = f"{socket.gethostname()}:{2**22 + 12345}"

    def other_process_claims_then_dies() -> bool:
        with Store(db) as other:
            st.claim(other, post.id, "bluesky", NOW, LEASE, dead)
        return False

    with Store(db) as store:
        outcomes = publish_due(store, ctx, NOW, should_stop=other_process_claims_then_dies)
        assert [o.target for o in outcomes] == ["bluesky"]
        assert st.state(store, post.id).target == "bluesky"
    assert not (planner_home / "outbox").exists()


def test_a_post_pinned_to_a_removed_account_does_not_block_the_others(planner_home):
    from planner.publish.credentials import remove_account, save_account

    db = planner_home / "planner.db"
    first, second = make_posts(NOW, 2, timedelta(minutes=1))
    save_posts(db, [first, second], NOW)
    ctx = _ctx(planner_home)
    save_account(ctx.settings, "mastodon", {"server": "https://m.example"}, "tok")
    with Store(db) as store:  # the first went to mastodon, failed, and waits for a retry
        st.claim(store, first.id, "mastodon", NOW, LEASE, "me:1")
        st.mark_failed(store, first.id, "me:1", "HTTP 503", NOW, NOW)
    remove_account(ctx.settings, "mastodon")
    later = NOW + timedelta(minutes=2)
    with Store(db) as store:
        outcomes = publish_due(store, _ctx(planner_home, later), later)
        assert {o.post_id: o.action for o in outcomes} == {
            first.id: "refused",
            second.id: "published",
        }
        assert "no mastodon account" in outcomes[0].detail
        assert st.state(store, first.id).status == "failed"


def test_a_truncated_card_is_a_publish_error_naming_it(tmp_path):
    from planner.publish.images import fit_image

    image = card(tmp_path / "card.png", size=(400, 500), noise=True)
    image.write_bytes(image.read_bytes()[: image.stat().st_size // 2])
    with pytest.raises(PublishError, match="card.png: cannot read the post's image"):
        fit_image(image, 50_000)


def test_an_unexpected_error_is_not_retried_forever(planner_home):
    db = planner_home / "planner.db"
    (post,) = make_posts(NOW, 1, timedelta(0))
    save_posts(db, [post], NOW)
    ctx = _ctx(planner_home)

    class Broken:
        name = "outbox"
        dedupe_window = None

        def check(self, post: Post) -> None:
            pass

        def publish(self, post: Post) -> Published:
            raise KeyError("id")

    from planner.publish import due

    now = NOW
    with Store(db) as store:
        for _ in range(ctx.settings.publish.max_attempts + 2):
            item = st.claim(store, post.id, "outbox", now, LEASE, "me:1")
            if item is None:
                break
            due._publish_one(store, ctx, Broken(), item, "me:1", now)
            now += timedelta(days=1)
        final = st.state(store, post.id)
    assert final.status == "failed" and final.next_attempt_at is None
    assert final.attempts == ctx.settings.publish.max_attempts


def test_two_overdue_retries_never_go_out_together(planner_home):
    db = planner_home / "planner.db"
    posts = make_posts(NOW - timedelta(days=3), 2, timedelta(hours=40))
    save_posts(db, posts, NOW)
    with Store(db) as store:
        for post in posts:  # both failed and were due for a retry while the machine slept
            claimed = st.claim(store, post.id, "outbox", post.at, LEASE, "me:1")
            assert claimed is not None
            st.mark_failed(store, post.id, "me:1", "timeout", post.at + timedelta(minutes=1), NOW)
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)
    first_at = _moved_and_published(planner_home, friday_evening)
    with Store(db) as store:
        waiting = [s for s in st.states(store) if s.status == "failed"]
    (later,) = waiting
    assert later.next_attempt_at is not None
    assert later.next_attempt_at - first_at >= timedelta(hours=36)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_an_ended_process_its_parent_has_not_reaped_is_not_alive() -> None:
    import socket
    import subprocess
    import sys
    import time

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    owner = f"{socket.gethostname()}:{child.pid}"
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # ended, not yet waited for: a zombie
            if Path(f"/proc/{child.pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] == b"Z":
                break
            time.sleep(0.01)
        assert not st.owner_alive(owner)
    finally:
        child.wait()
    assert not st.owner_alive(owner)
    assert st.owner_alive(st.owner_id())


def test_a_missed_post_is_never_moved_past_its_activitys_freshness(planner_home):
    from planner.models import Activity
    from planner.store import activity_row

    db = planner_home / "planner.db"
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)
    fresh, stale = make_posts(friday_evening - timedelta(days=3), 2, timedelta(hours=1))
    with Store(db) as store:  # the stale one happened 14 days before Friday evening
        store.import_rows(
            [
                activity_row(Activity(fresh.activity_id, friday_evening - timedelta(days=4),
                                      "run", "fitness", "Fresh")),
                activity_row(Activity(stale.activity_id, friday_evening - timedelta(days=14),
                                      "trip", "trip", "Museum")),
            ]
        )  # fmt: skip
    save_posts(db, [fresh, stale], friday_evening)
    assert publish_due(Store(db), _ctx(planner_home, friday_evening), friday_evening) == []
    with Store(db) as store:
        moved = {i.post.id: i for i in st.states(store)}[fresh.id]
    later = moved.post.at  # a minute of its own that evening
    outcomes = publish_due(Store(db), _ctx(planner_home, later), later)
    assert [o.post_id for o in outcomes if o.action == "published"] == [fresh.id]
    with Store(db) as store:
        given_up = {i.post.id: i for i in st.states(store)}[stale.id]
    assert given_up.status == "failed" and given_up.next_attempt_at is None
    assert given_up.error is not None and "over 14 days old" in given_up.error
