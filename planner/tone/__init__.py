"""The tone filter: text -> Verdict (ok / soften / reject, with reasons and spans). Pure.

    verdicts.py   check, caption_verdict, caption_check, check_reply: the public judgement
    rules.py      the phrase lists of templates/tone/ as compiled matchers, names, emoji
    soften.py     the calm rewrite of an overboard or bragging caption

Nothing here raises on any input string.
"""

from planner.tone.verdicts import (
    NEGATIVE_THRESHOLD,
    REJECT_CATEGORIES,
    bad_day_words,
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
    "bad_day_words",
    "caption_check",
    "caption_verdict",
    "check",
    "clear_caches",
    "check_reply",
    "negativity",
    "sentiment",
    "soften",
]


def clear_caches() -> None:
    """Forget every per-text cache of the tone filter (benchmarks measure cold judgements).

    Per-word caches (character grams) stay: words repeat across any user's captions.
    """
    from planner.tone import features, model, names, rules, verdicts

    for cached in (
        features.extract,
        features.normalise,
        features.token_spans,
        model._probabilities,
        model._term_spans,
        names.fold,
        rules._all_hits,
        verdicts._without_allowed,
        verdicts._rule_soften_reasons,
    ):
        cached.cache_clear()
