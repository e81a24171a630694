"""Caption-ready titles for imported activities: "Morning Run" of 10.2 km -> "10.2 km run".

Apps name activities they were not told about: Strava "Morning Run" / "Lauf am Nachmittag" /
"Abendradfahrt", Garmin "<city> Running", Strong "Evening Workout", Hevy "Morning workout ☀️".
Such a default says nothing a caption can use, so it is replaced by what happened: the
distance ("10.2 km run", "1500 m swim"), else the time ("45 min yoga session"), else the
kind alone ("Yoga session"). Any other title is the user's own and is kept as written.

Edges: a time of day followed by anything that is not an activity kind ("Morning coffee with
Ana") is the user's own. Heart rate, weight lifted and calories never appear in a title.
Durations under two hours are written in minutes ("67 min"), longer ones as "2 h 5 min".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planner.sources.categories import category_for

_TIMES_OF_DAY = "morning|lunch|afternoon|evening|night|noon|midday"
_ENGLISH_DEFAULT = re.compile(rf"^(?:{_TIMES_OF_DAY})\s+(.+)$", re.I)
_GERMAN_DEFAULT = re.compile(
    r"^(?:(.+?)\s+am\s+(?:morgen|vormittag|mittag|nachmittag|abend)"
    r"|(?:morgen|vormittags|mittags|nachmittags|abend|nacht)-?(\w+))$",
    re.I,
)
_SYMBOLS = re.compile(r"[^\w\s\-']+")
#: Titles indoor-training apps write: "Zwift - Foundation on Tempus Fugit in Watopia".
_APP_PREFIX = re.compile(r"^\s*(zwift|rouvy|mywhoosh|trainerroad|fulgaz)\s+-\s", re.I)

#: Caption nouns for English activity kinds (case-insensitive); others get "<kind> session".
NOUNS: dict[str, str] = {
    "run": "run",
    "running": "run",
    "trail run": "trail run",
    "trail running": "trail run",
    "virtual run": "treadmill run",
    "treadmill running": "treadmill run",
    "indoor running": "indoor run",
    "ride": "ride",
    "cycling": "ride",
    "road cycling": "ride",
    "virtual ride": "indoor ride",
    "virtual cycling": "indoor ride",
    "indoor cycling": "indoor ride",
    "e-bike ride": "e-bike ride",
    "mountain bike ride": "mountain bike ride",
    "mountain biking": "mountain bike ride",
    "gravel ride": "gravel ride",
    "gravel cycling": "gravel ride",
    "walk": "walk",
    "walking": "walk",
    "hike": "hike",
    "hiking": "hike",
    "swim": "swim",
    "swimming": "swim",
    "pool swim": "swim",
    "lap swimming": "swim",
    "open water swimming": "open-water swim",
    "rowing": "row",
    "indoor rowing": "row",
    "workout": "workout",
    "weight training": "strength workout",
    "strength training": "strength workout",
    "strength": "strength workout",
    "yoga": "yoga session",
    "pilates": "pilates session",
    "hiit": "HIIT session",
    "crossfit": "CrossFit session",
    "alpine ski": "ski day",
    "nordic ski": "cross-country ski",
    "backcountry ski": "ski tour",
}
_METRE_NOUNS = frozenset({"swim", "open-water swim"})


def noun_for(kind: str) -> str:
    """The caption noun for an activity kind: "Run" -> "run", "Weight Training" -> "strength
    workout"; an unlisted kind becomes "<kind> session"."""
    key = " ".join(kind.lower().split())
    noun = NOUNS.get(key)
    if noun is not None:
        return noun
    return f"{key} session" if key else "workout"


def is_app_default(title: str, kinds: Iterable[str] = ()) -> bool:
    """True when a title is an app's default name rather than the user's own.

    Recognises "<time of day> <kind>" in English (any emoji stripped; the kind is any known
    kind or one of ``kinds``), German "<kind> am <Tageszeit>" and "<Tageszeit><kind>" (the
    kind one of ``kinds``, as the file writes it), indoor-training apps' "Zwift - ..." and an
    empty title.
    """
    plain = " ".join(_SYMBOLS.sub(" ", title).split())
    if not plain:
        return True
    if _APP_PREFIX.match(title):
        return True
    known = {k.casefold() for k in kinds}
    english = _ENGLISH_DEFAULT.match(plain)
    if english:
        rest = english.group(1)
        return category_for(rest) is not None or rest.casefold() in known
    german = _GERMAN_DEFAULT.match(plain)
    if german:
        rest = german.group(1) or german.group(2) or ""
        return rest.casefold() in known
    return False


