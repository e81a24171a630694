"""Mastodon and webhook publishing against a local server on 127.0.0.1 speaking the API."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.cli.common import App
from planner.errors import PublishError
from planner.publish import Context, make_target
from planner.publish import state as st
from planner.publish.due import publish_due
from planner.publish.mastodon import MEDIA_POLL_SECONDS, idempotency_key
from planner.store import Store
from tests.publish_support import card, make_posts, save_posts
from tests.servers.mastodon_server import MastodonServer, MastodonState

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TOKEN = "tok-123"
HOOK_SECRET = "hook-secret"


class Clock:
    """A clock tests move by hand, shared by the app and the server. Its ``sleep`` records
    each wait asked of it and returns at once."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def server(clock: Clock) -> Iterator[MastodonServer]:
    with MastodonServer(MastodonState(TOKEN, HOOK_SECRET, clock)) as running:
        yield running


def _invoke(home: Path, clock: Clock, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj=App(clock=clock, home=home, sleep=clock.sleep))
    return result.exit_code, result.output


@pytest.fixture
def mastodon_home(planner_home: Path, server: MastodonServer, clock: Clock) -> Path:
    code, output = _invoke(
        planner_home, clock, "accounts", "add", "mastodon", "--server", server.url, "--token", TOKEN
    )
    assert code == 0, output
    assert TOKEN not in output
    return planner_home


def _ctx(home: Path, clock: Clock) -> Context:
    return Context(settings=App(home=home).settings, clock=clock, sleep=clock.sleep)


def test_publish_polls_media_until_processed_and_sends_an_idempotency_key(
    mastodon_home, server, clock, tmp_path
):
    image = card(tmp_path / "card.png")
    posts = make_posts(NOW - timedelta(minutes=5), 2, timedelta(minutes=1), image=image)
    save_posts(mastodon_home / "planner.db", posts, NOW)
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert code == 0, output
    state = server.state
    assert len(state.statuses) == 2
    for post, status in zip(posts, state.statuses, strict=True):
        assert status["text"].startswith(post.caption)
        assert status["visibility"] == "public" and status["language"] == "en"
        (media,) = status["media_attachments"]
        assert media["description"] == post.alt_text
    polls = [p for m, p, _ in state.requests if m == "GET" and p.startswith("/api/v1/media/")]
    assert len(polls) == 2 * (state.processing_polls + 1)
    assert clock.slept == [MEDIA_POLL_SECONDS] * len(polls)  # a wait before every poll
    keys = [h.get("Idempotency-Key") for m, p, h in state.requests if p == "/api/v1/statuses"]
    assert keys == [idempotency_key(p.id) for p in posts]
    # the status is sent only after the media answered 200
    order = [p for _, p, _ in state.requests]
    assert order.index("/api/v1/statuses") > max(
        i
        for i, p in enumerate(order)
        if p.startswith("/api/v1/media/") and i < order.index("/api/v1/statuses")
    )
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert "nothing is due" in output and len(state.statuses) == 2


def test_a_resend_with_the_same_key_returns_the_first_status(mastodon_home, server, clock):
    post = make_posts(NOW, 1, timedelta(0))[0]
    target = make_target("mastodon", _ctx(mastodon_home, clock))
    assert target.publish(post) == target.publish(post)
    assert len(server.state.statuses) == 1


def test_429_with_retry_after_is_obeyed(mastodon_home, server, clock):
    save_posts(mastodon_home / "planner.db", make_posts(NOW, 1, timedelta(0)), NOW)
    server.state.fail("/api/v1/statuses", 429, {"Retry-After": "600"})
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert code == 0 and "retry" in output
    sent = len(server.state.requests)
    for minutes in (1, 5, 9):  # the server said 600 s: nothing is sent before then
        clock.now = NOW + timedelta(minutes=minutes)
        code, output = _invoke(mastodon_home, clock, "publish", "--due")
        assert "nothing is due" in output
    assert len(server.state.requests) == sent
    clock.now = NOW + timedelta(seconds=601)
    code, output = _invoke(mastodon_home, clock, "publish", "--due")
    assert code == 0 and "published" in output, output
    assert len(server.state.statuses) == 1
    code, output = _invoke(mastodon_home, clock, "status", "--week", "2026-W48", "--json")
    (row,) = json.loads(output)
    assert row["status"] == "published" and row["attempts"] == 2 and row["target"] == "mastodon"


