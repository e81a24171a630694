"""Draw caption cards: one image per planned post, and its alt text.

    render_posts(posts, activities, settings, out_dir, *, preset=None, template=None, png=None,
                 base_dir=None, client=None, progress=None, workers=None,
                 on_photo_error=None, write_dir=None) -> list[Post]
        Render a card per post into ``out_dir`` and return the posts with ``image`` (the card's
        path) and ``alt_text`` set. ``preset``/``template``/``png`` default to
        ``settings.cards``; ``base_dir`` is the folder relative photo paths are read from (the
        CSV's folder); ``client`` is the httpx.Client used for photo URLs (None: URLs must
        already be cached); ``progress(done, total)`` is called as cards finish; ``workers``
        defaults to every core once there are more than a handful of cards;
        ``on_photo_error(post, error)``, when given, is told of a photo that cannot be used,
        and that post gets a card without it; ``write_dir``, when given, is where new cards
        are saved instead (a staging folder the caller moves into ``out_dir``): the posts
        still name their cards in ``out_dir``, and cards already there are reused.

Layouts come from ``cards.templates``, fonts from ``cards.fonts``, drawing one card from
``cards.draw``, photos from ``cards.photos`` and alt text from ``cards.alt_text``.

Edges:
- A post's ``image`` is an absolute path, whatever ``out_dir`` was: the store keeps it, and
  ``planner publish`` may run from another folder.
- A card is named by a hash of everything that shapes it (template, size, text, footer, photo
  file identity, fonts, format); an existing file of that name is reused, not re-rendered.
- Alt text is written again on every render, so it follows the template (a photo card and a
  text card are described differently). Alt text the user wrote (``planner alt``) is kept,
  less any name added to never_mention since: stored alt text counts as the user's unless it
  is exactly what ``alt_text_for`` gives now for a photo card or for a text card. Automatic
  alt text from before the activity or settings changed (its title, never_mention) reads as
  the user's and is kept.
- A post whose activity is unknown gets a photo-less card and alt text from the caption only.
- Photo problems (missing file, a path outside the CSV's folder and photo_dirs, refused URL,
  not an image, cut short, decompression bomb) raise PhotoError naming the photo as written,
  or, with ``on_photo_error``, are reported and the card is drawn without the photo. Nothing
  is half-written (cards are saved atomically; stale temporary files of killed runs go). A
  card that cannot be saved (a full disk, no permission) is a PlannerError naming ``out_dir``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import string
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cards.alt_text import alt_text_for, mentioned_names, scrub_names
from planner.cards.draw import JPEG_QUALITY, CardJob, draw_card, save_card, unwritable
from planner.cards.fonts import FontChain, font_chain, font_files
from planner.cards.photos import PhotoError, is_url, probe_image, resolve_photo
from planner.cards.templates import CardTemplate, load_template, preset_size
from planner.config import Settings
from planner.fileio import remove_stale_parts
from planner.models import Activity, Post

if TYPE_CHECKING:
    import httpx

__all__ = ["card_key", "draw_card", "render_posts"]

RENDER_VERSION = "7"  # bump when drawing or saving changes, so cached cards are redrawn
HANDFUL = 4
Progress = Callable[[int, int], None]


def _footer_text(
    template: CardTemplate, post: Post, activity: Activity | None, settings: Settings
) -> str:
    """The footer: when and where the activity happened (never where a dating one did)."""
    if template.footer is None:
        return ""
    when = activity.start if activity else post.at
    local = when.astimezone(settings.tz)
    shows_place = (
        activity is not None
        and post.category != "dating"
        and not mentioned_names(activity.location, settings.never_mention)
    )
    from planner.captions import book_for

    words = book_for(settings.language, settings.home).words
    values = {
        "weekday": words.weekday(local.weekday()),
        "date": words.date(local.day, local.month),
        "time": local.strftime("%H:%M"),
        "place": activity.location if shows_place and activity else "",
        "category": post.category,
    }
    text = string.Template(template.footer.text).safe_substitute(values)
    text = scrub_names(text.strip(" ·-|,/\u2014"), settings.never_mention)
    return text[:1].upper() + text[1:]  # "dimanche · Lyon" starts the line: "Dimanche"


def _drawn_text(text: str, chain: FontChain, names: Sequence[str]) -> str:
    """The text as the card draws it (undrawable characters left out), less never_mention
    names; scrubbed after leaving out, so a name split by a zero-width character is caught."""
    drawn = "\n".join(chain.clean(line) for line in text.split("\n"))
    return scrub_names(drawn, names)


def _photo_identity(photo: str | None) -> str:
    if not photo:
        return ""
    stat = os.stat(photo)
    return f"{os.path.abspath(photo)}:{stat.st_size}:{stat.st_mtime_ns}"


def card_key(job: CardJob) -> str:
    """A hash of everything that shapes the card; same inputs, same name."""
    fonts = font_chain(job.user_fonts)
    parts = [
        RENDER_VERSION,
        repr(dataclasses.replace(job.template, source="")),
        repr(job.size),
        job.text,
        job.footer,
        _photo_identity(job.photo),
        "png" if job.png else f"jpeg{JPEG_QUALITY}",
        *(f"{f}:{os.path.getsize(f)}" for f in font_files(fonts)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def card_name(job: CardJob) -> str:
    """The card's file name: a hash of everything that shapes it, and its format."""
    return f"card-{card_key(job)[:16]}.{'png' if job.png else 'jpg'}"


