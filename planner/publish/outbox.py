"""The outbox target: each published post becomes a directory in a folder. No account needed.

A post's directory is ``<local date>_<HHMM>_<post id>/`` holding caption.txt (the full text),
the image (its own name), alt.txt and post.json. It is written in ``.partial/`` and appears by
one ``rename``, so a half-written post never appears; a crash leaves only ``.partial/`` debris,
cleaned up by the next publish.

Edges: publishing a post whose directory already exists returns that directory (exactly once);
a post without an image has no image and no alt.txt; the folder is created on first use.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, tzinfo
from pathlib import Path

from planner.errors import PublishError
from planner.models import Post
from planner.publish import Published
from planner.publish.images import require_image
from planner.publish.text import compose_text

PARTIAL = ".partial"


class Outbox:
    """Publish into a local folder."""

    name = "outbox"

    def __init__(self, root: Path, tz: tzinfo = UTC) -> None:
        self.root = root
        self.tz = tz

    def check(self, post: Post) -> None:
        """Refuse a post whose image is named but missing, before writing anything."""
        require_image(post.id, post.image)

    def existing(self, post: Post) -> Path | None:
        """The directory this post was already published to, if any."""
        if not self.root.is_dir():
            return None
        for entry in self.root.glob(f"*_{post.id}"):
            if entry.is_dir():
                return entry
        return None

    def publish(self, post: Post) -> Published:
        """Write the post's directory atomically, or return the one already there."""
        self.check(post)
        found = self.existing(post)
        if found is not None:
            return self._published(found)
        partial_root = self.root / PARTIAL
        try:
            partial_root.mkdir(parents=True, exist_ok=True)
            self._clean(partial_root, post.id)
            work = Path(tempfile.mkdtemp(prefix=f"{post.id}.", dir=partial_root))
            self._write(work, post)
            final = self.root / f"{post.at.astimezone(self.tz):%Y-%m-%d_%H%M}_{post.id}"
            try:
                os.rename(work, final)
            except OSError:
                shutil.rmtree(work, ignore_errors=True)
                found = self.existing(post)
                if found is None:
                    raise
                return self._published(found)
            _fsync_dir(self.root)
        except OSError as exc:
            raise PublishError(f"{self.root}: cannot write the outbox: {exc.strerror}") from None
        return self._published(final)

    def _write(self, work: Path, post: Post) -> None:
        files: dict[str, bytes] = {
            "caption.txt": (compose_text(post) + "\n").encode("utf-8"),
        }
        image_name = None
        if post.image:
            image_name = "image" + (Path(post.image).suffix.lower() or ".png")
            files[image_name] = Path(post.image).read_bytes()
            if post.alt_text:
                files["alt.txt"] = (post.alt_text + "\n").encode("utf-8")
        # the directory appearing is the publication: the post is published once it is seen
        meta = {
            **post.to_dict(),
            "status": "published",
            "text": compose_text(post),
            "image_file": image_name,
        }
        files["post.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
        for name, data in files.items():
            with open(work / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        _fsync_dir(work)

    @staticmethod
    def _clean(partial_root: Path, post_id: str) -> None:
        for stale in partial_root.glob(f"{post_id}.*"):
            shutil.rmtree(stale, ignore_errors=True)

    @staticmethod
    def _published(directory: Path) -> Published:
        return Published(remote_id=directory.name, url=directory.resolve().as_uri())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
