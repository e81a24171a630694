"""`planner --help` wall time vs `python -c "import click"` (target: ratio <= 1.3)."""

from __future__ import annotations

import sys

from _common import report, wall

RUNS = 21

if __name__ == "__main__":
    help_cmd = [sys.executable, "-c", "from planner.cli import cli; cli(['--help'])"]
    click_cmd = [sys.executable, "-c", "import click"]
    wall(help_cmd), wall(click_cmd)  # warm the file cache
    ours = wall(help_cmd, RUNS)
    base = wall(click_cmd, RUNS)
    report(f"planner --help (median of {RUNS})", ours, base, "target <= 1.3")
