"""The units of a caption that are not words: emoji, hashtags and links, found one way everywhere.

The tone filter, the card fonts, the captions and the publishing targets all ask "is this an
emoji?" and "where are the hashtags?"; they ask here, so a fix lands everywhere at once.

    EMOJI_RE        one emoji sequence: a flag (two regional indicators), or a pictograph with
                    its variation selector, skin tone, ZWJ-joined pictographs and tag characters
    emoji_spans     the spans of the emoji sequences in a text
    is_emoji        one character: a pictograph or a mark that builds emoji sequences
    hashtags        (start, end, tag) of every hashtag; hashtag_spans: their spans
    as_hashtag      an activity tag made into a hashtag that ``hashtags`` reads back whole
    links           (start, end, url) of every http(s) link; is_url: the text is one
    blank_spans     the text with some spans (overlapping or not) each made one space

Edges:
- Pictographs are U+1F000-1FAFF, the symbol blocks U+2300-23FF, U+2600-27BF and U+2B00-2BFF,
  and ©, ®, 〰, 〽, ㊗, ㊙. ™ and ° are not emoji, nor are the arrows U+2190-21FF.
- A hashtag is "#" after neither a word character, "#" nor "&" (so "##x" and the HTML entity
  "&#39;" are not hashtags), then a word character, then word characters and hyphens; trailing
  hyphens and underscores are not part of it ("#run-" is "#run"). An all-digit tag ("#1") and a
  "#" inside a link ("https://x.org/#top") are not hashtags.
- A link is http:// or https:// (any case) up to white space, without trailing punctuation.
"""

from __future__ import annotations

import re

_EMOJI_BASE = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\u3030\u303d\u3297\u3299\u00a9\u00ae"
)
#: Joiners, variation selectors and the keycap mark that build emoji sequences.
EMOJI_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")
EMOJI_RE = re.compile(
    r"[\U0001f1e6-\U0001f1ff]{2}"
    rf"|[{_EMOJI_BASE}][\ufe0f\ufe0e]?[\U0001f3fb-\U0001f3ff]?"
    rf"(?:\u200d[{_EMOJI_BASE}][\ufe0f\ufe0e]?[\U0001f3fb-\U0001f3ff]?)*"
    r"[\U000e0020-\U000e007f]*"
)
_EMOJI_CHAR = re.compile(rf"[{_EMOJI_BASE}\u200d\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]")

URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<![\w#&])#(\w[\w-]*)")
_NOT_IN_HASHTAG = re.compile(r"\W")
_TRAILING = ".,;:!?)]}'\""


def is_emoji(ch: str) -> bool:
    """True for a pictograph, a regional indicator, a skin tone, or a joiner, variation selector,
    keycap mark or tag character that builds an emoji sequence."""
    return _EMOJI_CHAR.match(ch) is not None


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the emoji in ``text`` (a flag, a ZWJ family or a skin-toned emoji is one)."""
    if text.isascii():  # every emoji is outside ASCII: the common case costs nothing
        return []
    return [m.span() for m in EMOJI_RE.finditer(text)]


def is_url(text: str) -> bool:
    """True for an http(s) URL, the scheme in any case ("HTTP://x" too)."""
    return text.lstrip().lower().startswith(("http://", "https://"))


def links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of every http(s) link, in str indices, trailing punctuation excluded."""
    found = []
    for m in URL_RE.finditer(text):
        url = m.group(0).rstrip(_TRAILING)
        if len(url) > len("https://"):
            found.append((m.start(), m.start() + len(url), url))
    return found


def hashtags(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag without '#') of every hashtag, "#" included in the span."""
    if "#" not in text:
        return []
    found = []
    taken = [(s, e) for s, e, _ in links(text)] if "://" in text else []
    for m in HASHTAG_RE.finditer(text):
        tag = m.group(1).rstrip("-_")
        if not tag or tag.isdigit() or any(s <= m.start() < e for s, e in taken):
            continue
        found.append((m.start(), m.start() + 1 + len(tag), tag))
    return found


def hashtag_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the hashtags in ``text``, "#" included."""
    return [(start, end) for start, end, _ in hashtags(text)]


def as_hashtag(tag: str) -> str | None:
    """ "#" and the tag's word characters ("self-care" -> "#selfcare"), or None when nothing
    usable is left (empty, all digits). ``hashtags`` reads the result back as one hashtag."""
    cleaned = _NOT_IN_HASHTAG.sub("", tag).rstrip("_")
    if not cleaned or cleaned.isdigit():
        return None
    return "#" + cleaned


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` replaced by one space; overlapping or touching spans
    count as one, so nothing outside them is cut."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    return text
