"""The README opens with the two commands a fresh machine needs, and CI runs the second."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planner.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_install_and_test_commands() -> None:
    install, test = _commands()
    assert install == "pip install . && planner week data/sample-activities.csv --out out/"
    assert "pytest" in test


def test_ci_runs_the_readmes_test_command() -> None:
    _, test = _commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _all_commands() -> list[tuple[str, object]]:
    found = []
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        found.append((name, command))
        for sub, subcommand in getattr(command, "commands", {}).items():
            found.append((f"{name} {sub}", subcommand))
    return found


@pytest.mark.parametrize("name,command", _all_commands(), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example(name: str, command: object) -> None:
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output, f"'planner {name} --help' has no example"
