"""The tone filter: is a caption calm and aimed at no one? ok, soften or reject, with reasons.

    check(text)             -> Verdict for a caption (ok / soften + softened text / reject)
    caption_verdict(text, settings) -> the same, with never_mention and [tone] from Settings
    caption_check(settings) -> text -> None | one-line problem, for text used verbatim
    check_reply(text)       -> Verdict for a reply to an ex (ok / reject, never soften)
    soften(text)            -> the calm version of an overboard caption (see tone.soften)

Reject categories: ex_directed, needy, jealousy, negative (phrases, or a VADER compound score
below ``NEGATIVE_THRESHOLD``), never_mention. Soften categories: overboard, brag. Every reason
carries the span of ``text`` that triggered it; the sentiment reason spans the whole text.

Edges: the empty text is ok; a caption that needs softening but whose softened text would
still not pass (or would hold no words and no emoji) is rejected with rule "soften.failed".
Nothing here raises on any input string.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from planner.config import Settings, ToneSettings
from planner.models import Reason, Verdict
from planner.tone.rules import (
    BEST_EVER_RE,
    Hit,
    Lexicon,
    emoji_spans,
    exclaim_spans,
    hashtag_spans,
    lexicon,
    name_spans,
    quoted_spans,
    shouted_spans,
)
from planner.tone.soften import soften

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

#: VADER compound below this rejects as negative. On the calibration part of tests/tone, -0.40
#: is the highest threshold that rejects no ok caption (-0.35 rejects 2 %); -0.5 leaves margin.
#: ``negative_threshold`` in planner.toml's [tone] overrides it.
NEGATIVE_THRESHOLD = -0.5
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
) -> Verdict:
    """Judge one caption: "ok", "soften" (with the softened text) or "reject", with reasons.

    Edges: reasons are ordered by category (rejects first) then position; ``softened`` is set
    only for "soften"; names in ``never_mention`` match in any case, with or without "@",
    inside hashtags, and as the name reads (accents, fullwidth or bold letters, Cyrillic
    lookalikes and invisible characters are folded away; see ``tone.rules.fold``).
    """
    lex = lexicon(settings)
    quoted = quoted_spans(text)
    reasons = _reject_reasons(text, tuple(never_mention), lex, quoted)
    soft = _soften_reasons(text, lex, quoted)
    if reasons:
        return Verdict(text, "reject", _ordered(reasons + soft))
    if not soft:
        return Verdict(text, "ok")
    softened = soften(text, settings)
    leftover = _reject_reasons(softened, tuple(never_mention), lex, quoted_spans(softened))
    leftover += _soften_reasons(softened, lex, quoted_spans(softened))
    if leftover or not _has_content(softened):
        failed = Reason(
            "soften.failed",
            "overboard",
            (0, len(text)),
            "softening cannot make this calm; use a template caption",
        )
        return Verdict(text, "reject", _ordered(soft) + (failed,))
    return Verdict(text, "soften", _ordered(soft), softened)


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
    be replaced by its softened form; use ``caption_verdict`` for the user's own notes.
    """

    def problem(text: str) -> str | None:
        verdict = caption_verdict(text, settings)
        if verdict.ok:
            return None
        first = verdict.reasons[0]
        return f"tone: {first.category}: {first.message}"

    return problem


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
            for hit in lex.hits(name, text, quoted):
                reasons.append(
                    Reason(f"reply.{category}", category, hit.span, _reply_message(category, hit))
                )
    reasons.extend(_sentiment_reasons(text, lex, quoted))
    reasons.extend(r for r in _soften_reasons(text, lex, quoted) if r.category == "overboard")
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
    phrase = 1.0 if lex.hits("negative", text, quoted_spans(text)) else 0.0
    return ((1.0 - sentiment(text, settings)) / 2.0 + phrase) / 2.0


def _reject_reasons(
    text: str, names: tuple[str, ...], lex: Lexicon, quoted: list[tuple[int, int]]
) -> list[Reason]:
    reasons: list[Reason] = []
    for span in name_spans(text, names):
        reasons.append(
            Reason(
                "never_mention.name",
                "never_mention",
                span,
                f"mentions {text[span[0] : span[1]]!r}, which is on the never-mention list",
            )
        )
    for category in ("ex_directed", "jealousy", "needy", "negative"):
        reasons.extend(_phrase_reason(hit) for hit in lex.hits(category, text, quoted))
    reasons.extend(_sentiment_reasons(text, lex, quoted))
    return reasons


def _sentiment_reasons(text: str, lex: Lexicon, quoted: list[tuple[int, int]]) -> list[Reason]:
    threshold = lex.negative_threshold
    if threshold is None:
        threshold = NEGATIVE_THRESHOLD
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


def _soften_reasons(text: str, lex: Lexicon, quoted: list[tuple[int, int]]) -> list[Reason]:
    reasons = [
        _phrase_reason(hit) for cat in ("brag", "overboard") for hit in lex.hits(cat, text, quoted)
    ]
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
    return reasons


def _phrase_reason(hit: Hit) -> Reason:
    return Reason(
        f"{hit.category}.phrase",
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
    spans = quoted + [h.span for cat in SOFTEN_CATEGORIES for h in lex.hits(cat, text, quoted)]
    if lex.allow is not None:
        spans += [m.span() for m in lex.allow.finditer(text)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _vader_compound(text: str) -> float:
    if not text.strip():
        return 0.0
    scores: dict[str, Any] = _analyzer().polarity_scores(text)
    return float(scores["compound"])


@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()
