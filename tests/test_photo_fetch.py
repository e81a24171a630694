"""Fetching photo URLs against real servers on 127.0.0.1: the deadline covers the headers, the
request goes to the address that was checked, and only a body that decodes is cached."""

from __future__ import annotations

import dataclasses
import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from PIL import Image

from planner.cards.photo_fetch import Resolver, cache_path
from planner.cards.photos import PhotoError, resolve_photo
from planner.config import CardSettings

ALLOW = CardSettings(allow_private_urls=True, fetch_timeout_s=5, fetch_deadline_s=1)


def _jpeg(size: tuple[int, int] = (320, 240)) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


GOOD = _jpeg()
CUT = GOOD[: len(GOOD) // 2]  # a download that stopped half way: the header still reads


class _Handler(BaseHTTPRequestHandler):
    hosts: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        _Handler.hosts.append(self.headers.get("Host", ""))
        try:
            if self.path == "/slow-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nX-Pad: ")
                for _ in range(100):  # one byte every 0.1 s: 10 s of headers
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.1)
                self.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")
                return
            if self.path == "/to-never":
                self.send_response(302)
                self.send_header("Location", "http://never.example/a.jpg")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = {"/photo.jpg": GOOD, "/cut.jpg": CUT}.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: that is the point of some tests


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield int(httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()


def _fetch(
    url: str, home: Path, cards: CardSettings = ALLOW, resolve: Resolver | None = None
) -> Path | None:
    with httpx.Client() as client:
        return resolve_photo(
            url, base_dir=None, home=home, cards=cards, client=client, resolve=resolve
        )


def too_long(url: str) -> str:
    """The one line for a fetch that ran past ALLOW's deadline."""
    return (
        f"{url}: the download took too long (more than fetch_deadline_s = 1 s); try again,"
        " or save the photo and use its file path"
    )


def test_a_server_trickling_its_headers_is_cut_off_at_the_deadline(
    port: int, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{port}/slow-headers"
    started = time.monotonic()
    with pytest.raises(PhotoError) as caught:
        _fetch(url, tmp_path)
    took = time.monotonic() - started
    assert str(caught.value) == too_long(url)
    assert took < 3.0  # the headers alone would take 10 s
    assert not cache_path(url, tmp_path).exists()


@pytest.mark.parametrize("hop", ["first", "redirect"])
def test_a_resolver_that_never_answers_is_cut_off_at_the_deadline(
    port: int, tmp_path: Path, hop: str
) -> None:
    """Name resolution used to run outside the deadline: a lookup that hung held the week."""
    answered = threading.Event()

    def resolve(host: str, _port: int) -> list[str]:
        if host == "photos.example":  # the first hop answers; the name it redirects to hangs
            return ["127.0.0.1"]
        answered.wait(20)  # the resolver that never answers (until the test ends)
        return []

    url = (
        "http://never.example/a.jpg" if hop == "first" else f"http://photos.example:{port}/to-never"
    )
    started = time.monotonic()
    try:
        with pytest.raises(PhotoError) as caught:
            _fetch(url, tmp_path, resolve=resolve)
    finally:
        answered.set()
    took = time.monotonic() - started
    assert str(caught.value) == too_long(url)
    assert took < 3.0  # the lookup alone would take 20 s
    assert not cache_path(url, tmp_path).exists()


def test_a_resolver_error_within_the_deadline_is_still_its_own_message(tmp_path: Path) -> None:
    def resolve(host: str, _port: int) -> list[str]:
        raise OSError(-2, "Name or service not known")

    with pytest.raises(PhotoError, match="cannot find the server never.example .Name or service"):
        _fetch("http://never.example/a.jpg", tmp_path, resolve=resolve)


def test_a_download_cut_short_is_not_cached(port: int, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{port}/cut.jpg"
    with pytest.raises(PhotoError, match=rf"^{url}: the image is cut short or damaged"):
        _fetch(url, tmp_path)
    assert not cache_path(url, tmp_path).exists()
    assert list((tmp_path / "cache" / "photos").iterdir()) == []  # no temporary file either


def test_the_request_goes_to_the_address_that_was_checked(port: int, tmp_path: Path) -> None:
    looked_up: list[str] = []

    def resolve(host: str, _port: int) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    url = f"http://photos.example:{port}/photo.jpg"  # a name no real DNS answers
    _Handler.hosts.clear()
    path = _fetch(url, tmp_path, resolve=resolve)
    assert path is not None and path.read_bytes() == GOOD
    assert looked_up == ["photos.example"]
    assert _Handler.hosts == [f"photos.example:{port}"]  # the name still reaches the server


def test_the_checked_addresses_are_tried_in_order(port: int, tmp_path: Path) -> None:
    url = f"http://photos.example:{port}/photo.jpg"
    path = _fetch(url, tmp_path, resolve=lambda host, p: ["127.0.0.2", "127.0.0.1"])
    assert path is not None and path.read_bytes() == GOOD  # 127.0.0.2 refused the connection


def test_a_second_dns_answer_is_never_used(tmp_path: Path) -> None:
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])  # a rebinding resolver
    calls: list[str] = []

    def resolve(host: str, _port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    seen: list[tuple[str, str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(
            (request.url.host, request.headers["host"], request.extensions.get("sni_hostname"))
        )
        return httpx.Response(200, headers={"Content-Type": "image/jpeg"}, content=GOOD)

    strict = dataclasses.replace(ALLOW, allow_private_urls=False)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        resolve_photo(
            "https://photos.example/a.jpg",
            base_dir=None,
            home=tmp_path,
            cards=strict,
            client=client,
            resolve=resolve,
        )
    assert calls == ["photos.example"]
    assert seen == [("93.184.215.14", "photos.example", "photos.example")]


def test_a_name_whose_check_fails_is_never_requested(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    strict = dataclasses.replace(ALLOW, allow_private_urls=False)
    refused = pytest.raises(PhotoError, match="photos.example is a private or reserved address")
    with httpx.Client(transport=httpx.MockTransport(handler)) as client, refused:
        resolve_photo(
            "http://photos.example/a.jpg",
            base_dir=None,
            home=tmp_path,
            cards=strict,
            client=client,
            resolve=lambda host, p: ["93.184.215.14", "10.1.2.3"],
        )


def test_a_photo_cache_that_cannot_be_written_is_a_photo_error(port: int, tmp_path: Path) -> None:
    """A full disk or a read-only cache used to be an OSError naming a ".part" file: the
    whole week stopped for one photo."""
    url = f"http://127.0.0.1:{port}/photo.jpg"
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "photos").write_text("a file where the cache folder goes")
    with pytest.raises(PhotoError) as caught:
        _fetch(url, tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{url}: {tmp_path / 'cache' / 'photos'}: cannot save the photo: ")
    assert ".part" not in message


def test_a_week_whose_photo_cannot_be_cached_gets_its_card_without_it(
    port: int, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from planner.cards.render import render_posts
    from planner.config import Settings
    from planner.models import Activity, Post

    url = f"http://127.0.0.1:{port}/photo.jpg"
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "photos").write_text("a file where the cache folder goes")
    at = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    activity = Activity("a1", at, "run", "fitness", "River loop", photo=url)
    post = Post("p1", "a1", at, "fitness", "Easy 8 km by the river.")
    settings = Settings(home=home, timezone="Europe/Berlin", cards=ALLOW)
    told: list[str] = []
    with httpx.Client() as client:
        (drawn,) = render_posts(
            [post],
            {"a1": activity},
            settings,
            tmp_path / "out",
            client=client,
            on_photo_error=lambda p, exc: told.append(str(exc)),
        )
    assert len(told) == 1 and told[0].startswith(f"{url}: "), told
    assert drawn.image and Path(drawn.image).is_file()
