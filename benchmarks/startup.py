"""`planner --help` through the installed console script vs `python -c "import click"`.

Target: ratio <= 1.3. The console script is the one next to this interpreter (the venv's
``bin/planner``), so the figure includes what a user pays: the entry-point shim and its imports.
"""

from __future__ import annotations

import compileall
import shutil
import statistics
import sys
from pathlib import Path

from _common import report, wall

RUNS = 21


def console_script() -> str:
    """The ``planner`` script installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).with_name("planner")
    if beside.exists():
        return str(beside)
    found = shutil.which("planner")
    if found is None:
        raise SystemExit("planner is not installed: pip install -e . first")
    return found


if __name__ == "__main__":
    # Bytecode for planner, as click's in site-packages has: an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every start.
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "planner", quiet=1)
    help_cmd = [console_script(), "--help"]
    click_cmd = [sys.executable, "-c", "import click"]
    wall(help_cmd), wall(click_cmd)  # warm the file cache
    # interleaved, so a machine that speeds up or slows down midway weighs on both alike
    pairs = [(wall(help_cmd), wall(click_cmd)) for _ in range(RUNS)]
    ours = statistics.median(a for a, _ in pairs)
    base = statistics.median(b for _, b in pairs)
    report(f"planner --help (console script, median of {RUNS})", ours, base, "target <= 1.3")
