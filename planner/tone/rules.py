"""The tone filter's phrase lists as compiled patterns, found in one scan of a text.

Phrase lists live in ``templates/tone/*.txt`` (syntax in ``templates/tone/README.md``) and are
extended per category from planner.toml's ``[tone]``. Everything here is pure and cached: a
``Lexicon`` is built once per distinct ``ToneSettings`` and reused. Shouting, "!!" and "best …
ever" are found in ``tone.hype``, names in ``tone.names``, emoji and hashtags in
``planner.text_units``.

Edges: a phrase inside quotation marks is ignored (titles, quotes); a phrase right after a
negation ("not", "never", "don't" …, up to three words back in the same clause) is ignored for
the negatable categories; a phrase overlapping an ``allow`` phrase is ignored. Names from
``never_mention`` ignore all three: a name is a name wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from planner.config import ToneSettings
from planner.errors import ConfigError
from planner.resources import templates_dir
from planner.text_units import EMOJI_RE, emoji_spans, hashtag_spans
from planner.tone.match_starts import ASCII_TWINS, match_starts

__all__ = [
    "EMOJI_RE",
    "PHRASE_CATEGORIES",
    "Hit",
    "Lexicon",
    "emoji_spans",
    "hashtag_spans",
    "lexicon",
    "quoted_spans",
]

PHRASE_CATEGORIES: tuple[str, ...] = (
    "ex_directed",
    "needy",
    "jealousy",
    "negative",
    "overboard",
    "brag",
)
REPLY_LISTS: tuple[str, ...] = ("reply_breakup", "reply_pressure", "reply_brag")
#: The allow list is scanned with the others; its hits mask what they overlap.
ALLOW = "allow"
NEGATABLE: frozenset[str] = frozenset({"negative", "brag", "overboard"})

_SEP = r"[\s\-]+"
_WILD = r"(?:[^\s.!?;]+[\s\-]+){0,3}?"
_APOSTROPHE = r"['’‘`]?"
_QUOTE_RE = re.compile(r"\"[^\"\n]+\"|“[^”\n]+”|(?<!\w)['‘][^'‘’\n]+['’](?!\w)")
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "nobody",
        "none",
        "neither",
        "nor",
        "cannot",
        "without",
        "hardly",
        "barely",
    ]
)
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n]|\bbut\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One compiled phrase: where it came from, its pattern and its softening replacement."""

    category: str
    source: str
    pattern: re.Pattern[str]
    replacement: str | None = None
    user: bool = False  # from planner.toml's [tone], not the bundled lists


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in a text: the category, the span and the matched words."""

    category: str
    span: tuple[int, int]
    matched: str
    phrase: Phrase


def phrase_regex(phrase: str) -> str:
    """The regular expression for one phrase line (see templates/tone/README.md).

    Edges: a hyphenated word is one word ("new one" does not match "new one-pot"); a phrase
    that starts or ends with a non-word character (an emoji, "!!") gets no boundary there.
    """
    if phrase.startswith("re:"):
        return phrase[3:]
    tokens = phrase.split()
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token == "*":
            out.append(_WILD)
            continue
        piece = "".join(_char_regex(c) for c in token)
        out.append(piece)
        if i + 1 < len(tokens) and tokens[i + 1] != "*":
            nxt = tokens[i + 1]
            words = _is_word(token[-1]) and _is_word(nxt[0])
            out.append(_SEP if words else r"\s*")
        elif i + 1 < len(tokens):
            out.append(_SEP)
    body = "".join(out)
    start = r"(?<!\w)(?<!\w-)" if tokens and _is_word(tokens[0][0]) else ""
    end = r"(?!\w)(?!-\w)" if tokens and _is_word(tokens[-1][-1]) else ""
    return start + body + end


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _char_regex(char: str) -> str:
    if char in "'’":
        return _APOSTROPHE
    if char == "-":
        return r"[\s\-]?"
    return re.escape(char)


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """(phrase, replacement) pairs from phrase-list lines; comments and blanks skipped."""
    for raw in lines:
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("re:") else raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=>" in line:
            phrase, replacement = (part.strip() for part in line.split("=>", 1))
            yield phrase, replacement
        else:
            yield line, None


@cache
def bundled_lines(name: str) -> tuple[str, ...]:
    """The lines of ``templates/tone/<name>.txt``; an absent file is an empty list."""
    path = templates_dir() / "tone" / f"{name}.txt"
    if not path.is_file():
        return ()
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _compile(
    category: str, pairs: Iterable[tuple[str, str | None]], user: int = 0
) -> tuple[Phrase, ...]:
    """Compiled phrases; the last ``user`` pairs are the user's own."""
    pairs = list(pairs)
    first_user = len(pairs) - user
    phrases: list[Phrase] = []
    for position, (text, replacement) in enumerate(pairs):
        text = " ".join(text.split())
        if not text or text == "re:":
            continue
        try:
            pattern = re.compile(phrase_regex(text), re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(
                f"tone phrase {text!r} ({category}) is not a valid pattern: {exc} "
                "(fix it in planner.toml [tone] or templates/tone/)"
            ) from None
        phrases.append(Phrase(category, text, pattern, replacement, position >= first_user))
    return tuple(sorted(phrases, key=lambda p: -len(p.source)))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """All phrase lists, compiled and indexed by their first word for fast scanning.

    Hashed by identity (``lexicon`` builds one per settings), so hits can be cached per text.
    """

    phrases: dict[str, tuple[Phrase, ...]]
    index: dict[str, dict[str, tuple[Phrase, ...]]]
    #: Phrases tried all along the text, each with what starts its every match (``starts``).
    unindexed: tuple[tuple[Phrase, tuple[str, ...] | None], ...]
    acronyms: frozenset[str]

    def hits(self, category: str, text: str) -> list[Hit]:
        """Every match of a category's phrases in ``text``, after quote, negation, allow checks.

        Edge: overlapping matches merge into one hit that keeps the longer phrase. Results are
        cached per text.
        """
        return list(_all_hits(self, text).get(category, ()))

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """Hits of every category in one pass over ``text``'s words (see ``hits``).

        A phrase is tried only where its first word (and, when it starts with two plain
        words, its second) stands in the text; a phrase without such a word only when what
        begins its every match (``match_starts``) stands in the text.
        """
        singles, pairs = _word_index(self)
        found: dict[str, list[tuple[Phrase, re.Match[str]]]] = {}
        if text.isascii():  # lower-casing keeps every character where it is
            key = text.lower()
            words = list(_WORD_START.finditer(key))
            lows = [w.group(0) for w in words]
        else:
            key = text.translate(ASCII_TWINS).lower()
            words = list(_WORD_START.finditer(text))
            lows = [w.group(0).lower() for w in words]
        firsts = _first_words(self)
        for i in [i for i, low in enumerate(lows) if low in firsts]:
            first = lows[i]
            candidates = singles.get(first, ())
            if i + 1 < len(lows):
                candidates += pairs.get((first, lows[i + 1]), ())
            for phrase in candidates:
                m = phrase.pattern.match(text, words[i].start())
                if m:
                    found.setdefault(phrase.category, []).append((phrase, m))
        for phrase, starts in self.unindexed:
            if starts is not None:
                for start in starts:
                    if start in key:
                        break
                else:
                    continue  # no match can start anywhere in this text
            for m in phrase.pattern.finditer(text):
                found.setdefault(phrase.category, []).append((phrase, m))
        if not found:
            return {}
        quoted = quoted_spans(text)
        allow = found.pop(ALLOW, [])
        allowed = [m.span() for _, m in allow if m.end() > m.start()]
        kept = {
            category: self._kept(category, text, pairs, quoted, allowed)
            for category, pairs in found.items()
        }
        kept[ALLOW] = [Hit(ALLOW, m.span(), m.group(0), phrase) for phrase, m in allow]
        return kept

    def _kept(
        self,
        category: str,
        text: str,
        found: list[tuple[Phrase, re.Match[str]]],
        quoted: list[tuple[int, int]],
        allowed: list[tuple[int, int]],
    ) -> list[Hit]:
        hits: list[Hit] = []
        for phrase, m in sorted(found, key=lambda pm: (-len(pm[0].source), pm[1].start())):
            span = m.span()
            if span[0] == span[1] or _inside(span, quoted) or _overlaps(span, allowed):
                continue
            if category in NEGATABLE and negated(text, span[0]):
                continue
            for i, hit in enumerate(hits):
                if _overlaps(span, [hit.span]):
                    joined = (min(span[0], hit.span[0]), max(span[1], hit.span[1]))
                    hits[i] = Hit(category, joined, text[joined[0] : joined[1]], hit.phrase)
                    break
            else:
                hits.append(Hit(category, span, m.group(0), phrase))
        return sorted(hits, key=lambda h: h.span)


@lru_cache(maxsize=8192)
def _all_hits(lex: Lexicon, text: str) -> dict[str, list[Hit]]:
    return lex.scan(text)


@lru_cache(maxsize=64)
def _word_index(
    lex: Lexicon,
) -> tuple[dict[str, tuple[Phrase, ...]], dict[tuple[str, str], tuple[Phrase, ...]]]:
    """Every indexed phrase of every category by its first word, or by its first two words
    when both are plain words (fewer patterns tried per word of text)."""
    singles: dict[str, list[Phrase]] = {}
    pairs: dict[tuple[str, str], list[Phrase]] = {}
    for index in lex.index.values():
        for word, phrases in index.items():
            for phrase in phrases:
                second = _plain_second_word(phrase)
                if second is not None and word.isalnum():
                    pairs.setdefault((word, second), []).append(phrase)
                else:
                    singles.setdefault(word, []).append(phrase)
    return (
        {k: tuple(dict.fromkeys(v)) for k, v in singles.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in pairs.items()},
    )


@lru_cache(maxsize=64)
def _first_words(lex: Lexicon) -> frozenset[str]:
    """Every word a phrase of ``_word_index`` can start with (alone or with a second)."""
    singles, pairs = _word_index(lex)
    return frozenset(singles) | {first for first, _ in pairs}


def _plain_second_word(phrase: Phrase) -> str | None:
    """The phrase's second word when its first two are plain words ("some people"), else None."""
    if phrase.source.startswith("re:"):
        return None
    tokens = phrase.source.lower().split()
    if len(tokens) < 2 or not re.fullmatch(r"\w+", tokens[0]):
        return None
    return tokens[1] if re.fullmatch(r"\w+", tokens[1]) else None


_WORD_START = re.compile(r"(?<!\w)\w+")
#: A raw pattern that starts (after lookbehinds) with a literal word and then a space class
#: is indexed by that word, like a plain phrase: "re:not\s+bad ..." is tried only at "not".
_RE_LEADING_WORD = re.compile(r"re:(?:\(\?<!(?:[^()]|\\[()])*\))*([A-Za-z]+)\\s")


def _index_keys(phrase: Phrase) -> set[str] | None:
    """The lower-case words a phrase can start with in text, or None when it cannot be indexed."""
    source = phrase.source
    if source.startswith("re:"):
        lead = _RE_LEADING_WORD.match(source)
        return {lead.group(1).lower()} if lead else None
    if not _is_word(source[0]):
        return None
    first = source.split()[0].lower()
    run = re.match(r"\w+", first)
    if run is None:
        return None
    squashed = re.sub(r"['’‘`\-]", "", first)
    return {run.group(0), squashed.split("*")[0]} - {""}


def _build_index(
    phrases: tuple[Phrase, ...],
) -> tuple[dict[str, tuple[Phrase, ...]], tuple[tuple[Phrase, tuple[str, ...] | None], ...]]:
    index: dict[str, list[Phrase]] = {}
    unindexed: list[tuple[Phrase, tuple[str, ...] | None]] = []
    for phrase in phrases:
        keys = _index_keys(phrase)
        if keys is None:
            unindexed.append((phrase, match_starts(phrase.pattern)))
            continue
        for key in keys:
            index.setdefault(key, []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}, tuple(unindexed)


def _inside(span: tuple[int, int], regions: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in regions)


def _overlaps(span: tuple[int, int], regions: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in regions)


@lru_cache(maxsize=32)
def lexicon(settings: ToneSettings | None = None) -> Lexicon:
    """The compiled phrase lists: bundled files plus the user's additions from ``settings``."""
    extra = settings or ToneSettings()
    phrases: dict[str, tuple[Phrase, ...]] = {}
    for category in PHRASE_CATEGORIES + REPLY_LISTS:
        pairs = list(parse_lines(bundled_lines(category)))
        mine: list[tuple[str, str | None]] = [(p, None) for p in getattr(extra, category, ())]
        phrases[category] = _compile(category, pairs + mine, user=len(mine))
    index: dict[str, dict[str, tuple[Phrase, ...]]] = {}
    unindexed: list[tuple[Phrase, tuple[str, ...] | None]] = []
    allow_src = [p for p, _ in parse_lines(bundled_lines("allow"))]
    allow_src += [p for p in extra.allow if p.strip()]
    phrases[ALLOW] = _compile(ALLOW, [(p, None) for p in allow_src])
    for category, group in phrases.items():
        index[category], rest = _build_index(group)
        unindexed += rest
    acronyms = frozenset(p.upper() for p, _ in parse_lines(bundled_lines("acronyms")))
    return Lexicon(phrases, index, tuple(unindexed), acronyms)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text inside quotation marks ("…", “…”, '…'), marks included."""
    return [m.span() for m in _QUOTE_RE.finditer(text)]


def negated(text: str, start: int) -> bool:
    """True when one of the three words before ``start``, in the same clause, is a negation."""
    before = text[max(0, start - 60) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = before.lower().replace("’", "'").split()[-3:]
    return any(w.strip("\"'“”") in _NEGATORS or w.endswith("n't") for w in words)
