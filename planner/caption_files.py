"""The user's own caption files in ``<home>/captions/``: which language each is for, and which
files planner does not read, with why.

    caption_files(home, languages) -> CaptionFiles: every category file of the user's, with
                                      the languages it applies to, and the files not read

Where a file is says which captions it joins:

- ``<home>/captions/<lang>/<category>.toml``: captions in ``<lang>`` only (its folder says so).
- ``<home>/captions/<category>.toml``: captions in the language the file is written in. It
  says so with ``language = "de"`` at its top (or a list, ``language = ["de", "en"]``, for a
  file fit for several); without it, the language is found in the words of its variants
  (``$`` variables left out) by the detector that reads the user's notes (``written_in``).
  So a German user's English templates never join German captions, and files written before
  languages existed keep joining the captions of the language they are written in.

Edges: a file whose variants hold no letters at all ("$title · $distance") suits every
language; words the detector is not sure of (a word or two: "Quiet.", "$title at $place")
are read word by word, and are English unless another caption language is likelier; a file
in a language without caption templates (Italian), detected or declared, joins no captions
until there are some; ``language`` that is not a code or a list of codes is a ConfigError
naming the file, as is a file in a language folder that declares another language. Not read,
and ``not_read`` says why: a file whose name is no category ("gym.toml": a kind), a
``words.toml`` outside a language folder, a folder that is no language (neither bundled nor
holding a words.toml).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import ConfigError
from planner.models import CATEGORIES

#: How a file's languages were known.
FOLDER, DECLARED, DETECTED, NO_WORDS = "folder", "declared", "detected", "no words"
_PLACEHOLDER = string.Template.pattern


@dataclass(frozen=True)
class CaptionFile:
    """One of the user's category files: ``languages`` it joins the captions of (None: every
    language) and ``how`` that was known (FOLDER, DECLARED, DETECTED or NO_WORDS)."""

    path: Path
    languages: frozenset[str] | None
    how: str

    def applies_to(self, language: str) -> bool:
        return self.languages is None or language in self.languages

    def unused_because(self, language: str) -> str:
        """Why the file is not used for captions in ``language`` ("" when it is)."""
        from planner.language import language_name

        if self.applies_to(language):
            return ""
        name = language_name(language)
        why = f"captions are in {name}"
        if self.how == DETECTED:
            why += f' (if it is {name}, say so: language = "{language}" at its top)'
        return why

    def set_aside(self, language: str) -> str:
        """The plan --explain note for a top-level file not used for captions in ``language``."""
        return (
            f"your caption file {self.path.name} is for {self.said()}; not used: "
            f"{self.unused_because(language)}"
        )

    def said(self) -> str:
        """ "German (detected)", "every language (no words)" for ``planner templates``."""
        from planner.language import language_name

        if self.languages is None:
            return "every language (no words in it, only variables)"
        names = " and ".join(language_name(code) for code in sorted(self.languages))
        return f"{names} ({_HOW[self.how]})"


_HOW = {
    FOLDER: "its folder",
    DECLARED: "its language line",
    DETECTED: "found in its words",
    NO_WORDS: "no words",
}


@dataclass(frozen=True)
class CaptionFiles:
    """The user's category files (top-level first, then each language folder's) and the files
    and folders in ``<home>/captions/`` planner does not read, each with why."""

    files: tuple[CaptionFile, ...]
    not_read: tuple[tuple[Path, str], ...]

    def top_level(self) -> tuple[CaptionFile, ...]:
        return tuple(f for f in self.files if f.how != FOLDER)


def caption_files(home: Path, languages: Collection[str]) -> CaptionFiles:
    """The user's caption files under ``home``; ``languages`` are the caption languages there
    are (a file's language is chosen among them when found in its words)."""
    root = home / "captions"
    if not root.is_dir():
        return CaptionFiles((), ())
    files: list[CaptionFile] = []
    not_read: list[tuple[Path, str]] = []
    for path in sorted(root.glob("*.toml")):
        if path.stem in CATEGORIES:
            files.append(_top_level(path, languages))
        elif path.stem == "words":
            not_read.append((path, "words of a language go in its folder: <lang>/words.toml"))
        else:
            not_read.append((path, _not_a_category(path)))
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name not in languages:
            why = (
                "not a language: name a language's folder by its code (de, fr, ...); one "
                "planner does not ship needs a words.toml"
            )
            not_read.append((folder, why))
            continue
        for path in sorted(folder.glob("*.toml")):
            if path.stem in CATEGORIES:
                files.append(CaptionFile(path, frozenset({folder.name}), FOLDER))
            elif path.stem != "words":
                not_read.append((path, _not_a_category(path)))
    return CaptionFiles(tuple(files), tuple(not_read))


def _not_a_category(path: Path) -> str:
    return f"no category {path.stem!r}; name it after one: {', '.join(CATEGORIES)}"


def read_toml(path: Path) -> dict[str, Any]:
    """A caption or words file's TOML; ConfigError naming the file when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _declared(path: Path, data: dict[str, Any]) -> frozenset[str] | None:
    """The languages a file's ``language`` key names, or None when it has none."""
    if "language" not in data:
        return None
    value = data["language"]
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise ConfigError(
            f'{path}: language must be a language code (language = "de") or a list of them'
        )
    return frozenset(c.strip().lower() for c in codes)


def check_folder_language(path: Path, data: dict[str, Any], folder: str) -> None:
    """A ConfigError when a file in the folder of language ``folder`` declares another."""
    declared = _declared(path, data)
    if declared is not None and declared != {folder}:
        raise ConfigError(
            f"{path}: says language = {', '.join(sorted(declared))!r} but is in the folder "
            f"for {folder!r}; move it, or drop the language line"
        )


def _top_level(path: Path, languages: Collection[str]) -> CaptionFile:
    data = read_toml(path)
    declared = _declared(path, data)
    if declared is not None:
        return CaptionFile(path, declared, DECLARED)
    entries = data.get("variant", [])
    entries = entries if isinstance(entries, list) else []  # load_variants says what is wrong
    texts = [e["text"] for e in entries if isinstance(e, dict) and isinstance(e.get("text"), str)]
    words = " ".join(_PLACEHOLDER.sub(" ", text) for text in texts)
    found = written_in(words, languages)
    if found is None:
        return CaptionFile(path, None, NO_WORDS)
    return CaptionFile(path, frozenset({found}), DETECTED)


def written_in(words: str, languages: Collection[str]) -> str | None:
    """The language template words are in (None: no letters, so any language): the
    detector's when it is sure (``planner.language.SURE``), even one without caption
    templates (an Italian file is for Italian captions, not English ones); else, word by
    word, the language of ``languages`` likelier than English (``planner.word_language``),
    else English. One or two words ("Quiet", "Fertig") are too few for the detector."""
    from planner.language import SURE, language_scores, letter_count
    from planner.word_language import word_lead

    if letter_count(words) == 0:
        return None
    scores = language_scores(words)
    if scores and scores[0][1] >= SURE:
        return scores[0][0]
    other, lead = word_lead(words)
    return other if lead > 0 and other in languages else "en"
