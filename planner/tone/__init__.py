"""The tone filter: text -> Verdict (ok / soften / reject, with reasons and spans). Pure.

    verdicts.py   check, caption_verdict, caption_check, check_reply: the public judgement
    rules.py      the phrase lists of templates/tone/ as compiled matchers, names, emoji
    soften.py     the calm rewrite of an overboard or bragging caption

Nothing here raises on any input string.
"""

from planner.tone.verdicts import (
    NEGATIVE_THRESHOLD,
    REJECT_CATEGORIES,
    caption_check,
    caption_verdict,
    check,
    check_reply,
    negativity,
    sentiment,
    soften,
)

__all__ = [
    "NEGATIVE_THRESHOLD",
    "REJECT_CATEGORIES",
    "caption_check",
    "caption_verdict",
    "check",
    "check_reply",
    "negativity",
    "sentiment",
    "soften",
]
