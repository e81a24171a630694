"""Sentiment for the tone filter: VADER's compound score, read the way the filter needs it.

    sentiment(text)            VADER's compound (-1 … 1), quotes and hype idioms left out
    negativity(text)           a 0…1 score the benchmark ranks tweets by (not a verdict)
    negative_reason(...)       a "negative.sentiment" Reason when the score is below a floor
    floor(tone)                the floor a caption must stay above: NEGATIVE_FLOOR or the user's
    may_be_negative(text)      whether VADER need run at all (it is the slowest step)

Edges: the empty text scores 0; quoted passages, hype and brag idioms ("killing it") and
allowed phrases ("legs are dead") are left out before scoring, since their literal words
mislead VADER.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from planner.config import ToneSettings
from planner.models import Reason
from planner.text_units import blank_spans
from planner.tone.reasons import SOFTEN_CATEGORIES
from planner.tone.rules import ALLOW, Lexicon, lexicon, quoted_spans

#: A reply to an ex whose VADER compound is below this is rejected as hostile.
NEGATIVE_THRESHOLD = -0.5
#: A caption whose VADER compound is below this is rejected as negative whatever the model
#: says ("Worst, most horrible, dreadful evening"): on the tuning writers no calm caption
#: scores below -0.75 (-0.7 rejects grief posts). ``tone.negative_threshold`` replaces it.
NEGATIVE_FLOOR = -0.75
#: See ``may_be_negative``.
MIN_NEGATIVE_VALENCE = -2.4
_NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "nor", "without"})
_WORDS = re.compile(r"[a-z']+")


def floor(tone: ToneSettings) -> float:
    """The compound a caption must not fall below: the user's ``negative_threshold``, else
    ``NEGATIVE_FLOOR``."""
    return NEGATIVE_FLOOR if tone.negative_threshold is None else tone.negative_threshold


def sentiment(text: str, settings: ToneSettings | None = None) -> float:
    """VADER's compound score of ``text`` (-1 … 1), what misleads VADER left out."""
    return _vader_compound(_masked(text, lexicon(settings)))


def negativity(text: str, settings: ToneSettings | None = None) -> float:
    """A 0…1 negativity score: VADER's compound turned around, raised by negative phrases.

    This is the score the benchmark ranks tweets by; it is not a verdict.
    """
    lex = lexicon(settings)
    phrase = 1.0 if lex.hits("negative", text) else 0.0
    return ((1.0 - sentiment(text, settings)) / 2.0 + phrase) / 2.0


def negative_reason(text: str, lex: Lexicon, threshold: float) -> list[Reason]:
    """A "negative.sentiment" reason spanning ``text`` when its score is below ``threshold``."""
    score = _vader_compound(_masked(text, lex))
    if score >= threshold:
        return []
    return [
        Reason(
            "negative.sentiment",
            "negative",
            (0, len(text)),
            f"reads as negative overall (sentiment {score:+.2f}, below {threshold:+.2f})",
        )
    ]


def may_be_negative(text: str) -> bool:
    """False when ``text``'s words and emoji cannot add up to a compound far below zero, so
    VADER (the slowest step) is not run: their negative valences, and a negation's turn of
    the positive ones, sum above ``MIN_NEGATIVE_VALENCE``. On every caption, note and tweet
    at hand that VADER scores below -0.75 (and is not hype), the sum is -2.7 or lower."""
    lexicon_: dict[str, float] = _analyzer().lexicon
    low = text.lower().replace("’", "'")
    words = _WORDS.findall(low)
    values = [v for w in words if (v := lexicon_.get(w))]  # words it does not know add 0
    if not text.isascii():
        emoji = _emoji_valences()
        values += [emoji[c] for c in text if c in emoji]
    negative = sum([v for v in values if v < 0])
    if not _NEGATIONS.isdisjoint(words) or ("n't" in low and any(w.endswith("n't") for w in words)):
        negative -= 0.74 * sum([v for v in values if v > 0])
    return negative <= MIN_NEGATIVE_VALENCE


def _masked(text: str, lex: Lexicon) -> str:
    """``text`` without what must not sway VADER: quotes, hype/brag idioms, allowed phrases."""
    spans = quoted_spans(text)
    spans += [h.span for cat in (*SOFTEN_CATEGORIES, ALLOW) for h in lex.hits(cat, text)]
    return blank_spans(text, spans)


@cache
def _emoji_valences() -> dict[str, float]:
    """Each emoji VADER knows -> the valence of the words it reads it as."""
    analyzer = _analyzer()
    lexicon_: dict[str, float] = analyzer.lexicon
    return {
        emoji: sum(lexicon_.get(w, 0.0) for w in description.lower().split())
        for emoji, description in analyzer.emojis.items()
    }


def _vader_compound(text: str) -> float:
    if not text.strip():
        return 0.0
    scores: dict[str, Any] = _analyzer().polarity_scores(text)
    return float(scores["compound"])


@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()
