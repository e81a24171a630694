"""Photos: URL fetching against a real server on 127.0.0.1, address refusal, safe decoding."""

from __future__ import annotations

import dataclasses
import io
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from PIL import Image

from planner.cards.photo_fetch import cache_path, check_host
from planner.cards.photos import PhotoError, load_cover, probe_image, resolve_photo
from planner.config import CardSettings


def _jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(
        self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        _Handler.hits.append(self.path)
        if self.path == "/photo.jpg":
            self._send(200, "image/jpeg", _jpeg_bytes())
        elif self.path == "/loop":
            self._send(302, "text/plain", b"", {"Location": "/loop"})
        elif self.path.startswith("/hop"):
            n = int(self.path[4:])
            target = "/photo.jpg" if n == 0 else f"/hop{n - 1}"
            self._send(302, "text/plain", b"", {"Location": target})
        elif self.path == "/huge":
            self._send(200, "image/jpeg", b"\xff" * 300_000)
        elif self.path == "/huge-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"\xff" * 10_000)
        elif self.path == "/html-as-jpeg":
            self._send(200, "image/jpeg", b"<html>Sorry, this photo is private</html>")
        elif self.path == "/short-length":
            body = _jpeg_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", "40")
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"\xff" * 10)
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path == "/page":
            self._send(200, "text/html; charset=utf-8", b"<html>not a photo</html>")
        else:
            self._send(404, "text/plain", b"missing")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


ALLOW = CardSettings(allow_private_urls=True, max_photo_bytes=100_000, fetch_timeout_s=5)


def _fetch(url: str, home: Path, cards: CardSettings = ALLOW) -> Path | None:
    with httpx.Client() as client:
        return resolve_photo(url, base_dir=None, home=home, cards=cards, client=client)


def test_fetches_an_image_and_caches_it_by_url_hash(server: str, tmp_path: Path) -> None:
    url = f"{server}/photo.jpg"
    path = _fetch(url, tmp_path)
    assert path == cache_path(url, tmp_path)
    assert path is not None and Image.open(path).size == (64, 48)
    if os.name == "posix":  # a fetched photo is private to the user, like the store
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
    before = len(_Handler.hits)
    assert _fetch(url, tmp_path) == path
    assert len(_Handler.hits) == before  # served from the cache


def test_follows_up_to_three_redirects(server: str, tmp_path: Path) -> None:
    assert _fetch(f"{server}/hop2", tmp_path) is not None


def test_refuses_a_redirect_loop(server: str, tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match=r"/loop: more than 3 redirects"):
        _fetch(f"{server}/loop", tmp_path)
    assert not cache_path(f"{server}/loop", tmp_path).exists()


def test_refuses_four_redirects(server: str, tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="more than 3 redirects"):
        _fetch(f"{server}/hop3", tmp_path)


@pytest.mark.parametrize("path", ["/huge", "/huge-undeclared"])
def test_refuses_a_body_over_the_size_cap(server: str, tmp_path: Path, path: str) -> None:
    with pytest.raises(PhotoError, match="over the 100000-byte limit"):
        _fetch(f"{server}{path}", tmp_path)
    assert not cache_path(f"{server}{path}", tmp_path).exists()
    assert not list((tmp_path / "cache" / "photos").glob(".*part"))


def test_refuses_the_wrong_content_type(server: str, tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match=r"not an image \(Content-Type 'text/html'\)"):
        _fetch(f"{server}/page", tmp_path)


def test_http_error_status_is_reported(server: str, tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="HTTP 404"):
        _fetch(f"{server}/nothing.jpg", tmp_path)


