"""The publish commands: accounts, publish --due, status, retry, skip, help."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.cli.common import App
from planner.cli.publish import COMMANDS
from tests.publish_support import make_posts, save_posts

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _run(app: App, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj=app, input=input)
    return result.exit_code, result.output


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_command_has_help_with_an_example(command):
    code, output = _run(App(), command, "--help")
    assert code == 0 and "Example: planner" in output


def test_accounts_add_asks_for_the_secret_and_stores_it_0600(app, planner_home):
    code, output = _run(
        app, "accounts", "add", "bluesky", "--handle", "me.test", input="s3cret-app-pw\n"
    )
    assert code == 0, output
    assert "s3cret-app-pw" not in output
    keys = planner_home / "keys.json"
    assert keys.stat().st_mode & 0o777 == 0o600
    assert json.loads(keys.read_text())["bluesky"]["secret"] == "s3cret-app-pw"
    code, output = _run(app, "accounts", "list")
    assert "bluesky: handle=me.test" in output and "s3cret" not in output
    code, output = _run(app, "accounts", "remove", "bluesky")
    assert code == 0 and "bluesky" not in json.loads(keys.read_text())


def test_a_secret_from_the_environment_is_not_stored(app, planner_home, monkeypatch):
    monkeypatch.setenv("PLANNER_MASTODON_TOKEN", "env-token")
    code, output = _run(app, "accounts", "add", "mastodon", "--server", "https://m.example")
    assert code == 0 and "PLANNER_MASTODON_TOKEN" in output
    assert "env-token" not in (planner_home / "keys.json").read_text()
    from planner.publish.credentials import account

    assert account(app.settings, "mastodon")["secret"] == "env-token"
    assert account(app.settings, "mastodon", flag="flag-token")["secret"] == "flag-token"


def test_a_missing_account_is_one_line_that_says_what_to_do(app, planner_home):
    save_posts(planner_home / "planner.db", make_posts(NOW, 1, timedelta(0)), NOW)
    code, output = _run(app, "publish", "--due", "--target", "bluesky")
    assert code == 1
    assert output == (
        "Error: no bluesky account (add one with "
        "'planner accounts add bluesky --handle me.bsky.social')\n"
    )


def test_publish_needs_due(app):
    code, output = _run(app, "publish")
    assert code == 2 and "planner publish --due" in output


def test_publish_status_retry_skip_through_the_outbox(app, planner_home):
    posts = make_posts(NOW - timedelta(minutes=2), 3, timedelta(minutes=1))
    save_posts(planner_home / "planner.db", posts, NOW)
    code, output = _run(app, "publish", "--due", "--dry-run")
    assert code == 0 and output.count("would-publish") == 3
    assert not (planner_home / "outbox").exists()
    code, output = _run(app, "skip", posts[2].id)
    assert code == 0
    code, output = _run(app, "publish", "--due")
    assert code == 0 and output.count("published") == 2
    code, output = _run(app, "status", "--week", "2026-W48")
    lines = output.splitlines()
    assert "published" in lines[0] and "file://" in lines[0]
    assert "skipped" in lines[2]
    code, output = _run(app, "retry", posts[0].id)
    assert code == 1 and "published, not failed" in output
    code, output = _run(app, "skip", "nope")
    assert code == 1 and "no post with id 'nope'" in output


def test_status_shows_the_retry_time_in_the_users_zone(app, planner_home):
    from planner.publish import state as st
    from planner.store import Store

    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "planner.toml").write_text('timezone = "Asia/Tokyo"\n')
    app = App(clock=app.clock, home=planner_home)
    (post,) = make_posts(NOW, 1, timedelta(0))
    save_posts(planner_home / "planner.db", [post], NOW)
    with Store(planner_home / "planner.db") as store:
        st.claim(store, post.id, "outbox", NOW, timedelta(minutes=10), "me:1")
        retry_at = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)  # 19:30 in Tokyo
        st.mark_failed(store, post.id, "me:1", "HTTP 503", retry_at, NOW)
    code, output = _run(app, "status", "--week", "2026-W48")
    assert code == 0 and "retry at Fri 19:30" in output, output


@pytest.mark.parametrize(
    ("kind", "option", "value"),
    [
        ("mastodon", "--server", "mastodon.social"),
        ("bluesky", "--service", "bsky.social"),
        ("webhook", "--url", "hooks.example.org/h?token=abc"),
    ],
)
def test_accounts_add_refuses_an_address_without_http(app, planner_home, kind, option, value):
    extra = ["--handle", "me.test"] if kind == "bluesky" else []
    code, output = _run(app, "accounts", "add", kind, option, value, *extra, "--secret", "s")
    assert code == 2 and "https://" in output, output
    assert not (planner_home / "keys.json").exists()


def test_publish_due_says_each_outcome_once_and_never_prints_a_traceback(planner_home):
    """Without logging configured, Python's last-resort handler repeated every warning on
    stderr (tracebacks included for unexpected errors)."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    with socket.socket() as sock:  # a port nothing listens on: connection refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    keys = {"webhook": {"url": f"http://127.0.0.1:{port}/hook", "secret": "hook-secret"}}
    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "keys.json").write_text(json.dumps(keys))
    now = datetime.now(UTC)
    save_posts(
        planner_home / "planner.db", make_posts(now - timedelta(minutes=1), 1, timedelta(0)), now
    )
    done = subprocess.run(
        [sys.executable, "-m", "planner", "publish", "--due"] + ["--target", "webhook"],
        env={**os.environ, "PLANNER_HOME": str(planner_home), "PYTHONPATH": str(Path.cwd())},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    (line,) = done.stdout.splitlines()
    assert line.startswith("retry") and "cannot reach 127.0.0.1" in line


def test_accounts_list_never_shows_a_webhook_url_that_holds_a_token(app):
    url = "https://discord.example/api/webhooks/123/t0ken-5ecret?wait=true&token=q5ecret"
    code, output = _run(app, "accounts", "add", "webhook", "--url", url, "--secret", "s")
    assert code == 0, output
    for args in (("accounts", "list"), ("accounts", "list", "--json")):
        code, output = _run(app, *args)
        assert code == 0 and "discord.example" in output, output
        assert "5ecret" not in output and "/api/webhooks" not in output, output
    code, output = _run(
        app, "accounts", "add", "webhook", "--url", "http://u:pw@127.0.0.1:8080/", "--secret", "s"
    )
    assert code == 0 and _run(app, "accounts", "list")[1] == (
        "webhook: url=http://127.0.0.1:8080, secret=keys file\n"
    )


def test_status_without_a_week_leaves_out_old_posts_that_are_done(app, planner_home):
    from planner.publish import state as st
    from planner.store import Store

    old = datetime(2026, 10, 5, 17, 0, tzinfo=UTC)  # 2026-W41, long before last week
    kinds = make_posts(old, 4, timedelta(hours=1), prefix="old")
    save_posts(planner_home / "planner.db", kinds, NOW, week="2026-W41")
    recent = make_posts(NOW, 1, timedelta(0), prefix="new")
    save_posts(planner_home / "planner.db", recent, NOW)
    skipped, gone, retrying, planned = kinds
    with Store(planner_home / "planner.db") as store:
        st.skip(store, skipped.id, NOW)
        for post, retry_at in ((gone, None), (retrying, NOW + timedelta(hours=1))):
            st.claim(store, post.id, "outbox", NOW, timedelta(minutes=10), "me:1")
            st.mark_failed(store, post.id, "me:1", "HTTP 503", retry_at, NOW)
    code, output = _run(app, "status")
    assert code == 0, output
    shown = {p.id for p in (*kinds, *recent) if p.id in output}
    assert shown == {retrying.id, planned.id, recent[0].id}


@pytest.mark.parametrize(
    ("kind", "option", "url"),
    [
        ("mastodon", "--server", "http://example.social"),
        ("webhook", "--url", "http://example.org/hook"),
        ("bluesky", "--service", "HTTP://pds.example.org"),
        ("mastodon", "--server", "http://127.0.0.1.example.org"),
    ],
)
def test_an_account_url_must_be_https_except_on_this_machine(app, kind, option, url):
    extra = ["--handle", "me.example.org"] if kind == "bluesky" else []
    code, output = _run(app, "accounts", "add", kind, option, url, *extra, "--secret", "s")
    assert code == 2, output
    assert f"{option} must start with https:// (plain http is allowed only to this machine" in (
        output
    )
    assert not (app.home_dir / "keys.json").exists()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000"]
)
def test_plain_http_to_this_machine_is_allowed(app, url):
    code, output = _run(app, "accounts", "add", "mastodon", "--server", url, "--secret", "s")
    assert code == 0, output


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1",  # httpx: invalid IPv6 literal, was a ValueError traceback here
        "https://a..b",  # an empty label: a UnicodeError traceback when publishing
        "https://" + "a" * 64 + ".example",  # a label over 63 characters: the same
        "https://x.example:abc",  # not a port: an httpx.InvalidURL traceback when publishing
        "https://127.0.0.1:99999",
        "https://",
        "https://exa mple.org",
    ],
)
def test_an_account_url_that_cannot_be_used_is_refused_when_added(app, url):
    code, output = _run(app, "accounts", "add", "mastodon", "--server", url, "--secret", "s")
    assert code == 2, output
    assert "--server" in output and "e.g. https://example.social" in output, output
    assert not (app.home_dir / "keys.json").exists()


