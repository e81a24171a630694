"""A local HTTP server on 127.0.0.1 speaking the Mastodon API subset planner uses, plus a webhook.

Documented behaviour it reproduces (docs.joinmastodon.org): ``GET /api/v2/instance``
(configuration limits); ``POST /api/v2/media`` answers 202 with ``url: null`` and
``GET /api/v1/media/:id`` answers 206 while processing, then 200 with a URL; ``POST
/api/v1/statuses`` honours ``Idempotency-Key`` (the same key returns the same status),
refuses unprocessed media and over-long text with 422, and with ``scheduled_at`` creates a
scheduled status (422 unless at least 5 minutes ahead, at most 25 a day, 300 in all);
``GET``/``DELETE /api/v1/scheduled_statuses``. ``POST /hook`` is a webhook receiver that checks
``X-Planner-Signature`` (401 when wrong) and drops repeated Idempotency-Keys.

Tests can queue failures (``fail(path_prefix, status, headers)``), make the server do a
request but lose its answer (``lose_answer(path_prefix)``: a 504 after the work is done, as
when a proxy times out), and read what was received. Scheduled statuses keep their
``params`` as Mastodon does (``text``, ``idempotency``, ...).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.servers import loopback


class MastodonState:
    """Everything the server knows; guarded by one lock."""

    def __init__(self, token: str, webhook_secret: str, clock: Callable[[], datetime]) -> None:
        self.token = token
        self.webhook_secret = webhook_secret
        self.clock = clock
        self.lock = threading.Lock()
        self.ids = itertools.count(100)
        self.media: dict[str, dict[str, Any]] = {}
        self.media_polls: dict[str, int] = {}
        self.processing_polls = 2
        self.statuses: list[dict[str, Any]] = []
        self.scheduled: dict[str, dict[str, Any]] = {}
        self.idempotency: dict[str, dict[str, Any]] = {}
        self.deliveries: list[dict[str, Any]] = []
        self.hook_keys: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.failures: list[tuple[str, int, dict[str, str]]] = []
        self.lost_answers: list[str] = []
        self.max_characters = 500

    def fail(self, path_prefix: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next request under ``path_prefix`` with ``status`` (and headers)."""
        self.failures.append((path_prefix, status, headers or {}))

    def lose_answer(self, path_prefix: str) -> None:
        """Do the next request under ``path_prefix``, then answer 504 instead of the result."""
        self.lost_answers.append(path_prefix)


