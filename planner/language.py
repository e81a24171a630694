"""Which language a caption, title or note is written in (py3langid, offline, from its wheel).

    caption_language(text)       -> "en", "da", ... (ISO 639-1), or None when too short or unsure
    reads_as(text, languages)    -> may the text be read as one of ``languages``?
    unreadable(text)             -> Unread(language, span, hashtag) when the tone filter cannot
                                    read the text or one of its hashtags, else None
    JUDGED_LANGUAGES             -> the languages the tone filter judges (today only English)

The user's own words (notes, titles) become part of a post only when they read as a language
the tone filter judges: a needy note in Portuguese would otherwise go out unchecked.

The rule for short or unsure text (measured on tests/fixtures/language/captions.tsv, see
benchmarks/language_eval.py):

- Links, @handles, #hashtags, digits and emoji are left out before detecting ("5k run 💪" is
  read as "k run"). Fewer than ``MIN_LETTERS`` letters is too short to be in any language:
  ``caption_language`` gives None and ``reads_as`` gives True (nothing in "5k 💪" can hide a
  message the tone filter cannot read).
- The text is lower-cased ("Medium Long Run" reads as English, not German) and the detector
  weighs only ``CANDIDATES``: text in another language is read as the nearest of them, which
  is not English for the phrases that matter (tests/test_language.py).
- ``SURE`` (0.5) or more for the likeliest language: that is the language. Below it the
  text is unsure: ``caption_language`` gives None, and ``reads_as`` accepts it when one of
  ``languages`` is at least ``PLAUSIBLE`` (0.4) times as likely as the likeliest. Short
  English ("Leg day.", "Tempo run", "5k run") is unsure and kept this way; "Tu me manques",
  "Volta pra mim" or "Saknar dig" are not.

The tone filter asks ``unreadable``, which is stricter where the text is short: a needy "Te
amo" must not pass as English, and "Run" or "Zwift ride" must not be refused as German. For
fewer than ``LANGUAGE_LETTERS`` letters the words are weighed as well as the characters
(``planner.word_language``: "te" and "amo" are far more common in Portuguese than English);
its hashtags are read as the words they spell ("#saudadesdevoce": saudades de voce).

Edges: the empty text is too short; the model is loaded once, on first use: py3langid's
model cut to ``CANDIDATES`` (``planner.language_model``, about 0.1 s; py3langid's own takes
0.4-1 s), only in a process that detects a language.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache, lru_cache
from typing import Any, NamedTuple

#: The languages the tone filter judges: the user's own words are used only in these.
JUDGED_LANGUAGES: frozenset[str] = frozenset({"en"})

#: The languages the detector chooses from: the shipped caption languages, the Nordic ones
#: and Italian, and the big languages of other scripts. More Latin-script candidates (Dutch,
#: Finnish, Norwegian ...) lose short English titles with a place name in them ("Weekend in
#: Dresden" reads as Dutch) and catch little more (measured, see benchmarks/language_eval.py).
CANDIDATES: tuple[str, ...] = (
    "en", "de", "es", "fr", "pt", "da", "sv", "it",
    "ru", "uk", "bg", "sr", "el", "ar", "fa", "he", "hi", "th", "zh", "ja", "ko",
)  # fmt: skip

MIN_LETTERS = 3
SURE = 0.5
PLAUSIBLE = 0.4
#: ``unreadable``: from ``LANGUAGE_LETTERS`` letters on, ``reads_as`` decides. Below, from
#: ``WORD_LETTERS`` letters on, the text is in another language when its words are
#: ``WORDS_SURE`` (log10) likelier there than in English; or ``WORDS_LIKELY`` likelier and the
#: detector finds a language other than English ``SURE``; or the detector is ``SHORT_SURE`` of
#: another language and the words are not ``WORDS_AGAINST`` likelier in English ("Iroquois long
#: run" is French at 0.90 to the detector, English word by word).
LANGUAGE_LETTERS = 20
WORD_LETTERS = 4
WORDS_SURE = 3.0
WORDS_LIKELY = 2.0
WORDS_AGAINST = 1.0
SHORT_SURE = 0.85

#: English names of the candidate languages (and a few more), for plan --explain.
NAMES: dict[str, str] = {
    "en": "English", "de": "German", "es": "Spanish", "fr": "French", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "da": "Danish", "sv": "Swedish", "no": "Norwegian",
    "fi": "Finnish", "pl": "Polish", "cs": "Czech", "hr": "Croatian", "hu": "Hungarian",
    "ro": "Romanian", "ca": "Catalan", "tr": "Turkish", "ru": "Russian", "el": "Greek",
    "uk": "Ukrainian", "bg": "Bulgarian", "sr": "Serbian", "ar": "Arabic", "fa": "Persian",
    "he": "Hebrew", "hi": "Hindi", "th": "Thai", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "nb": "Norwegian", "sh": "Serbo-Croatian", "id": "Indonesian",
    "fil": "Filipino",
}  # fmt: skip

_NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|[@#]\w+")
_PUNCTUATION = frozenset(".,:;!?'’-()…")
#: Anything but letters, white space and the punctuation above (digits, emoji, symbols).
_NOT_KEPT = re.compile(r"[^\w\s.,:;!?'’\-()…]|[\d_]")


def language_name(code: str) -> str:
    """ "da" -> "Danish"; a code without a name here is returned as it is."""
    return NAMES.get(code, code)


@cache
def _identifier() -> Any:
    from planner.language_model import identifier

    return identifier(CANDIDATES)


def words_for_detection(text: str) -> str:
    """The text lower-cased, less links, handles, digits, emoji and symbols (punctuation
    stays: the model reads "Leg day." better than "Leg day")."""
    plain = _NOT_WORDS.sub(" ", text)
    kept = _NOT_KEPT.sub(" ", plain)
    return " ".join(kept.lower().split())


@lru_cache(maxsize=4096)
def language_scores(text: str) -> tuple[tuple[str, float], ...]:
    """(language, probability) pairs, likeliest first; () when the text is too short."""
    words = words_for_detection(text)
    if _letters(words) < MIN_LETTERS:
        return ()
    ranked = _identifier().rank(words)
    return tuple((str(lang), float(p)) for lang, p in ranked)


def letter_count(text: str) -> int:
    """How many letters ``text`` has once links, handles, hashtags and digits are left out."""
    return _letters(words_for_detection(text))


def _letters(words: str) -> int:
    return sum(map(str.isalpha, words))


def plainly_english(text: str) -> bool:
    """Two or more English function words no other candidate language uses ("the", "and",
    "you", "with", ...): English without asking the detector, the slowest part of reading."""
    words = set(_SIMPLE_WORDS.findall(text.lower().replace("’", "'")))
    return len(words & _ENGLISH_ONLY) >= 2


_SIMPLE_WORDS = re.compile(r"[a-z']+")
_ENGLISH_ONLY = frozenset(
    {"the", "and", "you", "your", "my", "was", "with", "this", "that", "just", "what"}
    | {"have", "but", "it's", "i'm", "don't", "can't", "didn't", "they", "she", "he's"}
)


def caption_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when it is too short (fewer than
    ``MIN_LETTERS`` letters) or unsure (no language reaches ``SURE``)."""
    scores = language_scores(text)
    if not scores or scores[0][1] < SURE:
        return None
    return scores[0][0]


