"""How common each word is in English and in the languages a short caption may be written in
instead: the data behind ``planner.word_language``.

    LANGUAGES       "en" first, then the other languages of the lists
    fold(word)      lower-cased, no accents or ligatures: "Você" -> "voce", "Straße" -> "strasse"
    word_tables()   {language: {folded word: Zipf frequency}}, loaded once from the shipped file

A Zipf frequency is log10 of how often a word occurs per billion words: "the" is about 7.7,
"threshold" 4.0, a word seen once in a million words 3.0. The lists are cut from wordfreq
(Robyn Speer, data under CC BY-SA 4.0, see templates/language/README.md) and shipped as
templates/language/words.tsv.gz; ``python -m planner.word_lists`` rebuilds the file (it needs
the ``words`` extra: ``pip install -e '.[words]'``).

Edges: English keeps words down to ``ENGLISH_FLOOR`` (names, brands and loanwords in English
use: "garmin", "biryani", "namaste"); the others down to ``OTHER_FLOOR`` (their common words).
A folded form shared by several words keeps the highest frequency. Single letters are kept
only where they are a word in their own right (Zipf 6 or more: "a", "i", Spanish "y"), two
letters from Zipf 4.5 (so "ba" or "kn" is not a word of every language; in English from 3.0:
"pr", "ok"). Only words made of letters are kept.
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import cache
from pathlib import Path

#: English first; then the languages a short caption of a planner user is most often in
#: instead. More languages (Finnish, Czech, Hungarian ...) chop English names into their many
#: short words ("garmin" -> "gar min") and catch little more.
LANGUAGES: tuple[str, ...] = (
    "en", "de", "es", "fr", "pt", "it", "nl", "sv", "da", "nb", "pl", "sh", "ro", "tr", "id",
    "fil",
)  # fmt: skip
ENGLISH_FLOOR = 2.0
OTHER_FLOOR = 3.5
FILE = "language/words.tsv.gz"

_LIGATURES = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th"}
)


def fold(word: str) -> str:
    """``word`` lower-cased, without accents or ligatures: how a hashtag or a phone spells it."""
    lowered = word.lower().translate(_LIGATURES)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _path() -> Path:
    from planner.resources import templates_dir

    return templates_dir() / FILE


@cache
def word_tables() -> dict[str, dict[str, float]]:
    """{language: {folded word: Zipf frequency}} for every language of ``LANGUAGES``."""
    tables: dict[str, dict[str, float]] = {lang: {} for lang in LANGUAGES}
    with gzip.open(_path(), "rt", encoding="utf-8") as f:
        for line in f:
            lang, zipf, words = line.rstrip("\n").split("\t")
            tables[lang].update(dict.fromkeys(words.split(" "), int(zipf) / 10))
    return tables


def _keep(word: str, zipf: float, english: bool) -> bool:
    if not word.isalpha():
        return False
    if len(word) == 1:
        return zipf >= 6.0
    return len(word) > 2 or zipf >= (3.0 if english else 4.5)


def build(path: Path) -> dict[str, int]:
    """Write the word lists to ``path`` from wordfreq; returns the words kept per language."""
    import math

    from wordfreq import get_frequency_dict

    lines, counts = [], {}
    for lang in LANGUAGES:
        english = lang == "en"
        floor = ENGLISH_FLOOR if english else OTHER_FLOOR
        best: dict[str, int] = {}
        for word, freq in get_frequency_dict(lang, "large" if english else "small").items():
            zipf = math.log10(freq) + 9
            key = fold(word)
            if zipf >= floor and _keep(key, zipf, english):
                best[key] = max(best.get(key, 0), round(zipf * 10))
        by_zipf: dict[int, list[str]] = {}
        for word, tenths in best.items():
            by_zipf.setdefault(tenths, []).append(word)
        for tenths in sorted(by_zipf, reverse=True):
            lines.append(f"{lang}\t{tenths}\t{' '.join(sorted(by_zipf[tenths]))}\n")
        counts[lang] = len(best)
    with gzip.GzipFile(path, "wb", mtime=0) as f:  # the same bytes on every rebuild
        f.write("".join(lines).encode("utf-8"))
    return counts


if __name__ == "__main__":
    print(build(_path()))