def test_a_4xx_fails_at_once_with_the_servers_message(mastodon_home, server, clock):
    server.state.max_characters = 10
    save_posts(mastodon_home / "planner.db", make_posts(NOW, 1, timedelta(0)), NOW)
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert code == 1
    assert "over this server's limit of 10" in output
    assert not [p for _, p, _ in server.state.requests if p == "/api/v1/statuses"]
    code, output = _invoke(mastodon_home, clock, "status", "--week", "2026-W48")
    assert "failed" in output and "limit of 10" in output


def test_urls_count_as_23_characters(mastodon_home, clock):
    target = make_target("mastodon", _ctx(mastodon_home, clock))
    url = "https://example.org/" + "x" * 200
    assert target.text_length(f"see {url}") == 4 + 23  # type: ignore[attr-defined]
    # punctuation after a URL is not part of it, and Mastodon counts it
    assert target.text_length(f"see {url}.") == 4 + 23 + 1  # type: ignore[attr-defined]
    assert target.text_length(f"({url}), ok") == 1 + 23 + 5  # type: ignore[attr-defined]


def test_push_schedules_the_week_and_lists_and_cancels(mastodon_home, server, clock):
    posts = make_posts(NOW + timedelta(hours=2), 3, timedelta(days=1))
    save_posts(mastodon_home / "planner.db", posts, NOW)
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 0, output
    assert output.count("scheduled") == 3
    assert len(server.state.scheduled) == 3 and not server.state.statuses
    # held posts are not published again by publish --due, even when due
    clock.now = NOW + timedelta(days=5)
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert "nothing is due" in output
    clock.now = NOW
    code, output = _invoke(mastodon_home, clock, "push", "--list")
    assert all(p.id in output for p in posts)
    code, output = _invoke(mastodon_home, clock, "push", "--cancel", posts[0].id)
    assert code == 0 and f"cancelled  {posts[0].id}" in output
    assert len(server.state.scheduled) == 2
    with Store(mastodon_home / "planner.db") as store:
        assert store.post(posts[0].id).status == "planned"


def test_push_refuses_a_post_less_than_5_minutes_ahead_before_sending(mastodon_home, server, clock):
    posts = make_posts(NOW + timedelta(minutes=4), 2, timedelta(hours=3))
    save_posts(mastodon_home / "planner.db", posts, NOW)
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 1 and "less than 5 minutes ahead" in output
    assert not server.state.scheduled


def test_push_refuses_more_than_25_a_day(mastodon_home, server, clock):
    posts = make_posts(NOW + timedelta(hours=1), 26, timedelta(minutes=10))
    save_posts(mastodon_home / "planner.db", posts, NOW)
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 1 and "more than 25 statuses would be scheduled on 2026-11-27" in output
    assert not server.state.scheduled


def test_webhook_body_is_signed_and_verified_by_the_receiver(planner_home, server, clock, tmp_path):
    code, output = _invoke(
        planner_home,
        clock,
        "accounts", "add", "webhook", "--url", f"{server.url}/hook", "--secret", HOOK_SECRET,
    )  # fmt: skip
    assert code == 0 and HOOK_SECRET not in output
    image = card(tmp_path / "card.png", size=(200, 250))
    save_posts(planner_home / "planner.db", make_posts(NOW, 2, timedelta(0), image=image), NOW)
    code, output = _invoke(planner_home, clock, "publish", "--due", "--target", "webhook")
    assert code == 0, output
    deliveries = server.state.deliveries
    assert len(deliveries) == 2
    assert deliveries[0]["image"]["content_type"] == "image/png"
    assert deliveries[0]["post"]["alt_text"].startswith("A card reading")


def test_webhook_with_a_wrong_secret_is_refused(planner_home, server, clock):
    _invoke(planner_home, clock, "accounts", "add", "webhook", "--url", f"{server.url}/hook",
            "--secret", "wrong")  # fmt: skip
    post = make_posts(NOW, 1, timedelta(0))[0]
    with pytest.raises(PublishError, match="HTTP 401: bad signature"):
        make_target("webhook", _ctx(planner_home, clock)).publish(post)
    assert server.state.deliveries == []


