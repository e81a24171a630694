"""The command line: parse options, call one library function, print the result.

PlannerError becomes one line on stderr and exit 1, here and only here (PlannerGroup).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner import __version__
from planner.cli_common import App
from planner.errors import PlannerError


class PlannerGroup(click.Group):
    """A click group that turns every PlannerError into a one-line ClickException."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=PlannerGroup)
@click.version_option(__version__, prog_name="planner")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="planner.toml to use instead of the one in the home directory.",
)
@click.option(
    "--never-mention",
    "never_mention",
    multiple=True,
    metavar="NAME",
    help="A name or handle that must never appear (repeatable; adds to planner.toml's list).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, never_mention: tuple[str, ...]) -> None:
    """Plan a calm, subtle week of social posts from what you actually did.

    Example: planner week data/sample-activities.csv --out out/
    """
    app = ctx.ensure_object(App)
    if config_path is not None:
        app.config_path = config_path
    app.never_mention = app.never_mention + never_mention


# Command groups, one module each. Add one line per module here.
def _register() -> None:
    from planner.cli_cards import COMMANDS as card_commands  # render, templates, alt

    for command in card_commands:
        cli.add_command(command)


_register()
