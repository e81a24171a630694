"""HTTP calls for the targets: one request, and its failure as the right error.

Edges: timeouts and connection errors are TransientError; 429, 408, 425 and 5xx are
TransientError carrying the server's Retry-After / rate-limit reset (``unsent`` when nothing
can have been created: no connection, or 408/425/429); any other 4xx is a
PublishError with the server's own message (``error``/``message`` JSON fields, else the
start of the body); a success that is not a JSON object (a wrong address serving a web page)
is a PublishError (``json_body``). Messages name the host, never the full URL (a webhook
URL may hold a token) and never a header.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from planner.errors import PublishError
from planner.publish import TransientError
from planner.publish.retry import is_retryable_status, server_delay

if TYPE_CHECKING:
    import httpx


#: Statuses that say the server did not act on the request (RFC 9110, RFC 6585, RFC 8470).
NOT_PROCESSED = frozenset({408, 425, 429})


def send(client: httpx.Client, method: str, url: str, target: str, **kwargs: Any) -> httpx.Response:
    """Send one request; network failures become TransientError."""
    import httpx

    host = urlsplit(url).netloc or url
    try:
        return client.request(method, url, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # nothing reached the server
        message = f"{target}: cannot reach {host}: {type(exc).__name__}"
        raise TransientError(message, unsent=True) from None
    except httpx.TimeoutException:
        raise TransientError(f"{target}: {host} did not answer in time") from None
    except httpx.TransportError as exc:
        raise TransientError(f"{target}: cannot reach {host}: {type(exc).__name__}") from None


def server_message(response: httpx.Response) -> str:
    """The server's own explanation of a failed response, in one line."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        parts = [str(data[k]) for k in ("error", "message", "error_description") if data.get(k)]
        if parts:
            return ": ".join(dict.fromkeys(parts))
    text = " ".join(response.text.split())
    return text[:200] or response.reason_phrase


def check_response(response: httpx.Response, target: str, what: str) -> None:
    """Raise the right error for a failed response; do nothing for 2xx."""
    if response.is_success:
        return
    status = response.status_code
    message = server_message(response)
    if is_retryable_status(status):
        wait = server_delay(response.headers, datetime.now(UTC))
        raise TransientError(
            f"{target}: {what}: HTTP {status}: {message}",
            retry_after=wait,
            unsent=status in NOT_PROCESSED,
        )
    raise PublishError(f"{target} refused {what}: HTTP {status}: {message}")


def text_field(data: dict[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` whose value in a server's JSON is a non-empty string, else None
    (a server's ``url`` may be anything: a number, an object, a list)."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def json_body(response: httpx.Response, target: str, what: str) -> dict[str, Any]:
    """The JSON object of a successful response; PublishError when there is none (the address
    is not the server it should be: a web page, a proxy's login page)."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        host = response.request.url.host if response.request else "the server"
        raise PublishError(
            f"{target}: {host} answered {what} with HTTP {response.status_code} but not the"
            " expected JSON: check the account's address ('planner accounts list')"
        )
    return data
