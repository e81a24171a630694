"""Where a never-mention name appears in a text, however it is spelled.

``name_spans(text, names)`` finds each name of ``never_mention`` in ``text`` and returns the
spans as written. A name is found:
- in any case, with or without "@", inside a hashtag ("#teamtyler") when it has 3+ letters;
- possessive, with or without the apostrophe ("tyler's", "tylers"; a handle only with it);
- as it reads (``fold``): accents, fullwidth and bold letters, Cyrillic lookalikes and
  invisible characters do not hide it;
- with look-alike digits and signs inside it ("Tyl3r", "Chl0e", "S4m", "D@niel", "tyIer"),
  though never with one as its first character, so "5am" is not "Sam";
- spelled out letter by letter ("t y l e r", "P.R.I.Y.A.", "c-h-l-o-e"), and, for names of 4+
  letters, split once ("ty ler").
A multi-word name ("Sam Rivera") matches with any spacing, hyphen or underscore between its
words, or none ("#samrivera"). A handle keeps its digits and signs as written ("@lindasue1968").

Edges: names are whole words, so "Sam" is not found in "same" or "Samsung" and "Jess" not in
"Jessica"; an empty or blank name is ignored; the spans index ``text`` as given (before
folding).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

#: Latin lookalikes in Cyrillic and Greek that display like the Latin letter ("Аlex").
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХУІЈЅаеорсухіјѕԁӏԛԝүΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
    "ABEKMHOPCTXYIJSaeopcyxijsdlqwyABEZHIKMNOPTYXoiv",
)
#: What else may stand for a letter inside a name (never as its first character).
_STAND_INS: dict[str, str] = {
    "a": "4@",
    "b": "8",
    "e": "3",
    "g": "9",
    "i": "1!|",
    "l": "1|I",
    "o": "0",
    "s": "5$",
    "t": "7",
    "z": "2",
}
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?=['’]?s(?![^\W\d_])|(?![^\W\d_]))"  # "tyler's", "tylers" keep "s" out
_HANDLE_END = r"(?=['’]s(?![^\W\d_])|(?![^\W\d_]))"
_SPELLED_GAP = r"[\s.\-_*·•]{1,2}"
_SPLIT_GAP = r"[ .\-]"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` as it reads, for name matching, and each folded character's index in ``text``.

    Invisible format characters (zero-width space, soft hyphen ...) and accents go, and
    compatibility forms and lookalikes become plain Latin: fullwidth "Ａｌｅｘ", bold
    "𝐀𝐥𝐞𝐱", Cyrillic "Аlex" and "Alëx" all fold to "Alex". ASCII text comes back as is.
    """
    if text.isascii():
        return text, tuple(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for m in _NON_ASCII.finditer(text):  # ASCII runs stay as they are
        i = m.start()
        out.append(text[done:i])
        origin.extend(range(done, i))
        folded = _fold_char(m.group(0))
        out.append(folded)
        origin.extend([i] * len(folded))
        done = i + 1
    out.append(text[done:])
    origin.extend(range(done, len(text)))
    return "".join(out), tuple(origin)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LOOKALIKES)


def name_spans(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Where never-mention ``names`` appear in ``text``: spans of ``text`` as written."""
    pattern = name_pattern(tuple(fold(n)[0] for n in names)) if names else None
    if pattern is None:
        return []
    visible, origin = fold(text)
    return [
        (origin[m.start()], origin[m.end() - 1] + 1)
        for m in pattern.finditer(visible)
        if m.end() > m.start()
    ]


def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every never-mention name (see the module docstring)."""
    return _name_pattern(tuple(sorted({n.strip() for n in names if n.strip()})))


@lru_cache(maxsize=64)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    parts: list[str] = []
    for name in names:
        bare = name.lstrip("@").strip()
        if not bare:
            continue
        parts.extend(_name_parts(bare, handle=name.startswith("@")))
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def _name_parts(bare: str, handle: bool) -> list[str]:
    words = bare.split()
    squashed = "".join(words)
    letters_only = squashed.isalpha() and not handle
    if len(words) > 1 or not letters_only:  # a full name or a handle: spacing may vary
        core = [w.strip("_.") or w for w in words]
        joined = r"[\s_\-]*".join(_spelling(w) for w in core)
        end = _NOT_LETTER_AFTER if letters_only else _HANDLE_END
        tail = "" if letters_only else "_*"  # a handle's trailing "_" ("@tylerbrooks_")
        parts = [_NOT_LETTER_BEFORE + "@?" + joined + tail + end]
    else:
        letters = [_letter(c, first=i == 0) for i, c in enumerate(squashed)]
        parts = [
            _NOT_LETTER_BEFORE + "@?" + "".join(letters) + _NOT_LETTER_AFTER,
            _NOT_LETTER_BEFORE + _SPELLED_GAP.join(letters) + r"[.]?" + _NOT_LETTER_AFTER,
        ]
        if len(letters) >= 4:
            splits = [
                "".join(letters[:k]) + _SPLIT_GAP + "".join(letters[k:])
                for k in range(2, len(letters) - 1)
            ]
            parts.append(_NOT_LETTER_BEFORE + "(?:" + "|".join(splits) + ")" + _NOT_LETTER_AFTER)
    hashtag_body = _spelling(squashed)
    if len(squashed) >= 3:
        parts.append(r"(?<!\w)#\w*?" + hashtag_body + r"\w*")
    else:
        parts.append(r"(?<!\w)#" + hashtag_body + r"(?!\w)")
    return parts


def _spelling(word: str) -> str:
    """A word of a name or handle with stand-ins for its letters after the first."""
    return "".join(
        _letter(c, first=i == 0) if c.isalpha() else re.escape(c) for i, c in enumerate(word)
    )


def _letter(char: str, *, first: bool) -> str:
    low = char.lower()
    extra = "" if first else _STAND_INS.get(low, "")
    if not extra:
        return re.escape(char)
    return "[" + re.escape(low) + re.escape(extra) + "]"