def reads_as(text: str, languages: Collection[str]) -> bool:
    """True when the text may be read as one of ``languages``: it is in one of them, or is
    too short to be in any, or is unsure and one of them is at least ``PLAUSIBLE`` times as
    likely as the likeliest language. False for an empty ``languages``."""
    if not languages:
        return False
    scores = language_scores(text)
    if not scores:
        return True
    top_lang, top = scores[0]
    if top >= SURE:
        return top_lang in languages
    best = max((p for lang, p in scores if lang in languages), default=0.0)
    return best >= PLAUSIBLE * top


class Unread(NamedTuple):
    """What of a text the tone filter cannot read: the ``language`` it is in (None when
    unsure), its ``span`` (the whole text, or a hashtag) and the ``hashtag`` when it is one."""

    language: str | None
    span: tuple[int, int]
    hashtag: str = ""


def unreadable(text: str) -> Unread | None:
    """What of ``text`` the tone filter (which reads English) cannot read, or None.

    Edges: text in another script (Cyrillic, Greek, Arabic ...) is unreadable however short;
    fewer than ``WORD_LETTERS`` letters, or two English-only function words ("the", "with"),
    make the words readable; a hashtag is unreadable when it spells a phrase of another
    language (``word_language.read_hashtag``) that the detector does not read as English, or
    is written in another script. The text is named before its hashtags.
    """
    whole = (0, len(text))
    letters = letter_count(text)
    if letters >= MIN_LETTERS and not text.isascii() and _other_script(words_for_detection(text)):
        return Unread(caption_language(text), whole)
    if letters >= WORD_LETTERS and not plainly_english(text):
        if letters >= LANGUAGE_LETTERS:
            if not reads_as(text, JUDGED_LANGUAGES):
                return Unread(caption_language(text), whole)
        elif (found := _short_language(text)) is not None:
            return Unread(found, whole)
    return _unreadable_hashtag(text)


def _short_language(text: str) -> str | None:
    """The language other than English that a short text is in, or None (see ``unreadable``)."""
    from planner.word_language import word_lead

    lang, lead = word_lead(text)
    if lead >= WORDS_SURE:
        return lang
    scores = language_scores(text)
    if not scores or scores[0][0] in JUDGED_LANGUAGES:
        return None
    top, p = scores[0]
    if (lead >= WORDS_LIKELY and p >= SURE) or (p >= SHORT_SURE and lead > -WORDS_AGAINST):
        return top
    return None


def _unreadable_hashtag(text: str) -> Unread | None:
    from planner.text_units import hashtags
    from planner.word_language import read_hashtag

    for start, end, tag in hashtags(text):
        if _other_script(tag):
            scores = language_scores(tag)
            found = scores[0][0] if scores and scores[0][1] >= SURE else None
            return Unread(found, (start, end), "#" + tag)
        reading = read_hashtag(tag)
        if reading.language is not None:
            scores = language_scores(" ".join(reading.words))
            if scores and scores[0][0] not in JUDGED_LANGUAGES:
                return Unread(reading.language, (start, end), "#" + tag)
    return None


def _other_script(words: str) -> bool:
    """Are most letters of ``words`` outside the Latin script (and two or more)?"""
    other = sum(1 for c in words if c.isalpha() and not _latin(c))
    return other >= 2 and 2 * other >= _letters(words)


def _latin(c: str) -> bool:
    code = ord(c)
    return code < 0x250 or 0x1E00 <= code < 0x1F00 or 0x2C60 <= code < 0x2C80
