"""Judging a reply to an ex: short, generic and polite, or not sent.

``check_reply(text)`` rejects more than ``MAX_REPLY_WORDS`` words, neediness, breakup talk,
pressure, bragging (a new partner included), hostility and hype, each with its span.

Edges: softening is never offered (``softened`` is None); never_mention does not apply, since
the reply is addressed to that person; the learned model is not asked: it was trained on
captions, where "you" is a warning sign, and a reply is always addressed to someone.
"""

from __future__ import annotations

from planner.config import ToneSettings
from planner.models import Reason, Verdict
from planner.tone.hype import soften_reasons
from planner.tone.reasons import dedupe
from planner.tone.rules import Hit, lexicon
from planner.tone.sentiment import NEGATIVE_THRESHOLD, negative_reason

MAX_REPLY_WORDS = 25
#: Reason category -> the phrase lists that raise it.
_GROUPS: dict[str, tuple[str, ...]] = {
    "needy": ("needy",),
    "breakup": ("ex_directed", "reply_breakup"),
    "pressure": ("reply_pressure",),
    "brag": ("brag", "reply_brag", "jealousy"),
    "negative": ("negative",),
}
_SAYS = {
    "needy": "sounds needy",
    "breakup": "is breakup talk",
    "pressure": "puts pressure on them",
    "brag": "sounds like bragging",
    "negative": "sounds hostile",
}


def check_reply(text: str, *, settings: ToneSettings | None = None) -> Verdict:
    """Judge a reply to an ex: "ok" when short, generic and polite, else "reject" with reasons."""
    lex = lexicon(settings)
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
    for category, lists in _GROUPS.items():
        for name in lists:
            for hit in lex.hits(name, text):
                reasons.append(
                    Reason(f"reply.{category}", category, hit.span, _message(category, hit))
                )
    reasons.extend(negative_reason(text, lex, NEGATIVE_THRESHOLD))
    reasons.extend(r for r in soften_reasons(text, lex) if r.category == "overboard")
    ordered = tuple(sorted(dedupe(reasons), key=lambda r: (r.span, r.rule)))
    return Verdict(text, "reject" if ordered else "ok", ordered)


def _message(category: str, hit: Hit) -> str:
    return f"{hit.matched!r} {_SAYS[category]}; keep it short, generic and polite"
