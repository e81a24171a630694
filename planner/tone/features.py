"""What the tone model sees of a caption: words, word pairs, character grams, cues, counts.

``extract(text)`` reads a caption once and returns an ``Extracted``:

- ``counts``: words and adjacent word pairs, lower-cased, read through ``names.fold``
  (lookalike letters), digits collapsed to ``0``, emoji kept as words, each with how often
  it occurs; ``terms`` names them as features ("w:run") with 1 + log of that;
- ``words``: every word in order; the model reads character 2- to 5-grams of each
  (``word_grams``: " run", "run "…), cached per word, so misspellings and new word forms
  still share most of their grams with words it was trained on; the words of each run of
  text between white space are cached too (``chunk_words``);
- ``dense``: named numbers, scaled by ``DENSE_SCALE`` -
  ``c:<cue>`` cue groups, words and phrases that stand for one idea whatever the wording
  (templates/tone/cues.toml: someone absent addressed as "you", a third person, "some
  people", relationship words, blocking and watching, longing, contact, late night, karma,
  loyalty, money, status, looks, ease, hype, calm, grief, activity): weights learned on a
  group carry over to wordings the training set never had;
  ``s:<name>`` surface counts (exclamation runs, capitals, emoji, hashtags, questions, an
  ellipsis, a parenthesis, quotes, length).

The same functions serve training (``planner.tone.train``) and judging
(``planner.tone.model``), so the model always sees captions the way it was trained to.
Sentiment (VADER) and the phrase lists were tried as features and left out: on held-out
writers they made the model worse at a low false-reject rate, and they cost half the time.

Edges: any string gives an ``Extracted`` (empty for blank text); a caption is read up to its
first ``MAX_CHARS`` characters; nothing here raises.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from planner.text_units import emoji_spans, hashtag_spans
from planner.tone.names import fold

#: A longer caption is judged on its first 2,000 characters.
MAX_CHARS = 2000
#: Cue and count features are scaled down: on held-out writers they help at this weight and
#: overfit a writer's habits (emoji, length) at full weight.
DENSE_SCALE = 0.2

#: Words, numbers with their units, and the signs that carry meaning: money, "@", and "#"
#: where it starts a hashtag ("#8" on Figure 8 is a number, not a hashtag).
_WORD = re.compile(
    r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:]\d+)*(?:kg|km|k|am|pm|mi|lbs?|x)?|[$£€@]|#(?=[^\W\d_])"
)


@cache
def cue_groups() -> dict[str, tuple[str, ...]]:
    """The cue groups of templates/tone/cues.toml: group -> its words and phrases."""
    import tomllib

    from planner.resources import templates_dir

    data = tomllib.loads((templates_dir() / "tone" / "cues.toml").read_text(encoding="utf-8"))
    return {group: tuple(str(p) for p in phrases) for group, phrases in data.items()}


@cache
def _cue_index() -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[str, int]]:
    """Cue phrase (as words) -> its groups, and first word -> the longest phrase it starts."""
    index: dict[tuple[str, ...], list[str]] = {}
    longest: dict[str, int] = {}
    for group, phrases in cue_groups().items():
        for phrase in phrases:
            key = tuple(_WORD.findall(phrase))
            if key:
                longest[key[0]] = max(longest.get(key[0], 1), len(key))
                index.setdefault(key, []).append(group)
    return {k: tuple(v) for k, v in index.items()}, longest


_EXCLAIM_RUN = re.compile(r"[!！]{2,}|[!?]{3,}")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, eq=False)
class Extracted:
    """A caption as the model reads it (see the module docstring); hashed by identity."""

    words: tuple[str, ...] = ()  # every word, repeats kept: character grams come from these
    #: Each word, adjacent word pair ("a b") and emoji -> how often it occurs, in the order
    #: first seen: words, then pairs, then emoji.
    counts: dict[str, int] = field(default_factory=dict)
    dense: dict[str, float] = field(default_factory=dict)

    @cached_property
    def terms(self) -> tuple[tuple[str, float], ...]:
        """``counts`` as named features, each with 1 + log of its count: ("w:run", 1.0) ..."""
        return tuple(("w:" + key, log_tf(n)) for key, n in self.counts.items())


#: 1 + log n for the counts a caption has (the same float ``1.0 + math.log(n)`` gives).
_LOG_TF = (0.0, *(1.0 + math.log(n) for n in range(1, 64)))


def log_tf(n: int) -> float:
    """1 + log ``n``: the weight of a feature that occurs ``n`` (>= 1) times."""
    return _LOG_TF[n] if n < 64 else 1.0 + math.log(n)


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Folded, lower-cased text with digits collapsed to 0 and curly quotes straightened."""
    return _normalised(text)


