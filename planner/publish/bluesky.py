"""The Bluesky target (AT Protocol XRPC over one httpx.Client).

A post is written with ``com.atproto.repo.putRecord`` under a record key derived from the
post id, so a retry after a crash rewrites the same record instead of adding one. The card is
uploaded with ``uploadBlob`` (re-encoded under 1,000,000 bytes first) and embedded with its alt
text and aspect ratio; links and hashtags get facets with UTF-8 byte offsets.

Sessions: ``createSession`` only when there is no saved session or refreshing fails (it is
limited to about 30 per 5 minutes); an expired access token is refreshed with the refresh
token (``refreshSession``); the session is saved 0600 so the next process reuses it.

Edges: text over 300 graphemes and an image without alt text are refused before anything is
sent; a post has at most one image here (the limit is 4).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from planner.errors import PublishError
from planner.models import Post
from planner.publish import Published
from planner.publish.credentials import SessionFile
from planner.publish.http import check_response, json_body, send
from planner.publish.images import fit_image, require_image
from planner.publish.text import compose_text, grapheme_count, hashtags, links, utf8_span

if TYPE_CHECKING:
    import httpx

MAX_GRAPHEMES = 300
MAX_TEXT_BYTES = 3000  # the record's text limit besides the graphemes
MAX_BLOB_BYTES = 1_000_000
COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
SESSION_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})


def record_key(post_id: str) -> str:
    """A valid TID record key derived from the post id: the same post, the same record.

    The timestamp part is a hash of the id placed after 2020-09-13, so the key is well-formed
    and stable whatever the post's (movable) time is.
    """
    digest = int.from_bytes(hashlib.blake2b(f"bsky:{post_id}".encode(), digest_size=8).digest())
    micros = 1_600_000_000_000_000 + (digest >> 10) % (1 << 47)
    value = (micros << 10) | (digest & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def facets_for(text: str) -> list[dict[str, Any]]:
    """Link and hashtag facets with UTF-8 byte offsets."""
    found: list[dict[str, Any]] = []
    for start, end, url in links(text):
        byte_start, byte_end = utf8_span(text, start, end)
        found.append(
            {
                "index": {"byteStart": byte_start, "byteEnd": byte_end},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
    for start, end, tag in hashtags(text):
        byte_start, byte_end = utf8_span(text, start, end)
        found.append(
            {
                "index": {"byteStart": byte_start, "byteEnd": byte_end},
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    return sorted(found, key=lambda f: f["index"]["byteStart"])


class Bluesky:
    """Publish to a Bluesky PDS as one account."""

    name = "bluesky"

    def __init__(
        self,
        client: httpx.Client,
        service: str,
        handle: str,
        password: str,
        sessions: SessionFile,
        language: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.client = client
        self.service = service.rstrip("/")
        self.handle = handle
        self._password = password
        self.sessions = sessions
        self.language = language
        self.clock = clock
        self._session: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Bluesky(service={self.service!r}, handle={self.handle!r})"

    def check(self, post: Post) -> None:
        """Refuse text over 300 graphemes or 3000 bytes, a missing image, or an image without
        alt text, before sending."""
        text = compose_text(post)
        count = grapheme_count(text)
        if count > MAX_GRAPHEMES:
            raise PublishError(
                f"bluesky: post {post.id} is {count} characters (graphemes), over the limit "
                f"of {MAX_GRAPHEMES}: shorten the caption or drop a hashtag"
            )
        size = len(text.encode("utf-8"))
        if size > MAX_TEXT_BYTES:
            raise PublishError(
                f"bluesky: post {post.id} is {size} bytes of text, over the limit of "
                f"{MAX_TEXT_BYTES}: use fewer emoji or shorten the caption"
            )
        require_image(post.id, post.image)
        if post.image and not (post.alt_text or "").strip():
            raise PublishError(
                f"bluesky: post {post.id} has an image but no alt text (add it with 'planner alt')"
            )

    def publish(self, post: Post) -> Published:
        """Write the post's record (same key every time) and return its at:// URI and URL."""
        self.check(post)
        text = compose_text(post)
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": _iso(self.clock()),
            "langs": [self.language],
        }
        facets = facets_for(text)
        if facets:
            record["facets"] = facets
        if post.image:
            fitted = fit_image(post.image, MAX_BLOB_BYTES)
            blob = self._call(
                "com.atproto.repo.uploadBlob",
                content=fitted.data,
                headers={"Content-Type": fitted.mime},
            )["blob"]
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [
                    {
                        "alt": post.alt_text or "",
                        "image": blob,
                        "aspectRatio": {"width": fitted.width, "height": fitted.height},
                    }
                ],
            }
        rkey = record_key(post.id)
        session = self._ensure_session()
        result = self._call(
            "com.atproto.repo.putRecord",
            json={"repo": session["did"], "collection": COLLECTION, "rkey": rkey, "record": record},
        )
        url = f"https://bsky.app/profile/{quote(self.handle)}/post/{rkey}"
        return Published(remote_id=str(result["uri"]), url=url)

    # sessions

    def _ensure_session(self) -> dict[str, str]:
        if self._session is None:
            self._session = self.sessions.load(self.service, self.handle) or self._create()
        return self._session

    def _create(self) -> dict[str, str]:
        response = send(
            self.client,
            "POST",
            f"{self.service}/xrpc/com.atproto.server.createSession",
            self.name,
            json={"identifier": self.handle, "password": self._password},
        )
        check_response(response, self.name, "the login (createSession)")
        return self._keep(json_body(response, self.name, "the login (createSession)"))

    def _refresh(self) -> dict[str, str]:
        assert self._session is not None
        response = send(
            self.client,
            "POST",
            f"{self.service}/xrpc/com.atproto.server.refreshSession",
            self.name,
            headers={"Authorization": f"Bearer {self._session['refreshJwt']}"},
        )
        if _session_error(response):
            return self._create()
        check_response(response, self.name, "the session refresh")
        return self._keep(json_body(response, self.name, "the session refresh"))

    def _keep(self, data: dict[str, Any]) -> dict[str, str]:
        missing = [k for k in ("did", "accessJwt", "refreshJwt") if not data.get(k)]
        if missing:
            raise PublishError(
                f"bluesky: {self.service} answered the login without {', '.join(missing)}:"
                " check the account's --service"
            )
        session = {k: str(data[k]) for k in ("did", "accessJwt", "refreshJwt")}
        self.sessions.save(self.service, self.handle, session)
        self._session = session
        return session

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        """POST an authenticated XRPC call; refresh the session once if it expired."""
        headers = dict(kwargs.pop("headers", {}))
        for attempt in range(2):
            session = self._ensure_session()
            headers["Authorization"] = f"Bearer {session['accessJwt']}"
            response = send(
                self.client,
                "POST",
                f"{self.service}/xrpc/{method}",
                self.name,
                headers=headers,
                **kwargs,
            )
            if attempt == 0 and _session_error(response):
                self._refresh()
                continue
            check_response(response, self.name, method)
            return json_body(response, self.name, method)
        raise PublishError(f"bluesky: the session could not be renewed for {method}")


def _session_error(response: httpx.Response) -> bool:
    if response.status_code not in (400, 401):
        return False
    try:
        return response.json().get("error") in SESSION_ERRORS
    except (ValueError, AttributeError):
        return False


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