def _render_one(args: tuple[CardJob, str, str]) -> tuple[str, str | None]:
    """Draw one card and save it into the folder of ``args[1]``; (the card's final path, in the
    folder of ``args[2]``, None), or, when the photo does not decode after all (cut short,
    damaged), a card drawn without the photo, under that card's own name (saved unless it is
    there already): (its final path, why the photo was left out)."""
    job, out, final = args
    try:
        image = draw_card(job)
    except PhotoError as exc:
        if job.photo is None:
            raise
        bare = dataclasses.replace(job, photo=None, photo_name=None)
        name = card_name(bare)
        bare_final = Path(final).with_name(name)
        if not bare_final.exists() and not Path(out).with_name(name).exists():
            save_card(draw_card(bare), Path(out).with_name(name), job.png, bare_final.parent)
        return str(bare_final), str(exc)
    save_card(image, Path(out), job.png, Path(final).parent)
    return final, None


def render_posts(
    posts: Sequence[Post],
    activities: Mapping[str, Activity],
    settings: Settings,
    out_dir: Path,
    *,
    preset: str | None = None,
    template: str | None = None,
    png: bool | None = None,
    base_dir: Path | None = None,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    on_photo_error: Callable[[Post, PhotoError], None] | None = None,
    write_dir: Path | None = None,
) -> list[Post]:
    """Render a card per post into ``out_dir``; return the posts with image and alt_text set.

    Photos are fetched and their headers read in this process (with ``client``) before any
    drawing, so a missing file, a non-image or a decompression bomb is caught here; drawing runs on
    every core when more than HANDFUL cards need drawing (``workers`` overrides the count).
    A photo that cannot be used raises PhotoError, unless ``on_photo_error`` is given: then it
    is told, and that post gets a card without the photo. A photo that turns out to be cut
    short only while drawing is handled the same way; a cached download that does so is
    removed from the cache. Stale temporary files of earlier runs are removed from ``out_dir``.
    With ``write_dir``, new cards are saved there and ``out_dir`` is only read.
    """
    out_dir = Path(os.path.abspath(out_dir))  # stored: publish may run from anywhere
    save_dir = out_dir if write_dir is None else write_dir
    cards = settings.cards
    tpl = load_template(template or cards.template, settings.home)
    size = preset_size(preset or cards.preset)
    as_png = cards.png if png is None else png
    user_fonts = str(settings.home / "fonts")
    chain = font_chain(user_fonts)
    roots = settings.photo_folders
    try:
        save_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(out_dir, exc) from None
    remove_stale_parts(out_dir)

    def photo_failed(post: Post, exc: PhotoError) -> None:
        if on_photo_error is None:
            raise exc
        on_photo_error(post, exc)

    planned: list[tuple[Post, Activity | None, CardJob, str]] = []
    pending: dict[str, CardJob] = {}
    for post in posts:
        activity = activities.get(post.activity_id)
        photo = None
        if tpl.background.kind == "photo" and activity is not None and activity.photo:
            found = None
            try:
                found = resolve_photo(
                    activity.photo,
                    base_dir=base_dir,
                    home=settings.home,
                    cards=cards,
                    client=client,
                    roots=roots,
                )
                if found is not None:
                    probe_image(found, activity.photo.strip())
            except PhotoError as exc:
                _forget_download(activity.photo, settings.home)
                photo_failed(post, exc)
                found = None
            photo = str(found) if found else None
        job = CardJob(
            text=_drawn_text(post.caption, chain, settings.never_mention),
            footer=_drawn_text(
                _footer_text(tpl, post, activity, settings), chain, settings.never_mention
            ),
            template=tpl,
            size=size,
            photo=photo,
            png=as_png,
            user_fonts=user_fonts,
            photo_name=activity.photo.strip() if photo and activity else None,
        )
        card = str(out_dir / card_name(job))
        if not os.path.exists(card):
            pending[card] = job
        planned.append((post, activity, job, card))
    drawn = _draw_all(pending, save_dir, progress, workers)
    result: list[Post] = []
    for post, activity, job, card in planned:
        final, problem = drawn.get(card, (card, None))
        if problem is not None and activity is not None:
            _forget_download(activity.photo, settings.home)
            photo_failed(post, PhotoError(problem))
        if _written_by_user(post, activity, settings):
            alt = scrub_names(post.alt_text or "", settings.never_mention)
        else:
            shows_photo = job.photo is not None and problem is None
            alt = alt_text_for(post, activity, settings, shows_photo=shows_photo)
        result.append(dataclasses.replace(post, image=final, alt_text=alt))
    return result


