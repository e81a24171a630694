"""The tone filter: is a caption calm and aimed at no one? ok, soften or reject, with reasons.

    check(text)             -> Verdict for a caption (ok / soften + softened text / reject)
    caption_verdict(text, settings) -> the same, with never_mention and [tone] from Settings
    caption_check(settings) -> text -> None | one-line problem, for text used verbatim
    check_reply(text)       -> Verdict for a reply to an ex (ok / reject, never soften)
    soften(text)            -> the calm version of an overboard caption (see tone.soften)

How a caption is judged, in order:
1. Rules that always reject: a never_mention name; a bundled ex-directed or jealousy phrase
   (templates/tone/); any phrase the user added in planner.toml's [tone]; a VADER sentiment
   below ``NEGATIVE_FLOOR`` (-0.75), or below ``tone.negative_threshold`` when the user set one
   (not for hype: shouting and "!!!" make VADER read joy as rage).
2. The learned model (``tone.model``), when no rule rejected: if the probability of the
   reject labels together passes the model's threshold ("reject", or "strict" with
   ``tone.strictness = "strict"``), the caption is rejected under its most likely reject
   label, with the words that pushed it there (or the bundled needy/negative phrases it
   holds) as spans. The model never sees phrases on the allow lists (templates/tone/allow.txt,
   ``tone.allow``).
3. Softening: hype the rules see (capitals, "!!!", 3+ emoji, a repeated emoji, 3+ hashtags,
   "best … ever", hype and brag phrases) or brag/overboard the model sees. The softened text
   (``tone.soften``) must pass steps 1-3 itself, else the caption is rejected with rule
   "soften.failed" (the planner then uses a template caption).

A text in a language the filter cannot read (``planner.language``) is rejected with rule
"language.unsupported": it is never silently "ok" (never_mention names are still named).

Edges: the empty text is ok; text past ``features.MAX_CHARS`` is judged by the rules in full
and by the model on its start. Nothing here raises on any input string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from planner.config import Settings, ToneSettings
from planner.models import Reason, Verdict
from planner.tone.features import extract
from planner.tone.model import REJECT_LABELS, SOFTEN_LABELS, LinearModel, evidence
from planner.tone.model import load as load_model
from planner.tone.names import name_spans
from planner.tone.rules import (
    ALLOW,
    BEST_EVER_RE,
    Hit,
    Lexicon,
    emoji_spans,
    exclaim_spans,
    hashtag_spans,
    lexicon,
    quoted_spans,
    shouted_spans,
)
from planner.tone.soften import FLEX_RE, soften

__all__ = [
    "NEGATIVE_THRESHOLD",
    "REJECT_CATEGORIES",
    "caption_check",
    "caption_verdict",
    "check",
    "bad_day_words",
    "check_reply",
    "negativity",
    "sentiment",
    "soften",
]

#: A reply to an ex whose VADER compound is below this is rejected as hostile.
NEGATIVE_THRESHOLD = -0.5
#: A caption whose VADER compound is below this is rejected as negative whatever the model
#: says ("Worst, most horrible, dreadful evening"): on the tuning writers no calm caption
#: scores below -0.75 (-0.7 rejects grief posts). ``tone.negative_threshold`` replaces it.
NEGATIVE_FLOOR = -0.75
#: Bundled phrase lists precise enough to reject on their own (on the tuning writers no calm
#: caption holds one); needy and negative phrases only inform the model, since grief and
#: gym talk use them too ("miss you, Grandpa", "legs are dead").
HARD_PHRASES: frozenset[str] = frozenset({"ex_directed", "jealousy"})
#: Detecting a language needs words: from ``LANGUAGE_LETTERS`` letters on, the detector's
#: judgement stands; from ``SHORT_LETTERS``, only a judgement at least ``SHORT_SURE`` sure
#: ("Te extraño mucho" is Spanish at 0.98; "Zwift ride" German at 0.64); below, none does.
LANGUAGE_LETTERS = 20
SHORT_LETTERS = 6
SHORT_SURE = 0.85
#: The model's brag or hype counts only with one of these cues in the text: a calm caption
#: it misreads would otherwise be "softened" into the same words, and then refused.
SOFTEN_CUES: dict[str, tuple[str, ...]] = {
    "brag": ("c:money", "c:status", "c:looks", "c:ease", "r:brag"),
    "overboard": ("c:hype", "s:exclaims", "s:emoji", "s:caps_words", "r:overboard"),
}
REJECT_CATEGORIES: tuple[str, ...] = (
    "never_mention",
    "ex_directed",
    "jealousy",
    "needy",
    "negative",
)
SOFTEN_CATEGORIES: tuple[str, ...] = ("brag", "overboard")
PRIORITY: dict[str, int] = {
    c: i for i, c in enumerate(REJECT_CATEGORIES + SOFTEN_CATEGORIES + ("soften.failed",))
}
MAX_REPLY_WORDS = 25

_MESSAGES = {
    "ex_directed": "reads as aimed at an ex",
    "needy": "reads as needy",
    "jealousy": "reads as baiting jealousy",
    "negative": "reads as venting or hostile",
    "overboard": "hype; tone it down",
    "brag": "reads as bragging",
}


def check(
    text: str,
    *,
    never_mention: tuple[str, ...] | list[str] = (),
    settings: ToneSettings | None = None,
    model: LinearModel | None = None,
    written_in: str | None = None,
) -> Verdict:
    """Judge one caption: "ok", "soften" (with the softened text) or "reject", with reasons.

    Edges: reasons are ordered by category (rejects first) then position; ``softened`` is set
    only for "soften"; names in ``never_mention`` match however they are spelled (see
    ``tone.names``); ``model`` defaults to the shipped one (tests and the trainer pass theirs);
    ``written_in`` is the text's language when the caller knows it (planner's own templates):
    then it is not detected, and a language the filter cannot read is checked for names only.
    """
    tone = settings or ToneSettings()
    judge = _Judge(lexicon(settings), tone, tuple(never_mention), model or load_model())
    if written_in is not None:
        from planner.language import JUDGED_LANGUAGES

        if written_in not in JUDGED_LANGUAGES:
            names = judge.name_reasons(text)
            return Verdict(text, "reject", _ordered(names)) if names else Verdict(text, "ok")
        unjudged = None
    else:
        unjudged = _language_reason(text)
    if unjudged is not None:  # names are found in any language; the rest cannot be judged
        return Verdict(text, "reject", _ordered(judge.name_reasons(text) + [unjudged]))
    reasons = judge.reject_reasons(text)
    if reasons:  # the rules' hype and brag reasons are listed too; the model's are moot
        soft = _soften_reasons(text, judge.lex)
        return Verdict(text, "reject", _ordered(reasons + soft))
    soft = judge.soften_reasons(text)
    if not soft:
        return Verdict(text, "ok")
    softened = soften(text, settings)
    leftover = judge.reject_reasons(softened) + judge.soften_reasons(softened, limit="fallback")
    if written_in is None and (moved := _language_reason(softened)) is not None:
        leftover.append(moved)  # softening can leave too few English words to be read
    if leftover or not _has_content(softened):
        failed = Reason(
            "soften.failed",
            soft[0].category,
            (0, len(text)),
            "softening cannot make this calm; use a template caption",
        )
        return Verdict(text, "reject", _ordered(soft) + (failed,))
    if softened == text:  # only the model objected, mildly, and there is nothing to calm
        return Verdict(text, "ok")
    return Verdict(text, "soften", _ordered(soft), softened)


class _Judge:
    """The rules and the model with one caption's settings, applied to a text."""

    def __init__(
        self, lex: Lexicon, tone: ToneSettings, names: tuple[str, ...], model: LinearModel
    ) -> None:
        self.lex, self.tone, self.names, self.model = lex, tone, names, model

    def name_reasons(self, text: str) -> list[Reason]:
        return [
            Reason(
                "never_mention.name",
                "never_mention",
                span,
                f"mentions {text[span[0] : span[1]]!r}, which is on the never-mention list",
            )
            for span in name_spans(text, self.names)
        ]

    def reject_reasons(self, text: str) -> list[Reason]:
        quoted = quoted_spans(text)
        reasons = self.name_reasons(text)
        soft_hits: dict[str, list[Hit]] = {}
        for category in ("ex_directed", "jealousy", "needy", "negative"):
            for hit in self.lex.hits(category, text):
                if category in HARD_PHRASES or hit.phrase.user:
                    reasons.append(_phrase_reason(hit))
                else:
                    soft_hits.setdefault(category, []).append(hit)
        floor = self.tone.negative_threshold
        if floor is None:
            floor = NEGATIVE_FLOOR
        if (floor >= 0 or _may_be_negative(text)) and not self._hyped(text):
            reasons.extend(_sentiment_reasons(text, self.lex, quoted, floor))
        if not reasons:  # the rules said it already: no need to ask the model
            reasons.extend(self._model_rejects(text, soft_hits))
        return reasons

    def _hyped(self, text: str) -> bool:
        """Shouting, "!!!" or emoji runs: VADER reads "SCREAMING!!!" as rage; it is hype, and
        softening deals with it."""
        return any(r.category == "overboard" for r in _soften_reasons(text, self.lex))

    def _probabilities(self, text: str) -> dict[str, float]:
        """The model's view of ``text`` without its allowed phrases."""
        return self.model.probabilities(extract(_without_allowed(self.lex, text)))

    def _model_rejects(self, text: str, phrase_hits: dict[str, list[Hit]]) -> list[Reason]:
        p = self._probabilities(text)
        limit = self.model.thresholds["strict" if self.tone.strictness == "strict" else "reject"]
        total = sum(p[label] for label in REJECT_LABELS)
        if total <= limit:
            return []
        label = max(REJECT_LABELS, key=lambda k: p[k])
        hits = phrase_hits.get(label) or [h for group in phrase_hits.values() for h in group]
        if hits:
            return [_phrase_reason(hit, rule="model") for hit in hits]
        words = evidence(text, label, model=self.model)
        spans = [span for _, span in words] or [(0, len(text))]
        shown = ", ".join(repr(w) for w, _ in words)
        because = f" ({shown})" if shown else ""
        return [
            Reason(
                f"{label}.model",
                label,
                spans[0],
                f"{_MESSAGES[label]}{because}; the model is {total:.0%} sure it is not calm",
            )
        ]

    def soften_reasons(self, text: str, limit: str = "soften") -> list[Reason]:
        """Rule and model reasons to soften; the model counts above ``limit``: "soften" to
        try a calm rewrite, "fallback" (higher) to refuse what rewriting left as it was."""
        reasons = _soften_reasons(text, self.lex)
        ex = extract(text)
        p = self._probabilities(text)
        if sum(p[label] for label in SOFTEN_LABELS) > self.model.thresholds[limit]:
            label = max(SOFTEN_LABELS, key=lambda k: p[k])
            if limit == "fallback" and label == "overboard":  # the rules calmed the hype
                return reasons
            cued = any(key in ex.dense for key in SOFTEN_CUES[label]) or (
                label == "brag" and FLEX_RE.search(text) is not None
            )
            if cued and not any(r.category == label for r in reasons):
                words = evidence(text, label, model=self.model)
                for word, span in words or [("", (0, len(text)))]:
                    about = f"{word!r} " if word else ""
                    reasons.append(Reason(f"{label}.model", label, span, about + _MESSAGES[label]))
        return reasons


