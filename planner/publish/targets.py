"""The one registry of publishing targets: what each needs, how it is built, how it dedupes.

A ``TargetSpec`` says everything the rest of planner needs to know about a target: the
account fields ``planner accounts add`` asks for, the environment variable that can hold its
secret, the prompt for that secret, how long the remote side recognises a repeated write
(``dedupe_window``) and the factory that builds it from a ``Context`` and the stored account.
The CLI, ``credentials`` and ``publish`` all read ``TARGETS``; adding a target is one entry
here and one module with its class.

Edges: ``outbox`` needs no account (no fields, no secret); a field marked ``url`` must be an
https URL (plain http only to this machine: loopback) that can be used as it is
(``url_problem``), checked when the account is added and again before it is used;
``dedupe_window`` None means the target recognises a repeat forever (a Bluesky record key,
an outbox folder named by the post id).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.publish import Context, Target


@dataclass(frozen=True)
class AccountField:
    """One field of an account, and the ``accounts add`` option that sets it."""

    name: str
    help: str
    default: str | None = None
    url: bool = False  # an address: must be http(s), stored without a trailing slash


@dataclass(frozen=True)
class TargetSpec:
    """A publishing target: its account, its secret, its dedupe window and its factory."""

    name: str
    build: Callable[[Context, dict[str, str]], Target]
    fields: tuple[AccountField, ...] = ()
    secret_env: str | None = None
    secret_prompt: str = ""
    dedupe_window: timedelta | None = None
    example: str = ""  # the `accounts add` line shown when the account is missing

    @property
    def needs_account(self) -> bool:
        return bool(self.fields)

    @property
    def address(self) -> AccountField | None:
        """The field that says where posts go (a URL), if there is one."""
        return next((f for f in self.fields if f.url), None)


def _outbox(ctx: Context, account: dict[str, str]) -> Target:
    from planner.publish.credentials import outbox_dir
    from planner.publish.outbox import Outbox

    return Outbox(outbox_dir(ctx.settings), ctx.settings.tz)


def _bluesky(ctx: Context, account: dict[str, str]) -> Target:
    from planner.publish.bluesky import Bluesky
    from planner.publish.credentials import SessionFile

    return Bluesky(
        ctx.http(),
        service=account["service"],
        handle=account["handle"],
        password=account["secret"],
        sessions=SessionFile(ctx.settings.home),
        language=ctx.settings.post_language,
        clock=ctx.clock,
    )


def _mastodon(ctx: Context, account: dict[str, str]) -> Target:
    from planner.publish.mastodon import Mastodon

    return Mastodon(
        ctx.http(),
        server=account["server"],
        token=account["secret"],
        language=ctx.settings.post_language,
        visibility=ctx.settings.publish.visibility,
        sleep=ctx.pause,
    )


def _webhook(ctx: Context, account: dict[str, str]) -> Target:
    from planner.publish.webhook import Webhook

    return Webhook(ctx.http(), url=account["url"], secret=account["secret"])


TARGETS: dict[str, TargetSpec] = {
    spec.name: spec
    for spec in (
        TargetSpec("outbox", _outbox),
        TargetSpec(
            "bluesky",
            _bluesky,
            fields=(
                AccountField("handle", "Bluesky handle, e.g. me.bsky.social."),
                AccountField("service", "Bluesky PDS.", default="https://bsky.social", url=True),
            ),
            secret_env="PLANNER_BLUESKY_PASSWORD",
            secret_prompt="Bluesky app password",
            example="planner accounts add bluesky --handle me.bsky.social",
        ),
        TargetSpec(
            "mastodon",
            _mastodon,
            fields=(
                AccountField(
                    "server", "Mastodon server URL, e.g. https://example.social.", url=True
                ),
            ),
            secret_env="PLANNER_MASTODON_TOKEN",
            secret_prompt="Mastodon access token",
            dedupe_window=timedelta(minutes=55),  # Idempotency-Key is kept one hour
            example="planner accounts add mastodon --server https://example.social",
        ),
        TargetSpec(
            "webhook",
            _webhook,
            fields=(AccountField("url", "Webhook URL to POST posts to.", url=True),),
            secret_env="PLANNER_WEBHOOK_SECRET",
            secret_prompt="Webhook signing secret",
            example="planner accounts add webhook --url https://example.org/hook",
        ),
    )
}

#: Targets that need an account (``planner accounts add KIND``).
ACCOUNT_KINDS: tuple[str, ...] = tuple(n for n, s in TARGETS.items() if s.needs_account)


def _plain_http_elsewhere(url: str) -> bool:
    """True for a plain http:// URL to a host other than this machine: a secret or a post
    sent there could be read on the way. Loopback (localhost, 127.0.0.0/8, ::1) may be http."""
    import ipaddress
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "http":
        return False
    host = (parts.hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


#: A server name as it goes to the resolver: letters, digits, "-", "_" and dots (IDNA-encoded).
_HOST_NAME = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")


def url_problem(url: str) -> tuple[str, str] | None:
    """What keeps ``url`` from being an account's address, as (what is wrong, a hint or ""),
    or None when it can be one.

    Edges: http(s) in any case; the URL must parse as httpx parses it, with a server name
    (an IP address, or a name whose labels IDNA can encode: none empty or over 63
    characters, no spaces) and a port in 1-65535 if one is given; plain http only to this
    machine (``_plain_http_elsewhere``). Nothing is resolved or sent.
    """
    import httpx

    text = url.strip()
    if not text.lower().startswith(("https://", "http://")):
        return "must start with https://", ""
    try:
        parsed = httpx.URL(text)
        port = parsed.port
    except (httpx.InvalidURL, ValueError) as exc:
        return f"is not a valid URL ({exc})", ""
    if _plain_http_elsewhere(text):
        return "must start with https://", LOOPBACK_ONLY
    host = parsed.host
    if not host:
        return "has no server name", ""
    if port is not None and not 0 < port < 65536:
        return f"is not a valid URL (port {port})", ""
    if ":" not in host:  # an IPv6 address was checked by httpx
        try:
            encoded = host.encode("idna").decode("ascii")
        except UnicodeError:
            encoded = ""
        if not _HOST_NAME.fullmatch(encoded):
            return f"is not a valid URL (server name {host!r})", ""
    return None


LOOPBACK_ONLY = "plain http is allowed only to this machine, e.g. http://127.0.0.1:3000"


def target_spec(name: str) -> TargetSpec:
    """The spec called ``name``; ConfigError naming the known targets otherwise."""
    spec = TARGETS.get(name)
    if spec is None:
        from planner.errors import ConfigError

        raise ConfigError(f"unknown target {name!r} (use one of: {', '.join(TARGETS)})")
    return spec
