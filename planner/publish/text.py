"""The text a post is published with, and how targets measure it.

Edges: hashtags already in the caption (any case) are not appended again; a hashtag given as
"#run" or "run" is the same; graphemes are extended grapheme clusters (an emoji with skin tone
or a flag is one), counted with the ``regex`` module (UAX #29); a URL's trailing punctuation
(".", ",", ")") is not part of it.
"""

from __future__ import annotations

from planner.models import Post
from planner.text_units import hashtags, links

__all__ = ["compose_text", "grapheme_count", "hashtags", "links", "utf8_span"]


def compose_text(post: Post) -> str:
    """The caption followed by the post's hashtags that the caption does not already carry."""
    caption = post.caption.strip()
    present = {tag.lower() for _, _, tag in hashtags(caption)}
    tags = []
    for tag in post.hashtags:
        bare = tag.lstrip("#").strip()
        if bare and bare.lower() not in present:
            present.add(bare.lower())
            tags.append("#" + bare)
    if not tags:
        return caption
    return f"{caption}\n\n{' '.join(tags)}" if caption else " ".join(tags)


def utf8_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A str-index span as UTF-8 byte offsets (what Bluesky facets use)."""
    byte_start = len(text[:start].encode("utf-8"))
    return byte_start, byte_start + len(text[start:end].encode("utf-8"))


def grapheme_count(text: str) -> int:
    """The number of user-perceived characters (extended grapheme clusters, UAX #29)."""
    import regex

    return len(regex.findall(r"\X", text))
