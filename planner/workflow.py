"""The stages joined up: what each command does, as plain functions over Settings and a Store.

The CLI parses options, calls one of these, and prints what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from planner.captions import (
    BadDayJudge,
    CaptionBook,
    CaptionCheck,
    OwnWords,
    OwnWordsJudge,
    book_for,
)
from planner.config import Settings
from planner.errors import InputError
from planner.export import FORMATS, export_plan
from planner.models import Plan, Post, Week
from planner.plan import COUNTED, PlanInputs, plan_week
from planner.sources import ReadOptions, RowError, read_activities
from planner.sources.common import MAX_BYTES
from planner.store import ImportCounts, Store

if TYPE_CHECKING:
    import httpx

    from planner.cards import Progress


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the summary line."""

    path: Path
    format: str
    counts: ImportCounts
    errors: tuple[RowError, ...]
    notes: tuple[str, ...]
    newest: datetime | None


def import_file(
    store: Store,
    path: Path,
    settings: Settings,
    *,
    fmt: str | None = None,
    units: str | None = None,
    skip_bad: bool = False,
    max_bytes: int = MAX_BYTES,
) -> ImportReport:
    """Import one file in one transaction: all rows, or (with skip_bad) the good rows only.

    Raises InputError naming the first bad row (and how many more) when rows are bad and
    ``skip_bad`` is off; the store is then unchanged.
    """
    options = ReadOptions(settings.tz, units or settings.units, max_bytes, settings.photo_folders)
    result = read_activities(path, options, fmt)
    if result.errors and not skip_bad:
        first = result.errors[0]
        more = len(result.errors) - 1
        problem = first.message + (f"; {more} more bad row{'s' * (more > 1)}" if more else "")
        raise InputError(
            first.location(path), problem, "fix it, or use --skip-bad to import the good rows"
        )
    newest = max((row[1] for row in result.rows), default=None)  # the starts, UTC
    counts = store.import_rows(result.rows, rejected=len(result.errors))
    return ImportReport(
        path=path,
        format=result.format,
        counts=counts,
        errors=tuple(result.errors),
        notes=tuple(result.notes),
        newest=datetime.fromisoformat(newest) if newest else None,
    )


def caption_book(language: str = "en", home: Path | None = None) -> CaptionBook:
    """The caption variants and words of ``language`` (see planner.captions.book_for)."""
    return book_for(language, home)


def caption_check(settings: Settings) -> CaptionCheck:
    """The tone filter (never_mention included) every template caption and hashtag passes."""
    from planner.tone import caption_check as tone_check

    return tone_check(settings)


def bad_day_judge(settings: Settings) -> BadDayJudge:
    """The tone filter's judgement of a bad day (``tone.bad_day_words``), read in an
    activity's title and notes."""
    from planner.tone import bad_day_words

    def judge(text: str) -> str | None:
        return bad_day_words(text, settings.tone)

    return judge


def own_words_judge(settings: Settings) -> OwnWordsJudge:
    """Judges the user's notes with the tone filter: ok as is, softened, or rejected."""
    from planner.tone import caption_verdict

    def judge(text: str) -> OwnWords:
        verdict = caption_verdict(text, settings)
        usable = verdict.usable_text()
        rules = ", ".join(dict.fromkeys(r.category for r in verdict.reasons))
        if verdict.verdict == "ok":
            return OwnWords(usable, "your notes")
        if usable:
            return OwnWords(usable, f"your notes, softened ({rules})")
        return OwnWords(None, f"your notes were not used ({rules}); a template caption instead")

    return judge


def make_plan(
    store: Store,
    settings: Settings,
    week: Week,
    *,
    now: datetime,
    not_before: datetime | None = None,
    save: bool = True,
) -> Plan:
    """Plan ``week`` from the store and save it (replacing the week's still-planned posts).

    The returned plan also lists the week's posts that are already publishing or published.
    Edge: ``save=False`` (a read-only home, a full disk) plans without writing the store.
    """
    policy, tz = settings.policy, settings.tz
    week_start = datetime.combine(week.monday, time(0), tz)
    activities = store.activities(
        since=week_start - policy.max_age - timedelta(days=1),
        until=week_start + timedelta(days=7),
    )
    history = store.posts(exclude_week=str(week))
    plan = plan_week(
        week,
        PlanInputs(
            activities=activities,
            history=history,
            policy=policy,
            tz=tz,
            captions=caption_book(settings.language, settings.home),
            check=caption_check(settings),
            own_words=own_words_judge(settings),
            bad_day=bad_day_judge(settings),
            units=settings.units,
            not_before=not_before,
        ),
    )
    if save:
        plan = replace(plan, posts=store.save_plan(str(week), plan.posts, now, plan.skipped))
    kept = [p for p in history if p.status in COUNTED - {"planned"} and _in_week(p.at, week, tz)]
    posts = sorted(
        [replace(p, at=p.at.astimezone(tz)) for p in kept] + list(plan.posts),
        key=lambda p: (p.at, p.id),
    )
    return replace(plan, posts=tuple(posts))