def _language_reason(text: str) -> Reason | None:
    """Why ``text`` cannot be judged (it is written in a language the filter does not read),
    or None.

    Edge: detection needs words; text with fewer than ``LANGUAGE_LETTERS`` letters (not
    counting links, handles, hashtags and digits) is judged as English unless the detector
    is all but certain, since detectors place "Run" or "Zwift ride" in German as readily as
    in English. Two-word phrases no detector can place ("Te amo") are judged as English.
    """
    from planner.language import (
        JUDGED_LANGUAGES,
        caption_language,
        language_name,
        language_scores,
        reads_as,
    )

    letters = _letters(text)
    if letters < SHORT_LETTERS or _plainly_english(text):
        return None
    if letters < LANGUAGE_LETTERS:  # short: only a detector this sure is believed
        scores = language_scores(text)
        if not scores or scores[0][0] in JUDGED_LANGUAGES or scores[0][1] < SHORT_SURE:
            return None
        found: str | None = scores[0][0]
    elif reads_as(text, JUDGED_LANGUAGES):
        return None
    else:
        found = caption_language(text)
    written = f"written in {language_name(found)}" if found else "not written in English"
    return Reason(
        "language.unsupported",
        "language",
        (0, len(text)),
        f"{written}; the tone filter reads English only, so it cannot say this is calm",
    )