@pytest.mark.parametrize(
    ("kind", "fields", "target"),
    [
        ("mastodon", {"server": "https://a..b"}, "mastodon"),
        ("mastodon", {"server": "https://x.example:abc"}, "mastodon"),
        ("webhook", {"url": "https://[::1/hook"}, "webhook"),
    ],
)
def test_a_hand_edited_account_url_is_one_line_before_anything_is_sent(
    app, planner_home, kind, fields, target
):
    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "keys.json").write_text(json.dumps({kind: {**fields, "secret": "s"}}))
    save_posts(
        planner_home / "planner.db", make_posts(NOW - timedelta(minutes=1), 1, timedelta(0)), NOW
    )
    result = CliRunner().invoke(cli, ["publish", "--due", "--target", target], obj=app)
    assert result.exit_code == 1 and not isinstance(result.exception, ValueError), result.output
    (line,) = result.output.splitlines()
    assert line.startswith(f"Error: {planner_home / 'keys.json'}: the {kind} account's "), line
    assert f"planner accounts add {kind}" in line, line


def test_a_hand_edited_plain_http_account_url_elsewhere_is_refused(planner_home):
    """Not sent: the password would cross the network readable (checked before any request)."""
    from planner.config import load_settings
    from planner.errors import ConfigError
    from planner.publish import credentials

    planner_home.mkdir(parents=True, exist_ok=True)
    keys = planner_home / "keys.json"
    account = {"handle": "me.example.org", "secret": "s"}
    keys.write_text(json.dumps({"bluesky": {**account, "service": "http://pds.example.org"}}))
    settings = load_settings(planner_home)
    with pytest.raises(ConfigError, match="plain http is allowed only to this machine"):
        credentials.account(settings, "bluesky")
    keys.write_text(json.dumps({"bluesky": {**account, "service": "http://127.0.0.1:2583"}}))
    assert credentials.account(settings, "bluesky")["service"] == "http://127.0.0.1:2583"
