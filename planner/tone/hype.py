"""What the rules soften in a caption: hype and brag phrases, capitals, "!!", emoji, hashtags.

``soften_reasons(text, lex)`` lists them with their spans: phrases of the brag and overboard
lists, shouted words (runs of them as one), runs of two or more exclamation marks, three or
more emoji, a repeated emoji, more than two hashtags, and "best … ever".

Edges: computed once per text (a fresh list each call); a repeated emoji is reported once;
a variation selector does not make an emoji a different one.
"""

from __future__ import annotations

from functools import lru_cache

from planner.models import Reason
from planner.tone.reasons import phrase_reason
from planner.tone.rules import (
    BEST_EVER_RE,
    Lexicon,
    emoji_spans,
    exclaim_spans,
    hashtag_spans,
    shouted_spans,
)


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
    for m in BEST_EVER_RE.finditer(text):
        reasons.append(Reason("overboard.best_ever", "overboard", m.span(), '"best … ever"'))
    return tuple(reasons)


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not any(c.isalnum() for c in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
