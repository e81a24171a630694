"""Template captions: calm variants per category, in the user's language, filled from the activity.

Variants and words live in ``templates/captions/<lang>/`` (see planner.caption_book, which
also reads the user's own from ``<home>/captions/``).

Edges: a variant is usable only when every variable it names has a value for the activity
(no "at ." captions); a variant marked ``feeling`` (it says how it felt) only when the mood is
4 or 5; the user's notes and title only when they read as the caption's language and the tone
filter judges it (English notes in a German week would mix languages), and the title only when
it is no code (planner.caption_title: otherwise $title says what the activity was); a variant
used within ``variant_memory_weeks`` before or after the post (a later week may be planned
first) is not used again unless every variant
was (then the one whose nearest use is furthest away is);
dating captions never use the title or place; a variant does not repeat a place or weekday
the title already names; a variant with no variable ("Workout done.") only when no other is
usable; $weekday is only filled one to six days after the activity (not on its own day:
"ride on Tuesday" posted that Tuesday reads as written ahead); notes
giving weight lifted, heart rate or calories are not used. Hashtags come only from the
activity's tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from planner.caption_book import CAPTION_VARIABLES, Variant, Words, load_language
from planner.caption_files import CaptionFile
from planner.caption_title import shown_title
from planner.models import Activity, Post, stable_id
from planner.resources import templates_dir
from planner.sources.titles import format_distance, gives_body_metric
from planner.text_units import as_hashtag, is_emoji

__all__ = [
    "CAPTION_VARIABLES",
    "CaptionBook",
    "Variant",
    "book_for",
    "caption_values",
    "hashtags_for",
]
#: A variant marked ``feeling`` needs at least this mood (of 5).
FEELING_MOOD = 4
_PRIVATE_CATEGORIES = frozenset({"dating"})
#: The "@" of a handle in a title or place: a caption never mentions (notifies) anyone.
_MENTION = re.compile(r"(?<![\w@])@+(?=\w)")


@dataclass(frozen=True)
class Caption:
    """A filled caption, the variant it came from ("notes" for the user's own words), its
    hashtags, and a note for ``plan --explain`` on how the user's notes were judged."""

    text: str
    variant: str
    hashtags: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class OwnWords:
    """The tone filter's decision on the user's notes: text to post (or None) and why."""

    text: str | None
    note: str


#: Judges the user's own notes: the text to post (as is or softened) or None, and a note.
OwnWordsJudge = Callable[[str], OwnWords]


#: Checks a caption or hashtag before use; returns None when fine, else why it cannot be used.
CaptionCheck = Callable[[str], str | None]

#: Reads an activity's own words (title, notes) for a bad day: the phrase that says so, or None.
BadDayJudge = Callable[[str], str | None]


class CaptionBook:
    """All caption variants of one language, by category, and its words."""

    def __init__(
        self,
        variants: dict[str, list[Variant]],
        words: Words | None = None,
        language: str = "en",
        set_aside: Sequence[CaptionFile] = (),
    ) -> None:
        self.variants = variants
        self.words = words or english_words()
        self.language = language
        self.set_aside = tuple(set_aside)

    @classmethod
    def load(cls, folder: Path, language: str = "en", home: Path | None = None) -> CaptionBook:
        """The bundled ``folder``'s language set, with the user's own from ``home``."""
        loaded = load_language(folder, language, home)
        return cls(loaded.variants, loaded.words, language, loaded.set_aside)

    @property
    def notes(self) -> tuple[str, ...]:
        """Why some of the user's caption files are not used: they are in another language."""
        return tuple(f.set_aside(self.language) for f in self.set_aside)

    def caption(
        self,
        activity: Activity,
        at: datetime,
        history: Sequence[Post],
        *,
        max_hashtags: int = 2,
        memory: timedelta = timedelta(weeks=4),
        check: CaptionCheck | None = None,
        own_words: OwnWordsJudge | None = None,
        units: str = "metric",
    ) -> Caption | None:
        """The caption for an activity posted at ``at``, or None when no variant passes ``check``.

        The user's notes come first when ``own_words`` accepts them (never for dating, whose
        notes may name the person); otherwise a template variant. Deterministic: the same
        activity, time and history give the same caption.
        """
        note = ""
        notes = activity.notes.strip()
        if own_words is not None and notes and gives_body_metric(notes):
            note = "your notes were not used (weight, heart rate or calories); a template caption"
            notes = ""
        if own_words is not None and notes and activity.category != "dating":
            note = _foreign_notes(notes, self.language)
            if not note:
                judged = own_words(notes)
                note = judged.note
                if judged.text:
                    tags = hashtags_for(activity.tags, max_hashtags, check)
                    return Caption(text=judged.text, variant="notes", hashtags=tags, note=note)
        values, title_note = _values(activity, at, units, self.words, self.language)
        same = " not shown: captions are in " in title_note  # the reason the notes were left
        if same and note == _unjudged_captions(self.language):
            note = "your notes and " + title_note  # one reason, said once
        else:
            note = "; ".join(n for n in (note, title_note) if n)
        felt = activity.mood is not None and activity.mood >= FEELING_MOOD
        bare = _bare_title(values.get("title", ""), activity.title)
        usable = [
            v
            for v in self.variants[activity.category]
            if v.needs <= values.keys()
            and not _repeats(v, values, self.words.weekdays)
            and (felt or not v.feeling)
            and not (bare and v.template.template.strip() == "$title.")
        ]
        nearest: dict[str, timedelta] = {}  # variant -> time to its closest use, either side
        for post in history:
            if post.variant and post.variant != "notes":
                apart = abs(at - post.at)
                nearest[post.variant] = min(apart, nearest.get(post.variant, apart))
        recent = {vid for vid, apart in nearest.items() if apart < memory}
        if any(v.needs for v in usable):  # "Workout done." only when nothing says more
            usable = [v for v in usable if v.needs]
        fresh = [v for v in usable if v.id not in recent]
        start = _rotation(activity.id)
        ordered = _rotate(fresh, start) + sorted(
            (v for v in usable if v.id in recent), key=lambda v: (-nearest[v.id], v.id)
        )
        for variant in ordered:
            text = _sentence_case(_fill(variant, values))
            if check is None or check(text) is None:
                tags = hashtags_for(activity.tags, max_hashtags, check)
                return Caption(text=text, variant=variant.id, hashtags=tags, note=note)
        return None


def _bare_title(shown: str, title: str) -> bool:
    """True when $title is no title of the user's but a bare noun for what it was ("Markt",
    "Strength workout"): a caption of that word alone says nothing."""
    return bool(shown) and shown != clean_title(title) and not any(c.isdigit() for c in shown)


def _repeats(variant: Variant, values: dict[str, str], weekdays: Sequence[str] = ()) -> bool:
    """True for a variant naming the title and the place or a weekday when the title already
    names one ("Müggelsee walk around Müggelsee", "A good Sunday meal: Sunday brunch",
    "Saturday: Sunday long ride"), or putting a title with a colon after one of its own
    ("Learning something new: Spanish: week 3")."""
    if "title" not in variant.needs:
        return False
    if ":" in values["title"] and ": $title" in variant.template.template:
        return True
    title = values["title"].casefold()
    if "place" in variant.needs and values["place"].casefold() in title:
        return True
    if "weekday" not in variant.needs:
        return False
    named = {values.get("weekday", "").casefold(), *(day.casefold() for day in weekdays)}
    return any(day and re.search(rf"\b{re.escape(day)}", title) for day in named)


_FIRST_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: A variable that starts a sentence of a template: "$title. Steady", "head. $title."
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+)\$\{?(\w+)")


def _fill(variant: Variant, values: dict[str, str]) -> str:
    """The variant filled in, every sentence starting with a capital: a value written for the
    middle of a sentence ("trilha de 11,2 km") gets one where the variant starts a sentence
    with it ("Ar puro e cabeça leve. Trilha de 11,2 km.")."""
    starts = set(_SENTENCE_START.findall(variant.template.template))
    filled = {k: _sentence_case(v) if k in starts else v for k, v in values.items()}
    return variant.template.substitute(filled)


def _sentence_case(text: str) -> str:
    """A caption starts with a capital: "long run. Steady progress." -> "Long run. ...",
    "terça-feira: corrida" -> "Terça-feira: corrida"; a first word with a capital inside
    ("iPhone", "eBike") is left as written."""
    first = _FIRST_WORD.match(text)
    if first and first.group().islower():
        return text[:1].upper() + text[1:]
    return text


def _foreign_notes(notes: str, language: str) -> str:
    """Why the notes cannot be the caption, else "": captions are in a language the tone
    filter does not judge (English notes in a German feed would mix the two, as a title is
    kept from doing), or the notes are in another language than the captions."""
    from planner.language import JUDGED_LANGUAGES, caption_language, language_name, reads_as

    judged = " or ".join(language_name(code) for code in sorted(JUDGED_LANGUAGES))
    if language not in JUDGED_LANGUAGES:
        return _unjudged_captions(language)
    if reads_as(notes, {language}):
        return ""
    found = caption_language(notes)
    said = f"are in {language_name(found)}" if found else f"may not be in {judged}"
    return f"your notes {said}, and the tone filter reads only {judged}; a template caption"


def _unjudged_captions(language: str) -> str:
    """The note for notes left out because the tone filter does not read the caption language;
    the title's note then says the same ("title ... not shown: captions are in German, ...")."""
    from planner.language import JUDGED_LANGUAGES, language_name

    judged = " or ".join(language_name(code) for code in sorted(JUDGED_LANGUAGES))
    return (
        f"your notes not used: captions are in {language_name(language)}, and the tone filter "
        f"reads only {judged}; a template caption"
    )


def book_for(language: str = "en", home: Path | None = None) -> CaptionBook:
    """The caption variants and words of ``language``, bundled and the user's own from
    ``<home>/captions/``; loaded again only when one of the user's files changed."""
    return _cached_book(language, home, _captions_stamp(home))


@cache
def _cached_book(language: str, home: Path | None, stamp: tuple[object, ...]) -> CaptionBook:
    return CaptionBook.load(templates_dir() / "captions", language, home)


def _captions_stamp(home: Path | None) -> tuple[object, ...]:
    """The user's caption files with their sizes and times: a changed file reloads the book."""
    folder = home / "captions" if home else None
    if folder is None or not folder.is_dir():
        return ()
    files = sorted(p for p in folder.rglob("*.toml") if p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@cache
def english_words() -> Words:
    """The bundled English words (weekday names for a book built without words)."""
    return load_language(templates_dir() / "captions", "en").words


def clean_title(title: str) -> str:
    """The title without closing punctuation or trailing emoji, so it ends a sentence:
    "My first half marathon 🥵" -> "My first half marathon" (not "marathon 🥵. Steady")."""
    text = title.strip()
    while text and (text[-1] in " .!?…" or is_emoji(text[-1])):
        text = text[:-1]
    return text


def _rotation(activity_id: str) -> int:
    """Where an activity starts in the variant rotation: its id's first 8 hex digits (ids are
    hex; another id is hashed rather than crashing the plan)."""
    try:
        return int(activity_id[:8], 16)
    except ValueError:
        return int(stable_id(activity_id)[:8], 16)


def _rotate(items: list[Variant], start: int) -> list[Variant]:
    if not items:
        return []
    k = start % len(items)
    return items[k:] + items[:k]


def caption_values(
    activity: Activity,
    at: datetime,
    units: str = "metric",
    words: Words | None = None,
    language: str = "en",
) -> dict[str, str]:
    """The non-empty caption variables of an activity (dating: weekday and kind only).

    "@sam" becomes "sam": a mention would notify that person, and a post is aimed at no one.
    The title loses its closing punctuation and trailing emoji, so "Ran my first half
    marathon!" reads "Ran my first half marathon. Steady progress." rather than "marathon!.
    Steady"; a cryptic or foreign title gives way to what the activity was. The weekday (in
    ``words``' language) is given only when the post is one to six days after the activity.
    """
    return _values(activity, at, units, words or english_words(), language)[0]


def _values(
    activity: Activity, at: datetime, units: str, words: Words, language: str
) -> tuple[dict[str, str], str]:
    """caption_values, and a note on why the user's title was not shown ("" when it was)."""
    from planner.language import JUDGED_LANGUAGES

    local_start = activity.start.astimezone(at.tzinfo)
    days_before = (at.date() - local_start.date()).days
    title, note = "", ""
    if activity.category not in _PRIVATE_CATEGORIES:
        judged = JUDGED_LANGUAGES & {language}
        title, note = shown_title(activity, clean_title(activity.title), words, judged, units)
    distance = ""
    if activity.distance_km:
        swim = "swim" in activity.kind.lower()
        distance = format_distance(activity.distance_km, units, swim=swim)
        distance = distance.replace(".", words.decimal)
    values = {
        "title": title,
        "place": activity.location.strip(),
        # only within the week before the post: "Monday" a week or more later reads as the
        # latest Monday (or today)
        "weekday": words.weekday(local_start.weekday()) if 1 <= days_before <= 6 else "",
        "distance": distance,
        "details": activity.details.strip(),
        "kind": activity.kind.strip(),
    }
    if activity.category in _PRIVATE_CATEGORIES:
        values = {k: values[k] for k in ("weekday", "kind")}
    return {k: _MENTION.sub("", v) for k, v in values.items() if v}, note


def hashtags_for(
    tags: Iterable[str], limit: int, check: CaptionCheck | None = None
) -> tuple[str, ...]:
    """Up to ``limit`` hashtags from the activity's tags, cleaned, unique, each passing check."""
    out: list[str] = []
    for tag in tags:
        tag_text = as_hashtag(tag)
        if tag_text is None:
            continue
        if tag_text.lower() in (t.lower() for t in out):
            continue
        if check is not None and check(tag_text) is not None:
            continue
        out.append(tag_text)
        if len(out) >= limit:
            break
    return tuple(out)
