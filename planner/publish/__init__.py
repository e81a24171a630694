"""Publishing targets: one small interface, a registry, and the errors retries depend on.

A target turns one Post into one remote post and says where it is (``Published``). Every
target is idempotent per post id: publishing the same post twice (after a crash between
"sent" and "recorded") returns the same remote post instead of adding one. How each one does
it: outbox (a directory named by the post id, created by one atomic rename), Bluesky
(``putRecord`` under a record key derived from the post id), Mastodon (``Idempotency-Key``
derived from the post id, remembered by the server for one hour), webhook
(``Idempotency-Key`` header; the receiver deduplicates).

Errors::

    PublishError (planner.errors)   refused: fails at once, with the server's message
     +-- TransientError             timeout, 429 or 5xx: retried later, not before retry_after

Edges: ``check`` raises before anything is sent (text too long, image without alt text);
``make_target`` raises ConfigError when the account is missing, naming the command to add it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from planner.errors import ConfigError, PublishError
from planner.models import Post

if TYPE_CHECKING:
    import httpx

    from planner.config import Settings

from planner.choices import TARGET_NAMES  # noqa: E402

USER_AGENT = "planner (+https://github.com/planner-cli/planner)"


class TransientError(PublishError):
    """A failure worth retrying later; ``retry_after`` is the server's wait, in seconds.

    ``unsent``: the post certainly was not created (no connection, a 429, an image still
    processing), so the attempt does not count as a send whose outcome is unknown.
    """

    def __init__(
        self, message: str, retry_after: float | None = None, *, unsent: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.unsent = unsent


@dataclass(frozen=True)
class Published:
    """Where a post went: the remote id (URI, status id, directory) and a URL if there is one."""

    remote_id: str
    url: str | None = None


class Target(Protocol):
    """What every publishing target does.

    ``dedupe_window``: how long the remote side recognises a repeated write of the same post
    (None: forever, e.g. a Bluesky record key). A send whose outcome was never recorded is not
    repeated after this window: the post is parked as failed for the user to check.
    """

    name: str
    dedupe_window: timedelta | None

    def check(self, post: Post) -> None:
        """Raise PublishError if the post cannot be published here, before sending anything."""

    def publish(self, post: Post) -> Published:
        """Publish the post (idempotent per post id) and say where it is."""


@dataclass
class Context:
    """What targets need from outside: settings, the one HTTP client, a clock and a sleep."""

    settings: Settings
    clock: Callable[[], datetime]
    client: httpx.Client | None = None
    sleep: Callable[[float], None] | None = None

    def http(self) -> httpx.Client:
        """The shared client, created on first use (with timeouts and a user agent)."""
        if self.client is None:
            self.client = make_client()
        return self.client

    def pause(self, seconds: float) -> None:
        if self.sleep is not None:
            self.sleep(seconds)
        else:
            import time

            time.sleep(seconds)


def make_client(**kwargs: Any) -> httpx.Client:
    """The one httpx.Client planner uses: 30 s timeouts, no redirects to other hosts by surprise."""
    import httpx

    kwargs.setdefault("timeout", httpx.Timeout(30.0, connect=10.0))
    kwargs.setdefault("headers", {"User-Agent": USER_AGENT})
    return httpx.Client(**kwargs)


_TARGET_CLASSES = {
    "outbox": ("planner.publish.outbox", "Outbox"),
    "bluesky": ("planner.publish.bluesky", "Bluesky"),
    "mastodon": ("planner.publish.mastodon", "Mastodon"),
    "webhook": ("planner.publish.webhook", "Webhook"),
}


def dedupe_window(name: str | None) -> timedelta | None:
    """How long the target called ``name`` recognises a repeated write (None: always)."""
    if name not in _TARGET_CLASSES:
        return None
    import importlib

    module, cls = _TARGET_CLASSES[name]
    window: timedelta | None = getattr(importlib.import_module(module), cls).dedupe_window
    return window


def make_target(name: str, ctx: Context) -> Target:
    """The target called ``name``, configured from settings and the keys file.

    Raises ConfigError for an unknown name or a missing account.
    """
    from planner.publish import credentials

    if name == "outbox":
        from planner.publish.outbox import Outbox

        return Outbox(credentials.outbox_dir(ctx.settings), ctx.settings.tz)
    if name == "bluesky":
        from planner.publish.bluesky import Bluesky

        account = credentials.account(ctx.settings, "bluesky")
        return Bluesky(
            ctx.http(),
            service=account["service"],
            handle=account["handle"],
            password=account["secret"],
            sessions=credentials.SessionFile(ctx.settings.home),
            language=ctx.settings.publish.language,
            clock=ctx.clock,
        )
    if name == "mastodon":
        from planner.publish.mastodon import Mastodon

        account = credentials.account(ctx.settings, "mastodon")
        return Mastodon(
            ctx.http(),
            server=account["server"],
            token=account["secret"],
            language=ctx.settings.publish.language,
            visibility=ctx.settings.publish.visibility,
            sleep=ctx.pause,
        )
    if name == "webhook":
        from planner.publish.webhook import Webhook

        account = credentials.account(ctx.settings, "webhook")
        return Webhook(ctx.http(), url=account["url"], secret=account["secret"])
    raise ConfigError(f"unknown target {name!r} (use one of: {', '.join(TARGET_NAMES)})")