def test_an_unconfirmed_send_older_than_the_key_memory_is_never_repeated(
    mastodon_home, server, clock
):
    (post,) = make_posts(NOW, 1, timedelta(0))
    save_posts(mastodon_home / "planner.db", [post], NOW)
    server.state.fail("/api/v1/statuses", 503, {})  # the outcome of this send is unknown
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert code == 0 and "retry" in output
    sends = [p for _, p, _ in server.state.requests if p == "/api/v1/statuses"]
    clock.now = NOW + timedelta(hours=2)  # nothing ran for two hours: the key is forgotten
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--dry-run")
    assert "refused" in output
    code, output = _invoke(mastodon_home, clock, "publish", "--due")
    assert "was never confirmed" in output and f"planner skip {post.id}" in output
    assert [p for _, p, _ in server.state.requests if p == "/api/v1/statuses"] == sends
    code, output = _invoke(mastodon_home, clock, "status", "--week", "2026-W48")
    assert "failed" in output
    # the user checked the profile and says "send it": it goes out once
    assert _invoke(mastodon_home, clock, "retry", post.id)[0] == 0
    code, output = _invoke(mastodon_home, clock, "publish", "--due")
    assert code == 0 and "published" in output, output
    assert len(server.state.statuses) == 1


def test_cancelling_a_push_the_server_already_published_does_not_post_it_again(
    mastodon_home, server, clock
):
    posts = make_posts(NOW + timedelta(hours=2), 2, timedelta(days=1))
    save_posts(mastodon_home / "planner.db", posts, NOW)
    assert _invoke(mastodon_home, clock, "push", "--week", "2026-W48")[0] == 0
    # the server publishes the first at its time; nobody ran 'push --list' since
    clock.now = NOW + timedelta(hours=3)
    first = min(server.state.scheduled.values(), key=lambda s: s["scheduled_at"])
    del server.state.scheduled[first["id"]]
    server.state.statuses.append({"id": "900", "text": first["params"]["text"]})
    code, output = _invoke(mastodon_home, clock, "push", "--cancel", "all")
    assert code == 0, output
    with Store(mastodon_home / "planner.db") as store:
        assert store.post(posts[0].id).status == "published"
        assert store.post(posts[1].id).status == "planned"
    for days in range(1, 8):
        clock.now = NOW + timedelta(days=days, hours=3)
        _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    texts = [s["text"] for s in server.state.statuses]
    assert sum(t.startswith("Post 0:") for t in texts) == 1, texts  # never posted again


def test_push_lists_the_times_in_the_users_zone(mastodon_home, clock):
    (mastodon_home / "planner.toml").write_text('timezone = "Asia/Tokyo"\n')
    (post,) = make_posts(datetime(2026, 11, 28, 10, 0, tzinfo=UTC), 1, timedelta(0))
    save_posts(mastodon_home / "planner.db", [post], NOW)
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 0 and f"scheduled  {post.id}  Sat 28 Nov 19:00" in output, output


def test_alt_text_over_the_servers_limit_and_a_missing_image_are_refused_first(
    mastodon_home, server, clock, tmp_path
):
    target = make_target("mastodon", _ctx(mastodon_home, clock))
    image = card(tmp_path / "card.png")
    (post,) = make_posts(NOW, 1, timedelta(0), image=image)
    long_alt = dataclasses.replace(post, alt_text="x" * 1501)
    with pytest.raises(PublishError, match="1501 characters, over this server's limit of 1500"):
        target.check(long_alt)
    missing = dataclasses.replace(post, image=str(tmp_path / "gone.png"))
    with pytest.raises(PublishError, match="does not exist"):
        target.check(missing)
    assert not [p for _, p, _ in server.state.requests if p.startswith("/api/v2/media")]


def _post_state(home: Path, post_id: str) -> tuple[str, str | None, str | None]:
    with Store(home / "planner.db") as store:
        row = store.db.execute(
            "SELECT status, held_by, remote_id FROM posts WHERE id = ?", (post_id,)
        ).fetchone()
    return row[0], row[1], row[2]


