"""The Mastodon target (documented REST API over one httpx.Client).

Publishing: the instance's limits are read once from ``GET /api/v2/instance`` (max
characters, characters per URL, max media, image size) and checked before anything is sent;
the card goes to ``POST /api/v2/media`` with its alt text as ``description`` and is polled with
``GET /api/v1/media/:id`` while the server answers 206 or ``url: null``; the status is posted
with ``Idempotency-Key: planner-<post id>`` so a retry within the server's hour returns the
same status instead of a second one.

Pushing (``schedule``): ``scheduled_at`` must be at least 5 minutes ahead; the server allows
at most 25 scheduled statuses per day and 300 pending per account, checked first against
``GET /api/v1/scheduled_statuses``.

Edges: a URL counts as ``characters_reserved_per_url`` (23) whatever its length, and
punctuation right after it (".", ",", ")") counts as text, as Mastodon counts it; media still
processing after MEDIA_POLL_LIMIT polls, a second apart, is a TransientError (retried later).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from planner.errors import PublishError
from planner.models import Post
from planner.publish import Published, TransientError
from planner.publish.http import check_response, json_body, send, text_field
from planner.publish.images import fit_image, require_image
from planner.publish.text import compose_text, grapheme_count, links

if TYPE_CHECKING:
    import httpx

MIN_SCHEDULE_AHEAD = timedelta(minutes=5)
MEDIA_POLL_LIMIT = 30
MEDIA_POLL_SECONDS = 1.0
MAX_SCHEDULED_PER_DAY = 25
MAX_SCHEDULED_TOTAL = 300


def idempotency_key(post_id: str, kind: str = "status") -> str:
    """The Idempotency-Key for a post: stable per post id (and per status or scheduled)."""
    return f"planner-{kind}-{post_id}"


class Mastodon:
    """Publish to one Mastodon account."""

    name = "mastodon"

    def __init__(
        self,
        client: httpx.Client,
        server: str,
        token: str,
        language: str,
        visibility: str,
        sleep: Callable[[float], None],
    ) -> None:
        self.client = client
        self.server = server.rstrip("/")
        self._token = token
        self.language = language
        self.visibility = visibility
        self.sleep = sleep
        self._limits: dict[str, int] | None = None

    def __repr__(self) -> str:
        return f"Mastodon(server={self.server!r})"

    def _request(self, method: str, path: str, what: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._token}", **kwargs.pop("headers", {})}
        response = send(
            self.client, method, f"{self.server}{path}", self.name, headers=headers, **kwargs
        )
        check_response(response, self.name, what)
        return response

    def limits(self) -> dict[str, int]:
        """max_characters, url_chars, max_media, image_size_limit and description_limit (alt
        text) from /api/v2/instance."""
        if self._limits is None:
            what = "the instance info"
            data = json_body(self._request("GET", "/api/v2/instance", what), self.name, what)
            config = data.get("configuration", {})
            statuses = config.get("statuses", {})
            media = config.get("media_attachments", {})
            self._limits = {
                "max_characters": int(statuses.get("max_characters", 500)),
                "url_chars": int(statuses.get("characters_reserved_per_url", 23)),
                "max_media": int(statuses.get("max_media_attachments", 4)),
                "image_size_limit": int(media.get("image_size_limit", 16 * 1024 * 1024)),
                "description_limit": int(media.get("description_limit", 1500)),
            }
        return self._limits

    def text_length(self, text: str) -> int:
        """Characters as Mastodon counts them: graphemes, each URL as url_chars."""
        url_chars = self.limits()["url_chars"]
        found = links(text)
        rest, last = [], 0
        for start, end, _ in found:
            rest.append(text[last:start])
            last = end
        rest.append(text[last:])
        return grapheme_count("".join(rest)) + url_chars * len(found)

    def check(self, post: Post) -> None:
        """Refuse text over the instance's limit, before uploading anything."""
        limits = self.limits()
        length = self.text_length(compose_text(post))
        if length > limits["max_characters"]:
            raise PublishError(
                f"mastodon: post {post.id} is {length} characters, over this server's limit of "
                f"{limits['max_characters']}: shorten the caption"
            )
        if post.image and limits["max_media"] < 1:
            raise PublishError("mastodon: this server accepts no media attachments")
        require_image(post.id, post.image)
        alt = post.alt_text or ""
        if post.image and len(alt) > limits["description_limit"]:
            raise PublishError(
                f"mastodon: the alt text of post {post.id} is {len(alt)} characters, over this"
                f" server's limit of {limits['description_limit']}: shorten it with 'planner alt'"
            )

    def upload_media(self, post: Post) -> str:
        """Upload the card with its alt text and wait until the server has processed it."""
        assert post.image is not None
        fitted = fit_image(post.image, self.limits()["image_size_limit"])
        response = self._request(
            "POST",
            "/api/v2/media",
            "the image upload",
            files={"file": (fitted.filename, fitted.data, fitted.mime)},
            data={"description": post.alt_text or ""},
        )
        media = json_body(response, self.name, "the image upload")
        media_id = str(media["id"])
        polls = 0
        while response.status_code in (202, 206) or media.get("url") is None:
            if polls >= MEDIA_POLL_LIMIT:
                raise TransientError(
                    f"mastodon: the image {media_id} is still being processed", unsent=True
                )
            self.sleep(MEDIA_POLL_SECONDS)
            polls += 1
            response = self._request("GET", f"/api/v1/media/{media_id}", "the image status")
            media = json_body(response, self.name, "the image status")
        return media_id

    def _status_form(self, post: Post, media_ids: Iterable[str]) -> dict[str, Any]:
        form: dict[str, Any] = {
            "status": compose_text(post),
            "visibility": self.visibility,
            "language": self.language,
        }
        ids = list(media_ids)
        if ids:
            form["media_ids"] = ids
        return form

    def publish(self, post: Post) -> Published:
        """Post the status (Idempotency-Key from the post id) and return its id and URL."""
        self.check(post)
        try:
            media = [self.upload_media(post)] if post.image else []
        except TransientError as exc:  # the status itself was not sent
            raise TransientError(str(exc), exc.retry_after, unsent=True) from None
        response = self._request(
            "POST",
            "/api/v1/statuses",
            "the status",
            json=self._status_form(post, media),
            headers={"Idempotency-Key": idempotency_key(post.id)},
        )
        status = json_body(response, self.name, "the status")
        return Published(remote_id=str(status["id"]), url=text_field(status, "url", "uri"))

    # scheduled statuses (push)

    def scheduled(self) -> list[dict[str, Any]]:
        """Every scheduled status of the account, following pagination."""
        found: list[dict[str, Any]] = []
        path: str | None = "/api/v1/scheduled_statuses?limit=40"
        while path and len(found) < MAX_SCHEDULED_TOTAL + 40:
            response = self._request("GET", path, "the scheduled statuses")
            try:
                page = response.json()
            except ValueError:
                page = None
            if not isinstance(page, list):
                raise PublishError(
                    f"mastodon: {self.server} answered the scheduled statuses with HTTP"
                    f" {response.status_code} but not a JSON list: check the account's --server"
                )
            found.extend(e for e in page if isinstance(e, dict) and "id" in e)
            next_link = response.links.get("next", {}).get("url") or ""
            same_server = next_link.startswith(self.server + "/")  # the token goes there
            path = next_link.removeprefix(self.server) if same_server and page else None
        return found

    def check_schedule(self, posts: list[Post], now: datetime) -> None:
        """Refuse the whole push before sending anything if a post breaks a server limit."""
        existing = self.scheduled()
        if len(existing) + len(posts) > MAX_SCHEDULED_TOTAL:
            raise PublishError(
                f"mastodon: {len(existing)} statuses are already scheduled; "
                f"{len(posts)} more would pass the limit of {MAX_SCHEDULED_TOTAL}"
            )
        per_day = Counter(_utc_day(s["scheduled_at"]) for s in existing if s.get("scheduled_at"))
        for post in posts:
            if post.at - now < MIN_SCHEDULE_AHEAD:
                raise PublishError(
                    f"mastodon: post {post.id} at {post.at:%Y-%m-%d %H:%M} is less than 5 minutes "
                    "ahead; publish it with 'planner publish --due' instead"
                )
            day = post.at.astimezone(UTC).date().isoformat()
            per_day[day] += 1
            if per_day[day] > MAX_SCHEDULED_PER_DAY:
                raise PublishError(
                    f"mastodon: more than {MAX_SCHEDULED_PER_DAY} statuses would be scheduled "
                    f"on {day} (UTC)"
                )
            self.check(post)

    def schedule(self, post: Post) -> Published:
        """Let the server hold the post until its time; returns the scheduled status id."""
        media = [self.upload_media(post)] if post.image else []
        form = self._status_form(post, media)
        form["scheduled_at"] = post.at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        response = self._request(
            "POST",
            "/api/v1/statuses",
            "the scheduled status",
            json=form,
            headers={"Idempotency-Key": idempotency_key(post.id, "scheduled")},
        )
        scheduled = json_body(response, self.name, "the scheduled status")
        return Published(remote_id=str(scheduled["id"]), url=None)

    @staticmethod
    def find_scheduled(post: Post, remote: list[dict[str, Any]]) -> str | None:
        """The id of the scheduled status (from ``scheduled()``) that is this post: the one
        holding its Idempotency-Key, else the one with its text at its time; None if none."""
        key = idempotency_key(post.id, "scheduled")
        text = compose_text(post)
        for entry in remote:
            params = entry.get("params") or {}
            if params.get("idempotency") == key:
                return str(entry["id"])
        for entry in remote:
            params = entry.get("params") or {}
            at = entry.get("scheduled_at")
            if params.get("text") == text and at and _utc_moment(at) == post.at:
                return str(entry["id"])
        return None

    def cancel(self, scheduled_id: str) -> bool:
        """Cancel a scheduled status; False if the server no longer holds it."""
        response = send(
            self.client,
            "DELETE",
            f"{self.server}/api/v1/scheduled_statuses/{scheduled_id}",
            self.name,
            headers={"Authorization": f"Bearer {self._token}"},
        )
        if response.status_code == 404:
            return False
        check_response(response, self.name, "the cancellation")
        return True


def _utc_moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _utc_day(text: str) -> str:
    return _utc_moment(text).date().isoformat()
