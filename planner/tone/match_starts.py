"""What begins every match of a regular expression, so a phrase can be skipped where it
cannot match.

``match_starts(pattern)`` reads Python's own parse of the pattern (``re._parser``) and gives
the lower-case ASCII strings one of which starts every match; the phrase scan of
``tone.rules`` runs a pattern without a leading word only when one of them stands in the
text (lower-cased, with ``ASCII_TWINS`` folded). Edge: a Python whose parser differs gives
None, never a wrong answer, and the pattern then always runs.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

#: The only characters besides ASCII letters that case-insensitive matching takes for an
#: ASCII letter ("İ", dotless "ı", long "ſ", the Kelvin sign): checked over all of Unicode.
ASCII_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def match_starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which begins every match of ``pattern`` (after its
    zero-width assertions), read from Python's own parse of it. A case-insensitive match of
    one of them stands in ``text.translate(ASCII_TWINS).lower()``: where none does, the
    pattern need not run. None when no such strings can be told (a character class or an
    optional part first, a non-ASCII letter, a parser this Python does not have).
    """
    try:
        parser: Any = importlib.import_module("re._parser")
        ops: Any = importlib.import_module("re._constants")
        found = _starts(list(parser.parse(pattern.pattern, pattern.flags)), ops)
    except Exception:  # a parser unlike this Python's: no shortcut rather than a wrong one
        return None
    return tuple(sorted(found)) if found else None


def _starts(items: list[tuple[Any, Any]], ops: Any) -> set[str] | None:
    prefix = ""
    for op, arg in items:
        if op in (ops.AT, ops.ASSERT, ops.ASSERT_NOT) and not prefix:
            continue  # zero-width: the match starts after it
        if op is ops.LITERAL and arg < 128:
            prefix += chr(arg).lower()
            continue
        if prefix:
            break
        if op is ops.BRANCH:
            branches = [_starts(list(branch), ops) for branch in arg[1]]
        elif op is ops.SUBPATTERN:  # (group, add flags, del flags, pattern)
            branches = [_starts(list(arg[3]), ops)]
        else:
            return None
        if not all(branches):
            return None
        return {start for branch in branches if branch for start in branch}
    return {prefix} if prefix else None
