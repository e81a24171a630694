"""`planner run`: ticks, failing jobs, clean stops, and exactly once under kill -9."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from planner.cli.common import App
from planner.errors import PublishError
from planner.publish import Context
from planner.publish import state as st
from planner.publish.daemon import Daemon, run_lock
from planner.publish.due import publish_due
from planner.store import Store
from tests.publish_support import make_posts, save_posts

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
RUN = [sys.executable, "-m", "planner", "run", "--tick", "0.1"]


def test_a_failing_job_is_logged_and_the_loop_keeps_running(caplog):
    calls = []

    def job() -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise RuntimeError("store is locked")
        if len(calls) == 4:
            daemon.stop()

    daemon = Daemon(job, 0.05)
    assert daemon.run(install_signals=False) == 4
    assert daemon.failures == 2
    assert "tick 1 failed: RuntimeError: store is locked" in caplog.text


def test_sigterm_stops_cleanly_and_restores_the_handler():
    before = signal.getsignal(signal.SIGTERM)

    def job() -> None:
        if daemon.ticks == 3:
            os.kill(os.getpid(), signal.SIGTERM)

    daemon = Daemon(job, 0.05)
    started = time.monotonic()
    assert daemon.run() == 3
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGTERM) == before


def test_the_job_reads_the_injected_clock(planner_home):
    moments = iter(NOW + timedelta(minutes=10 * k) for k in range(10))
    current = {"now": NOW}
    posts = make_posts(NOW + timedelta(minutes=15), 2, timedelta(minutes=20))
    save_posts(planner_home / "planner.db", posts, NOW)
    app = App(clock=lambda: current["now"], home=planner_home)
    ctx = Context(settings=app.settings, clock=app.now)

    def job() -> None:
        current["now"] = next(moments)
        with app.store() as store:
            publish_due(store, ctx, current["now"])
        if daemon.ticks == 5:
            daemon.stop()

    daemon = Daemon(job, 0.05)
    daemon.run(install_signals=False)
    with Store(planner_home / "planner.db") as store:
        done = {s.post.id: s.published_at for s in st.states(store)}
    assert done == {
        posts[0].id: NOW + timedelta(minutes=20),
        posts[1].id: NOW + timedelta(minutes=40),
    }


def test_only_one_run_per_home(tmp_path):
    with run_lock(tmp_path), pytest.raises(PublishError, match="already running"):  # noqa: SIM117
        with run_lock(tmp_path):
            pass
    with run_lock(tmp_path):  # released again
        pass


def _run_env(home: Path) -> dict[str, str]:
    return {**os.environ, "PLANNER_HOME": str(home), "PYTHONPATH": str(Path.cwd())}


def _ready(process: subprocess.Popen[bytes]) -> None:
    """Wait for `planner run` to say it is checking: its signal handlers are in place."""
    assert process.stdout is not None
    line = process.stdout.readline()
    assert b"planner run: checking" in line, line


def _published(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(
            conn.execute("SELECT count(*) FROM posts WHERE status='published'").fetchone()[0]
        )


def test_planner_run_stops_cleanly_on_sigterm(planner_home):
    planner_home.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        RUN, env=_run_env(planner_home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    _ready(process)
    time.sleep(0.3)  # a few ticks
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=10)
    assert process.returncode == 0, output
    assert b"planner run: stopped" in output


def test_kill_9_at_random_moments_never_duplicates_or_loses_a_post(planner_home):
    """100 posts become due a few per tick while `planner run` is killed -9 again and again.

    Each run is killed at a random moment of its ticking (up to 0.4 s after it is ready), so
    over the 3 s the posts take to fall due a kill lands in the middle of publishing now and
    then: claimed and not sent, sent and not recorded, recorded and not released.
    """
    count = 100
    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "planner.toml").write_text("[publish]\nmissed_after_minutes = 600\n")
    db = planner_home / "planner.db"
    start = datetime.now(UTC) + timedelta(seconds=0.5)
    save_posts(db, make_posts(start, count, timedelta(milliseconds=30)), start)
    rng = random.Random(5)
    kills = 0
    progress: list[int] = []
    deadline = time.monotonic() + 60
    while _published(db) < count and kills < 80 and time.monotonic() < deadline:
        process = subprocess.Popen(
            RUN, env=_run_env(planner_home), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        _ready(process)
        time.sleep(rng.uniform(0, 0.4))
        process.kill()
        process.communicate()
        kills += 1
        progress.append(_published(db))
    midway = [n for n in progress if 0 < n < count]
    assert len(midway) >= 3, progress  # the kills landed while posts were going out
    # a last run, not killed, settles whatever the kills left half-done
    process = subprocess.Popen(
        RUN, env=_run_env(planner_home), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        _ready(process)
        for _ in range(200):
            if _published(db) == count:
                break
            time.sleep(0.1)
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert process.returncode == 0
    assert _published(db) == count
    outbox = planner_home / "outbox"
    entries = [p for p in outbox.iterdir() if not p.name.startswith(".")]
    ids = [p.name.rsplit("_", 1)[-1] for p in entries]
    assert len(ids) == count and len(set(ids)) == count
    for entry in entries:
        assert (entry / "caption.txt").is_file() and (entry / "post.json").is_file()
    with Store(db) as store:
        states = st.states(store)
        assert all(s.remote_id and s.remote_id.endswith(s.post.id) for s in states)
        attempts = store.db.execute("SELECT count(*) FROM publish_attempts").fetchone()[0]
    assert attempts >= count


def test_planner_run_never_logs_a_webhook_url_that_holds_a_token(planner_home):
    from click.testing import CliRunner

    from planner.cli import cli
    from tests.servers.mastodon_server import MastodonServer, MastodonState

    token = "url-token-5ecret"
    with MastodonServer(MastodonState("t", "hook-secret", lambda: datetime.now(UTC))) as server:
        app = App(home=planner_home)
        url = f"{server.url}/hook?token={token}"
        added = CliRunner().invoke(
            cli, ["accounts", "add", "webhook", "--url", url, "--secret", "hook-secret"], obj=app
        )
        assert added.exit_code == 0, added.output
        now = datetime.now(UTC)
        save_posts(planner_home / "planner.db", make_posts(now, 1, timedelta(0)), now)
        process = subprocess.Popen(
            [*RUN, "--target", "webhook"],
            env=_run_env(planner_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                if server.state.deliveries:
                    break
                time.sleep(0.1)
        finally:
            process.terminate()
            output, _ = process.communicate(timeout=10)
    assert server.state.deliveries, output
    assert token.encode() not in output, output


def test_planner_run_without_the_account_is_one_line_and_exit_1(planner_home):
    planner_home.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [*RUN, "--target", "mastodon"],
        env=_run_env(planner_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    assert process.returncode == 1, output
    assert output.decode() == (
        "Error: no mastodon account (add one with "
        "'planner accounts add mastodon --server https://example.social')\n"
    )


def test_ticks_go_on_when_the_wall_clock_goes_back():
    """schedule counts in naive local time: after the clocks went back an hour (the autumn
    DST change, an NTP step) its next run lay an hour ahead and nothing was published."""
    from datetime import timedelta as td

    def clock_goes_back_an_hour() -> None:
        for job in daemon.scheduler.jobs:  # what a jump back leaves: next_run an hour ahead
            job.next_run += td(hours=1)

    def job() -> None:
        if daemon.ticks == 3:
            daemon.stop()

    daemon = Daemon(job, 0.05)
    timer = threading.Timer(5, daemon.stop)
    timer.start()
    try:
        started = time.monotonic()
        assert daemon.run(install_signals=False, on_start=clock_goes_back_an_hour) == 3
        assert time.monotonic() - started < 4
    finally:
        timer.cancel()


def test_planner_run_stops_during_a_long_image_wait_and_sends_the_post_later(
    planner_home, tmp_path
):
    from click.testing import CliRunner

    from planner.cli import cli
    from tests.publish_support import card
    from tests.servers.mastodon_server import MastodonServer, MastodonState

    now = datetime.now(UTC)
    with MastodonServer(MastodonState("tok", "s", lambda: now)) as server:
        server.state.processing_polls = 10_000  # the image is never ready: a 30 s wait
        added = CliRunner().invoke(
            cli,
            ["accounts", "add", "mastodon", "--server", server.url, "--token", "tok"],
            obj=App(home=planner_home),
        )
        assert added.exit_code == 0, added.output
        (post,) = make_posts(
            now - timedelta(minutes=1), 1, timedelta(0), image=card(tmp_path / "c.png")
        )
        save_posts(planner_home / "planner.db", [post], now)
        process = subprocess.Popen(
            [*RUN, "--target", "mastodon"],
            env=_run_env(planner_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(
            p == "/api/v2/media" for _, p, _ in server.state.requests
        ):
            time.sleep(0.05)
        time.sleep(0.2)  # uploaded: the run now waits a second before each poll, up to 30 s
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
        assert time.monotonic() - began < 5, output  # not after the 30 s wait
        assert process.returncode == 0, output
        assert b"planner run: stopped" in output
        assert server.state.statuses == []
    with Store(planner_home / "planner.db") as store:
        (item,) = st.states(store)
        assert st.first_uncertain_send(store, post.id) is None  # nothing was sent
    assert item.status == "failed" and item.next_attempt_at is not None  # sent on a later run


def test_planner_run_reports_each_publish_once(planner_home):
    planner_home.mkdir(parents=True, exist_ok=True)
    (post,) = make_posts(datetime.now(UTC) - timedelta(minutes=1), 1, timedelta(0))
    save_posts(planner_home / "planner.db", [post], datetime.now(UTC))
    process = subprocess.Popen(
        RUN, env=_run_env(planner_home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _published(planner_home / "planner.db") == 0:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=10)
    assert process.returncode == 0, output
    assert [line for line in output.decode().splitlines() if post.id in line] == [
        next(line for line in output.decode().splitlines() if "published" in line)
    ], output
