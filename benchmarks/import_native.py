"""Import of generated native CSV logs vs `sqlite-utils insert x.db t file.csv --csv`.

Targets: 1,000,000 rows <= 0.1x sqlite-utils; 10,000 rows <= 0.6x. Both sides are whole
command runs (wall clock, process start included). Needs `pip install -e '.[bench]'`.
Pass a row count to run only that size: `python benchmarks/import_native.py 10000`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from _common import native_log, report, wall

SIZES = {1_000_000: 0.1, 10_000: 0.6}


def main() -> None:
    sizes = {int(a): SIZES.get(int(a), 1.0) for a in sys.argv[1:]} or SIZES
    sqlite_utils = shutil.which("sqlite-utils")
    if sqlite_utils is None:
        sys.exit("sqlite-utils is not installed: pip install -e '.[bench]'")
    planner = [sys.executable, "-c", "from planner.cli import cli; cli()"]
    with tempfile.TemporaryDirectory() as tmp:
        for rows, target in sizes.items():
            csv_path = native_log(Path(tmp) / f"log-{rows}.csv", rows)
            home = Path(tmp) / f"home-{rows}"
            os.environ["PLANNER_HOME"] = str(home)
            os.environ.setdefault("TZ", "Europe/Berlin")
            ours = wall([*planner, "import", str(csv_path)])
            base = wall(
                [
                    sqlite_utils,
                    "insert",
                    str(Path(tmp) / f"su-{rows}.db"),
                    "t",
                    str(csv_path),
                    "--csv",
                ]
            )
            report(f"import {rows:,} rows", ours, base, f"target <= {target}")


if __name__ == "__main__":
    main()
