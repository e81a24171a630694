"""Import of generated native CSV logs vs `sqlite-utils insert x.db t file.csv --csv`.

Targets: 1,000,000 rows <= 0.1x sqlite-utils; 10,000 rows <= 0.6x. Both sides are whole
command runs (wall clock, process start included). Needs `pip install -e '.[bench]'`.
Pass a row count to run only that size: `python benchmarks/import_native.py 10000`.

After each size it prints, in process, what CPython alone costs on the same file whatever
planner does (tokenising with the csv module; storing the rows, prepared beforehand, through
the stdlib's sqlite3; SQLite copying them in C) next to planner's own parse and store steps,
so the distance to the target can be read as parse, binding or engine time.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from _common import native_log, report, wall

SIZES = {1_000_000: 0.1, 10_000: 0.6}


def main() -> None:
    sizes = {int(a): SIZES.get(int(a), 1.0) for a in sys.argv[1:]} or SIZES
    sqlite_utils = shutil.which("sqlite-utils")
    if sqlite_utils is None:
        sys.exit("sqlite-utils is not installed: pip install -e '.[bench]'")
    planner = [sys.executable, "-m", "planner"]
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
            floors(csv_path, Path(tmp), base)


def floors(csv_path: Path, tmp: Path, baseline: float) -> None:
    """Print in-process costs on ``csv_path``, each also as a fraction of ``baseline``."""
    from planner.schema import MIGRATIONS
    from planner.sources import ReadOptions, read_activities
    from planner.store import ACTIVITY_COLUMNS, Store

    def timed(fn: object) -> float:
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        return time.perf_counter() - start

    def tokenise() -> None:
        with csv_path.open(newline="", encoding="utf-8") as f:
            for _ in csv.reader(f):
                pass

    result: list[object] = []
    zone = ZoneInfo(os.environ.get("TZ", "Europe/Berlin"))
    parse_s = timed(lambda: result.append(read_activities(csv_path, ReadOptions(zone))))
    rows = result[0].rows  # type: ignore[attr-defined]
    filled = [
        i for i in range(len(ACTIVITY_COLUMNS)) if any(r[i] not in ("", None) for r in rows[:1000])
    ]

    def fresh(name: str) -> sqlite3.Connection:
        db = sqlite3.connect(tmp / name, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for script in MIGRATIONS:
            db.executescript(script)
        return db

    def bind(name: str, columns: list[int]) -> None:
        db = fresh(name)
        names = ",".join(f'"{ACTIVITY_COLUMNS[i]}"' for i in columns)
        marks = ",".join("?" * len(columns))
        db.execute("BEGIN")
        db.executemany(
            f"INSERT INTO activities ({names}) VALUES ({marks})",
            ([r[i] for i in columns] for r in rows)
            if len(columns) < len(ACTIVITY_COLUMNS)
            else rows,
        )
        db.execute("COMMIT")
        db.close()

    def engine() -> None:
        db = fresh("copy.db")
        db.execute(f"ATTACH '{tmp / 'all.db'}' AS src")
        db.execute("BEGIN")
        db.execute("INSERT INTO activities SELECT * FROM src.activities")
        db.execute("COMMIT")
        db.close()

    def store() -> None:
        with Store(tmp / "store-floor.db") as s:
            s.import_rows(rows)

    figures = [
        ("csv.reader alone (tokenising)", timed(tokenise)),
        ("planner: parse (read_activities)", parse_s),
        ("planner: store (Store.import_rows)", timed(store)),
        ("sqlite3 executemany, all 16 columns", timed(lambda: bind("all.db", list(range(16))))),
        (
            f"sqlite3 executemany, the {len(filled)} filled columns",
            timed(lambda: bind("some.db", filled)),
        ),
        ("SQLite copying the stored rows in C", timed(engine)),
    ]
    print(f"  in process, {len(rows):,} rows (sqlite {sqlite3.sqlite_version}):")
    for name, seconds in figures:
        print(f"    {name:<44} {seconds:7.2f} s  {seconds / baseline:6.3f}x")
    for name in ("all.db", "some.db", "copy.db", "store-floor.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp / name}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
