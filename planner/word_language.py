"""Which language a few words or a hashtag are in, from how common each word is in each
language (``planner.word_lists``): where a character-based detector has too little to go on.

    word_lead(text)     -> (language, lead): the language other than English the words are
                           likeliest in, and its lead over English in log10 odds
    read_hashtag(tag)   -> HashtagReading: the English words a hashtag spells, or the other
                           language whose words it spells instead

A character detector reads "Te amo" as English as readily as anything, and "Iroquois long run"
as French; word by word, "te" and "amo" are far more common in Portuguese and Spanish than in
English, and "long" and "run" in English than in French.

Edges:
- ``word_lead`` counts only words of letters (no digits: "VO2", "1st", "W3D2" are codes), not
  links, handles or hashtags, not acronyms in a text that has lower case ("FTP", "WL"), not
  units ("km", "min") and not single letters. A word that no list holds (a name: "Zwift",
  "Watopia") counts for no language; a word one list lacks counts as a rare word there
  (``UNLISTED``). No counted word: ("", 0.0).
- ``read_hashtag`` splits on capitals first ("MondayMotivation"), then finds the likeliest
  split into words in each language ("sundayrunday" -> sunday run day). Another language
  only when the tag has ``TAG_LETTERS`` letters or more, its split there has two or more
  words, all of that language and none a single letter, the English split holds a word that
  is not common English (``COMMON``: "#tourdefrance" and "#dolcevita" are English usage),
  and the split is ``TAG_LEAD`` likelier than English's. A one-word tag is as often a name,
  a place or a loanword ("#hygge", "#fontainebleau") as a message, and reads as nothing, as
  does an all-capitals tag of up to five letters (an acronym). Otherwise the English words,
  when there are two or more and English has them all ("#deadliftday").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from planner.word_lists import LANGUAGES, fold, word_tables

#: The Zipf frequency a word counts with in a language whose list lacks it.
UNLISTED = 2.0
#: A common English word: one in a million words or more ("yoga" 4.2, "strides" 3.3).
COMMON = 3.0
#: How much likelier (log10) another language's split of a hashtag must be than English's.
TAG_LEAD = 4.0
#: A shorter hashtag is not read as another language's phrase ("#bleau", "#fitba", "#tiamo").
TAG_LETTERS = 6
#: What a stretch no list holds costs in a split, and per letter on top ("zwift" is one).
_UNKNOWN, _PER_LETTER = -12.0, 0.5
_LONGEST = 24

#: Units, the same in every language.
_UNITS = frozenset({"km", "kg", "mi", "min", "mins", "hr", "hrs", "lb", "lbs", "sec", "secs", "cm"})
_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|[@#]\w+")
_TOKEN = re.compile(r"[\w'’]+")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[^\W\d_]+")


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` that say which language it is in (see the edges above)."""
    plain = _NOT_WORDS.sub(" ", text)
    has_lower = any(c.islower() for c in plain)
    found: list[str] = []
    for token in _TOKEN.findall(plain):
        if any(c.isdigit() or c == "_" for c in token):
            continue
        if has_lower and token.isupper() and len(token.strip("'’")) > 1:
            continue
        parts = (fold(part) for part in re.split(r"['’]", token) if len(part) > 1)
        found.extend(part for part in parts if part not in _UNITS)
    return found


def word_lead(text: str) -> tuple[str, float]:
    """The likeliest language other than English for the words of ``text``, and how much
    likelier (log10) the words are in it than in English; negative when English leads."""
    return _lead(tuple(words_of(text)))


@lru_cache(maxsize=4096)
def _lead(words: tuple[str, ...]) -> tuple[str, float]:
    tables = word_tables()
    totals = dict.fromkeys(LANGUAGES, 0.0)
    counted = False
    for word in words:
        zipfs = [tables[lang].get(word) for lang in LANGUAGES]
        if not any(zipfs):
            continue
        counted = True
        for lang, zipf in zip(LANGUAGES, zipfs, strict=True):
            totals[lang] += zipf or UNLISTED
    if not counted:
        return "", 0.0
    best = max(LANGUAGES[1:], key=totals.__getitem__)
    return best, round(totals[best] - totals["en"], 2)


class HashtagReading(NamedTuple):
    """What a hashtag spells: English ``words`` (two or more), or another ``language`` and
    the ``words`` it spells in it; neither when it is one word, a name or a code."""

    words: tuple[str, ...] = ()
    language: str | None = None


@lru_cache(maxsize=4096)
def read_hashtag(tag: str) -> HashtagReading:
    """How the hashtag ``tag`` (without "#") reads; see the module's edges."""
    letters = sum(map(str.isalpha, tag))
    if not letters or (tag.isupper() and letters <= 5):
        return HashtagReading()
    chunks = [fold(chunk) for chunk in _CAMEL.findall(tag)]
    english_score, english = _split(chunks, "en")
    table = word_tables()["en"]
    if letters >= TAG_LETTERS and any(table.get(w, 0.0) < COMMON for w in english):
        other = _other_language(chunks, english_score)
        if other is not None:
            return other
    if len(english) > 1 and all(w in table for w in english):
        return HashtagReading(tuple(english))
    return HashtagReading()


def _other_language(chunks: list[str], english_score: float) -> HashtagReading | None:
    """The other language whose words the chunks spell, ``TAG_LEAD`` likelier than English."""
    best: tuple[float, str, list[str]] | None = None
    for lang in LANGUAGES[1:]:
        score, words = _split(chunks, lang)
        table = word_tables()[lang]
        if len(words) < 2 or any(len(w) < 2 or w not in table for w in words):
            continue
        if best is None or score > best[0]:
            best = (score, lang, words)
    if best is None or best[0] - english_score < TAG_LEAD:
        return None
    return HashtagReading(tuple(best[2]), best[1])


def _split(chunks: list[str], lang: str) -> tuple[float, list[str]]:
    """The likeliest split of each chunk into words of ``lang``: log10 probability, words."""
    table = word_tables()[lang]
    total, words = 0.0, list[str]()
    for chunk in chunks:
        n = len(chunk)
        best = [0.0] + [float("-inf")] * n
        start = [0] * (n + 1)
        for end in range(1, n + 1):
            for begin in range(max(0, end - _LONGEST), end):
                zipf = table.get(chunk[begin:end])
                cost = zipf - 9 if zipf else _UNKNOWN - _PER_LETTER * (end - begin)
                if best[begin] + cost > best[end]:
                    best[end], start[end] = best[begin] + cost, begin
        found, end = [], n
        while end > 0:
            found.append(chunk[start[end] : end])
            end = start[end]
        total += best[n]
        words.extend(reversed(found))
    return total, words