def saved_plan(store: Store, settings: Settings, week: Week) -> Plan | None:
    """The week's plan as stored (posts in local time, skip reasons), or None if never planned."""
    posts = store.posts(week=str(week))
    skipped = store.plan_skips(str(week))
    if not posts and not skipped:
        return None
    tz = settings.tz
    return Plan(
        week=week,
        timezone=str(tz),
        posts=tuple(replace(p, at=p.at.astimezone(tz)) for p in posts),
        skipped=tuple(skipped),
    )


def _in_week(moment: datetime, week: Week, tz: tzinfo) -> bool:
    return Week.containing(moment.astimezone(tz).date()) == week


def export_week(
    plan: Plan,
    out_dir: Path,
    *,
    now: datetime,
    formats: Sequence[str] = FORMATS,
    media_base_url: str | None = None,
) -> list[Path]:
    """Write the plan's exports (see planner.export)."""
    return export_plan(plan, out_dir, formats, now=now, media_base_url=media_base_url)


def week_after(newest: datetime, settings: Settings) -> Week:
    """The week after the one holding ``newest`` (what `planner week FILE` plans by default)."""
    return Week.containing(newest.astimezone(settings.tz).date()).next()


@dataclass(frozen=True)
class WeekFiles:
    """What ``write_week_files`` wrote: the plan with its cards and alt text, one note per
    photo left out, and the export files."""

    plan: Plan
    notes: tuple[str, ...]
    exported: tuple[Path, ...]


def write_week_files(
    store: Store,
    settings: Settings,
    plan: Plan,
    out_dir: Path,
    *,
    now: datetime,
    client: httpx.Client | None,
    formats: Sequence[str] = (),
    progress: Progress | None = None,
    base_dir: Path | None = None,
    preset: str | None = None,
    template: str | None = None,
    png: bool | None = None,
) -> WeekFiles:
    """Render the plan's cards (out_dir/images) and week.png, write the export ``formats``,
    and save each post's card and alt text: all of it or none of it.

    Edges:
    - A plan with no posts draws nothing (an earlier week.png stays); only the exports are
      written.
    - Everything is written into a staging folder inside ``out_dir`` and moved into place
      inside the store transaction that saves the cards (``fileio.staged_folder``). Anything
      that fails on the way (a full disk, no permission, a folder in a file's place, the store
      refusing the write) leaves ``out_dir`` and the posts' cards in the store as they were,
      and is one PlannerError naming the path.
    - A photo that cannot be used costs its card the photo, not the week: a note says so.
    """
    from planner.cards import render_posts, write_week_picture
    from planner.export import export_into, out_problem
    from planner.fileio import staged_folder

    notes: list[str] = []
    activities = store.activities_by_id(p.activity_id for p in plan.posts)

    def photo_failed(post: Post, exc: Exception) -> None:
        activity = activities.get(post.activity_id)
        name = post.title or (activity.title if activity else post.id)
        day = f" ({activity.start.astimezone(settings.tz):%a %d %b})" if activity else ""
        notes.append(f"{name}{day}: photo not used, the card was drawn without it: {exc}")

    try:
        with staged_folder(out_dir) as stage:
            rendered: list[Post] = []
            if plan.posts:
                rendered = render_posts(
                    plan.posts,
                    activities,
                    settings,
                    out_dir / "images",
                    base_dir=base_dir,
                    client=client,
                    progress=progress,
                    on_photo_error=photo_failed,
                    preset=preset,
                    template=template,
                    png=png,
                    write_dir=stage.path / "images",
                )
                write_week_picture(
                    [
                        replace(p, image=p.image and str(stage.current(Path(p.image))))
                        for p in rendered
                    ],
                    plan.week,
                    settings.tz,
                    stage.path / "week.png",
                    never_mention=settings.never_mention,
                    words=caption_book(settings.language, settings.home).words,
                    user_fonts=str(settings.home / "fonts"),
                    shown_as=out_dir / "week.png",
                )
                plan = replace(plan, posts=tuple(rendered))
            exported = export_into(plan, stage, formats, now=now)
            with store.transaction():
                for post in rendered:
                    store.update_post(post.id, now, image=post.image, alt_text=post.alt_text)
                stage.move_into_place()
    except OSError as exc:
        doing = "write the week's files" if formats else "write the cards and week.png"
        raise out_problem(exc, doing, out_dir) from None
    return WeekFiles(plan, tuple(notes), tuple(exported))
