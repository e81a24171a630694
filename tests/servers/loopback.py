"""Test HTTP servers on 127.0.0.1: served from a thread, shut down at once.

``socketserver``'s ``serve_forever`` notices a shutdown only between polls, every 0.5 s by
default, so each test that stopped a server spent half a second in teardown. Here it polls
every ``POLL_SECONDS``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import BaseServer
from typing import TypeVar

POLL_SECONDS = 0.01

Server = TypeVar("Server", bound=BaseServer)


def start(server: BaseServer) -> threading.Thread:
    """Serve ``server`` from a daemon thread (stop it with ``stop``)."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    return thread


def stop(server: BaseServer) -> None:
    """Shut ``server`` down (within POLL_SECONDS) and close its socket."""
    server.shutdown()
    server.server_close()


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    """``server``, served from a thread for the duration of the block."""
    start(server)
    try:
        yield server
    finally:
        stop(server)
