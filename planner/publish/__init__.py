"""Publishing targets: the interface they share, their context, and the errors retries need.

The registry that says which targets exist and how each is built is ``planner.publish.targets``.

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

A ``Context`` carries what targets need from outside: settings, the one httpx.Client, the
clock and the sleep they wait with (both injectable: tests pass their own, so polling an image
still being processed does not sleep for real).

Edges: ``check`` raises before anything is sent (text too long, image without alt text);
``make_target`` raises ConfigError when the account is missing, naming the command to add it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from planner.errors import PublishError
from planner.models import Post

if TYPE_CHECKING:
    import httpx

    from planner.config import Settings

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

    How long the remote side recognises a repeated write of the same post is its spec's
    ``dedupe_window`` (planner.publish.targets): a send whose outcome was never recorded is not
    repeated after it; the post is parked as failed for the user to check.
    """

    name: str

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


def dedupe_window(name: str | None) -> timedelta | None:
    """How long the target called ``name`` recognises a repeated write (None: always)."""
    from planner.publish.targets import TARGETS

    spec = TARGETS.get(name or "")
    return spec.dedupe_window if spec else None


def make_target(name: str, ctx: Context) -> Target:
    """The target called ``name``, built by its ``TargetSpec`` from settings and the keys file.

    Raises ConfigError for an unknown name or a missing account.
    """
    from planner.publish import credentials
    from planner.publish.targets import target_spec

    spec = target_spec(name)
    account = credentials.account(ctx.settings, name) if spec.needs_account else {}
    return spec.build(ctx, account)
