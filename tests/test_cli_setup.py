"""planner policy, planner init and planner path."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner, Result

from planner.cli import cli
from planner.cli.common import App
from planner.config import Settings, load_settings
from planner.policy import POLICY_FIELDS


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


def test_policy_shows_defaults_and_origins(app: App) -> None:
    result = invoke(app, "policy")
    assert result.exit_code == 0
    lines = result.stdout.split("\n\n")[0].splitlines()
    assert len(lines) == 4 + len(POLICY_FIELDS)
    assert lines[0].split() == ["timezone", "Europe/Berlin", "(system)"]
    assert lines[1].split() == ["never_mention", "0", "name(s)", "(default)"]
    assert lines[2].split() == ["units", "metric", "(default)"]
    assert lines[3].split() == ["language", "en", "(default)"]
    rows = {line.split()[0]: line for line in lines}
    assert rows["posts_per_week"].split() == ["posts_per_week", "3", "(default)"]
    assert rows["weekday_windows"].split() == ["weekday_windows", '["18:00-20:30"]', "(default)"]
    assert rows["quiet_since"].split() == ["quiet_since", "not", "set", "(default)"]


def test_policy_names_the_file_a_value_came_from(app: App) -> None:
    app.home_dir.mkdir(parents=True)
    config = app.home_dir / "planner.toml"
    config.write_text(
        'timezone = "Europe/Lisbon"\nnever_mention = ["Sam"]\n[policy]\nposts_per_week = 2\n'
    )
    result = invoke(app, "policy", "--json")
    assert result.exit_code == 0
    rows = {r["key"]: r for r in json.loads(result.stdout)}
    assert rows["timezone"] == {"key": "timezone", "value": "Europe/Lisbon", "from": str(config)}
    assert rows["never_mention"] == {
        "key": "never_mention",
        "value": "1 name(s)",
        "from": str(config),
    }
    assert rows["posts_per_week"] == {"key": "posts_per_week", "value": "2", "from": str(config)}
    assert rows["posts_per_day"]["from"] == "default"


def test_policy_with_config_option(app: App, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("[policy]\nmin_mood = 4\n")
    result = invoke(app, "--config", str(other), "policy")
    assert result.exit_code == 0
    assert f"({other})" in result.stdout
    missing = tmp_path / "missing.toml"
    fresh = App(clock=app.clock, home=app.home)
    result = invoke(fresh, "--config", str(missing), "policy")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {missing}: no such config file (run 'planner init' to write one)\n"
    )


def test_init_writes_a_config_that_loads_to_the_defaults(app: App) -> None:
    result = invoke(app, "init")
    config = app.home_dir / "planner.toml"
    assert result.exit_code == 0
    assert result.stdout == f"Wrote {config}\n"
    tomllib.loads(config.read_text(encoding="utf-8"))
    settings = load_settings(app.home_dir)
    assert settings == Settings(home=app.home_dir, timezone="Europe/Berlin", config_path=config)
    assert not list(app.home_dir.glob("*.part"))


def test_init_refuses_to_overwrite_without_force(app: App) -> None:
    assert invoke(app, "init").exit_code == 0
    config = app.home_dir / "planner.toml"
    config.write_text("[policy]\nposts_per_week = 1\n")
    result = invoke(app, "init")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {config} already exists (edit it, or use --force to start over)\n"
    )
    assert config.read_text() == "[policy]\nposts_per_week = 1\n"
    forced = invoke(app, "init", "--force")
    assert forced.exit_code == 0
    assert load_settings(app.home_dir).policy.posts_per_week == 3


def test_init_with_config_option_writes_there(app: App, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "p.toml"
    result = invoke(app, "--config", str(target), "init")
    assert result.exit_code == 0
    assert target.is_file()
    assert not (app.home_dir / "planner.toml").exists()


def test_path_prints_the_home_under_tmp(app: App, planner_home: Path, tmp_path: Path) -> None:
    result = invoke(app, "path")
    assert result.exit_code == 0
    assert result.stdout == (
        f"home:   {planner_home}\n"
        f"config: {planner_home / 'planner.toml'}\n"
        f"store:  {planner_home / 'planner.db'}\n"
    )
    assert planner_home.is_relative_to(tmp_path)


def test_path_without_an_app_uses_planner_home(planner_home: Path) -> None:
    result = CliRunner().invoke(cli, ["path"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"home:   {planner_home}"
