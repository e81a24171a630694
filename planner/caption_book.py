"""Caption templates and words, per language: bundled sets, plus the user's own.

A language is a folder ``captions/<lang>/`` holding one ``<category>.toml`` per category and a
``words.toml`` (weekday and month names, what an activity was called, alt text phrases, the
words of week.png).
Bundled: ``templates/captions/{en,de,es,fr,pt}/``. The user's:

- ``<home>/captions/<lang>/``: a new language (every category file and words.toml), or some
  files that add to or override a bundled language's.
- ``<home>/captions/<category>.toml``: adds to or overrides the variants of the language it
  is written in (the way ``<home>/cards/`` works for card templates): the language its
  ``language = "de"`` names, else the one found in its words (see planner.caption_files);
  in another language it is set aside, and the book says so.

A category file holds ``[[variant]]`` tables: ``id``, ``text`` (a ``string.Template`` over
CAPTION_VARIABLES) and ``feeling = true`` for a wording that claims how it felt ("Enjoyed this
one"), which is used only when the activity's mood is 4 or 5. A user's variant with a bundled
variant's id replaces it; ``keep_bundled = false`` at the top of a user's file drops the
bundled variants of that category. Words missing from a user's words.toml come from English.

Edges: an unknown variable, a stray ``$`` or a file that is not TOML is a ConfigError naming
the file and variant; a category left with no variant is an error naming the category.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from planner.caption_files import CaptionFile, check_folder_language, read_toml
from planner.errors import ConfigError
from planner.models import CATEGORIES

CAPTION_VARIABLES: tuple[str, ...] = ("title", "place", "weekday", "distance", "details", "kind")
BUNDLED_LANGUAGES: tuple[str, ...] = ("en", "de", "es", "fr", "pt")


@dataclass(frozen=True)
class Variant:
    """One caption wording: its id, template text, the variables it needs, and whether it
    claims a feeling (then it needs a mood of 4 or more)."""

    id: str
    template: string.Template
    needs: frozenset[str]
    feeling: bool = False
    source: str = ""


@dataclass(frozen=True)
class Words:
    """A language's words for captions, cards and alt text (see words.toml)."""

    language: str
    weekdays: tuple[str, ...]
    weekdays_short: tuple[str, ...]
    months: tuple[str, ...]
    months_short: tuple[str, ...]
    decimal: str = "."
    durations: dict[str, str] = field(default_factory=dict)
    activity: dict[str, str] = field(default_factory=dict)
    nouns: dict[str, Any] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    alt_text: dict[str, str] = field(default_factory=dict)
    week: dict[str, str] = field(default_factory=dict)

    def weekday(self, index: int) -> str:
        return self.weekdays[index]

    def date(self, day: int, month: int) -> str:
        """ "30 Nov" in English; the card footer's $date."""
        return string.Template(self.activity.get("date", "$day $month")).substitute(
            day=day, month=self.months_short[month - 1]
        )


_WORD_LISTS = {"weekdays": 7, "weekdays_short": 7, "months": 12, "months_short": 12}
_WORD_TABLES = ("durations", "activity", "nouns", "categories", "alt_text", "week")


class LanguageSet(NamedTuple):
    """A language's variants by category, its words, and the user's top-level caption files
    set aside because they are written in another language."""

    variants: dict[str, list[Variant]]
    words: Words
    set_aside: tuple[CaptionFile, ...] = ()