def _plainly_english(text: str) -> bool:
    """Two or more English function words no other candidate language uses ("the", "and",
    "you", "with", ...): English without asking the detector, the slowest part of judging."""
    found = set(_WORDS.findall(text.lower().replace("’", "'"))) & _ENGLISH_ONLY
    return len(found) >= 2


_ENGLISH_ONLY = frozenset(
    {"the", "and", "you", "your", "my", "was", "with", "this", "that", "just", "what"}
    | {"have", "but", "it's", "i'm", "don't", "can't", "didn't", "they", "she", "he's"}
)


def _letters(text: str) -> int:
    from planner.language import words_for_detection

    return len(_NOT_LETTER.sub("", words_for_detection(text)))


_NOT_LETTER = re.compile(r"[\W\d_]+")


def caption_verdict(text: str, settings: Settings) -> Verdict:
    """The planner's entry point: ``check`` with never_mention and [tone] from ``settings``.

    Use ``verdict.usable_text()``: the caption (ok), the softened caption (soften) or None
    (reject: fall back to a template caption, which must pass this check too).
    """
    return check(text, never_mention=settings.never_mention, settings=settings.tone)


def caption_check(settings: Settings) -> Callable[[str], str | None]:
    """A check for text used verbatim (template captions, hashtags, alt text): None when ok.

    Otherwise it returns one line naming the first reason ("tone: needy: 'miss you' reads as
    needy"). Edge: text that would only need softening fails too, since verbatim text cannot
    be replaced by its softened form; use ``caption_verdict`` for the user's own notes. The
    text is taken to be in the caption language (``settings.language``): planner's own
    templates in a language the filter cannot read are checked for never_mention names only.
    """

    def problem(text: str) -> str | None:
        verdict = check(
            text,
            never_mention=settings.never_mention,
            settings=settings.tone,
            written_in=settings.language,
        )
        if verdict.ok:
            return None
        first = verdict.reasons[0]
        return f"tone: {first.category}: {first.message}"

    return problem


