"""Bluesky publishing against a real PDS on 127.0.0.1 (see publish_support.pds)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from PIL import Image

from planner.cli import cli
from planner.cli.common import App
from planner.errors import PublishError
from planner.models import Post
from planner.publish import Context, make_target
from planner.publish.bluesky import MAX_BLOB_BYTES, facets_for, record_key
from planner.publish.credentials import SessionFile
from tests.publish_support import Pds, card, make_posts, save_posts
from tests.publish_support import pds as pds  # noqa: F401  (the fixture)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
_handles = itertools.count(1)


def _account(pds: Pds, home: Path) -> dict[str, str]:
    account = pds.create_account(f"user{next(_handles)}.test")
    result = CliRunner().invoke(
        cli,
        [
            "accounts",
            "add",
            "bluesky",
            "--handle",
            account["handle"],
            "--service",
            pds.url,
            "--password",
            account["app_password"],
        ],
        obj=App(clock=lambda: NOW, home=home),
    )
    assert result.exit_code == 0, result.output
    assert account["app_password"] not in result.output
    return account


def _publish(home: Path, now: datetime = NOW) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["publish", "--due", "--target", "bluesky"],
        obj=App(clock=lambda: now, home=home),
    )
    return result.exit_code, result.output


def test_a_week_lands_on_the_pds_and_reads_back_with_images_and_alt(pds, planner_home, tmp_path):
    account = _account(pds, planner_home)
    image = card(tmp_path / "card.png")
    posts = make_posts(NOW - timedelta(minutes=9), 3, timedelta(minutes=3), image=image)
    save_posts(planner_home / "planner.db", posts, NOW)

    code, output = _publish(planner_home)
    assert code == 0, output
    assert output.count("published") == 3

    records = pds.records(account["did"])
    assert len(records) == 3
    by_key = {r["uri"].rsplit("/", 1)[-1]: r["value"] for r in records}
    for post in posts:
        value = by_key[record_key(post.id)]
        assert value["text"].startswith(post.caption)
        assert "#running #outdoors" in value["text"]
        assert value["langs"] == ["en"]
        (embedded,) = value["embed"]["images"]
        assert embedded["alt"] == post.alt_text
        assert embedded["aspectRatio"] == {"width": 1080, "height": 1350}
        blob = pds.blob(account["did"], embedded["image"]["ref"]["$link"])
        assert blob == image.read_bytes()
        features = [f["features"][0] for f in value["facets"]]
        assert {"$type": "app.bsky.richtext.facet#tag", "tag": "running"} in features
        assert any(f.get("uri", "").startswith("https://example.org/r/") for f in features)
        # every facet's byte span covers exactly its text
        raw = value["text"].encode()
        for facet in value["facets"]:
            span = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode()
            feature = facet["features"][0]
            assert span == feature.get("uri") or span == "#" + feature.get("tag", "")

    status = CliRunner().invoke(
        cli,
        ["status", "--week", "2026-W48", "--json"],
        obj=App(clock=lambda: NOW, home=planner_home),
    )
    rows = json.loads(status.output)
    assert {r["status"] for r in rows} == {"published"}
    assert all(r["url"].startswith("https://bsky.app/profile/") for r in rows)

    # a second run adds nothing
    code, output = _publish(planner_home, NOW + timedelta(minutes=1))
    assert code == 0 and "nothing is due" in output
    assert len(pds.records(account["did"])) == 3


def test_a_resent_post_rewrites_the_same_record(pds, planner_home):
    """The crash case: sent, not recorded, sent again -> still one record."""
    account = _account(pds, planner_home)
    post = make_posts(NOW, 1, timedelta(0), prefix="resend")[0]
    ctx = Context(settings=App(home=planner_home).settings, clock=lambda: NOW)
    target = make_target("bluesky", ctx)
    first = target.publish(post)
    second = target.publish(post)
    assert first == second
    assert len(pds.records(account["did"])) == 1


def test_a_3mb_card_is_reencoded_under_the_blob_limit(pds, planner_home, tmp_path):
    account = _account(pds, planner_home)
    big = card(tmp_path / "big.png", size=(1100, 1000), noise=True)
    assert big.stat().st_size > 3_000_000
    post = make_posts(NOW, 1, timedelta(0), image=big, prefix="big")[0]
    ctx = Context(settings=App(home=planner_home).settings, clock=lambda: NOW)
    make_target("bluesky", ctx).publish(post)
    (record,) = pds.records(account["did"])
    (embedded,) = record["value"]["embed"]["images"]
    blob = pds.blob(account["did"], embedded["image"]["ref"]["$link"])
    assert len(blob) <= MAX_BLOB_BYTES
    assert embedded["image"]["mimeType"] == "image/jpeg"
    with Image.open(io.BytesIO(blob)) as decoded:
        assert decoded.format == "JPEG"
        ratio = embedded["aspectRatio"]
        assert decoded.size == (ratio["width"], ratio["height"])
        assert abs(decoded.width / decoded.height - 1.1) < 0.01


def _offline_target(home: Path) -> tuple[Any, list[httpx.Request]]:
    """A Bluesky target whose every request is recorded and refused: for checks that must
    fail before anything is sent."""
    from planner.publish.bluesky import Bluesky

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    target = Bluesky(
        httpx.Client(transport=httpx.MockTransport(handler)),
        service="http://127.0.0.1:9",
        handle="me.test",
        password="secret",
        sessions=SessionFile(home),
        language="en",
        clock=lambda: NOW,
    )
    return target, sent


def test_301_graphemes_are_refused_before_anything_is_sent(planner_home):
    target, sent = _offline_target(planner_home)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, 8 code points
    exactly = Post(id="p1", activity_id="a1", at=NOW, category="other", caption="a" * 299 + family)
    target.check(exactly)  # 300 graphemes (and 306 code points) is fine
    too_long = Post(id="p2", activity_id="a2", at=NOW, category="other", caption="é" * 301)
    with pytest.raises(PublishError, match="301 characters .graphemes., over the limit of 300"):
        target.publish(too_long)
    assert sent == []


def _expire(token: str, secret: str) -> str:
    """The same access token, re-signed by the PDS's own key with an expiry in the past."""
    header, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = int(datetime.now(UTC).timestamp()) - 60
    claims["iat"] = claims["exp"] - 7200
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    signing_input = f"{header}.{body}".encode()
    signature = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{body}." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()


