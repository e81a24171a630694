"""The webhook target: POST the post as JSON, signed with the user's secret.

The body is ``{"event": "post.published", "post": {...}, "text": ..., "image": {"filename",
"content_type", "data" (base64)} | null}``; the header ``X-Planner-Signature: sha256=<hex
HMAC-SHA256 of the exact body bytes>`` lets the receiver check it came from you, and
``Idempotency-Key: planner-<post id>`` lets it drop a retry it already has.

Edges: any 2xx is success; the receiver may answer JSON ``{"id", "url"}`` to name the remote
post, else the post id is the remote id; the body is built once, so the signature always
matches the bytes sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

from planner.models import Post
from planner.publish import Published
from planner.publish.http import check_response, send, text_field
from planner.publish.images import fit_image, require_image
from planner.publish.text import compose_text

if TYPE_CHECKING:
    import httpx

MAX_IMAGE_BYTES = 10_000_000
SIGNATURE_HEADER = "X-Planner-Signature"


def sign(secret: str, body: bytes) -> str:
    """The X-Planner-Signature value for a body."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def payload(post: Post) -> bytes:
    """The exact JSON body sent for a post."""
    image: dict[str, Any] | None = None
    if post.image:
        fitted = fit_image(post.image, MAX_IMAGE_BYTES)
        image = {
            "filename": fitted.filename,
            "content_type": fitted.mime,
            "width": fitted.width,
            "height": fitted.height,
            "data": base64.b64encode(fitted.data).decode("ascii"),
        }
    document = {
        "event": "post.published",
        "post": post.to_dict(),
        "text": compose_text(post),
        "image": image,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


class Webhook:
    """POST posts to a URL the user controls."""

    name = "webhook"

    def __init__(self, client: httpx.Client, url: str, secret: str) -> None:
        self.client = client
        self.url = url
        self._secret = secret

    def __repr__(self) -> str:
        return "Webhook()"

    def check(self, post: Post) -> None:
        """Refuse a missing image file; everything else is the receiver's to decide."""
        require_image(post.id, post.image)

    def publish(self, post: Post) -> Published:
        """POST the signed body; the receiver's JSON id/url name the remote post."""
        body = payload(post)
        response = send(
            self.client,
            "POST",
            self.url,
            self.name,
            content=body,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sign(self._secret, body),
                "Idempotency-Key": f"planner-{post.id}",
                "X-Planner-Event": "post.published",
            },
        )
        check_response(response, self.name, f"post {post.id}")
        try:
            data = response.json()
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return Published(remote_id=str(data.get("id") or post.id), url=text_field(data, "url"))
