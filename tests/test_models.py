"""Week parsing: the forms --week accepts and the years it refuses."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.cli.common import App
from planner.models import MAX_YEAR, MIN_YEAR, Week, parse_week

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("spec", "week"),
    [
        ("next", Week(2026, 49)),
        ("this", Week(2026, 48)),
        ("last", Week(2026, 47)),
        ("2026-W49", Week(2026, 49)),
        ("2026-w53", Week(2026, 53)),
        ("2026-11-30", Week(2026, 49)),
        (f"{MIN_YEAR}-W02", Week(MIN_YEAR, 2)),
        (f"{MAX_YEAR}-W30", Week(MAX_YEAR, 30)),
    ],
)
def test_accepted_weeks(spec: str, week: Week) -> None:
    assert parse_week(spec, TODAY) == week


@pytest.mark.parametrize("spec", ["9999-W52", "0001-W01", "1900-01-01", "9999-12-31"])
def test_years_out_of_range_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        parse_week(spec, TODAY)


@pytest.mark.parametrize("spec", ["2027-W53", "2026-W00", "2027-02-30", "", "soon"])
def test_non_weeks_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="is not a week"):
        parse_week(spec, TODAY)


@pytest.mark.parametrize("command", [["plan"], ["export", "--out", "out"]])
def test_a_week_out_of_range_is_a_usage_error(app: App, command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--week", "9999-W52"], obj=app)
    assert result.exit_code == 2, result.output
    assert "'9999-W52' is out of range" in result.stderr
    assert "Traceback" not in result.output