def _forget_download(ref: str, home: Path) -> None:
    """Remove a photo URL's cache entry (one that did not decode is fetched again next time)."""
    from planner.cards.photo_fetch import cache_path

    if is_url(ref):
        with contextlib.suppress(OSError):  # a cache that cannot be written has nothing to drop
            cache_path(ref.strip(), home).unlink(missing_ok=True)


def _written_by_user(post: Post, activity: Activity | None, settings: Settings) -> bool:
    """Whether the post's stored alt text is the user's own, not one ``alt_text_for`` made.

    No alt text is not the user's. Text equal to the automatic one for either kind of card
    counts as automatic, even if the user happened to type the same words.
    """
    if not post.alt_text:
        return False
    automatic = {
        alt_text_for(post, activity, settings, shows_photo=shows) for shows in (True, False)
    }
    return post.alt_text not in automatic


def _draw_all(
    pending: dict[str, CardJob], save_dir: Path, progress: Progress | None, workers: int | None
) -> dict[str, tuple[str, str | None]]:
    """Draw every pending card into ``save_dir``; by planned path: (the card's path, why its
    photo was left out or None)."""
    total = len(pending)
    tasks = [(job, str(save_dir / Path(out).name), out) for out, job in pending.items()]
    count = workers if workers is not None else (os.cpu_count() or 1)
    drawn: dict[str, tuple[str, str | None]] = {}
    if total > HANDFUL and count > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(count, total)) as pool:
            for done, (task, outcome) in enumerate(
                zip(tasks, pool.map(_render_one, tasks), strict=True), start=1
            ):
                drawn[task[2]] = outcome
                if progress:
                    progress(done, total)
        return drawn
    for done, task in enumerate(tasks, start=1):
        drawn[task[2]] = _render_one(task)
        if progress:
            progress(done, total)
    return drawn
