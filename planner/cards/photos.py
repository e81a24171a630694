"""Photos for cards: find the local file for a photo reference, then decode it safely and fast.

``resolve_photo`` turns an activity's ``photo`` into a local file: a URL is fetched once (see
``photo_fetch``) and cached as ``<home>/cache/photos/<sha256(url)>``; a path must lie inside
the folders photos may come from. ``load_cover`` decodes the file into an RGB image
cover-cropped to the card size.

Edges:
- Paths: a relative path is read from ``base_dir`` (the CSV's folder). After symlinks and
  ".." are resolved, it must lie inside ``base_dir`` or one of ``roots`` (``cards.photo_dirs``);
  "~" is not expanded. An absolute path (the importer stores photos resolved) must already be
  its own resolved form: a symlink put in its place since is refused. A path that is not a
  regular file (a folder, a FIFO, a device) is refused; nothing is ever opened to find out.
- URLs: "http://" and "https://" in any case. A cache entry exists only for a body that
  decoded in full; an entry that no longer decodes is removed, so the next render fetches it
  again.
- Decoding: a file that is not an image, is cut short, or whose pixel count exceeds Pillow's
  decompression bomb limit is a PhotoError naming the photo as the user wrote it. JPEGs are
  decoded in draft mode at the smallest DCT scale still at least the card size, then resized
  once with LANCZOS. EXIF orientation is applied; no metadata survives (the caller saves a
  fresh image).
"""

from __future__ import annotations

import stat
import warnings
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from planner.config import CardSettings
from planner.errors import PlannerError
from planner.text_units import is_url

if TYPE_CHECKING:
    import httpx
    from PIL import Image

    from planner.cards.photo_fetch import Resolver


class PhotoError(PlannerError):
    """A photo that cannot be used; the message names the file or URL and what to do."""


def inside(path: Path, folders: Sequence[Path]) -> bool:
    """Whether ``path`` (resolved) lies inside one of ``folders`` (resolved here)."""
    return any(path.is_relative_to(folder.resolve()) for folder in folders)


def resolve_photo(
    ref: str,
    *,
    base_dir: Path | None,
    home: Path,
    cards: CardSettings,
    client: httpx.Client | None,
    roots: Sequence[Path] = (),
    resolve: Resolver | None = None,
) -> Path | None:
    """The local file for a photo reference, fetching a URL into the cache if needed.

    Returns None for an empty reference. A path outside the allowed folders, a missing
    local file, or a URL with no client to fetch it with is a PhotoError.
    """
    from planner.cards.photo_fetch import cache_path, fetch_photo, system_resolver

    ref = ref.strip()
    if not ref:
        return None
    if is_url(ref):
        cached = cache_path(ref, home)
        if cached.is_file():
            return cached
        if client is None:
            raise PhotoError(f"{ref}: cannot fetch the photo (no HTTP client was given)")
        fetch_photo(ref, cached, cards=cards, client=client, resolve=resolve or system_resolver)
        return cached
    return _local_photo(ref, base_dir, roots)


def _local_photo(ref: str, base_dir: Path | None, roots: Sequence[Path]) -> Path:
    written = Path(ref)
    folders = [*([base_dir] if base_dir is not None else []), *roots]
    try:
        if written.is_absolute():
            path = written.resolve()
            confined = path == written or inside(path, folders)
        else:
            if base_dir is None:
                raise PhotoError(f"{ref}: a relative photo path, but no folder to read it from")
            path = (base_dir / written).resolve()
            confined = inside(path, folders)
        mode = path.stat().st_mode if confined else 0
    except FileNotFoundError:
        raise PhotoError(
            f"{ref}: photo not found (paths are relative to the CSV's folder)"
        ) from None
    except (OSError, RuntimeError) as exc:
        raise PhotoError(f"{ref}: cannot read the photo ({exc})") from None
    if not confined:
        raise PhotoError(
            f"{ref}: refused: the photo is outside the CSV's folder"
            " (move it next to the CSV, or add its folder to photo_dirs in planner.toml)"
        )
    if not stat.S_ISREG(mode):
        raise PhotoError(f"{ref}: not a photo file (a folder, a pipe or a device)")
    return path


def verify_decodes(path: Path, name: str | Path | None = None) -> None:
    """Decode ``path`` in full (JPEG at its smallest draft scale): PhotoError naming ``name``
    for a file that is not an image, is cut short or damaged, or is a decompression bomb."""
    load_cover(path, (8, 8), name)


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


def load_cover(path: Path, size: tuple[int, int], name: str | Path | None = None) -> Image.Image:
    """Decode ``path`` to RGB, apply EXIF orientation, cover-crop and LANCZOS-resize to ``size``.

    Raises PhotoError naming ``name`` (default: the file) for non-images, images cut short or
    damaged, and decompression bombs.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = path if name is None else name
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
        raise PhotoError(_BOMB.format(name=name)) from None
    except UnidentifiedImageError:
        raise PhotoError(_NOT_AN_IMAGE.format(name=name)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(
            f"{name}: the image is cut short or damaged ({exc}); copy or download it again"
        ) from None


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