class Handler(BaseHTTPRequestHandler):
    server: MastodonServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def log_message(self, *args: Any) -> None:
        pass

    # plumbing

    lose = False

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        if self.lose:
            self.lose = False
            status, body, headers = 504, {"error": "injected: the answer was lost"}, {}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _authorized(self) -> bool:
        return self.headers.get("Authorization") == f"Bearer {self.server.state.token}"

    def _dispatch(self, method: str) -> None:
        state = self.server.state
        path = urlsplit(self.path).path
        body = self._body()
        with state.lock:
            state.requests.append((method, path, dict(self.headers.items())))
            for i, prefix in enumerate(state.lost_answers):
                if path.startswith(prefix):
                    del state.lost_answers[i]
                    self.lose = True
                    break
            for i, (prefix, status, headers) in enumerate(state.failures):
                if path.startswith(prefix):
                    del state.failures[i]
                    self._send(status, {"error": f"injected {status}"}, headers)
                    return
        if path == "/hook" and method == "POST":
            self._hook(body)
            return
        if not self._authorized():
            self._send(401, {"error": "The access token is invalid"})
            return
        route = getattr(self, f"_{method.lower()}_" + path.strip("/").split("/")[2], None)
        if route is None:
            self._send(404, {"error": "Record not found"})
            return
        route(path, body)

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    # routes

    def _get_instance(self, path: str, body: bytes) -> None:
        state = self.server.state
        self._send(
            200,
            {
                "domain": "127.0.0.1",
                "configuration": {
                    "statuses": {
                        "max_characters": state.max_characters,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": {"image_size_limit": 16777216},
                },
            },
        )

    def _post_media(self, path: str, body: bytes) -> None:
        state = self.server.state
        header = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(header + body)
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = part.get_payload(decode=True)
        if not fields.get("file"):
            self._send(422, {"error": "Validation failed: File can't be blank"})
            return
        with state.lock:
            media_id = str(next(state.ids))
            state.media[media_id] = {
                "id": media_id,
                "type": "image",
                "url": None,
                "description": (fields.get("description") or b"").decode(),
                "size": len(fields["file"]),
            }
            state.media_polls[media_id] = 0
            self._send(202, state.media[media_id])

    def _get_media(self, path: str, body: bytes) -> None:
        state = self.server.state
        media_id = path.rsplit("/", 1)[-1]
        with state.lock:
            media = state.media.get(media_id)
            if media is None:
                self._send(404, {"error": "Record not found"})
                return
            state.media_polls[media_id] += 1
            if state.media_polls[media_id] <= state.processing_polls:
                self._send(206, media)
                return
            media["url"] = f"http://127.0.0.1/media/{media_id}.jpg"
            self._send(200, media)

    def _post_statuses(self, path: str, body: bytes) -> None:
        state = self.server.state
        if self.headers.get("Content-Type", "").startswith("application/json"):
            form = json.loads(body or b"{}")
        else:
            form = {k.removesuffix("[]"): v for k, v in parse_qs(body.decode()).items()}
            form = {k: v if k == "media_ids" else v[0] for k, v in form.items()}
        key = self.headers.get("Idempotency-Key")
        with state.lock:
            if key and key in state.idempotency:
                self._send(200, state.idempotency[key])
                return
            text = form.get("status", "")
            if len(text) > state.max_characters:
                self._send(422, {"error": "Validation failed: Text character limit exceeded"})
                return
            media_ids = [str(m) for m in form.get("media_ids") or []]
            for media_id in media_ids:
                if state.media.get(media_id, {}).get("url") is None:
                    self._send(
                        422, {"error": "Cannot attach files that have not finished processing"}
                    )
                    return
            now = state.clock()
            if form.get("scheduled_at"):
                when = datetime.fromisoformat(form["scheduled_at"].replace("Z", "+00:00"))
                if when - now < timedelta(minutes=5):
                    self._send(
                        422,
                        {
                            "error": "Validation failed: Scheduled at must be at least "
                            "5 minutes in the future"
                        },
                    )
                    return
                same_day = [
                    s
                    for s in state.scheduled.values()
                    if s["scheduled_at"][:10] == when.astimezone(UTC).date().isoformat()
                ]
                if len(same_day) >= 25 or len(state.scheduled) >= 300:
                    self._send(422, {"error": "Validation failed: Daily limit exceeded"})
                    return
                item = {
                    "id": str(next(state.ids)),
                    "scheduled_at": when.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                    "params": {
                        **{k: v for k, v in form.items() if k != "status"},
                        "text": text,
                        "idempotency": key,
                        "media_ids": media_ids,
                    },
                    "media_attachments": [state.media[m] for m in media_ids],
                }
                state.scheduled[item["id"]] = item
            else:
                status_id = str(next(state.ids))
                item = {
                    "id": status_id,
                    "url": f"http://127.0.0.1/@me/{status_id}",
                    "content": f"<p>{text}</p>",
                    "text": text,
                    "visibility": form.get("visibility"),
                    "language": form.get("language"),
                    "media_attachments": [state.media[m] for m in media_ids],
                    "created_at": now.isoformat(),
                }
                state.statuses.append(item)
            if key:
                state.idempotency[key] = item
            self._send(200, item)

    def _get_scheduled_statuses(self, path: str, body: bytes) -> None:
        with self.server.state.lock:
            self._send(200, list(self.server.state.scheduled.values()))

    def _delete_scheduled_statuses(self, path: str, body: bytes) -> None:
        with self.server.state.lock:
            found = self.server.state.scheduled.pop(path.rsplit("/", 1)[-1], None)
        self._send(200 if found else 404, {} if found else {"error": "Record not found"})

    def _hook(self, body: bytes) -> None:
        state = self.server.state
        expected = (
            "sha256=" + hmac.new(state.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
        )
        given = self.headers.get("X-Planner-Signature", "")
        if not hmac.compare_digest(expected, given):
            self._send(401, {"error": "bad signature"})
            return
        key = self.headers.get("Idempotency-Key", "")
        with state.lock:
            if key in state.hook_keys:
                self._send(200, state.hook_keys[key])
                return
            document = json.loads(body)
            state.deliveries.append(document)
            answer = {"id": f"hook-{len(state.deliveries)}", "url": None}
            state.hook_keys[key] = answer
            self._send(200, answer)


class MastodonServer(ThreadingHTTPServer):
    """The server; ``url`` is its base URL, ``state`` what it holds. Use as a context manager."""

    daemon_threads = True

    def __init__(self, state: MastodonState) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> MastodonServer:
        loopback.start(self)
        return self

    def __exit__(self, *exc: object) -> None:
        loopback.stop(self)
