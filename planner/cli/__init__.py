"""The command line: parse options, call one library function, print the result.

PlannerError becomes one line on stderr and exit 1, here and only here (PlannerGroup); so does
an OSError no command worded itself (the path, the cause in words and what to do), and SQLite
finding the store damaged or unusable while reading it. The command modules (plan, cards,
publish, setup, tone) are imported on first use of one of their commands, so
``planner --help`` imports none of them.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from planner import __version__
from planner.cli.common import App

#: Commands defined in other modules (each module lists them in ``COMMANDS``), imported on
#: first use so that ``planner --help`` and the core commands start fast:
#: name -> (module, the first paragraph of the command's help, shown in ``planner --help``).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "import": (
        "planner.cli.plan",
        "Import an activity log into the store (one transaction; re-importing adds nothing).",
    ),
    "activities": ("planner.cli.plan", "List imported activities, oldest first."),
    "plan": ("planner.cli.plan", "Plan a subtle week of posts from the store and save it."),
    "export": (
        "planner.cli.plan",
        "Export a week's plan: posts.csv, posts.json, calendar.ics, publer.csv, captions/.",
    ),
    "week": ("planner.cli.plan", "Import FILE, plan a week and export it all into --out."),
    "policy": ("planner.cli.setup", "Show the effective rules and where each value came from."),
    "init": ("planner.cli.setup", "Write a commented planner.toml with every default."),
    "path": ("planner.cli.setup", "Print where the store, the config and the other files live."),
    "render": (
        "planner.cli.cards",
        "Render a caption card for every planned post of a week, and week.png.",
    ),
    "templates": (
        "planner.cli.cards",
        "List card and caption templates (bundled and your own) and the size presets.",
    ),
    "alt": ("planner.cli.cards", "Set the alt text of one post's card."),
    "accounts": (
        "planner.cli.publish",
        "Add, list and remove the accounts posts are published to.",
    ),
    "publish": ("planner.cli.publish", "Publish what is due now, exactly once, then exit."),
    "run": (
        "planner.cli.publish",
        "Stay running and publish each post at its time; Ctrl-C or SIGTERM stops cleanly.",
    ),
    "status": (
        "planner.cli.publish",
        "Show planned, published (with URL) and failed (with why) posts.",
    ),
    "retry": ("planner.cli.publish", "Try a failed post again at the next check."),
    "skip": ("planner.cli.publish", "Never publish a planned or failed post."),
    "push": (
        "planner.cli.publish",
        "Let the server hold a week's posts until their time (Mastodon scheduled_at).",
    ),
    "check": (
        "planner.cli.tone",
        "Judge a caption's tone: ok, soften (with the softened text) or reject, with reasons.",
    ),
}


class PlannerGroup(click.Group):
    """A click group that turns every PlannerError into a one-line ClickException and
    imports the modules in LAZY_COMMANDS only when one of their commands is used."""

    listing = False

    def invoke(self, ctx: click.Context) -> Any:
        from planner.errors import PlannerError  # not imported for --help: start-up time

        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            raise
        except OSError as exc:  # one the command did not word itself: still one line
            from planner.errors import os_problem

            raise click.ClickException(str(os_problem(exc))) from None
        except Exception as exc:
            import sqlite3

            if type(exc) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise  # an IntegrityError or a ProgrammingError is a bug: let it show
            from planner.store_files import store_problem

            path = ctx.ensure_object(App).settings.db_path
            raise click.ClickException(str(store_problem(path, exc, "read"))) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            module, summary = LAZY_COMMANDS[cmd_name]
            if self.listing:  # the command list in --help needs only the summary
                return click.Command(cmd_name, help=summary)
            for loaded in importlib.import_module(module).COMMANDS:
                self.add_command(loaded)
            command = self.commands.get(cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.listing = False


@click.group(cls=PlannerGroup)
@click.version_option(__version__, prog_name="planner")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),  # made a Path below: pathlib costs --help start-up
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
def cli(ctx: click.Context, config_path: str | None, never_mention: tuple[str, ...]) -> None:
    """Plan a calm, subtle week of social posts from what you actually did.

    Example: planner week data/sample-activities.csv --out out/
    """
    app = ctx.ensure_object(App)
    if config_path is not None:
        from pathlib import Path

        app.config_path = Path(config_path)
    app.never_mention = app.never_mention + never_mention
