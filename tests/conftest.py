"""Shared test fixtures: every test gets its own home directory and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.cli.common import App

FIXED_NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True, scope="session")
def compiled_planner() -> None:
    """planner's bytecode, written once: the many ``python -m planner`` subprocesses would
    otherwise each compile every module again where PYTHONDONTWRITEBYTECODE is set."""
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1] / "planner", quiet=1)


@pytest.fixture(autouse=True)
def planner_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PLANNER_HOME points into tmp_path, so no test ever touches the real home directory."""
    home = tmp_path / "home"
    monkeypatch.setenv("PLANNER_HOME", str(home))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):  # captions in English unless a
        monkeypatch.delenv(variable, raising=False)  # test sets a locale
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: FIXED_NOW


@pytest.fixture
def app(planner_home: Path, clock: Callable[[], datetime]) -> App:
    """An App with the test home and the fixed clock; pass as ``obj=`` to CliRunner.invoke."""
    return App(clock=clock, home=planner_home)
