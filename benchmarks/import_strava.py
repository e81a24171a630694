"""Strava import speed: ``read_activities`` + store import against ``pandas.read_csv`` alone.

Generates a 5,000-row, 100-column Strava ``activities.csv`` (repeated column names, quoted
dates, multi-line descriptions, media paths, a few swims with thousands separators), then
times, in the same run and on the same file, the median of several runs of:

- pandas: ``pandas.read_csv(path)`` with its defaults;
- planner: ``read_activities(path, options)`` and ``Store.import_rows`` into a fresh store.

Target: planner <= 1.5 x pandas. Run: ``python benchmarks/import_strava.py [--rows N]``.

It also prints two floors no Strava importer in CPython gets under: pandas reading only the
columns planner needs, and storing the finished rows (open, insert, close a fresh store).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SAMPLE = Path(__file__).parent.parent / "tests/fixtures/exports/strava/activities.csv"
#: The real 2026 header (103 columns), cut to 100: its first 99 columns and Media.
HEADER_103 = next(csv.reader(SAMPLE.open(encoding="utf-8")))
HEADER = HEADER_103[:99] + ["Media"]
TYPES = ("Ride", "Run", "Virtual Ride", "Walk", "Swim", "Weight Training", "Yoga", "Hike")
NAMES = ("Morning Run", "Afternoon Ride", "Evening Walk", "Zwift - Foundation", "Long one")
#: Columns the real 2026 sample (tests/fixtures/exports/strava/activities.csv) fills in most
#: rows; the generated file fills the same ones, with numbers like the sample's.
FILLED = (
    7,
    8,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    25,
    28,
    29,
    30,
    31,
    33,
    34,
    37,
    46,
    47,
    50,
    52,
    80,
    81,
    86,
    88,
    89,
    93,
)


def generate(path: Path, rows: int, seed: int = 6) -> None:
    """Write a Strava-like export of ``rows`` activities, newest first."""
    rng = random.Random(seed)
    start = datetime(2026, 5, 13, 9, 54, 42, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            moment = start - timedelta(hours=7 * i, minutes=rng.randrange(60))
            hour = moment.hour % 12 or 12
            date = moment.strftime(f"%b {moment.day}, %Y, {hour}:%M:%S ") + (
                "AM" if moment.hour < 12 else "PM"
            )
            kind = rng.choice(TYPES)
            km = round(rng.uniform(1, 120), 2)
            first_distance = f"{int(km * 40):,}" if kind == "Swim" else f"{km}"
            description = "" if i % 3 else f"{rng.randrange(400)} Training Load\n-- from COROS"
            media = "" if i % 5 else f"media/{i:05d}-a.jpg|media/{i:05d}-b.mp4"
            values = {c: f"{rng.uniform(0, 400):.1f}" for c in FILLED}
            values |= {
                0: str(18488946585 - i * 9781),
                1: date,
                2: rng.choice(NAMES),
                3: kind,
                4: description,
                5: str(rng.randrange(600, 18000)),
                6: first_distance,
                7: f"{rng.randrange(120, 190)}.0",
                8: str(rng.randrange(1, 300)),
                9: "false",
                12: f"activities/{19594322202 - i}.fit.gz",
                14: "9.0",
                15: f"{rng.randrange(600, 18000)}.0",
                16: f"{rng.randrange(600, 18000)}.0",
                17: f"{km * 1000:.1f}",
                18: f"{rng.uniform(5, 15):.2f}",
                19: f"{rng.uniform(3, 10):.3f}",
                20: f"{rng.randrange(0, 900)}.0",
                34: f"{rng.randrange(50, 2000)}.0",
                99: media,
            }
            writer.writerow([values.get(c, "") for c in range(len(HEADER))])


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    run()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    import pandas

    from planner.sources import ReadOptions, read_activities
    from planner.store import Store

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        path = base / "activities.csv"
        generate(path, args.rows)
        options = ReadOptions(ZoneInfo("Europe/Berlin"))
        stores = iter(range(1_000_000))

        def planner_import() -> int:
            result = read_activities(path, options)
            with Store(base / f"p{next(stores)}.db") as store:
                counts = store.import_rows(result.rows)
            assert not result.errors and counts.new == args.rows, (result.errors[:3], counts)
            return counts.new

        def pandas_read() -> int:
            return len(pandas.read_csv(path))

        def read_only() -> int:
            return len(read_activities(path, options).rows)

        rows = read_activities(path, options).rows

        def store_only() -> int:
            with Store(base / f"p{next(stores)}.db") as store:
                return store.import_rows(rows).new

        from planner.sources import strava, tabular

        keys = tabular.header_keys(HEADER)
        needed = sorted(
            {tabular.find_column(keys, names, nth) for names, nth in strava.COLUMNS.values()}
            - {None}
        )

        def pandas_needed() -> int:
            frame = pandas.read_csv(path, usecols=needed, dtype=str, na_filter=False)
            return len(frame)

        pandas_s = median_seconds(pandas_read, args.repeats)
        needed_s = median_seconds(pandas_needed, args.repeats)
        planner_s = median_seconds(planner_import, args.repeats)
        read_s = median_seconds(read_only, args.repeats)
        store_s = median_seconds(store_only, args.repeats)
        size = path.stat().st_size

    print(f"file: {args.rows} rows x {len(HEADER)} columns, {size / 1e6:.1f} MB")
    print(f"pandas.read_csv alone:           {pandas_s * 1000:8.1f} ms")
    print(f"planner read_activities + store: {planner_s * 1000:8.1f} ms")
    print(f"  of which read_activities:      {read_s * 1000:8.1f} ms ({read_s / pandas_s:.2f}x)")
    print(f"  of which Store.import_rows:    {store_s * 1000:8.1f} ms ({store_s / pandas_s:.2f}x)")
    floor = needed_s + store_s
    print(
        f"  floor: pandas reading the {len(needed)} needed columns {needed_s * 1000:.1f} ms"
        f" + storing {store_s * 1000:.1f} ms = {floor * 1000:.1f} ms ({floor / pandas_s:.2f}x)"
    )
    ratio = planner_s / pandas_s
    print(f"ratio: {ratio:.2f}x (target <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