def load_language(bundled: Path, language: str = "en", home: Path | None = None) -> LanguageSet:
    """The variants (by category) and words of ``language``: bundled, then
    ``<home>/captions/<lang>/``, then the files ``<home>/captions/*.toml`` written in it.
    Raises ConfigError when a category has no variant."""
    from planner.caption_files import caption_files

    folders = [bundled / language]
    paths = [folder / f"{category}.toml" for folder in folders for category in CATEGORIES]
    set_aside: tuple[CaptionFile, ...] = ()
    if home is not None:
        folders.append(home / "captions" / language)
        paths += [folders[-1] / f"{category}.toml" for category in CATEGORIES]
        mine = caption_files(home, available_languages(bundled, home)).top_level()
        paths += [f.path for f in mine if f.applies_to(language)]
        set_aside = tuple(f for f in mine if not f.applies_to(language))
        for unused in set_aside:  # a broken file is an error whatever language is in use
            _merge([], unused.path)
    variants: dict[str, list[Variant]] = {c: [] for c in CATEGORIES}
    last: dict[str, Path] = {}  # the file that last changed a category's variants
    for path in paths:
        if path.is_file():
            variants[path.stem] = _merge(variants[path.stem], path, language)
            last[path.stem] = path
    for category in CATEGORIES:
        if not variants[category]:
            folder = home / "captions" / language if home else bundled / language
            where = last.get(category, folder / f"{category}.toml")
            raise ConfigError(
                f"{where}: no caption variants for {category!r} in "
                f"language {language!r} (add one; see 'planner templates')"
            )
    words = _load_words([bundled / "en", *folders], language)
    return LanguageSet(variants, words, set_aside)


def available_languages(bundled: Path, home: Path | None) -> tuple[str, ...]:
    """The bundled languages and the user's ``<home>/captions/<lang>/`` folders, sorted."""
    found = {p.name for p in bundled.iterdir() if p.is_dir()} if bundled.is_dir() else set()
    user = home / "captions" if home else None
    if user is not None and user.is_dir():
        found |= {p.name for p in user.iterdir() if p.is_dir() and (p / "words.toml").is_file()}
    return tuple(sorted(found))


def _merge(current: list[Variant], path: Path, language: str = "") -> list[Variant]:
    """``current`` with the file's variants added; a same-id variant is replaced in place.
    A file in the folder of ``language`` may not declare another language."""
    data = read_toml(path)
    if language and path.parent.name == language:
        check_folder_language(path, data, language)
    keep = data.get("keep_bundled", True)
    if not isinstance(keep, bool):
        raise ConfigError(f"{path}: keep_bundled must be true or false")
    new = load_variants(path, data)
    merged = list(current) if keep else []
    index = {v.id: i for i, v in enumerate(merged)}
    for variant in new:
        if variant.id in index:
            merged[index[variant.id]] = variant
        else:
            index[variant.id] = len(merged)
            merged.append(variant)
    return merged


def load_variants(path: Path, data: dict[str, Any] | None = None) -> list[Variant]:
    """The ``[[variant]]`` tables of one file, checked."""
    if data is None:
        data = read_toml(path)
    entries = data.get("variant", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'variant' must be a list of [[variant]] tables")
    variants: list[Variant] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ConfigError(f'{path}: variant {number} needs a text = "..."')
        vid = str(entry.get("id") or f"{path.stem}-{number}")
        template = string.Template(entry["text"])
        if not template.is_valid():
            raise ConfigError(f"{path}: variant {vid!r}: a stray $ (write $$ for a dollar sign)")
        needs = frozenset(template.get_identifiers())
        unknown = needs - set(CAPTION_VARIABLES)
        if unknown:
            raise ConfigError(
                f"{path}: variant {vid!r} uses ${sorted(unknown)[0]}, which is not a caption "
                f"variable (use: {', '.join('$' + v for v in CAPTION_VARIABLES)})"
            )
        feeling = entry.get("feeling", False)
        if not isinstance(feeling, bool):
            raise ConfigError(f"{path}: variant {vid!r}: feeling must be true or false")
        variants.append(Variant(vid, template, needs, feeling, str(path)))
    return variants


def _load_words(folders: list[Path], language: str) -> Words:
    """English words, overlaid by each folder's words.toml in turn."""
    merged: dict[str, Any] = {name: {} for name in _WORD_TABLES}
    for folder in folders:
        path = folder / "words.toml"
        if not path.is_file():
            continue
        data = read_toml(path)
        for name, size in _WORD_LISTS.items():
            if name in data:
                value = data[name]
                if not (isinstance(value, list) and len(value) == size):
                    raise ConfigError(f"{path}: {name} must be a list of {size} names")
                merged[name] = tuple(str(v) for v in value)
        if "decimal" in data:
            merged["decimal"] = str(data["decimal"])
        for name in _WORD_TABLES:
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [{name}] must be a table")
            merged[name] = {**merged[name], **table}
    return Words(language=language, **merged)
