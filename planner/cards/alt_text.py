"""Alt text for a card, and the never_mention name scrubbing cards and alt text share.

``alt_text_for`` says what the card shows (a photo or a text card, the kind, title and place)
and its caption, in the caption language (``words.toml``'s [alt_text]), never a never_mention
name; ``mentioned_names`` and ``scrub_names`` find and remove those names the way the tone
filter finds them (``tone.names.name_spans``: any case,
with or without "@", inside hashtags, in lookalike spellings).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.config import Settings
from planner.models import Activity, Post
from planner.tone.names import name_spans

if TYPE_CHECKING:
    from planner.caption_book import Words


def mentioned_names(text: str, names: Sequence[str]) -> list[str]:
    """The never_mention names that appear in ``text``, by the tone filter's rule (any case,
    with or without "@", whole words, and inside hashtags)."""
    return [n for n in names if name_spans(text, (n,))]


def scrub_names(text: str, names: Sequence[str]) -> str:
    """``text`` with every never_mention name and @handle removed and spacing tidied (text
    naming no one is left as it is: French puts a space before ":" and "»")."""
    spans = name_spans(text, names)
    if not spans:
        return text.strip()
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    text = re.sub(r"[ \t]+([,.!?;:])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def alt_text_for(
    post: Post, activity: Activity | None, settings: Settings, *, shows_photo: bool | None = None
) -> str:
    """Alt text: what the card shows (photo of kind, title, place) and the caption.

    ``shows_photo`` says whether the card's background is the activity's photo (default: the
    activity has one). A card without a photo is described as a text card about the activity.
    Never contains a never_mention name; a dating post's alt text leaves out the title (it may
    name someone) and the place, as its caption and footer do. A title or place that names
    someone on never_mention, or that the tone filter would not post, is left out whole ("Run
    with Sam" would read "Run with,"; "Miss you run" would be read out).
    """
    from planner.captions import book_for

    caption = post.caption.strip()
    words = book_for(settings.language, settings.home).words
    phrases = {k: string.Template(v) for k, v in words.alt_text.items()}
    if shows_photo is None:
        shows_photo = activity is not None and bool(activity.photo)
    if activity is not None:
        private = "dating" in (post.category, activity.category)
        what, title = _what_and_title(activity, words, settings, private)
        place = activity.location.strip()
        if private or not _calm(place, settings):
            place = ""
        if not what and place:  # "Foto: Dresden", not "Foto, Dresden"
            what, place = place, ""
        shown = phrases["photo" if shows_photo else "card"].safe_substitute(what=what)
        shown = shown.strip().rstrip(":").strip()
        if title and _calm(title, settings):
            shown = phrases["title"].safe_substitute(shown=shown, title=title)
        if place:
            shown = phrases["place"].safe_substitute(shown=shown, place=place)
        description = shown.rstrip(".") + "."
    else:
        description = phrases["plain"].safe_substitute()
    text = description
    if caption:
        text += " " + phrases["caption"].safe_substitute(caption=caption)
    return scrub_names(text, settings.never_mention)


def _calm(text: str, settings: Settings) -> bool:
    """True when ``text`` (a title or place) may be read out in alt text: it names no one on
    never_mention and passes the tone filter as it stands (no "Miss you run")."""
    from planner.tone import caption_check

    return not text or caption_check(settings)(text) is None


def _what_and_title(
    activity: Activity, words: Words, settings: Settings, private: bool
) -> tuple[str, str]:
    """What the card is about, and the title to name (not a code, not another language's).

    English: "a run" and the title as the caption shows it. Another language: what the
    activity was ("Lauf über 6 km"), which is all a title could say there; no title.
    """
    from planner.caption_title import describe, shown_title
    from planner.captions import clean_title
    from planner.language import JUDGED_LANGUAGES

    if words.language != "en":
        return ("" if private else describe(activity, words, settings.units)), ""
    what = _noun_phrase(activity.kind.replace("_", " ").strip() or activity.category)
    if private or not activity.title:
        return what, ""
    judged = JUDGED_LANGUAGES & {"en"}
    title, _ = shown_title(activity, clean_title(activity.title), words, judged, settings.units)
    return what, title if title.casefold() != what.casefold() else ""


#: Kinds read as activities, not things, so alt text gives them no article ("from pottery").
_UNCOUNTED = frozenset(
    {
        "art", "baking", "badminton", "basketball", "bouldering", "ceramics", "chess",
        "climbing", "cooking", "crossfit", "cycling", "dancing", "drawing", "football",
        "gardening", "golf", "hiking", "journaling", "karaoke", "knitting", "meditation",
        "music", "painting", "pilates", "pottery", "reading", "rowing", "running", "sailing",
        "shopping", "singing", "skating", "skiing", "soccer", "spinning", "squash", "strength",
        "surfing", "swimming", "tennis", "therapy", "training", "volleyball", "volunteering",
        "walking", "work", "writing", "yoga",
    }
)  # fmt: skip


def _noun_phrase(kind: str) -> str:
    """A kind with the article alt text needs: "a walk", "an outing", "pottery", "the gym"."""
    low = kind.lower()
    if low == "gym":
        return "the gym"
    if low.split()[-1:] and low.split()[-1] in _UNCOUNTED:
        return kind
    return ("an " if low[:1] in "aeiou" else "a ") + kind