def test_an_expired_session_is_refreshed_not_logged_in_again(pds, planner_home):
    account = _account(pds, planner_home)
    calls: list[str] = []
    client = httpx.Client(
        timeout=30, event_hooks={"request": [lambda r: calls.append(r.url.path.rsplit("/", 1)[-1])]}
    )
    ctx = Context(settings=App(home=planner_home).settings, clock=lambda: NOW, client=client)
    posts = make_posts(NOW, 3, timedelta(0), prefix="sess")
    make_target("bluesky", ctx).publish(posts[0])
    assert calls.count("com.atproto.server.createSession") == 1

    # a later process finds the saved session, whose access token has expired meanwhile
    sessions = SessionFile(planner_home)
    saved = sessions.load(pds.url, account["handle"])
    assert saved is not None
    expired = _expire(saved["accessJwt"], pds.jwt_secret)
    sessions.save(pds.url, account["handle"], {**saved, "accessJwt": expired})
    calls.clear()
    target = make_target("bluesky", ctx)
    target.publish(posts[1])
    target.publish(posts[2])
    assert calls.count("com.atproto.server.refreshSession") == 1
    assert calls.count("com.atproto.server.createSession") == 0
    assert len(pds.records(account["did"])) == 3
    assert oct((planner_home / "bluesky-session.json").stat().st_mode & 0o777) == "0o600"


def test_facets_use_utf8_byte_offsets():
    text = "Café run 🏃 #running https://example.org/a."
    facets = facets_for(text)
    raw = text.encode()
    spans = [raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in facets]
    assert spans == ["#running", "https://example.org/a"]


def test_record_keys_are_valid_tids_and_stable():
    import re

    keys = {record_key(f"post{i}") for i in range(500)}
    assert len(keys) == 500
    assert all(
        re.fullmatch(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}", k) for k in keys
    )
    assert record_key("post1") == record_key("post1")


def test_text_over_3000_bytes_and_a_missing_image_are_refused_before_sending(planner_home):
    target, sent = _offline_target(planner_home)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 1 grapheme, 25 bytes
    heavy = Post(id="p3", activity_id="a3", at=NOW, category="other", caption=family * 121)
    with pytest.raises(PublishError, match="3025 bytes of text, over the limit of 3000"):
        target.publish(heavy)
    gone = Post(
        id="p4",
        activity_id="a4",
        at=NOW,
        category="other",
        caption="A walk.",
        image=str(planner_home / "missing.jpg"),
        alt_text="A lake",
    )
    with pytest.raises(PublishError, match="the image of post p4 does not exist"):
        target.check(gone)
    assert sent == []


def test_a_wrong_service_address_is_one_clear_refusal_not_an_unexpected_error(tmp_path):
    """A --service that serves a web page answered 200 with HTML: every post ended in
    'unexpected error: JSONDecodeError', retried six times, with a traceback in the log."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.servers import loopback

    class WebPage(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = b"<html><body>Welcome to my blog</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    from planner.publish.bluesky import Bluesky

    (post,) = make_posts(NOW, 1, timedelta(0))
    web_page = ThreadingHTTPServer(("127.0.0.1", 0), WebPage)
    with loopback.serving(web_page) as server, httpx.Client() as client:
        target = Bluesky(
            client,
            service=f"http://127.0.0.1:{server.server_port}",
            handle="me.test",
            password="pw",
            sessions=SessionFile(tmp_path),
            language="en",
            clock=lambda: NOW,
        )
        with pytest.raises(PublishError) as refused:
            target.publish(post)
    assert str(refused.value) == (
        "bluesky: 127.0.0.1 answered the login (createSession) with HTTP 200 but not the"
        " expected JSON: check the account's address ('planner accounts list')"
    )
