"""The categories of the tone filter, what each reason says, and the order reasons come in.

Edges: a category not listed here (``length``, ``language``) sorts after the listed ones;
equal reasons are reported once.
"""

from __future__ import annotations

from planner.models import Reason
from planner.tone.rules import Hit

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
MESSAGES = {
    "ex_directed": "reads as aimed at an ex",
    "needy": "reads as needy",
    "jealousy": "reads as baiting jealousy",
    "negative": "reads as venting or hostile",
    "overboard": "hype; tone it down",
    "brag": "reads as bragging",
}


def phrase_reason(hit: Hit, rule: str = "phrase") -> Reason:
    """The reason a phrase of a list gives: its category, its span, what it reads as."""
    return Reason(
        f"{hit.category}.{rule}",
        hit.category,
        hit.span,
        f"{hit.matched!r} {MESSAGES[hit.category]}",
    )


def ordered(reasons: list[Reason]) -> tuple[Reason, ...]:
    """Reasons once each, rejects first (by ``PRIORITY``), then by position."""
    return tuple(sorted(dedupe(reasons), key=lambda r: (PRIORITY.get(r.category, 99), r.span)))


def dedupe(reasons: list[Reason]) -> list[Reason]:
    return list(dict.fromkeys(reasons))