def bad_day_words(text: str, settings: ToneSettings | None = None) -> str | None:
    """The words of ``text`` (an activity's title or notes) that tell of a bad day, or None.

    A bad day: a negative phrase (bundled or the user's: "broken arm", "worst day"), a VADER
    sentiment below the negative floor, or the model reading the text as negative. Edge: this
    judges the day, not the tone, so needy or ex-directed words do not count here.
    """
    tone = settings or ToneSettings()
    lex = lexicon(settings)
    hits = lex.hits("negative", text)
    if hits:
        return hits[0].matched
    judge = _Judge(lex, tone, (), load_model())
    floor = tone.negative_threshold if tone.negative_threshold is not None else NEGATIVE_FLOOR
    if _may_be_negative(text) and _sentiment_reasons(text, lex, quoted_spans(text), floor):
        return text
    p = judge._probabilities(text)
    if p["negative"] > judge.model.thresholds["reject"]:
        words = evidence(text, "negative", model=judge.model)
        return words[0][0] if words else text
    return None


def check_reply(text: str, *, settings: ToneSettings | None = None) -> Verdict:
    """Judge a reply to an ex: "ok" when short, generic and polite, else "reject" with reasons.

    Rejects more than 25 words, neediness, breakup talk, pressure, bragging (a new partner
    included), hostility and hype. Edges: softening is never offered (``softened`` is None);
    never_mention does not apply, since the reply is addressed to that person.
    """
    lex = lexicon(settings)
    quoted = quoted_spans(text)
    reasons: list[Reason] = []
    words = len(text.split())
    if words > MAX_REPLY_WORDS:
        reasons.append(
            Reason(
                "reply.length",
                "length",
                (0, len(text)),
                f"{words} words; keep a reply to {MAX_REPLY_WORDS} words or fewer",
            )
        )
    groups = {
        "needy": ("needy",),
        "breakup": ("ex_directed", "reply_breakup"),
        "pressure": ("reply_pressure",),
        "brag": ("brag", "reply_brag", "jealousy"),
        "negative": ("negative",),
    }
    for category, lists in groups.items():
        for name in lists:
            for hit in lex.hits(name, text):
                reasons.append(
                    Reason(f"reply.{category}", category, hit.span, _reply_message(category, hit))
                )
    reasons.extend(_sentiment_reasons(text, lex, quoted, NEGATIVE_THRESHOLD))
    reasons.extend(r for r in _soften_reasons(text, lex) if r.category == "overboard")
    ordered = tuple(sorted(_dedupe(reasons), key=lambda r: (r.span, r.rule)))
    return Verdict(text, "reject" if ordered else "ok", ordered)


def sentiment(text: str, settings: ToneSettings | None = None) -> float:
    """VADER's compound score of ``text`` (-1 … 1).

    Quoted passages and hype or brag idioms ("killing it", "never been happier") are left
    out: their literal words mislead VADER.
    """
    return _vader_compound(_masked(text, lexicon(settings), quoted_spans(text)))


