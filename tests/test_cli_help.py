"""Every command, including those registered by other modules, has help ending in an example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.cli_common import App


def walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(walk(command, (*prefix, name)))
    return paths


COMMANDS = walk(cli)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def test_the_core_commands_are_registered() -> None:
    assert {"import", "activities", "plan", "export", "week", "policy", "init", "path"} <= set(
        cli.commands
    )


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "planner")
def test_help_ends_with_an_example(path: tuple[str, ...]) -> None:
    command = command_at(path)
    help_text = (command.help or "").strip()
    assert help_text, f"planner {' '.join(path)} has no help text"
    last = help_text.splitlines()[-1].strip()
    assert last.startswith("Example: planner"), f"planner {' '.join(path)}: last line {last!r}"


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "planner")
def test_help_runs(app: App, path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], obj=app)
    assert result.exit_code == 0, result.output
    assert "Example: planner" in result.stdout
    assert not app.home_dir.exists()


def test_unknown_command_is_a_usage_error(app: App) -> None:
    result = CliRunner().invoke(cli, ["plna"], obj=app)
    assert result.exit_code == 2
    assert "No such command 'plna'" in result.stderr


def test_version(app: App) -> None:
    result = CliRunner().invoke(cli, ["--version"], obj=app)
    assert result.exit_code == 0
    assert result.stdout.startswith("planner, version ")
