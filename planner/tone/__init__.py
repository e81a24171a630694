"""The tone filter: text -> Verdict (ok / soften / reject, with reasons and spans). Pure.

    verdicts.py   check, caption_verdict, caption_check, bad_day_words: the judgement
    reply.py      check_reply: a reply to an ex
    rules.py      the phrase lists of templates/tone/ as compiled matchers
    match_starts.py  what begins every match of a pattern (the scan's shortcut)
    names.py      never_mention names, however spelled
    hype.py       what the rules soften; soften.py: the calm rewrite
    sentiment.py  VADER, read the way the filter needs it
    features.py, model.py   the learned layer; reasons.py: categories and reason wording
    corpus.py, augment.py, train.py   the evaluation corpus, restyled training copies and
                            the trainer (development only)

Nothing here raises on any input string.
"""

from planner.tone.reasons import REJECT_CATEGORIES
from planner.tone.reply import check_reply
from planner.tone.sentiment import NEGATIVE_THRESHOLD, negativity, sentiment
from planner.tone.soften import soften
from planner.tone.verdicts import bad_day_words, caption_check, caption_verdict, check

__all__ = [
    "NEGATIVE_THRESHOLD",
    "REJECT_CATEGORIES",
    "bad_day_words",
    "caption_check",
    "caption_verdict",
    "check",
    "check_reply",
    "clear_caches",
    "negativity",
    "sentiment",
    "soften",
]


def clear_caches() -> None:
    """Forget every per-text cache of the tone filter (benchmarks measure cold judgements).

    Per-word caches (a word's character grams, the words of a run of text between white
    space, how a hashtag reads) stay: words repeat across any user's captions. The language
    check's per-text caches are emptied too.
    """
    from planner import language, word_language
    from planner.tone import features, hype, model, names, rules, verdicts

    for cached in (
        features.extract,
        features.normalise,
        features.token_spans,
        model._probabilities,
        names.fold,
        rules._all_hits,
        verdicts._without_allowed,
        hype._rule_soften_reasons,
        language.language_scores,
        word_language._lead,
    ):
        cached.cache_clear()
