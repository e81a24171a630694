"""Commands for the core flow: ``import``, ``activities``, ``plan``, ``export`` and ``week``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.choices import UNITS
from planner.cli.common import (
    App,
    DateParam,
    echo_json,
    json_option,
    out_option,
    pass_app,
    week_option,
)


def source_options(f: Any) -> Any:
    """--format, --units and --skip-bad: how to read an activity file."""
    for option in reversed(
        (
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["native", "strava", "garmin", "strong", "hevy"]),
                help="The file's format (default: detected from its header).",
            ),
            click.option(
                "--units",
                type=click.Choice(UNITS),
                default=None,
                help="Units of exports that do not say (Garmin, Strong), and of generated"
                " titles (default: planner.toml's units, metric).",
            ),
            click.option(
                "--skip-bad", is_flag=True, help="Import the good rows and list the bad ones."
            ),
        )
    ):
        f = option(f)
    return f


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@source_options
@click.option(
    "--max-mb",
    type=click.IntRange(1),
    default=100,
    show_default=True,
    help="Refuse files of this size or more.",
)
@pass_app
def import_(
    app: App, file: Path, fmt: str | None, units: str | None, skip_bad: bool, max_mb: int
) -> None:
    """Import an activity log into the store (one transaction; re-importing adds nothing).

    Example: planner import my-log.csv
    """
    from planner.workflow import import_file

    with app.store() as store:
        report = import_file(
            store,
            file,
            app.settings,
            fmt=fmt,
            units=units,
            skip_bad=skip_bad,
            max_bytes=max_mb * 1_000_000,
        )
    _echo_import(report)


def _echo_import(report: Any) -> None:
    c = report.counts
    click.echo(
        f"Imported {report.path} ({report.format}): {c.new} new, {c.duplicate} duplicate, "
        f"{c.rejected} rejected."
    )
    for note in report.notes:
        click.echo(f"  note: {note}")
    for error in report.errors:
        click.echo(f"  skipped {error.describe(report.path)}", err=True)


@click.command()
@click.option("--since", type=DateParam(), help="Only from this date.")
@json_option
@pass_app
def activities(app: App, since: Any, as_json: bool) -> None:
    """List imported activities, oldest first.

    Example: planner activities --since 2026-11-01
    """
    from datetime import datetime, time

    start = datetime.combine(since, time(0), app.settings.tz) if since else None
    with app.store(readonly=True) as store:
        items = store.activities(since=start)
    tz = app.settings.tz
    if as_json:
        echo_json([_activity_json(a, tz) for a in items])
        return
    for a in items:
        mood = f"mood {a.mood}" if a.mood is not None else ""
        private = "" if a.share else "private"
        click.echo(
            f"{a.start.astimezone(tz):%a %Y-%m-%d %H:%M}  {a.category:<9}  {a.title}"
            + "".join(f"  [{x}]" for x in (mood, private) if x)
        )
    if not items and start is not None:
        click.echo(f"No activities since {start:%Y-%m-%d} (planner activities lists them all)")
    elif not items:
        click.echo("No activities yet. Import some: planner import my-log.csv")


def _activity_json(a: Any, tz: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "start": a.start.astimezone(tz).isoformat(),
        "end": a.end.astimezone(tz).isoformat() if a.end else None,
        "kind": a.kind,
        "category": a.category,
        "title": a.title,
        "location": a.location,
        "photo": a.photo or None,
        "notes": a.notes,
        "mood": a.mood,
        "share": a.share,
        "tags": list(a.tags),
        "distance_km": a.distance_km,
        "duration_s": a.duration_s,
        "details": a.details,
        "source": a.source,
    }


@click.command()
@week_option()
@click.option("--explain", is_flag=True, help="Say why each activity was or was not planned.")
@json_option
@pass_app
def plan(app: App, week_spec: str, explain: bool, as_json: bool) -> None:
    """Plan a subtle week of posts from the store and save it.

    Example: planner plan --week next --explain
    """
    from planner.workflow import make_plan

    week = app.week(week_spec)
    now = app.now()
    store, writable = app.store_for_planning()
    with store:
        result = make_plan(store, app.settings, week, now=now, not_before=now, save=writable)
    if not writable:
        _not_saved(store.path)
    _echo_plan(result, explain, as_json)


def _not_saved(db_path: Path) -> None:
    click.echo(
        f"note: the store in {db_path.parent} cannot be written (a read-only folder or file, or"
        " a full disk), so this plan was shown but not saved",
        err=True,
    )


def _echo_plan(result: Any, explain: bool, as_json: bool) -> None:
    if as_json:
        from planner.export import plan_json

        click.echo(plan_json(result))
        return
    n = len(result.posts)
    click.echo(f"Week {result.week} ({result.timezone}): {n} post{'s' * (n != 1)}")
    for post in result.posts:
        tags = " " + " ".join(post.hashtags) if post.hashtags else ""
        status = "" if post.status == "planned" else f"  [{post.status}]"
        click.echo(f"  {post.at:%a %d %b %H:%M}  {post.category:<9}  {post.caption}{tags}{status}")
    if explain:
        for note in result.notes:
            click.echo(f"  note: {note}")
        if not result.posts and not result.skipped:
            click.echo(
                "Why: no activity is recent enough for this week (import more: planner import FILE)"
            )
            return
        click.echo("Why:")
        for post in result.posts:
            note = f" ({post.caption_note})" if post.caption_note else ""
            click.echo(f"  {post.title or post.activity_id}: planned for {post.at:%a %H:%M}{note}")
        for skip in result.skipped:
            click.echo(f"  {skip.title or skip.activity_id}: skipped: {skip.reason}")


@click.command()
@week_option()
@out_option
@click.option(
    "--format",
    "formats",
    default="csv,json,ics,publer,txt",
    show_default=True,
    help="Comma-separated: csv, json, ics, publer, txt.",
)
@click.option(
    "--media-base-url",
    callback=lambda ctx, param, value: _media_base_url(value),
    help="Public http(s) URL prefix of the card images, for publer.csv.",
)
@pass_app
def export(
    app: App, week_spec: str, out_dir: Path, formats: str, media_base_url: str | None
) -> None:
    """Export a week's plan: posts.csv, posts.json, calendar.ics, publer.csv, captions/.

    Uses the saved plan of the week, or plans it first.

    Example: planner export --week next --out out/
    """
    from planner.export import parse_formats
    from planner.workflow import export_week, make_plan, saved_plan

    try:
        chosen = parse_formats(formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    week = app.week(week_spec)
    now = app.now()
    store, writable = app.store_for_planning()
    with store:
        result = saved_plan(store, app.settings, week)
        if result is None:
            result = make_plan(store, app.settings, week, now=now, not_before=now, save=writable)
            if not writable:
                _not_saved(store.path)
    files = export_week(result, out_dir, now=now, formats=chosen, media_base_url=media_base_url)
    click.echo(f"Wrote {_count(len(files), 'file')} for {result.week} to {out_dir}")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@out_option
@week_option(default=None)
@source_options
@pass_app
def week(
    app: App,
    file: Path,
    out_dir: Path,
    week_spec: str | None,
    fmt: str | None,
    units: str | None,
    skip_bad: bool,
) -> None:
    """Import FILE, plan a week and export it all into --out.

    The week defaults to the one after the newest activity in FILE.

    Example: planner week data/sample-activities.csv --out out/
    """
    from contextlib import nullcontext

    from planner.cards.templates import load_template
    from planner.cli.common import http_client
    from planner.export import FORMATS
    from planner.workflow import import_file, make_plan, week_after, write_week_files

    now = app.now()
    # A bad --week or card template is found before anything is imported.
    chosen = app.week(week_spec) if week_spec else None
    load_template(app.settings.cards.template, app.settings.home)
    with app.store() as store:
        report = import_file(store, file, app.settings, fmt=fmt, units=units, skip_bad=skip_bad)
        _echo_import(report)
        if chosen is not None:
            target = chosen
        elif report.newest is not None:
            target = week_after(report.newest, app.settings)
        else:
            target = app.week("next")
        planned = make_plan(store, app.settings, target, now=now)
        # nothing planned: no cards, and an earlier week.png stays as it is
        with http_client(app.settings) if planned.posts else nullcontext() as client:
            written = write_week_files(
                store,
                app.settings,
                planned,
                out_dir,
                now=now,
                client=client,
                formats=FORMATS,
                base_dir=file.parent,
            )
    result, notes, files = written.plan, written.notes, written.exported
    _echo_plan(result, explain=True, as_json=False)
    for note in notes:
        click.echo(f"  note: {note}")
    if target.days()[-1] < now.astimezone(app.settings.tz).date():
        click.echo(
            f"  note: {target} is over: its files are a record, and 'planner publish' will not"
            " post what is past its freshness (use --week next to plan ahead)"
        )
    if not result.posts:
        click.echo(f"Wrote {_count(len(files), 'file')} to {out_dir} (nothing planned: no cards)")
        return
    cards = _count(len(result.posts), "card")
    click.echo(f"Wrote {_count(len(files), 'file')}, {cards} and week.png to {out_dir}")


def _media_base_url(value: str | None) -> str | None:
    from planner.export import check_media_base_url

    if value is None:
        return None
    try:
        return check_media_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--media-base-url'") from None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


COMMANDS = (import_, activities, plan, export, week)
