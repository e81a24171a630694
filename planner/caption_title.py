"""The title a caption shows: the user's own when a follower can read it, else what it was.

    is_cryptic(title)                       -> a code, program name or abbreviation?
    describe(activity, words, units)        -> "6 km run", "Lauf über 6 km", "Strength workout"
    shown_title(activity, language, words, units) -> (text, note for plan --explain)

Cryptic (not shown): program notation ("5x5", "12x 600", "W3D2", a closing day letter:
"Workout A", "Full Body B"), all capitals ("SDB", "PUSH DAY"), no readable word ("10k MP",
"CD"), an app's workout named by a single word that is no activity kind ("Legs",
"Maintenance", "Threshold"), or as many codes as readable words ("Triple pt 3",
"Hypertrophy 1: 3-5"). A readable word has three letters or more and is not all capitals; a
measure ("6 km", "30 min", "5k") counts as one beside a readable word; a lone number or
letter, or letters mixed with digits, is a code.

Edges: a title the importer made from the distance or time ("10.2 km run") is described again
in the caption's language; a title in a language the tone filter does not judge, or not in the
caption's language, is not shown (see planner.language); an empty title is described.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

from planner.models import CATEGORIES
from planner.sources.categories import category_for
from planner.sources.titles import NOUNS, format_distance, generated_title, noun_for

if TYPE_CHECKING:
    from planner.caption_book import Words
    from planner.models import Activity

_PROGRAM = re.compile(r"\d\.?\s*[x×]\s*\d|\b\d+\s*[x×](?=\s|$)|\b[x×]\s*\d", re.I)
#: A program's day letter closing a title: "Workout A", "Full Body B" (not "I": "... and I").
_DAY_LETTER = re.compile(r"[^\W\d_]{2,}\s+[A-HJ-Z]\s*$")
_MEASURE = re.compile(
    r"\b\d+(?:[.,]\d+)?(?:\s?(?:k|km|mi|miles?|m|yd|yards?|min|mins|minutes?|h|hrs?|hours?)\b"
    r"|\s?°[CF]?)",
    re.I,
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
#: Nouns whose distance is a cardio set's, not the activity's ("5 km strength workout").
_NO_DISTANCE = frozenset(
    {"workout", "strength workout", "yoga session", "pilates session", "HIIT session",
     "CrossFit session", "gym session"}
)  # fmt: skip


def is_cryptic(title: str, *, lone_word_ok: bool = False) -> bool:
    """True for a title a follower could not read (see the module docstring); with
    ``lone_word_ok`` a single word is readable whatever it is (shown_title allows it for
    anything but a workout from an app: apps name workouts "Legs" and "Maintenance", people
    name their walk "Lake" and their pottery "Clay")."""
    if _PROGRAM.search(title) or _DAY_LETTER.search(title):
        return True
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    measures = len(_MEASURE.findall(title))
    codes, words = 0, []
    for token in _TOKEN.findall(_MEASURE.sub(" ", title)):
        has_digit = any(c.isdigit() for c in token)
        if _ORDINAL.match(token):
            continue
        if has_digit or (len(token) == 1 and token not in "aAI"):
            codes += 1
        elif len(token) >= 3 and not token.isupper():
            words.append(token)
    if not words:
        return True
    if len(words) == 1 and codes == 0 and measures == 0:
        return not lone_word_ok and category_for(words[0]) is None
    return codes >= len(words) + measures


def _noun(activity: Activity, words: Words) -> tuple[str, object]:
    """The noun key of the activity's kind and the words' entry for it (None: no noun)."""
    kind = " ".join(activity.kind.lower().split())
    key = noun_for(activity.kind)
    known = kind in NOUNS or activity.category == "fitness"
    for candidate in (key, kind) if known else (kind, key):
        if candidate in words.nouns:
            return candidate, words.nouns[candidate]
    if words.language == "en":
        if known:
            return key, key
        return kind, None if kind in CATEGORIES else kind
    return key, words.categories.get(activity.category)


def describe(activity: Activity, words: Words, units: str = "metric") -> str:
    """What the activity was, in the words' language: its noun with the distance, else the
    time, else alone ("6 km run", "45 min strength workout", "Strength workout"); "" when
    the language has no noun for the kind (a museum visit in a language without "museum")."""
    key, entry = _noun(activity, words)
    if not entry:
        return ""
    forms = dict(words.activity)
    if isinstance(entry, dict):
        forms.update({k: str(v) for k, v in entry.items() if k != "noun"})
        noun = str(entry.get("noun", key))
    else:
        noun = str(entry)
    distance = activity.distance_km if key not in _NO_DISTANCE else None
    if distance is not None and distance >= 0.05 and "distance" in forms:
        text = format_distance(distance, units, swim=key in ("swim", "open-water swim"))
        values = {"noun": noun, "distance": _decimal(text, words.decimal)}
        form = forms["distance"]
    elif activity.duration_s and "duration" in forms:
        values = {"noun": noun, "duration": _duration(activity.duration_s, words)}
        form = forms["duration"]
    else:
        values, form = {"noun": noun}, forms.get("plain", "$noun")
    described = string.Template(form).safe_substitute(values).strip()
    if words.language == "en":  # as the importers write it: "Strength workout"
        return described[:1].upper() + described[1:]
    return described  # a caption starts with a capital anyway; "Domingo: corrida de 6 km"


def _decimal(text: str, mark: str) -> str:
    return text.replace(".", mark) if mark != "." else text


def _duration(seconds: int, words: Words) -> str:
    minutes = max(1, round(seconds / 60))
    forms = words.durations
    if minutes < 120:
        return string.Template(forms.get("minutes", "$minutes min")).substitute(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    key = "hours_minutes" if rest else "hours"
    default = "$hours h $minutes min" if rest else "$hours h"
    return string.Template(forms.get(key, default)).substitute(hours=hours, minutes=rest)


def is_generated(activity: Activity, title: str, units: str) -> bool:
    """True when the title is one an importer made from the distance or time ("10.2 km run",
    "45 min workout"), with any of the nouns importers use."""
    wanted = title.casefold()
    for noun in {noun_for(activity.kind), *NOUNS.values()}:
        made = generated_title(noun, activity.distance_km, activity.duration_s, units)
        if made.casefold() == wanted:
            return True
    return False


def shown_title(
    activity: Activity, title: str, words: Words, judged: frozenset[str], units: str = "metric"
) -> tuple[str, str]:
    """The title the caption shows, and a note when the user's title was not used.

    ``title`` is the cleaned title; ``judged`` the languages the user's words may be shown
    in (those the tone filter judges, and the caption's own).
    """
    if not title or is_generated(activity, title, units):
        return describe(activity, words, units), ""
    lone_word_ok = activity.category != "fitness" or activity.source == "native"
    if is_cryptic(title, lone_word_ok=lone_word_ok):
        described = describe(activity, words, units)
        return described, f"title {title!r} reads as a code; {_instead(described)}"
    from planner.language import JUDGED_LANGUAGES, caption_language, language_name, reads_as

    if reads_as(title, judged):
        return title, ""
    described = describe(activity, words, units)
    instead = _instead(described)
    if not judged:
        return described, (
            f"title {title!r} not shown: captions are in {language_name(words.language)}, and "
            f"the tone filter reads only {_names(JUDGED_LANGUAGES)}; {instead}"
        )
    found = caption_language(title)
    said = f"is in {language_name(found)}" if found else f"may not be in {_names(judged)}"
    return described, f"title {title!r} {said}; {instead}"


def _names(codes: frozenset[str]) -> str:
    from planner.language import language_name

    return " or ".join(language_name(code) for code in sorted(codes))


def _instead(described: str) -> str:
    return f"{described!r} instead" if described else "a caption without it"
