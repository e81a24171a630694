"""Shared helpers for the publish tests: posts in a store, card images, the real PDS fixture.

The ``pds`` fixture starts tests/servers/pds.js (a real Bluesky PDS + PLC directory) on
127.0.0.1 once per session. Without node_modules it skips with a clear message on a developer
machine, and FAILS when CI=true (a broken setup must not pass as skipped).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from planner.models import Post, post_id_for
from planner.store import Store

SERVERS = Path(__file__).parent / "servers"


def make_posts(
    start: datetime, count: int, gap: timedelta, image: Path | None = None, prefix: str = "a"
) -> list[Post]:
    """``count`` planned posts from ``start``, ``gap`` apart, with the same card if given."""
    categories = ("fitness", "trip", "outing", "hobby", "learning", "food")
    posts = []
    for i in range(count):
        activity = f"{prefix}{i}"
        posts.append(
            Post(
                id=post_id_for(activity),
                activity_id=activity,
                at=start + i * gap,
                category=categories[i % len(categories)],
                caption=f"Post {i}: a calm morning run by the river. Details: https://example.org/r/{i}",
                hashtags=("running", "#outdoors"),
                image=str(image) if image else None,
                alt_text=f"A card reading 'Post {i}' over a river photo" if image else None,
            )
        )
    return posts


def save_posts(db_path: Path, posts: list[Post], now: datetime, week: str = "2026-W48") -> None:
    with Store(db_path) as store:
        store.save_plan(week, posts, now)


def card(path: Path, size: tuple[int, int] = (1080, 1350), noise: bool = False) -> Path:
    """A PNG card; with ``noise`` it is about 3 MB (incompressible)."""
    from PIL import Image

    if noise:
        rng = random.Random(7)
        data = bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
        image = Image.frombytes("RGB", size, data)
    else:
        image = Image.new("RGB", size, (40, 90, 140))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return path


@dataclass
class Pds:
    """A running PDS: its URL, the JWT secret (to forge an expired token) and a client."""

    url: str
    jwt_secret: str
    client: httpx.Client

    def create_account(self, handle: str) -> dict[str, str]:
        """A new account and an app password for it."""
        password = "pw-" + handle
        created = self.client.post(
            f"{self.url}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.test", "password": password},
        )
        created.raise_for_status()
        session = created.json()
        app = self.client.post(
            f"{self.url}/xrpc/com.atproto.server.createAppPassword",
            headers={"Authorization": f"Bearer {session['accessJwt']}"},
            json={"name": "planner"},
        )
        app.raise_for_status()
        return {"did": session["did"], "handle": handle, "app_password": app.json()["password"]}

    def records(self, did: str) -> list[dict]:
        response = self.client.get(
            f"{self.url}/xrpc/com.atproto.repo.listRecords",
            params={"repo": did, "collection": "app.bsky.feed.post", "limit": 100},
        )
        response.raise_for_status()
        return response.json()["records"]

    def blob(self, did: str, cid: str) -> bytes:
        response = self.client.get(
            f"{self.url}/xrpc/com.atproto.sync.getBlob", params={"did": did, "cid": cid}
        )
        response.raise_for_status()
        return response.content


def _unavailable(reason: str) -> None:
    message = f"real Bluesky PDS unavailable: {reason} (run 'bash tests/servers/setup.sh')"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pds]:
    """A real PDS on 127.0.0.1 for the whole session."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not installed")
    modules = Path(os.environ.get("PLANNER_TEST_SERVERS_DIR", SERVERS)) / "node_modules"
    if not (modules / "@atproto" / "pds").is_dir():
        _unavailable(f"{modules} has no @atproto/pds")
    data = tmp_path_factory.mktemp("pds")
    env = {
        **os.environ,
        "NODE_PATH": str(modules),
        "PDS_PORT": str(_free_port()),
        "PDS_DATA_DIRECTORY": str(data),
    }
    started = time.monotonic()
    process = subprocess.Popen(
        [str(node), str(SERVERS / "pds.js")],
        cwd=modules.parent,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=open(data / "pds.log", "wb"),  # noqa: SIM115 - closed with the process
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=10)
        _unavailable(f"pds.js exited: {(data / 'pds.log').read_text()[-800:]}")
    info = json.loads(line)
    client = httpx.Client(timeout=30)
    try:
        for _ in range(100):
            try:
                if client.get(f"{info['pds']}/xrpc/_health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            _unavailable("the PDS did not answer /xrpc/_health")
        print(f"PDS ready in {time.monotonic() - started:.1f} s")
        yield Pds(url=info["pds"], jwt_secret=info["jwtSecret"], client=client)
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
