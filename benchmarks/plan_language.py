"""`planner plan` on the bundled sample, with and without language detection needed.

Run: python benchmarks/plan_language.py [--runs N]

Two homes hold the sample month (data/sample-activities.csv), its dates moved by whole weeks so
its last week is this week, and each plans next week with English captions:

- detection needed: the sample as it is; its titles and notes are the user's own words, which
  are shown only when they read as English, so the process loads the language detector;
- no detection needed: the same activities with every title a code ("W12", described instead
  of shown) and no notes: nothing the user wrote can reach a caption, and planner's own
  templates have a known language, so the detector is never loaded.

Each is run ``--runs`` times, interleaved, as a fresh `python -m planner plan` process (what a
user pays); the figure is the median, and the ratio is needed / not needed. Each run also says
whether the detector was loaded (``-X importtime``), so the two cases are what they claim.
Then, in this process: loading the detector from planner's cut of py3langid's model
(``planner.language_model``) against py3langid's own model, as ``planner`` did before.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-activities.csv"


def shifted_sample(out: Path, *, own_words: bool) -> Path:
    """The sample with its dates moved by whole weeks (weekdays kept) so its newest activity
    falls in this week; without ``own_words`` every title is a code and no row has notes."""
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    newest = max(date.fromisoformat(r["date"]) for r in rows)
    today = date.today()
    shift = (today - timedelta(days=today.weekday())) - (newest - timedelta(newest.weekday()))
    for number, row in enumerate(rows, start=1):
        for key in ("date", "end"):
            if row[key]:
                row[key] = (date.fromisoformat(row[key]) + shift).isoformat()
        if not own_words:
            row["title"], row["notes"] = f"W{number}", ""
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def prepare(folder: Path, *, own_words: bool) -> tuple[dict[str, str], Path]:
    """A home in ``folder`` with the sample imported and English captions; returns the
    environment and folder to run planner with (not this checkout: ``-m`` imports from the
    working folder first)."""
    home = folder / "home"
    home.mkdir(parents=True)
    (home / "planner.toml").write_text(
        'language = "en"\ntimezone = "Europe/Berlin"\n', encoding="utf-8"
    )
    env = {**os.environ, "PLANNER_HOME": str(home)}
    log = shifted_sample(folder / "log.csv", own_words=own_words)
    subprocess.run(
        [sys.executable, "-m", "planner", "import", str(log)],
        check=True,
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    return env, folder


def plan_once(env: dict[str, str], folder: Path) -> tuple[float, bool, int]:
    """Seconds for one `planner plan --week next` process, whether it loaded the detector,
    and how many posts it planned."""
    command = [sys.executable, "-X", "importtime", "-m", "planner", "plan", "--week", "next"]
    start = time.perf_counter()
    done = subprocess.run(command, check=True, env=env, cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    loaded = any(line.split("|")[-1].strip() == "py3langid" for line in done.stderr.splitlines())
    posts = int(done.stdout.split(": ", 1)[1].split()[0])
    return seconds, loaded, posts


def load_times(runs: int) -> tuple[float, float]:
    """Best seconds to load the detector from planner's cut and from py3langid's own model."""
    import numpy as np  # noqa: F401  (imported by both; not part of either figure)
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from planner.language import CANDIDATES
    from planner.language_model import identifier

    def own() -> None:
        LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True).set_languages(
            list(CANDIDATES)
        )

    cut, full = [], []
    for _ in range(runs):
        start = time.perf_counter()
        identifier(CANDIDATES)
        cut.append(time.perf_counter() - start)
        start = time.perf_counter()
        own()
        full.append(time.perf_counter() - start)
    return min(cut), min(full)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        needed = prepare(Path(tmp) / "needed", own_words=True)
        plain = prepare(Path(tmp) / "plain", own_words=False)
        plan_once(*needed), plan_once(*plain)  # warm the file cache
        results: dict[str, list[tuple[float, bool, int]]] = {"needed": [], "plain": []}
        for _ in range(args.runs):  # interleaved: a machine that slows down weighs on both
            results["needed"].append(plan_once(*needed))
            results["plain"].append(plan_once(*plain))
    figures = {}
    for name, runs in results.items():
        figures[name] = statistics.median(seconds for seconds, _, _ in runs)
        loaded = {was for _, was, _ in runs}
        posts = {n for _, _, n in runs}
        label = "detection needed" if name == "needed" else "no detection needed"
        print(
            f"planner plan, sample, {label}: {figures[name] * 1000:.0f} ms "
            f"(median of {args.runs}; detector loaded: {'/'.join(map(str, loaded))}; "
            f"posts: {'/'.join(map(str, posts))})"
        )
    print(f"-> ratio needed / not needed: {figures['needed'] / figures['plain']:.2f}")
    cut, full = load_times(3)
    print(
        f"loading the detector: planner's cut {cut * 1000:.0f} ms vs py3langid's own model "
        f"{full * 1000:.0f} ms -> ratio {cut / full:.2f}"
    )
