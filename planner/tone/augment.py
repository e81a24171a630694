"""Style variants of training captions, so the model learns wording rather than a writer's habits.

Each tuning writer has a style (capitals or none, full stops or none, "you" or "u", "mum" or
"mom"); a writer the model has never seen has another, and an n-gram model trained on five
styles reads a sixth as new words. ``variants(rows)`` gives one restyled copy of each caption
(same label, same writer): lower-cased or sentence-cased, texting spellings ("u", "ur",
"ppl", "tbh"), British or American words, the final full stop or apostrophes dropped. Copies
that come out unchanged are left out.

Typos were tried as well and made the held-out model worse; they are not made here.
Deterministic: the same rows and seed give the same variants.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

#: Spellings people write in place of each other, each applied with probability 0.7.
SUBSTITUTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\byou\b", "u"),
        (r"\byour\b", "ur"),
        (r"\byou're\b", "ur"),
        (r"\bpeople\b", "ppl"),
        (r"\bthough\b", "tho"),
        (r"\bbecause\b", "bc"),
        (r"\bto be honest\b", "tbh"),
        (r"\bi don't know\b", "idk"),
        (r"\bokay\b", "ok"),
        (r"\bcolour\b", "color"),
        (r"\bfavourite\b", "favorite"),
        (r"\bmum\b", "mom"),
        (r"\bfriends\b", "mates"),
        (r"\breally\b", "rly"),
    )
)
_END = re.compile(r"[.!]+$")


def variant(text: str, rng: random.Random) -> str:
    """One restyled copy of ``text`` (see the module docstring)."""
    roll = rng.random()
    if roll < 0.5:
        text = text.lower()
    elif roll < 0.6:
        text = text[:1].upper() + text[1:]
    for pattern, replacement in SUBSTITUTIONS:
        if rng.random() < 0.7:
            text = pattern.sub(replacement, text)
    if rng.random() < 0.5:
        text = _END.sub("", text.strip())
    if rng.random() < 0.3:
        text = text.replace("'", "")
    if rng.random() < 0.2:
        text = text.replace(". ", " ")
    return text


def variants(
    rows: Sequence[tuple[str, str, str]], seed: int, copies: int = 1
) -> list[tuple[str, str, str]]:
    """``copies`` restyled copies of each (group, label, text) row, unchanged ones left out."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    for _ in range(copies):
        for group, label, text in rows:
            changed = variant(text, rng)
            if changed != text:
                out.append((group, label, changed))
    return out