def negativity(text: str, settings: ToneSettings | None = None) -> float:
    """A 0…1 negativity score: VADER's compound turned around, raised by negative phrases.

    This is the score the benchmark ranks tweets by; it is not a verdict.
    """
    lex = lexicon(settings)
    phrase = 1.0 if lex.hits("negative", text) else 0.0
    return ((1.0 - sentiment(text, settings)) / 2.0 + phrase) / 2.0


def _sentiment_reasons(
    text: str, lex: Lexicon, quoted: list[tuple[int, int]], threshold: float
) -> list[Reason]:
    score = _vader_compound(_masked(text, lex, quoted))
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


def _soften_reasons(text: str, lex: Lexicon) -> list[Reason]:
    """What the rules would soften in ``text`` (hype and brag phrases, capitals, "!!",
    emoji, hashtags, "best … ever"); a fresh list each call, computed once per text."""
    return list(_rule_soften_reasons(lex, text))


@lru_cache(maxsize=1024)
def _rule_soften_reasons(lex: Lexicon, text: str) -> tuple[Reason, ...]:
    reasons = [_phrase_reason(hit) for cat in ("brag", "overboard") for hit in lex.hits(cat, text)]
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


def _phrase_reason(hit: Hit, rule: str = "phrase") -> Reason:
    return Reason(
        f"{hit.category}.{rule}",
        hit.category,
        hit.span,
        f"{hit.matched!r} {_MESSAGES[hit.category]}",
    )


def _reply_message(category: str, hit: Hit) -> str:
    what = {
        "needy": "sounds needy",
        "breakup": "is breakup talk",
        "pressure": "puts pressure on them",
        "brag": "sounds like bragging",
        "negative": "sounds hostile",
    }[category]
    return f"{hit.matched!r} {what}; keep it short, generic and polite"


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not any(c.isalnum() for c in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _ordered(reasons: list[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(_dedupe(reasons), key=lambda r: (PRIORITY.get(r.category, 99), r.span)))


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    return list(dict.fromkeys(reasons))


def _has_content(text: str) -> bool:
    return any(c.isalnum() for c in text) or bool(emoji_spans(text))


def _masked(text: str, lex: Lexicon, quoted: list[tuple[int, int]]) -> str:
    """``text`` without what must not sway VADER: quotes, hype/brag idioms, allowed phrases."""
    spans = quoted + [h.span for cat in SOFTEN_CATEGORIES for h in lex.hits(cat, text)]
    spans += [hit.span for hit in lex.hits(ALLOW, text)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


@lru_cache(maxsize=1024)
def _without_allowed(lex: Lexicon, text: str) -> str:
    """``text`` with the phrases of the allow lists blanked out."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(hit.span for hit in lex.hits(ALLOW, text)):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _may_be_negative(text: str) -> bool:
    """False when ``text``'s words and emoji cannot add up to a compound far below zero, so
    VADER (the slowest step) is not run: their negative valences, and a negation's turn of
    the positive ones, sum above ``MIN_NEGATIVE_VALENCE``. On every caption, note and tweet
    at hand that VADER scores below -0.75 (and is not hype), the sum is -2.7 or lower."""
    lexicon: dict[str, float] = _analyzer().lexicon
    words = _WORDS.findall(text.lower().replace("’", "'"))
    values = [lexicon.get(w, 0.0) for w in words]
    if not text.isascii():
        emoji = _emoji_valences()
        values += [emoji[c] for c in text if c in emoji]
    negative = sum(v for v in values if v < 0)
    if _NEGATIONS & set(words) or any(w.endswith("n't") for w in words):
        negative -= 0.74 * sum(v for v in values if v > 0)
    return negative <= MIN_NEGATIVE_VALENCE


@cache
def _emoji_valences() -> dict[str, float]:
    """Each emoji VADER knows -> the valence of the words it reads it as."""
    analyzer = _analyzer()
    lexicon: dict[str, float] = analyzer.lexicon
    return {
        emoji: sum(lexicon.get(w, 0.0) for w in description.lower().split())
        for emoji, description in analyzer.emojis.items()
    }


MIN_NEGATIVE_VALENCE = -2.4
_NEGATIONS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "nor", "without"})


_WORDS = re.compile(r"[a-z']+")


def _vader_compound(text: str) -> float:
    if not text.strip():
        return 0.0
    scores: dict[str, Any] = _analyzer().polarity_scores(text)
    return float(scores["compound"])


@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()