def test_a_push_whose_answer_is_lost_is_held_and_never_posted_twice(mastodon_home, server, clock):
    posts = make_posts(NOW + timedelta(hours=2), 2, timedelta(days=1))
    save_posts(mastodon_home / "planner.db", posts, NOW)
    server.state.lose_answer("/api/v1/statuses")  # the server schedules it; the answer is lost
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 1
    assert f"post {posts[0].id} may be scheduled: run 'planner push --list'" in output
    assert len(server.state.scheduled) == 1
    assert _post_state(mastodon_home, posts[0].id) == ("publishing", "mastodon", None)
    # its time comes: publish --due must not post what the server already holds
    clock.now = NOW + timedelta(hours=3)
    _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert server.state.statuses == []
    clock.now = NOW
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 0, output
    (held_id,) = [i for i, s in server.state.scheduled.items() if "Post 0" in s["params"]["text"]]
    assert f"confirmed  {posts[0].id}  (the server holds it: {held_id})" in output
    assert f"scheduled  {posts[1].id}" in output
    assert len(server.state.scheduled) == 2
    assert _post_state(mastodon_home, posts[0].id) == ("publishing", "mastodon", held_id)


def test_an_unconfirmed_push_the_server_never_took_is_planned_again(mastodon_home, server, clock):
    (post,) = make_posts(NOW + timedelta(hours=2), 1, timedelta(0))
    save_posts(mastodon_home / "planner.db", [post], NOW)
    server.state.fail("/api/v1/statuses", 503)  # refused before any work: nothing scheduled
    assert _invoke(mastodon_home, clock, "push", "--week", "2026-W48")[0] == 1
    code, output = _invoke(mastodon_home, clock, "push", "--list")
    assert code == 0 and f"not held   {post.id}" in output, output
    assert _post_state(mastodon_home, post.id) == ("planned", None, None)
    assert _invoke(mastodon_home, clock, "push", "--week", "2026-W48")[0] == 0
    assert len(server.state.scheduled) == 1


def test_an_unconfirmed_push_whose_time_passed_is_failed_for_the_user(mastodon_home, server, clock):
    (post,) = make_posts(NOW + timedelta(hours=2), 1, timedelta(0))
    save_posts(mastodon_home / "planner.db", [post], NOW)
    server.state.fail("/api/v1/statuses", 503)
    assert _invoke(mastodon_home, clock, "push", "--week", "2026-W48")[0] == 1
    clock.now = NOW + timedelta(hours=3)  # nobody looked until after its time
    code, output = _invoke(mastodon_home, clock, "push", "--list")
    assert code == 0 and f"failed     {post.id}" in output, output
    status, held_by, _ = _post_state(mastodon_home, post.id)
    assert (status, held_by) == ("failed", None)
    _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert server.state.statuses == []  # only 'planner retry' sends it


def test_a_refused_push_leaves_the_post_planned(mastodon_home, server, clock):
    (post,) = make_posts(NOW + timedelta(hours=2), 1, timedelta(0))
    save_posts(mastodon_home / "planner.db", [post], NOW)
    server.state.fail("/api/v1/statuses", 422)
    code, output = _invoke(mastodon_home, clock, "push", "--week", "2026-W48")
    assert code == 1 and "HTTP 422" in output, output
    assert _post_state(mastodon_home, post.id) == ("planned", None, None)


@pytest.mark.parametrize("refusal", ["rate limit", "image still processing"])
def test_a_send_the_server_certainly_did_not_take_is_resent_after_the_key_memory(
    mastodon_home, server, clock, tmp_path, refusal
):
    (post,) = make_posts(NOW, 1, timedelta(0), image=card(tmp_path / "card.png"))
    save_posts(mastodon_home / "planner.db", [post], NOW)
    if refusal == "rate limit":
        server.state.fail("/api/v1/statuses", 429, {"Retry-After": "60"})
    else:
        server.state.processing_polls = 1_000  # never ready within planner's polls
    with Store(mastodon_home / "planner.db") as store:  # a context that does not really sleep
        (first,) = publish_due(store, _ctx(mastodon_home, clock), NOW, target="mastodon")
    assert first.action == "retry", first
    assert server.state.statuses == []
    server.state.processing_polls = 0
    clock.now = NOW + timedelta(hours=2)  # past the hour the key is remembered
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert code == 0 and "never confirmed" not in output, output
    with Store(mastodon_home / "planner.db") as store:
        (item,) = [i for i in st.states(store) if i.post.id == post.id]
    assert item.next_attempt_at is not None  # moved to the next free slot, not parked
    clock.now = item.next_attempt_at
    code, output = _invoke(mastodon_home, clock, "publish", "--due", "--target", "mastodon")
    assert code == 0 and "published" in output, output
    assert len(server.state.statuses) == 1
