"""Setup commands: policy, init, path."""

from __future__ import annotations

import click

from planner.cli.common import App, echo_json, json_option, pass_app
from planner.errors import PlannerError


@click.command()
@json_option
@pass_app
def policy(app: App, as_json: bool) -> None:
    """Show the effective rules and where each value came from.

    Example: planner policy
    """
    import textwrap

    from planner.settings_doc import POST_TIMES_HELP, policy_rows

    rows = policy_rows(app.settings)
    if as_json:
        echo_json([{"key": k, "value": v, "from": o} for k, v, o in rows])
        return
    width = max(len(k) for k, _, _ in rows)
    for key, value, origin in rows:
        click.echo(f"{key:<{width}}  {value:<24}  ({origin})")
    click.echo("")
    click.echo(textwrap.fill(POST_TIMES_HELP, 88))


@click.command()
@click.option("--force", is_flag=True, help="Overwrite an existing planner.toml.")
@pass_app
def init(app: App, force: bool) -> None:
    """Write a commented planner.toml with every default.

    Example: planner init
    """
    from planner.caption_book import available_languages
    from planner.config import CONFIG_NAME, locale_language, system_timezone
    from planner.errors import os_problem
    from planner.fileio import write_text_atomic
    from planner.resources import templates_dir
    from planner.settings_doc import default_config_text

    path = app.config_path or (app.checked_home() / CONFIG_NAME)
    if path.exists() and not force:
        raise PlannerError(f"{path} already exists (edit it, or use --force to start over)")
    languages = available_languages(templates_dir() / "captions", app.home_dir)
    language = locale_language(languages)[0]
    try:
        if app.config_path is None:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new home: owner only
        write_text_atomic(path, default_config_text(system_timezone(), language))
    except OSError as exc:
        elsewhere = "pass --config" if app.config_path else "set PLANNER_HOME to another folder"
        raise os_problem(exc, "write the config", where=path, elsewhere=elsewhere) from None
    click.echo(f"Wrote {path}")


@click.command()
@pass_app
def path(app: App) -> None:
    """Print where the store, the config and the other files live.

    Example: planner path
    """
    from planner.config import CONFIG_NAME, DB_NAME

    home = app.home_dir
    click.echo(f"home:   {home}")
    click.echo(f"config: {app.config_path or home / CONFIG_NAME}")
    click.echo(f"store:  {home / DB_NAME}")


COMMANDS = (policy, init, path)
