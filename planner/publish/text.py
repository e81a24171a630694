"""The text a post is published with, and how targets measure it.

Edges: hashtags already in the caption (any case) are not appended again; a hashtag given as
"#run" or "run" is the same; graphemes are extended grapheme clusters (an emoji with skin tone
or a flag is one), counted with the ``regex`` module when installed, else with a close
approximation of UAX #29; a URL's trailing punctuation (".", ",", ")") is not part of it.
"""

from __future__ import annotations

import re
import unicodedata

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
    """The number of user-perceived characters (extended grapheme clusters)."""
    try:
        import regex
    except ImportError:
        return _approximate_graphemes(text)
    return len(regex.findall(r"\X", text))


def _extends(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or code == 0x200D
    )


def _approximate_graphemes(text: str) -> int:
    count = 0
    previous = ""
    regional_open = False
    for ch in text:
        code = ord(ch)
        if (
            previous == "\r"
            and ch == "\n"
            or _extends(ch)
            or previous == "\u200d"
            and unicodedata.category(ch) == "So"
        ):
            pass
        elif 0x1F1E6 <= code <= 0x1F1FF and regional_open:
            regional_open = False
        else:
            count += 1
            regional_open = 0x1F1E6 <= code <= 0x1F1FF
        previous = ch
    return count
