"""Commands that publish: accounts, publish --due, run, status, retry, skip, push.

Each parses options, calls one function of planner.publish / planner.publish.daemon and prints.
Secrets are read from a flag, a hidden prompt or the environment, and are never echoed.
"""

from __future__ import annotations

import os
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Literal

import click

from planner.cli.common import App, echo_json, json_option, pass_app, week_option
from planner.publish.targets import ACCOUNT_KINDS, TARGETS, AccountField, url_problem

if TYPE_CHECKING:
    from planner.publish import Context
    from planner.publish import state as st


def _account_field_options(f: Any) -> Any:
    """One ``accounts add`` option per account field of any target (``--handle``, ``--url``…)."""
    seen: dict[str, AccountField] = {}
    for spec in TARGETS.values():
        for field in spec.fields:
            seen.setdefault(field.name, field)
    for field in reversed(list(seen.values())):
        f = click.option(
            f"--{field.name}",
            default=field.default,
            show_default=bool(field.default),
            help=field.help,
        )(f)
    return f


target_option = click.option(
    "--target",
    type=click.Choice(tuple(TARGETS)),
    default=None,
    help="Where to publish (default: [publish] target in planner.toml, else outbox).",
)


def _context(app: App) -> Context:
    from planner.publish import Context

    return Context(settings=app.settings, clock=app.now, sleep=app.sleep)


@click.group()
def accounts() -> None:
    """Add, list and remove the accounts posts are published to.

    Example: planner accounts add bluesky --handle me.bsky.social
    """


@accounts.command("add")
@click.argument("kind", type=click.Choice(ACCOUNT_KINDS))
@_account_field_options
@click.option(
    "--secret",
    "--password",
    "--token",
    "secret",
    help="App password / token / signing secret (asked for when omitted; never shown).",
)
@pass_app
def accounts_add(app: App, kind: str, secret: str | None, **given: str | None) -> None:
    """Store an account in the keys file (mode 0600).

    Without --secret the secret is asked for (hidden), unless its environment variable
    (PLANNER_BLUESKY_PASSWORD, PLANNER_MASTODON_TOKEN, PLANNER_WEBHOOK_SECRET) is set.

    Example: planner accounts add mastodon --server https://example.social
    """
    from planner.publish import credentials

    spec = TARGETS[kind]
    fields: dict[str, str] = {}
    for field in spec.fields:
        value = (given.get(field.name) or "").strip()
        if not value:
            raise click.UsageError(f"'planner accounts add {kind}' needs --{field.name}")
        if field.url:
            example = field.default or spec.example.rsplit(" ", 1)[-1]
            problem = url_problem(value)
            if problem is not None:
                what, hint = problem
                hint = f"{hint}; e.g. {example}" if hint else f"e.g. {example}"
                raise click.UsageError(f"--{field.name} {what} ({hint})")
            value = value.strip().rstrip("/")
        fields[field.name] = value
    settings = app.settings  # a broken home, config or keys file is said before the secret
    credentials.read_json_secret_file(credentials.keys_path(settings))  # is asked for
    env_name = spec.secret_env or ""
    if not secret and not os.environ.get(env_name):
        secret = click.prompt(spec.secret_prompt, hide_input=True)
    path = credentials.save_account(settings, kind, fields, secret or "")
    source = "stored" if secret else f"read from {env_name}"
    click.echo(f"{kind} account saved in {path} (secret {source})")


@accounts.command("list")
@json_option
@pass_app
def accounts_list(app: App, as_json: bool) -> None:
    """List stored accounts (secrets are never shown, only where they come from).

    Example: planner accounts list
    """
    from planner.publish import credentials

    found = credentials.accounts(app.settings)
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("no accounts (the outbox needs none)")
    for kind, fields in found.items():
        shown = ", ".join(f"{k}={v}" for k, v in fields.items())
        click.echo(f"{kind}: {shown}")


@accounts.command("remove")
@click.argument("kind", type=click.Choice(ACCOUNT_KINDS))
@pass_app
def accounts_remove(app: App, kind: str) -> None:
    """Forget an account and its secret.

    Example: planner accounts remove webhook
    """
    from planner.publish import credentials

    removed = credentials.remove_account(app.settings, kind)
    click.echo(f"{kind} account removed" if removed else f"no {kind} account")


@click.command()
@click.option("--due", is_flag=True, help="Publish every post that is due now.")
@target_option
@click.option("--dry-run", is_flag=True, help="Say what would be published; send nothing.")
@pass_app
def publish(app: App, due: bool, target: str | None, dry_run: bool) -> None:
    """Publish what is due now, exactly once, then exit.

    Example: planner publish --due --target bluesky
    """
    from planner.publish.due import publish_due

    if not due:
        raise click.UsageError("say what to publish: 'planner publish --due'")
    ctx = _context(app)
    with app.store() as store:
        outcomes = publish_due(store, ctx, app.now(), target=target, dry_run=dry_run)
    if not outcomes:
        click.echo("nothing is due")
    for outcome in outcomes:
        click.echo(outcome.line())
    if any(o.action == "failed" for o in outcomes):
        raise click.exceptions.Exit(1)


