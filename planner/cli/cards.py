"""Commands for caption cards: ``render``, ``templates`` and ``alt``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from planner.choices import PRESETS
from planner.cli.common import App, OutFolder, echo_json, json_option, pass_app, week_option
from planner.errors import PlannerError


@contextmanager
def _progress_bar(label: str) -> Iterator[Any]:
    """A progress callback that shows a click progress bar once there are more than a handful."""
    from planner.cards import HANDFUL

    state: dict[str, Any] = {"bar": None, "shown": 0}

    def report(done: int, total: int) -> None:
        if total <= HANDFUL:
            return
        if state["bar"] is None:
            bar: Any = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        state["bar"].update(done - state["shown"])
        state["shown"] = done

    try:
        yield report
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


@click.command()
@week_option()
@click.option(
    "--preset", type=click.Choice(list(PRESETS)), help="Card size (default from planner.toml)."
)
@click.option("--template", help="Card template name; see 'planner templates'.")
@click.option(
    "--out",
    "out_dir",
    type=OutFolder(),
    default=Path("out"),
    show_default=True,
    help="Folder for the cards and week.png.",
)
@click.option("--png/--jpeg", "png", default=None, help="Write PNG instead of JPEG q90.")
@click.option(
    "--photos",
    "photos_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder that relative photo paths are read from (the CSV's folder; default: here).",
)
@json_option
@pass_app
def render(
    app: App,
    week_spec: str,
    preset: str | None,
    template: str | None,
    out_dir: Path,
    png: bool | None,
    photos_dir: Path | None,
    as_json: bool,
) -> None:
    """Render a caption card for every planned post of a week, and week.png.

    Cards go to OUT/images/. Stores each card's path and alt text with its post. Unchanged
    cards are not redrawn. A photo that cannot be used is named in a note and left out.
    A week with nothing planned writes nothing (an earlier week.png in OUT is left as it is).

    Example: planner render --week next --template quote --preset story --out out/
    """
    from planner.cards.templates import load_template
    from planner.cli.common import http_client
    from planner.models import Plan
    from planner.workflow import saved_plan, write_week_files

    settings = app.settings
    week = app.week(week_spec)
    # Load the template before the empty-week check, so a typo in --template is still named.
    load_template(template or settings.cards.template, settings.home)
    with app.store() as store:
        plan = saved_plan(store, settings, week) or Plan(week, settings.timezone)
        if not plan.posts:
            _nothing_planned(str(week), as_json)
            return
        with http_client(settings) as client, _progress_bar("Rendering cards") as progress:
            written = write_week_files(
                store,
                settings,
                plan,
                out_dir,
                now=app.now(),
                client=client,
                progress=progress,
                base_dir=photos_dir or Path.cwd(),
                preset=preset,
                template=template,
                png=png,
            )
    rendered, notes = list(written.plan.posts), written.notes
    picture = out_dir / "week.png"
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        payload: dict[str, Any] = {"week": str(week), "week_picture": str(picture)}
        payload["posts"] = [p.to_dict() for p in rendered]
        echo_json(payload)
        return
    for post in rendered:
        click.echo(f"{post.at.astimezone(settings.tz):%a %H:%M}  {post.image}")
    click.echo(f"Week picture: {picture}")


def _nothing_planned(week: str, as_json: bool) -> None:
    """Say that the week has no posts, so no cards and no week.png were written."""
    message = (
        f"Nothing planned for {week}, so no cards or week.png were written"
        f" (plan it first: planner plan --week {week})."
    )
    if as_json:
        click.echo(message, err=True)
        echo_json({"week": week, "week_picture": None, "posts": []})
        return
    click.echo(message)


@click.command()
@json_option
@pass_app
def templates(app: App, as_json: bool) -> None:
    """List card and caption templates (bundled and your own) and the size presets.

    Your own card templates go in <home>/cards/NAME.toml; a same-named one replaces a bundled
    one. Your own caption variants go in <home>/captions/CATEGORY.toml (same id: replaces a
    bundled variant), for the language they are written in (say which with language = "de"
    at the top, else it is found in their words), or in <home>/captions/LANG/CATEGORY.toml;
    a language of your own in <home>/captions/LANG/ with a words.toml. Each of your files is
    listed with the languages it is for and whether it is used; a file not read says why.

    Example: planner templates
    """
    from planner.cards.fonts import font_chain
    from planner.cards.templates import load_templates

    settings = app.settings
    found = load_templates(settings.home)
    chain = font_chain(str(settings.home / "fonts"))
    captions = _caption_summary(settings)
    if as_json:
        payload = {
            "templates": [
                {"name": t.name, "description": t.description, "file": t.source} for t in found
            ],
            "presets": {name: list(size) for name, size in PRESETS.items()},
            "fonts": list(chain.paths),
            "emoji_font": chain.emoji,
            "captions": captions,
        }
        echo_json(payload)
        return
    click.echo("Templates:")
    for t in found:
        mark = "*" if t.name == settings.cards.template else " "
        click.echo(f" {mark} {t.name:<12} {t.description}")
    click.echo("Presets:")
    for name, (w, h) in PRESETS.items():
        mark = "*" if name == settings.cards.preset else " "
        click.echo(f" {mark} {name:<20} {w}×{h}")
    click.echo(f"Fonts: {', '.join(Path(p).name for p in chain.paths)}")
    click.echo(
        f"Colour emoji: {Path(chain.emoji).name if chain.emoji else 'none (left out of images)'}"
    )
    marked = [("*" if lang == settings.language else "") + lang for lang in captions["languages"]]
    click.echo(f"Caption languages: {' '.join(marked)}")
    for category, count in captions["variants"].items():
        own = captions["yours"].get(category)
        yours = f" ({own} of yours)" if own else ""
        click.echo(f"   {category:<10} {count} variants{yours}")
    click.echo(f"Your caption templates: {settings.home / 'captions'}/")
    for entry in captions["files"]:
        name = _under(entry["file"], captions["folder"])
        if not entry["read"]:
            click.echo(f"Not read: {name} ({entry['why']})")
            continue
        used = "used" if entry["used"] else f"not used: {entry['why']}"
        click.echo(f"   {name:<20} {entry['for']}; {used}")


def _under(path: str, folder: str) -> str:
    """``path`` as written under ``folder`` ("de/fitness.toml"), a folder with a slash."""
    relative = Path(path).relative_to(folder).as_posix()
    return relative + "/" if Path(path).is_dir() else relative


def _caption_summary(settings: Any) -> dict[str, Any]:
    """The caption languages, the variants of the one in use, how many are the user's, and
    each of the user's caption files: read or not, for which languages, used now or not."""
    from planner.caption_book import available_languages
    from planner.caption_files import caption_files
    from planner.captions import book_for
    from planner.resources import templates_dir

    language = settings.language
    book = book_for(language, settings.home)
    mine = settings.home / "captions"
    yours = {
        category: sum(str(v.source).startswith(str(mine)) for v in variants)
        for category, variants in book.variants.items()
    }
    languages = available_languages(templates_dir() / "captions", settings.home)
    found = caption_files(settings.home, languages)
    files: list[dict[str, Any]] = []
    for f in found.files:
        used, why = f.applies_to(language), f.unused_because(language)
        codes = sorted(f.languages) if f.languages is not None else ["*"]
        entry = {"file": str(f.path), "read": True, "languages": codes, "how": f.how}
        files.append({**entry, "for": f.said(), "used": used, "why": why})
    for path, why in found.not_read:
        files.append({"file": str(path), "read": False, "languages": [], "how": "", "why": why})
        files[-1].update({"for": "", "used": False})
    return {
        "language": language,
        "languages": list(languages),
        "variants": {category: len(v) for category, v in book.variants.items()},
        "yours": {category: n for category, n in yours.items() if n},
        "folder": str(mine),
        "files": files,
        "not_read": [str(path) for path, _ in found.not_read],
    }


