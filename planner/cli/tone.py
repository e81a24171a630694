"""The ``check`` command: run the tone filter on a caption, a file of captions or a reply."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner.cli.common import App, echo_json, json_option, pass_app
from planner.errors import InputError, Location, NotFoundError

if TYPE_CHECKING:
    from planner.models import Verdict


@click.command("check")
@click.argument("text", required=False)
@click.option(
    "--file",
    "file",
    metavar="FILE",
    help="A UTF-8 text file with one caption per line ('-' reads stdin); blank lines are skipped.",
)
@click.option("--reply", is_flag=True, help="Judge a reply to an ex: short, generic, polite.")
@json_option
@pass_app
def check(app: App, text: str | None, file: str | None, reply: bool, as_json: bool) -> None:
    """Judge a caption's tone: ok, soften (with the softened text) or reject, with reasons.

    never_mention names (planner.toml and --never-mention) and planner.toml's [tone]
    phrases apply. Exit code 0 whenever the check ran, whatever the verdicts.

    Example: planner check "BEST WORKOUT EVER!!!! 💪💪💪"
    """
    from planner.tone import caption_verdict, check_reply

    if (text is None) == (file is None):
        raise click.UsageError("give a TEXT to check or --file FILE, not both and not neither")
    if text is not None and not text.strip():
        raise click.UsageError("TEXT is empty; give a caption text to check")
    captions = [text] if text is not None else _read_captions(file or "-")
    settings = app.settings
    for caption in captions:
        if reply:
            verdict = check_reply(caption, settings=settings.tone)
        else:
            verdict = caption_verdict(caption, settings)
        if as_json:
            echo_json(verdict.to_dict(), indent=None)
        else:
            click.echo(_show(verdict))


def _read_captions(file: str) -> list[str]:
    """The non-blank lines of ``file`` ("-" is stdin), or an error saying what to fix."""
    if file == "-":
        content = sys.stdin.read()
    else:
        path = Path(file)
        if not path.is_file():
            raise NotFoundError(f"{file}: no such file (give a text file, one caption per line)")
        try:
            content = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                Location(file), f"not UTF-8 text at byte {exc.start}", "save it as UTF-8"
            ) from None
        except OSError as exc:
            raise InputError(Location(file), f"cannot read: {exc.strerror}") from None
    return [line for line in content.splitlines() if line.strip()]


def _show(verdict: Verdict) -> str:
    lines = [f"{verdict.verdict}: {verdict.text}"]
    for reason in verdict.reasons:
        start, end = reason.span
        lines.append(f"  - {reason.category} ({reason.rule}) at {start}-{end}: {reason.message}")
    if verdict.softened is not None:
        lines.append(f"  softened: {verdict.softened}")
    return "\n".join(lines)


COMMANDS = (check,)