@click.command()
@target_option
@click.option("--tick", type=float, default=None, help="Seconds between checks (default 30).")
@pass_app
def run(app: App, target: str | None, tick: float | None) -> None:
    """Stay running and publish each post at its time; Ctrl-C or SIGTERM stops cleanly.

    Example: planner run --target mastodon
    """
    import logging

    from planner.publish.daemon import Daemon, run_lock
    from planner.publish.due import publish_due

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    for noisy in ("httpx", "httpcore"):  # they log full URLs, and a webhook URL may hold a token
        logging.getLogger(noisy).setLevel(logging.WARNING)
    ctx = _context(app)
    interval = tick if tick is not None else app.settings.publish.tick_seconds
    daemon: Daemon

    def job() -> None:  # each outcome is logged (timestamped) by publish_due, once
        with app.store() as store:
            publish_due(store, ctx, app.now(), target=target, should_stop=lambda: daemon.stopping)

    from planner.publish import TransientError, make_target

    def pause(seconds: float) -> None:  # a wait inside a send (an image being processed)
        if daemon.wait(seconds):
            raise TransientError("planner run is stopping; the post goes out later", unsent=True)

    ctx.sleep = pause
    make_target(target or app.settings.publish.target, ctx)  # a missing account: one line, exit 1
    daemon = Daemon(job, interval)
    with run_lock(app.settings.home):
        daemon.run(
            on_start=lambda: click.echo(
                f"planner run: checking every {daemon.tick_seconds:g} s (Ctrl-C stops)"
            )
        )
    click.echo("planner run: stopped")


def _waiting(item: st.PostState) -> bool:
    """Still to go out: planned, publishing, or failed with a retry to come."""
    if item.status == "failed":
        return item.next_attempt_at is not None
    return item.status in ("planned", "publishing")


def _describe(item: st.PostState, zone: tzinfo) -> str:
    when = f"{item.post.at.astimezone(zone):%a %d %b %H:%M}"
    if item.held_by:
        detail = f"scheduled on {item.held_by}"
    elif item.status == "published":
        detail = item.remote_url or item.remote_id or ""
    elif item.status == "failed":
        retry_at = item.next_attempt_at.astimezone(zone) if item.next_attempt_at else None
        retry = f"; retry at {retry_at:%a %H:%M}" if retry_at else ""
        detail = f"{item.error or 'failed'}{retry}"
    elif item.planned_at:
        detail = f"moved from {item.planned_at.astimezone(zone):%a %H:%M}"
    else:
        detail = ""
    return f"{when}  {item.status:<10} {item.post.id}  {item.post.category:<9} {detail}".rstrip()


@click.command()
@week_option(default=None)
@json_option
@pass_app
def status(app: App, week_spec: str | None, as_json: bool) -> None:
    """Show planned, published (with URL) and failed (with why) posts.

    Without --week: every post from last week on, and older ones still waiting to go out
    (planned, publishing, or failed with a retry to come).

    Example: planner status --week next --json
    """
    from planner.publish import state as st

    with app.store(readonly=True) as store:
        if week_spec is not None:
            items = st.states(store, str(app.week(week_spec)))
        else:
            since = str(app.week("last"))
            items = [i for i in st.states(store) if i.week >= since or _waiting(i)]
    if as_json:
        echo_json([i.to_dict() for i in items])
        return
    if not items:
        click.echo("no posts (plan a week first)")
    for item in items:
        click.echo(_describe(item, app.settings.tz))


@click.command()
@click.argument("post_id")
@pass_app
def retry(app: App, post_id: str) -> None:
    """Try a failed post again at the next check.

    Example: planner retry 3f2a9c0d1e2b4a5c
    """
    _change(app, post_id, "retry")
    click.echo(f"post {post_id} will be retried now ('planner publish --due' or 'planner run')")


@click.command()
@click.argument("post_id")
@pass_app
def skip(app: App, post_id: str) -> None:
    """Never publish a planned or failed post.

    Example: planner skip 3f2a9c0d1e2b4a5c
    """
    _change(app, post_id, "skip")
    click.echo(f"post {post_id} skipped")


def _change(app: App, post_id: str, action: Literal["retry", "skip"]) -> None:
    """Retry or skip one post in the store (``publish.state`` says which moves are allowed)."""
    from planner.publish import state as st

    with app.store() as store:
        getattr(st, action)(store, post_id, app.now())


@click.command()
@week_option(default="next")
@click.option("--target", type=click.Choice(["mastodon"]), default="mastodon", show_default=True)
@click.option("--list", "list_only", is_flag=True, help="List the statuses the server holds.")
@click.option("--cancel", "cancel_id", metavar="POST_ID", help="Cancel one pushed post ('all').")
@pass_app
def push(app: App, week_spec: str, target: str, list_only: bool, cancel_id: str | None) -> None:
    """Let the server hold a week's posts until their time (Mastodon scheduled_at).

    Every post must be at least 5 minutes ahead; at most 25 per day and 300 in all are checked
    before anything is sent.

    Example: planner push --week next --target mastodon
    """
    from planner.publish.push import cancel, list_scheduled, push_week

    ctx = _context(app)
    with app.store() as store:
        if list_only:
            for line in list_scheduled(store, ctx):
                click.echo(line)
            return
        if cancel_id:
            for line in cancel(store, ctx, cancel_id, app.now()):
                click.echo(line)
            return
        for line in push_week(store, ctx, str(app.week(week_spec)), app.now()):
            click.echo(line)


COMMANDS: tuple[click.Command, ...] = (accounts, publish, run, status, retry, skip, push)
