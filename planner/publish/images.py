"""Card images made to fit a target's size limit.

``fit_image(path, max_bytes)`` returns the file's bytes unchanged when it is a JPEG, PNG, GIF
or WebP within the limit; otherwise it re-encodes to JPEG, lowering the quality (90 down to
40) and then the size (by 15 % a step) until it fits. Output is deterministic, so a retry
uploads the same bytes (the same blob).

Edges: transparency is flattened onto white; EXIF orientation is applied; an unreadable
or missing file (also one whose pixel data is truncated) is a
PublishError naming it; an image that cannot fit even at 64 px wide is a
PublishError.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PublishError

MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
QUALITIES = (90, 85, 80, 72, 64, 56, 48, 40)


def require_image(post_id: str, image: str | None) -> None:
    """PublishError when a post names an image file that does not exist (checked before any
    target sends anything, dry runs included)."""
    if image and not Path(image).is_file():
        raise PublishError(f"{image}: the image of post {post_id} does not exist")


@dataclass(frozen=True)
class FittedImage:
    """Image bytes ready to upload, their MIME type and pixel size."""

    data: bytes
    mime: str
    width: int
    height: int
    filename: str


def fit_image(path: str | Path, max_bytes: int) -> FittedImage:
    """The image at ``path`` as at most ``max_bytes`` bytes (see module docstring)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    source = Path(path)
    try:
        raw = source.read_bytes()
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format or ""
            size = probe.size
    except FileNotFoundError:
        raise PublishError(f"{source}: the post's image does not exist (render it again)") from None
    except (OSError, UnidentifiedImageError) as exc:
        raise PublishError(f"{source}: cannot read the post's image: {exc}") from None
    if len(raw) <= max_bytes and fmt in MIME:
        return FittedImage(raw, MIME[fmt], size[0], size[1], source.name)
    try:
        with Image.open(io.BytesIO(raw)) as opened:
            image = ImageOps.exif_transpose(opened)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, (255, 255, 255))
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            else:
                image = image.convert("RGB")
    except OSError as exc:  # truncated or corrupt pixel data only shows up when decoded
        raise PublishError(f"{source}: cannot read the post's image: {exc}") from None
    name = source.stem + ".jpg"
    while image.width >= 64:
        for quality in QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() <= max_bytes:
                return FittedImage(buffer.getvalue(), "image/jpeg", image.width, image.height, name)
        new_size = (int(image.width * 0.85), int(image.height * 0.85))
        image = image.resize(new_size, Image.Resampling.LANCZOS)
    raise PublishError(f"{source}: cannot make the image smaller than {max_bytes} bytes")
