"""What the rules soften in a caption: hype and brag phrases, capitals, "!!", emoji, hashtags.

The detectors live here too (``shouted_spans``, ``exclaim_spans``, ``BEST_EVER_RE``): the
calm rewrite (``tone.soften``) undoes what they find.

``soften_reasons(text, lex)`` lists them with their spans: phrases of the brag and overboard
lists, shouted words (runs of them as one), runs of two or more exclamation marks, three or
more emoji, a repeated emoji, more than two hashtags, and "best … ever".

Edges: computed once per text (a fresh list each call); a repeated emoji is reported once;
a variation selector does not make an emoji a different one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from planner.models import Reason
from planner.tone.reasons import phrase_reason
from planner.tone.rules import Lexicon, emoji_spans, hashtag_spans

PUNCT_RUN_RE = re.compile(r"[!?！？‼⁉]+")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_THING = r"(?!(?:best|greatest|ever|i|we|you|it)(?![\w'’]))\w[\w'’\-]*"
_HAVE_EVER = (
    r"(?:i|we|you)(?:['’]ve|\s+have)\s+ever(?:\s+(?:had|seen|done|eaten|tasted|made|run|ridden"
    r"|visited|tried|climbed|hiked|watched|read|heard|cooked|baked|been\s+(?:to|on)|been))?"
)
#: The words every "best … ever" holds (see ``BEST_EVER_RE``).
_BEST = ("best", "greatest")
#: "best X ever", "the best X I've ever had" and "Best. X. Ever."; the thing X is group 1 or 2.
BEST_EVER_RE = re.compile(
    rf"(?<!\w)(?:(?:the|my|our|your)\s+)?(?:{'|'.join(_BEST)})"
    rf"(?:\s+((?:{_THING}\s+){{0,3}}?{_THING})\s+(?:{_HAVE_EVER}|ever)"
    rf"|[.!]\s*({_THING})[.!]\s*ever)(?!\w)",
    re.IGNORECASE,
)
_ASCII_CAPS = re.compile(r"[A-Z]{2}")


def soften_reasons(text: str, lex: Lexicon) -> list[Reason]:
    """What the rules would soften in ``text`` (see the module docstring)."""
    return list(_rule_soften_reasons(lex, text))


def is_hyped(text: str, lex: Lexicon) -> bool:
    """Shouting, "!!!", emoji runs or hype phrases: what makes VADER read joy as rage."""
    return any(r.category == "overboard" for r in _rule_soften_reasons(lex, text))


@lru_cache(maxsize=1024)
def _rule_soften_reasons(lex: Lexicon, text: str) -> tuple[Reason, ...]:
    reasons = [phrase_reason(hit) for cat in ("brag", "overboard") for hit in lex.hits(cat, text)]
    for span in _runs(text, shouted_spans(text, lex.acronyms)):
        reasons.append(Reason("overboard.caps", "overboard", span, "shouting in capitals"))
    for span in exclaim_spans(text):
        reasons.append(
            Reason("overboard.exclamation", "overboard", span, "more than one exclamation mark")
        )
    emoji = emoji_spans(text)
    if len(emoji) >= 3:
        reasons.append(
            Reason(
                "overboard.emoji",
                "overboard",
                (emoji[0][0], emoji[-1][1]),
                f"{len(emoji)} emoji; one is plenty",
            )
        )
    seen: set[str] = set()
    for start, end in emoji:
        key = text[start:end].replace("\ufe0f", "")
        if key in seen:
            reasons.append(
                Reason("overboard.repeated_emoji", "overboard", (start, end), "repeated emoji")
            )
            break
        seen.add(key)
    tags = hashtag_spans(text)
    if len(tags) > 2:
        reasons.append(
            Reason(
                "overboard.hashtags",
                "overboard",
                (tags[2][0], tags[-1][1]),
                f"{len(tags)} hashtags; two at most",
            )
        )
    for m in best_ever_matches(text):
        reasons.append(Reason("overboard.best_ever", "overboard", m.span(), '"best … ever"'))
    return tuple(reasons)


def best_ever_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``BEST_EVER_RE`` in ``text``; ASCII text without "best" or "greatest"
    (in any case) is not searched."""
    if text.isascii():
        low = text.lower()
        if not any(word in low for word in _BEST):
            return []
    return list(BEST_EVER_RE.finditer(text))


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not any(c.isalnum() for c in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def exclaim_spans(text: str) -> list[tuple[int, int]]:
    """Spans of runs with two or more exclamation marks ("!!", "!?!", "‼")."""
    if "!" not in text and "！" not in text and "‼" not in text and "⁉" not in text:
        return []
    return [m.span() for m in PUNCT_RUN_RE.finditer(text) if bangs(m.group(0)) >= 2]


def bangs(run: str) -> int:
    """How many exclamation marks a run of "!?" punctuation holds ("‼" counts two)."""
    return run.count("!") + run.count("！") + 2 * run.count("‼") + run.count("⁉")


def shouted_spans(text: str, acronyms: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of shouted words: upper-case words that are not known acronyms.

    A word of 4+ letters shouts alone; a 2-3 letter word shouts next to another upper-case
    word ("SO HAPPY"); known acronyms ("NYC", "PR") and one-letter words never shout.
    """
    if text.isascii() and _ASCII_CAPS.search(text) is None:  # no two capitals in a row
        return []
    if not text.isascii() and text == text.lower():
        return []
    words = [(m.span(), m.group(0)) for m in WORD_RE.finditer(text)]
    caps = [len(w) >= 2 and w.isupper() and w.lower() != w for _, w in words]
    out: list[tuple[int, int]] = []
    for i, (span, word) in enumerate(words):
        if not caps[i] or word.upper() in acronyms:
            continue
        neighbour = (i > 0 and caps[i - 1]) or (i + 1 < len(words) and caps[i + 1])
        if len(word) >= 4 or neighbour:
            out.append(span)
    return out
