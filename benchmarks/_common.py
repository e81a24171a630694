"""Helpers shared by the benchmark scripts: timing and generated native CSV logs."""

from __future__ import annotations

import csv
import random
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

KINDS = (
    "gym",
    "run",
    "yoga",
    "hike",
    "trip",
    "museum",
    "dinner",
    "pottery",
    "course",
    "new job",
    "meditation",
    "friends",
    "date",
    "swim",
)


def wall(command: Sequence[str], runs: int = 1) -> float:
    """Median wall-clock seconds of running a command (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def best_of(fn: Callable[[], object], runs: int) -> float:
    """The fastest of ``runs`` in-process calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def native_log(path: Path, rows: int, seed: int = 1) -> Path:
    """Write a realistic native activity log of ``rows`` rows, about one every 37 minutes."""
    rnd = random.Random(seed)
    first = date(2020, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["date", "time", "kind", "title", "location", "distance", "mood", "share", "tags"]
        )
        for i in range(rows):
            day = first + timedelta(minutes=37 * i)
            writer.writerow(
                [
                    day.isoformat(),
                    f"{rnd.randint(6, 21):02d}:{rnd.choice(['00', '15', '30', '45'])}",
                    rnd.choice(KINDS),
                    f"Session {i}",
                    "Berlin" if i % 3 else "",
                    f"{rnd.uniform(2, 20):.1f}" if i % 4 == 0 else "",
                    rnd.randint(1, 5),
                    "yes" if i % 10 else "no",
                    "fitness;calm" if i % 2 else "",
                ]
            )
    return path


def report(name: str, ours: float, baseline: float, target: str) -> None:
    print(
        f"{name}: {ours:.4f} s vs baseline {baseline:.4f} s"
        f" -> ratio {ours / baseline:.3f} ({target})"
    )
