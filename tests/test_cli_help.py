"""Every command, including those registered by other modules, has help ending in an example."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from planner.cli import LAZY_COMMANDS, cli
from planner.cli.common import App

CTX = click.Context(cli)


def walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name in group.list_commands(CTX):
        command = group.get_command(CTX, name)
        assert command is not None, name
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(walk(command, (*prefix, name)))
    return paths


COMMANDS = walk(cli)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(CTX, name)
        assert found is not None, name
        command = found
    return command


def test_the_core_commands_are_registered() -> None:
    assert {"import", "activities", "plan", "export", "week", "policy", "init", "path"} <= set(
        cli.list_commands(CTX)
    )


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_a_lazy_commands_summary_is_its_help_s_first_paragraph(name: str) -> None:
    module, summary = LAZY_COMMANDS[name]
    command = cli.get_command(CTX, name)
    assert command is not None and command.name == name
    assert command in importlib.import_module(module).COMMANDS
    assert inspect.cleandoc(command.help or "").split("\n\n")[0] == summary


def test_every_command_a_lazy_module_defines_is_listed() -> None:
    for module in {module for module, _ in LAZY_COMMANDS.values()}:
        names = {c.name for c in importlib.import_module(module).COMMANDS}
        assert names == {n for n, (m, _) in LAZY_COMMANDS.items() if m == module}, module


def test_help_lists_every_command_without_importing_the_lazy_modules() -> None:
    code = (
        "import sys\n"
        "from planner.cli import cli\n"
        "try:\n    cli(['--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('planner.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "['planner.cli.common']"
    for name in LAZY_COMMANDS:
        assert f"\n  {name} " in out


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