def _normalised(text: str) -> str:
    if text.isascii():  # nothing to fold, no curly quotes
        return _DIGIT.sub("0", text.lower())
    folded = fold(text)[0].lower().replace("’", "'").replace("‘", "'")
    return _DIGIT.sub("0", folded)


@lru_cache(maxsize=65536)
def chunk_words(chunk: str) -> tuple[str, ...]:
    """The words of one run of text without white space, as ``extract`` reads them.

    Cached: such runs ("run", "today!") repeat across captions. A text's words are its runs'
    words in order, since no word holds white space, and folding and lower-casing ("Σ" at
    the end of a word) look no further than white space.
    """
    return tuple(_WORD.findall(_normalised(chunk)))


@lru_cache(maxsize=1024)
def token_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """The words of ``text`` as ``extract`` reads them, with their spans in ``text`` as written.

    Edge: a text whose folded, lower-cased form changes length (a letter that lower-cases to
    two) gives no spans rather than wrong ones.
    """
    low = normalise(text)
    if text.isascii():  # folding keeps every character where it is
        return tuple([(m.group(0), m.start(), m.end()) for m in _WORD.finditer(low)])
    folded, origin = fold(text)
    if len(low) != len(folded):
        return ()
    return tuple(
        (m.group(0), origin[m.start()], origin[m.end() - 1] + 1)
        for m in _WORD.finditer(low)
        if m.end() > m.start()
    )


@lru_cache(maxsize=4096)
def extract(text: str) -> Extracted:
    """Read ``text`` for the model (see the module docstring). Cached: captions repeat."""
    if not text or not text.strip():
        return Extracted()
    text = text[:MAX_CHARS]
    words: list[str] = []
    for chunk in text.split():
        words += chunk_words(chunk)
    emoji = [text[a:b] for a, b in emoji_spans(text)]
    counts: dict[str, int] = {}
    for key in [*words, *map(" ".join, zip(words, words[1:], strict=False)), *emoji]:
        counts[key] = counts.get(key, 0) + 1
    dense: dict[str, float] = {}
    for group, count in _cue_counts(words).items():
        dense["c:" + group] = DENSE_SCALE * math.log1p(count)
    _surface(text, len(words), len(emoji), dense)
    return Extracted(tuple(words), counts, dense)


@lru_cache(maxsize=65536)
def word_grams(word: str) -> tuple[tuple[str, int], ...]:
    """The character 2- to 5-grams of one word padded with spaces (" run", "run "…), each
    prefixed "g:" with how often it occurs in the word. Cached: words repeat across captions."""
    padded = f" {word} "
    counts: dict[str, int] = {}
    for n in (2, 3, 4, 5):
        for i in range(len(padded) - n + 1):
            key = "g:" + padded[i : i + n]
            counts[key] = counts.get(key, 0) + 1
    return tuple(counts.items())


def _cue_counts(words: list[str]) -> dict[str, int]:
    index, longest = _cue_index()
    counts: dict[str, int] = {}
    n = len(words)
    for i, word in enumerate(words):
        if word not in longest:
            continue
        for size in range(1, min(longest[word], n - i) + 1):
            for group in index.get(tuple(words[i : i + size]), ()):
                counts[group] = counts.get(group, 0) + 1
    return counts


def _surface(text: str, n_words: int, n_emoji: int, dense: dict[str, float]) -> None:
    exclaims = text.count("!") + text.count("！")
    questions = text.count("?")
    counts = {  # a regular expression runs only when its marks are there
        "exclaim_runs": len(_EXCLAIM_RUN.findall(text)) if exclaims or questions else 0,
        "exclaims": exclaims,
        "caps_words": 0 if text.islower() else len(_CAPS_WORD.findall(text)),
        "emoji": n_emoji,
        "hashtags": len(hashtag_spans(text)),
        "questions": questions,
        "ellipsis": text.count("...") + text.count("…"),
        "paren": text.count("("),
        "quotes": text.count('"') // 2 + text.count(" '") + text.count("“"),
    }
    for name, count in counts.items():
        if count:
            dense["s:" + name] = DENSE_SCALE * math.log1p(count)
    dense["s:length"] = DENSE_SCALE * min(math.log1p(max(n_words, 1)) / 4.0, 1.5)
    if n_words <= 3:
        dense["s:short"] = DENSE_SCALE
