"""Which language a caption, title or note is written in (py3langid, offline, from its wheel).

    caption_language(text)       -> "en", "da", ... (ISO 639-1), or None when too short or unsure
    reads_as(text, languages)    -> may the text be read as one of ``languages``?
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
  "Volta pra mim" or "Saknar dig" are not. Left to the tone filter: two-word phrases no
  detector can place ("Te amo" reads as English as much as anything).

Edges: the empty text is too short; the model is loaded once, on first use (about 0.4 s).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache, lru_cache
from typing import Any

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

#: English names of the candidate languages (and a few more), for plan --explain.
NAMES: dict[str, str] = {
    "en": "English", "de": "German", "es": "Spanish", "fr": "French", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "da": "Danish", "sv": "Swedish", "no": "Norwegian",
    "fi": "Finnish", "pl": "Polish", "cs": "Czech", "hr": "Croatian", "hu": "Hungarian",
    "ro": "Romanian", "ca": "Catalan", "tr": "Turkish", "ru": "Russian", "el": "Greek",
    "uk": "Ukrainian", "bg": "Bulgarian", "sr": "Serbian", "ar": "Arabic", "fa": "Persian",
    "he": "Hebrew", "hi": "Hindi", "th": "Thai", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean",
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
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


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
