"""The text a post is published with, and how targets measure it.

Edges: hashtags already in the caption (any case) are not appended again; a hashtag given as
"#run" or "run" is the same; graphemes are extended grapheme clusters (an emoji with skin tone
or a flag is one), counted with the ``regex`` module (UAX #29); a URL's trailing punctuation
(".", ",", ")") is not part of it.
"""

from __future__ import annotations

import re

from planner.models import Post

URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<![\w#&])#(\w[\w-]*)", re.UNICODE)
_TRAILING = ".,;:!?)]}'\""


def compose_text(post: Post) -> str:
    """The caption followed by the post's hashtags that the caption does not already carry."""
    caption = post.caption.strip()
    present = {m.group(1).lower() for m in HASHTAG_RE.finditer(caption)}
    tags = []
    for tag in post.hashtags:
        bare = tag.lstrip("#").strip()
        if bare and bare.lower() not in present:
            present.add(bare.lower())
            tags.append("#" + bare)
    if not tags:
        return caption
    return f"{caption}\n\n{' '.join(tags)}" if caption else " ".join(tags)


def links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of every http(s) link, in str indices, trailing punctuation excluded."""
    found = []
    for m in URL_RE.finditer(text):
        url = m.group(0).rstrip(_TRAILING)
        if len(url) > len("https://"):
            found.append((m.start(), m.start() + len(url), url))
    return found


def hashtags(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag without '#') of every hashtag; all-digit tags are not hashtags."""
    found = []
    taken = [(s, e) for s, e, _ in links(text)]
    for m in HASHTAG_RE.finditer(text):
        tag = m.group(1).rstrip("-_")
        if tag.isdigit() or any(s <= m.start() < e for s, e in taken):
            continue
        found.append((m.start(), m.start() + 1 + len(tag), tag))
    return found


def utf8_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A str-index span as UTF-8 byte offsets (what Bluesky facets use)."""
    byte_start = len(text[:start].encode("utf-8"))
    return byte_start, byte_start + len(text[start:end].encode("utf-8"))


def grapheme_count(text: str) -> int:
    """The number of user-perceived characters (extended grapheme clusters, UAX #29)."""
    import regex

    return len(regex.findall(r"\X", text))
