"""The webhook target against a receiver on 127.0.0.1 that answers with odd JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from planner.cli import cli
from tests.conftest import FIXED_NOW
from tests.publish_support import make_posts, save_posts
from tests.servers import loopback


class _Receiver(BaseHTTPRequestHandler):
    answer: bytes = b"{}"
    hits: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[HTTPServer, type[_Receiver]]]:
    handler = type("Handler", (_Receiver,), {"hits": []})
    with loopback.serving(HTTPServer(("127.0.0.1", 0), handler)) as server:
        yield server, handler


@pytest.mark.parametrize("url", [{"a": 1}, ["x"], 7, None])
def test_a_receiver_url_that_is_not_a_string_is_ignored_and_the_post_is_sent_once(
    app, planner_home, receiver, url
):
    """A receiver answering {"url": {...}} crashed `publish --due` with a traceback after the
    POST succeeded (sqlite cannot bind a dict), so every later run posted the same post again."""
    server, handler = receiver
    handler.answer = json.dumps({"id": "r1", "url": url}).encode()
    planner_home.mkdir(parents=True, exist_ok=True)
    keys = {"webhook": {"url": f"http://127.0.0.1:{server.server_port}/hook", "secret": "s"}}
    (planner_home / "keys.json").write_text(json.dumps(keys))
    posts = make_posts(FIXED_NOW - timedelta(minutes=1), 1, timedelta(0))
    save_posts(planner_home / "planner.db", posts, FIXED_NOW)
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["publish", "--due", "--target", "webhook"], obj=app)
        assert result.exception is None, result.output
        assert result.exit_code == 0, result.output
    assert handler.hits == ["/hook"]