@click.command()
@click.argument("post_id")
@click.argument("text")
@pass_app
def alt(app: App, post_id: str, text: str) -> None:
    """Set the alt text of one post's card.

    Refused when the text names anyone on your never_mention list, or when the tone filter
    rejects it (alt text is read out to everyone who uses a screen reader).

    Example: planner alt 3f2a9c0d1b2e4f56 "Sunset over the lake after an evening run"
    """
    from planner.cards.alt_text import mentioned_names
    from planner.tone import caption_verdict

    text = " ".join(text.split())
    if not text:
        raise PlannerError("alt text is empty (describe what the card shows)")
    names = mentioned_names(text, app.settings.never_mention)
    if names:
        raise PlannerError(
            f"alt text mentions {names[0]!r}, who is on your never_mention list"
            " (leave the name out)"
        )
    with app.store() as store:
        store.post(post_id)  # an unknown post is named before the text is judged
        verdict = caption_verdict(text, app.settings)
        if verdict.verdict == "reject":
            raise PlannerError(
                f"alt text {verdict.reasons[0].message} (describe what the card shows,"
                " calmly; 'planner check' explains)"
            )
        store.update_post(post_id, app.now(), alt_text=text)
    click.echo(f"Alt text of {post_id} updated.")


COMMANDS = (render, templates, alt)
