"""Template captions: calm variants per category, filled from the activity.

Variants live in ``templates/captions/<category>.toml`` as ``[[variant]]`` tables with an
``id`` and a ``text`` using ``string.Template`` variables (no format-string attribute access).

Edges: a variant is usable only when every variable it names has a value for the activity
(no "at ." captions); a variable that is not one of CAPTION_VARIABLES is an error at load time
naming the file, variant and variable; a variant used within ``variant_memory_weeks`` before
or after the post (a later week may be planned first) is not used again unless every variant
was (then the one whose nearest use is furthest away is);
dating captions never use the title or place; a variant does not repeat a place or weekday
the title already names; $weekday is only filled within six days after the activity; notes
giving weight lifted, heart rate or calories are not used. Hashtags come only from the
activity's tags.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from planner.errors import ConfigError
from planner.models import CATEGORIES, Activity, Post
from planner.sources.titles import format_distance, gives_body_metric
from planner.text_units import as_hashtag, is_emoji

CAPTION_VARIABLES: tuple[str, ...] = ("title", "place", "weekday", "distance", "details", "kind")
_PRIVATE_CATEGORIES = frozenset({"dating"})
#: The "@" of a handle in a title or place: a caption never mentions (notifies) anyone.
_MENTION = re.compile(r"(?<![\w@])@+(?=\w)")


@dataclass(frozen=True)
class Variant:
    """One caption wording: its id, template text and the variables it needs."""

    id: str
    template: string.Template
    needs: frozenset[str]


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
    """All caption variants, by category."""

    def __init__(self, variants: dict[str, list[Variant]]) -> None:
        self.variants = variants

    @classmethod
    def load(cls, folder: Path) -> CaptionBook:
        """Read every category's TOML file from ``folder``; each category needs one variant."""
        variants: dict[str, list[Variant]] = {}
        for category in CATEGORIES:
            path = folder / f"{category}.toml"
            variants[category] = _load_file(path) if path.exists() else []
            if not variants[category]:
                raise ConfigError(f"{path}: no caption variants for {category!r} (add one)")
        return cls(variants)

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
            judged = own_words(notes)
            note = judged.note
            if judged.text:
                tags = hashtags_for(activity.tags, max_hashtags, check)
                return Caption(text=judged.text, variant="notes", hashtags=tags, note=note)
        values = caption_values(activity, at, units)
        usable = [
            v
            for v in self.variants[activity.category]
            if v.needs <= values.keys() and not _repeats(v, values)
        ]
        nearest: dict[str, timedelta] = {}  # variant -> time to its closest use, either side
        for post in history:
            if post.variant and post.variant != "notes":
                apart = abs(at - post.at)
                nearest[post.variant] = min(apart, nearest.get(post.variant, apart))
        recent = {vid for vid, apart in nearest.items() if apart < memory}
        fresh = [v for v in usable if v.id not in recent]
        start = int(activity.id[:8], 16) if activity.id[:8].isalnum() else 0
        ordered = _rotate(fresh, start) + sorted(
            (v for v in usable if v.id in recent), key=lambda v: (-nearest[v.id], v.id)
        )
        for variant in ordered:
            text = _sentence_case(variant.template.substitute(values))
            if check is None or check(text) is None:
                tags = hashtags_for(activity.tags, max_hashtags, check)
                return Caption(text=text, variant=variant.id, hashtags=tags, note=note)
        return None


def _repeats(variant: Variant, values: dict[str, str]) -> bool:
    """True for a variant naming the title and the place or weekday the title already names
    ("Müggelsee walk around Müggelsee", "A good Sunday meal: Sunday brunch"), or putting a
    title with a colon after one of its own ("Learning something new: Spanish: week 3")."""
    if "title" not in variant.needs:
        return False
    if ":" in values["title"] and ": $title" in variant.template.template:
        return True
    title = values["title"].casefold()
    if "place" in variant.needs and values["place"].casefold() in title:
        return True
    weekday = values.get("weekday", "").casefold()
    return (
        "weekday" in variant.needs
        and bool(weekday)
        and re.search(rf"\b{weekday}", title) is not None
    )


def _sentence_case(text: str) -> str:
    """A caption starts with a capital: "long run. Steady progress." -> "Long run. ..."; a
    first word with a capital inside ("iPhone", "eBike") is left as written."""
    first = text.split(" ", 1)[0]
    if first.isalpha() and first.islower():
        return text[:1].upper() + text[1:]
    return text


def _clean_title(title: str) -> str:
    """The title without closing punctuation or trailing emoji, so it ends a sentence:
    "My first half marathon 🥵" -> "My first half marathon" (not "marathon 🥵. Steady")."""
    text = title.strip()
    while text and (text[-1] in " .!?…" or is_emoji(text[-1])):
        text = text[:-1]
    return text


def _rotate(items: list[Variant], start: int) -> list[Variant]:
    if not items:
        return []
    k = start % len(items)
    return items[k:] + items[:k]


def caption_values(activity: Activity, at: datetime, units: str = "metric") -> dict[str, str]:
    """The non-empty caption variables of an activity (dating: weekday and kind only).

    "@sam" becomes "sam": a mention would notify that person, and a post is aimed at no one.
    The title loses its closing punctuation and trailing emoji, so "Ran my first half
    marathon!" reads "Ran my first half marathon. Steady progress." rather than "marathon!.
    Steady". The weekday is given only when the post is at most six days after the activity.
    """
    local_start = activity.start.astimezone(at.tzinfo)
    days_before = (at.date() - local_start.date()).days
    values = {
        "title": _clean_title(activity.title),
        "place": activity.location.strip(),
        # only within the week before the post: "Monday" a week or more later reads as the
        # latest Monday (or today)
        "weekday": local_start.strftime("%A") if 0 <= days_before <= 6 else "",
        "distance": format_distance(
            activity.distance_km, units, swim="swim" in activity.kind.lower()
        )
        if activity.distance_km
        else "",
        "details": activity.details.strip(),
        "kind": activity.kind.strip(),
    }
    if activity.category in _PRIVATE_CATEGORIES:
        values = {k: values[k] for k in ("weekday", "kind")}
    return {k: _MENTION.sub("", v) for k, v in values.items() if v}


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


def _load_file(path: Path) -> list[Variant]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read caption variants: {exc}") from None
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
        variants.append(Variant(id=vid, template=template, needs=needs))
    return variants