def default_noun(title: str, fallback: str) -> str:
    """The caption noun an app's default title names ("Morning Run" -> "run"), else
    ``fallback``."""
    english = _ENGLISH_DEFAULT.match(" ".join(_SYMBOLS.sub(" ", title).split()))
    if english and category_for(english.group(1)) is not None:
        return noun_for(english.group(1))
    return fallback


def format_duration(seconds: int) -> str:
    """ "45 min", "67 min", "2 h 5 min", "2 h"; under a minute rounds up to "1 min"."""
    minutes = max(1, round(seconds / 60))
    if minutes < 120:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


KM_PER_MILE = 1.609344
YARDS_PER_KM = 1093.6133


def format_km(km: float) -> str:
    """ "10.2", "10", "104.1": one decimal, none when it is zero."""
    text = f"{km:.1f}"
    return text.removesuffix(".0")


def format_distance(km: float, units: str = "metric", *, swim: bool = False) -> str:
    """ "10.2 km", or in ``imperial`` units "6.3 mi"; a swim under 10 km in metres or yards."""
    if swim and km < 10:
        return f"{round(km * 1000)} m" if units != "imperial" else f"{round(km * YARDS_PER_KM)} yd"
    if units == "imperial":
        return f"{format_km(km / KM_PER_MILE)} mi"
    return f"{format_km(km)} km"


def generated_title(
    noun: str, distance_km: float | None, duration_s: int | None, units: str = "metric"
) -> str:
    """A title from what happened: distance (in ``units``), else duration, else the noun."""
    if distance_km is not None and distance_km >= 0.05:
        return f"{format_distance(distance_km, units, swim=noun in _METRE_NOUNS)} {noun}"
    if duration_s:
        return f"{format_duration(duration_s)} {noun}"
    return noun[:1].upper() + noun[1:]


def caption_title(
    title: str,
    kind: str,
    distance_km: float | None,
    duration_s: int | None,
    *,
    generic: bool | None = None,
    units: str = "metric",
) -> str:
    """The user's own title as written, or a generated one when the title is an app default.

    ``generic`` overrides the default-name test (a format may know better, e.g. Garmin).
    """
    if generic is None:
        generic = is_app_default(title, (kind,))
    if not generic:
        return " ".join(title.split())
    return generated_title(noun_for(kind), distance_km, duration_s, units)


_GENERATED_LINE = re.compile(
    r"^\s*(--.*|\d[\d.,]*\s*(training load|tss|kcal|cal|bpm|w|watts)\b.*|"
    r"(powered by|sent from|via|recorded with|uploaded (from|with))\b.*|"
    r"\U0001f5fa.*)$",  # Zwift's route line: "🗺️ Tempus Fugit in Watopia"
    re.IGNORECASE,
)


#: Heart rate, calories, power and weight lifted, in English and German (Strava exports in
#: both): "Avg HR 152", "Puls 145", "Durchschnittspuls", "640 Kalorien", "315 pounds". Matched
#: on the lower-cased line (faster than re.IGNORECASE, which runs once per description line).
_BODY_METRIC = re.compile(
    r"\b(?:heart[ -]?rate|hr|bpm|pulse|kcal|calories|cal|watts?|vo2 ?max"
    r"|\d+(?:\.\d+)? ?(?:kg|kilos?|kilograms?|lbs?|pounds?))\b|puls\b|herzfrequenz|kalorien"
)


def gives_body_metric(text: str) -> bool:
    """True when text gives heart rate, calories, power or weight lifted (never a caption)."""
    return _BODY_METRIC.search(text.lower()) is not None


def own_words(description: str) -> str:
    """The description without lines a device or app generated, and without lines that give
    heart rate, calories, power or weight lifted (never caption material), so only the
    user's own words can become a caption ("525 Training Load\n-- from COROS" -> "")."""
    lines = [
        ln
        for ln in description.splitlines()
        if not _GENERATED_LINE.match(ln) and not gives_body_metric(ln)
    ]
    return "\n".join(lines).strip()