def test_loopback_is_refused_unless_allowed(server: str, tmp_path: Path) -> None:
    strict = dataclasses.replace(ALLOW, allow_private_urls=False)
    before = len(_Handler.hits)
    with pytest.raises(PhotoError, match="loopback address.*allow_private_urls"):
        _fetch(f"{server}/photo.jpg", tmp_path, strict)
    assert len(_Handler.hits) == before  # refused before any request


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.1.2.3/a.jpg", "private"),
        ("http://192.168.0.10/a.jpg", "private"),
        ("http://169.254.169.254/latest", "link-local"),
        ("http://[::1]/a.jpg", "loopback"),
        ("http://0.0.0.0/a.jpg", "private or reserved"),
    ],
)
def test_private_and_link_local_addresses_are_refused(url: str, kind: str) -> None:
    with pytest.raises(PhotoError, match=f"is a {kind}"):
        check_host(url, allow_private=False)


def test_only_http_urls(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="not an http"):
        check_host("ftp://example.org/a.jpg", allow_private=False)


def test_url_without_a_client_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="no HTTP client"):
        resolve_photo(
            "https://example.org/a.jpg", base_dir=None, home=tmp_path, cards=ALLOW, client=None
        )


def test_local_paths_are_relative_to_the_base_dir(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(_jpeg_bytes())
    found = resolve_photo(
        "photos/a.jpg", base_dir=tmp_path, home=tmp_path, cards=ALLOW, client=None
    )
    assert found == tmp_path / "photos" / "a.jpg"
    with pytest.raises(PhotoError, match=r"missing\.jpg: photo not found"):
        resolve_photo("missing.jpg", base_dir=tmp_path, home=tmp_path, cards=ALLOW, client=None)
    assert resolve_photo("", base_dir=tmp_path, home=tmp_path, cards=ALLOW, client=None) is None


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    img = Image.new("RGB", (200, 100), (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, 100, 100))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90° clockwise: the left half ends up on top
    path = tmp_path / "rotated.jpg"
    img.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    out = load_cover(path, (50, 100))
    assert out.size == (50, 100)
    top, bottom = out.getpixel((25, 10)), out.getpixel((25, 90))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_non_image_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("just text")
    with pytest.raises(PhotoError, match=r"notes\.jpg: not an image"):
        load_cover(path, (100, 100))


@pytest.mark.parametrize("size", [(10_000, 10_000), (20_000, 10_000)])
def test_decompression_bombs_are_refused_naming_the_file(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", size).save(path, "PNG")
    with pytest.raises(PhotoError, match=r"bomb\.png: refused: .*decompression bomb"):
        load_cover(path, (100, 100))


def test_a_jpeg_over_the_pixel_limit_is_drawn_when_draft_mode_decodes_it_within(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a 200 MP phone photo against Pillow's 89.5 MP limit, at a scale a test can afford.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 250_000)
    photo = tmp_path / "phone.jpg"
    Image.new("RGB", (2000, 1500), (200, 30, 30)).save(photo, "JPEG")  # 12x the limit
    probe_image(photo)
    out = load_cover(photo, (108, 135))
    assert out.size == (108, 135) and out.getpixel((50, 60))[0] > 150
    same = tmp_path / "same.png"  # a PNG cannot be decoded smaller: still refused
    Image.new("RGB", (2000, 1500)).save(same, "PNG")
    with pytest.raises(PhotoError, match=r"same\.png: refused"):
        load_cover(same, (108, 135))
    with pytest.raises(PhotoError, match=r"phone\.jpg: refused"):  # too big even at 1/8
        load_cover(photo, (1080, 1350))
    huge = tmp_path / "huge.jpg"  # over 64x the limit: refused before decoding
    Image.new("L", (5000, 4000)).save(huge, "JPEG")
    with pytest.raises(PhotoError, match=r"huge\.jpg: refused"):
        probe_image(huge)


def test_large_jpeg_uses_draft_and_still_covers(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (10, 120, 10)).save(path, "JPEG")
    out = load_cover(path, (1080, 1350))
    assert out.size == (1080, 1350) and out.mode == "RGB"


def test_transparent_png_is_flattened(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(path)
    assert load_cover(path, (20, 20)).getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(
    "url",
    [
        "http://100.64.0.1/a.jpg",  # shared address space (carrier NAT, Tailscale)
        "http://[2002:7f00:1::]/a.jpg",  # 6to4 wrapping 127.0.0.1
        "http://[2002:a00:1::1]/a.jpg",  # 6to4 wrapping 10.0.0.1
        "http://[::ffff:169.254.169.254]/latest",
    ],
)
def test_addresses_that_are_not_public_are_refused_in_any_form(url: str) -> None:
    with pytest.raises(PhotoError, match="refused: .*allow_private_urls"):
        check_host(url, allow_private=False)


def test_a_name_resolving_to_loopback_is_refused() -> None:
    with pytest.raises(PhotoError, match="localhost is a loopback address"):
        check_host("http://localhost:8080/a.jpg", allow_private=False)


@pytest.mark.parametrize("allow", [False, True])
@pytest.mark.parametrize("url", ["http://example.org:99999/a.jpg", "http://example.org:abc/a.jpg"])
def test_a_bad_port_is_a_photo_error(url: str, allow: bool, tmp_path: Path) -> None:
    cards = dataclasses.replace(ALLOW, allow_private_urls=allow)
    with pytest.raises(PhotoError, match="not a valid http"):
        _fetch(url, tmp_path, cards)


def test_a_url_httpx_cannot_parse_is_a_photo_error(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match=r"0177\.0\.0\.1/a\.jpg: not a valid http"):
        _fetch("http://0177.0.0.1/a.jpg", tmp_path)


def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://[::ffff:10.0.0.5]/meta"})

    strict = dataclasses.replace(ALLOW, allow_private_urls=False)
    refused = pytest.raises(PhotoError, match=r"10\.0\.0\.5.*is a private or reserved address")
    with httpx.Client(transport=httpx.MockTransport(handler)) as client, refused:
        resolve_photo(
            "http://93.184.215.14/a.jpg", base_dir=None, home=tmp_path, cards=strict, client=client
        )
    assert seen == ["http://93.184.215.14/a.jpg"]


@pytest.mark.parametrize("path", ["/html-as-jpeg", "/short-length"])
def test_a_body_that_is_not_an_image_is_refused_naming_the_url_and_not_cached(
    server: str, tmp_path: Path, path: str
) -> None:
    url = f"{server}{path}"
    with pytest.raises(PhotoError, match=rf"^{url}: (not an image|the image is cut short)"):
        _fetch(url, tmp_path)
    assert not cache_path(url, tmp_path).exists()
    assert not list((tmp_path / "cache" / "photos").glob(".*part"))


def test_formats_that_run_external_programs_are_refused(tmp_path: Path) -> None:
    from PIL import Image

    from planner.cards.photos import probe_image

    eps = tmp_path / "x.eps"
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    with pytest.raises(PhotoError, match="not an image Pillow can read"):
        probe_image(eps)
    Image.new("RGB", (8, 8)).save(tmp_path / "ok.png")
    probe_image(tmp_path / "ok.png")


def test_a_trickling_download_stops_at_the_deadline(server: str, tmp_path: Path) -> None:
    cards = dataclasses.replace(ALLOW, fetch_deadline_s=0.5)
    started = time.monotonic()
    with pytest.raises(PhotoError, match="the download took too long"):
        _fetch(f"{server}/trickle", tmp_path, cards)
    assert time.monotonic() - started < 1.9  # the body takes 2 s to arrive in full
    assert not cache_path(f"{server}/trickle", tmp_path).exists()


def test_sixteen_bit_grey_png_keeps_its_tone(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    Image.new("I;16", (400, 300), 30000).save(path)  # about 46% grey
    card = load_cover(path, (100, 100))
    assert card.mode == "RGB"
    assert all(abs(v - 117) <= 2 for v in card.getpixel((50, 50)))  # not clipped to white


def test_a_photo_server_that_is_down_is_one_plain_sentence(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a.jpg"
    with pytest.raises(PhotoError) as caught:
        _fetch(url, tmp_path)
    assert str(caught.value) == (
        f"{url}: cannot connect to the server (check the address and the network)"
    )
