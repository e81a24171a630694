"""Photos for cards: resolve a local path or fetch an http(s) URL, then decode safely and fast.

``resolve_photo`` turns an activity's ``photo`` into a local file: a relative path is taken
relative to ``base_dir`` (the folder of the CSV it came from); a URL is fetched once with the
httpx.Client the caller passes in and cached as ``<home>/cache/photos/<sha256(url)>``.
``load_cover`` decodes that file into an RGB image cover-cropped to the card size.

Edges:
- URLs: only http and https; at most ``MAX_REDIRECTS`` redirects, each hop checked again; the
  host's addresses must not be loopback, private, link-local, multicast, reserved or
  unspecified unless ``cards.allow_private_urls`` is true (DNS is resolved once per hop; a
  rebinding resolver could still race this check); the body is streamed and refused past
  ``cards.max_photo_bytes``; the Content-Type must be image/*; timeouts come from
  ``cards.fetch_timeout_s``. The body's header must read as an image (whatever the
  Content-Type said) before it is cached. A failed fetch is a PhotoError naming the URL and
  leaves no cache file behind.
- Decoding: a file that is not an image, or whose pixel count exceeds Pillow's decompression
  bomb limit, is a PhotoError naming the file. JPEGs are decoded in draft mode at the smallest
  DCT scale still at least the card size, then resized once with LANCZOS. EXIF orientation is
  applied; no metadata survives (the caller saves a fresh image).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import time
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from planner.config import CardSettings
from planner.errors import PlannerError

if TYPE_CHECKING:
    import httpx
    from PIL import Image

MAX_REDIRECTS = 3


class PhotoError(PlannerError):
    """A photo that cannot be used; the message names the file or URL and what to do."""


def is_url(ref: str) -> bool:
    return ref.lower().startswith(("http://", "https://"))


def cache_path(url: str, home: Path) -> Path:
    """Where a fetched URL is cached: named by the SHA-256 of the URL."""
    return home / "cache" / "photos" / hashlib.sha256(url.encode("utf-8")).hexdigest()


def resolve_photo(
    ref: str,
    *,
    base_dir: Path | None,
    home: Path,
    cards: CardSettings,
    client: httpx.Client | None,
) -> Path | None:
    """The local file for a photo reference, fetching a URL into the cache if needed.

    Returns None for an empty reference. A missing local file or a URL with no client to
    fetch it with is a PhotoError.
    """
    ref = ref.strip()
    if not ref:
        return None
    if is_url(ref):
        cached = cache_path(ref, home)
        if cached.is_file():
            return cached
        if client is None:
            raise PhotoError(f"{ref}: cannot fetch the photo (no HTTP client was given)")
        fetch_photo(ref, cached, cards=cards, client=client)
        return cached
    path = Path(ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise PhotoError(f"{path}: photo not found (paths are relative to the CSV's folder)")
    return path


def check_host(url: str, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses.

    The host and port are read the way httpx reads them (the host checked is the host
    connected to); a URL httpx cannot parse, or a port outside 1-65535, is a PhotoError.
    """
    import httpx

    try:
        parsed = httpx.URL(url)
        port = parsed.port
    except (httpx.InvalidURL, ValueError) as exc:
        raise PhotoError(f"{url}: not a valid http(s) URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise PhotoError(f"{url}: not an http(s) URL")
    if port is not None and not 0 < port < 65536:
        raise PhotoError(f"{url}: not a valid http(s) URL (port {port})")
    if allow_private:
        return
    host = parsed.host
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else exc
        raise PhotoError(
            f"{url}: cannot find the server {host} ({reason}; check the address and the network)"
        ) from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        bad = _non_public(address)
        if bad is not None:
            raise PhotoError(
                f"{url}: refused: {host} is a {_kind(bad)} address ({address}); "
                "set cards.allow_private_urls = true in planner.toml to allow it"
            )


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _non_public(address: Address) -> Address | None:
    """The address itself or the IPv4 address it wraps (mapped, 6to4) when that is not public."""
    candidates: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        candidates += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    for candidate in reversed(candidates):
        if (
            not candidate.is_global
            or candidate.is_loopback
            or candidate.is_private
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
        ):
            return candidate
    return None


def _kind(address: Address) -> str:
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    return "private or reserved"


def fetch_photo(url: str, dest: Path, *, cards: CardSettings, client: httpx.Client) -> None:
    """Download ``url`` to ``dest`` atomically, enforcing redirects, type, size, hosts and an
    overall deadline (``fetch_deadline_s``: a server trickling bytes cannot hold a render).
    Asks for an uncompressed body, so the size cap counts what is actually received."""
    import httpx

    current = url
    deadline = time.monotonic() + cards.fetch_deadline_s
    for _ in range(MAX_REDIRECTS + 1):
        check_host(current, cards.allow_private_urls)
        try:
            with client.stream(
                "GET",
                current,
                follow_redirects=False,
                timeout=cards.fetch_timeout_s,
                headers={"Accept-Encoding": "identity"},
            ) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise PhotoError(f"{url}: redirect without a Location header")
                    current = urljoin(current, location)
                    continue
                if response.status_code != 200:
                    raise PhotoError(f"{url}: the server answered HTTP {response.status_code}")
                ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if not ctype.startswith("image/"):
                    raise PhotoError(f"{url}: not an image (Content-Type {ctype or 'missing'!r})")
                _save_stream(url, response, dest, cards.max_photo_bytes, deadline)
                return
        except httpx.TimeoutException:
            raise PhotoError(f"{url}: the server did not answer in time (try later)") from None
        except httpx.ConnectError:
            raise PhotoError(
                f"{url}: cannot connect to the server (check the address and the network)"
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise PhotoError(
                f"{url}: cannot fetch the photo: {exc.__class__.__name__}: {exc}"
            ) from None
    raise PhotoError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _save_stream(
    url: str, response: httpx.Response, dest: Path, limit: int, deadline: float
) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PhotoError(f"{url}: photo is {int(declared)} bytes, over the {limit}-byte limit")
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    size = 0
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise PhotoError(f"{url}: photo is over the {limit}-byte limit")
                if time.monotonic() > deadline:
                    raise PhotoError(
                        f"{url}: the download took too long (more than fetch_deadline_s);"
                        " try again, or save the photo and use its file path"
                    )
                out.write(chunk)
        probe_image(tmp, url)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def probe_image(path: Path, name: str | Path | None = None) -> None:
    """Read just the header of ``path``: PhotoError naming ``name`` (default: the file) for a
    file that is not an image Pillow can read or that is over the decompression bomb limit."""
    from PIL import Image, UnidentifiedImageError

    name = path if name is None else name
    try:
        with _open_photo(path):
            pass
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_BOMB.format(name=name)) from None
    except UnidentifiedImageError:
        raise PhotoError(_NOT_AN_IMAGE.format(name=name)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(f"{name}: not an image Pillow can read ({exc})") from None


_ORIENT_SWAPS = {5, 6, 7, 8}
#: The photo formats Pillow may open: camera and web formats only, so no fetched file reaches
#: a decoder that runs an external program (EPS goes through Ghostscript).
PHOTO_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF", "AVIF")


@cache
def _open_formats() -> tuple[str, ...]:
    """PHOTO_FORMATS that this Pillow can open (HEIF and AVIF need plugins)."""
    from PIL import Image

    Image.init()
    return tuple(f for f in PHOTO_FORMATS if f in Image.OPEN)


_BOMB = "{name}: refused: the image is too large to decode safely (decompression bomb limit)"
_NOT_AN_IMAGE = "{name}: not an image Pillow can read (use a JPEG, PNG or WebP)"


def load_cover(path: Path, size: tuple[int, int]) -> Image.Image:
    """Decode ``path`` to RGB, apply EXIF orientation, cover-crop and LANCZOS-resize to ``size``.

    Raises PhotoError naming the file for non-images and decompression bombs.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with _open_photo(path) as img:
            orientation = img.getexif().get(0x0112, 1)
            want = (size[1], size[0]) if orientation in _ORIENT_SWAPS else size
            if img.format in ("JPEG", "MPO"):
                img.draft("RGB", _draft_request(img.size, want))
            if img.size[0] * img.size[1] > _max_pixels():
                raise Image.DecompressionBombError(str(path))
            img.load()
            decoded: Image.Image = img
            if orientation != 1:
                decoded = ImageOps.exif_transpose(img) or img
            if decoded.mode != "RGB":
                decoded = _flatten(decoded)
            return ImageOps.fit(decoded, size, Image.Resampling.LANCZOS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_BOMB.format(name=path)) from None
    except UnidentifiedImageError:
        raise PhotoError(_NOT_AN_IMAGE.format(name=path)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(f"{path}: cannot decode the photo: {exc}") from None


#: A JPEG is decoded in draft mode at down to 1/8 of each side, so one up to 64 times
#: Pillow's pixel limit decodes within it: phones shoot 108 and 200 MP photos.
_JPEG_DRAFT_FACTOR = 64


def _max_pixels() -> int:
    from PIL import Image

    return int(Image.MAX_IMAGE_PIXELS or 0) or 2**62


def _open_photo(path: Path) -> Image.Image:
    """Open a photo (header only), refusing decompression bombs; a JPEG too large for Pillow's
    limit is still opened when draft mode can decode it within the limit (``load_cover``
    checks the size after ``draft``)."""
    from PIL import Image, JpegImagePlugin

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path, formats=_open_formats())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        with path.open("rb") as f:
            if f.read(3) != b"\xff\xd8\xff":
                raise
        img = JpegImagePlugin.JpegImageFile(path)  # its first frame, for an MPO too
        if img.size[0] * img.size[1] > _max_pixels() * _JPEG_DRAFT_FACTOR:
            img.close()
            raise
        return img


def _draft_request(source: tuple[int, int], want: tuple[int, int]) -> tuple[int, int]:
    """The size to ask draft() for so the decoded image still covers ``want`` after cropping."""
    scale = max(want[0] / source[0], want[1] / source[1])
    return (max(1, round(source[0] * scale)), max(1, round(source[1] * scale)))


def _flatten(img: Image.Image) -> Image.Image:
    from PIL import Image

    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        base = Image.new("RGB", rgba.size, (255, 255, 255))
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit grey (a scan, an edited export): scale to 8 bits, or it clips to white
        return img.point(lambda v: v / 256).convert("L").convert("RGB")
    return img.convert("RGB")
