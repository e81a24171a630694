"""Mastodon's scheduled-statuses list from a server on 127.0.0.1 that answers oddly."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from planner.cli import cli
from tests.servers import loopback


def _serve(answer: Callable[[str], tuple[object, dict[str, str]]], seen: list[tuple[str, str]]):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append((self.path, self.headers.get("Authorization", "")))
            data, headers = answer(self.path)
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    loopback.start(server)
    return server


@pytest.fixture
def servers() -> Iterator[list[HTTPServer]]:
    started: list[HTTPServer] = []
    yield started
    for server in started:
        loopback.stop(server)


def _account(home, port: int) -> None:
    home.mkdir(parents=True, exist_ok=True)
    keys = {"mastodon": {"server": f"http://127.0.0.1:{port}", "secret": "t0ken"}}
    (home / "keys.json").write_text(json.dumps(keys))


def test_a_scheduled_list_that_is_not_a_list_is_one_line_not_a_traceback(
    app, planner_home, servers
):
    seen: list[tuple[str, str]] = []
    servers.append(_serve(lambda path: ({"error": "nope"}, {}), seen))
    _account(planner_home, servers[0].server_port)
    result = CliRunner().invoke(cli, ["push", "--list"], obj=app)
    assert result.exit_code == 1 and not isinstance(result.exception, TypeError)
    assert "not a JSON list" in result.output, result.output


def test_a_next_link_to_another_host_does_not_get_the_token(app, planner_home, servers):
    """The next-page Link was cut with removeprefix(server), so '<server>@other/...' (or
    '<server>.other.example/...') sent the Bearer token to another host."""
    other_seen: list[tuple[str, str]] = []
    servers.append(_serve(lambda path: ([], {}), other_seen))
    other = servers[0].server_port
    seen: list[tuple[str, str]] = []

    def first(path: str) -> tuple[object, dict[str, str]]:
        me = servers[1].server_port
        link = f'<http://127.0.0.1:{me}@127.0.0.1:{other}/steal>; rel="next"'
        return ([{"id": "1", "scheduled_at": "2026-11-28T18:00:00Z", "params": {}}], {"Link": link})

    servers.append(_serve(first, seen))
    _account(planner_home, servers[1].server_port)
    result = CliRunner().invoke(cli, ["push", "--list"], obj=app)
    assert result.exit_code == 0, result.output
    assert other_seen == []
