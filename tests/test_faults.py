"""Fault injection: ``planner week`` on a read-only home, on a full disk, with a DNS server
that never answers, and killed with SIGKILL at random points. After each fault the store
passes PRAGMA integrity_check, running ``week`` again succeeds, and no temporary file or
staging folder remains.

The runs are real processes (``python -m planner``) on real file systems: a read-only bind
mount and a small tmpfs (skipped where mounting is not permitted); the silent DNS server is a
UDP socket on 127.0.0.1:53 that the run's own /etc/resolv.conf (bind-mounted in a mount
namespace of its own) names. The kill points are drawn from a seeded generator
(PLANNER_FAULT_SEED overrides the seed), spread over a whole run.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fs_faults import fill, read_only, small_disk, with_resolv_conf

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-activities.csv"
KILLS = 20  # runs really cut off by SIGKILL
MAX_RUNS = 60  # runs that finish before their kill point count too, up to this many
LANES = 2
SEED = int(os.environ.get("PLANNER_FAULT_SEED", "12"))


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PLANNER_HOME": str(home), "TZ": "Europe/Berlin"}


def _command(out: Path, log: Path = SAMPLE) -> list[str]:
    return [sys.executable, "-m", "planner", "week", str(log), "--out", str(out)]


def week(home: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(out), *options],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def debris(*folders: Path) -> list[Path]:
    """Temporary files and staging folders left anywhere below ``folders``."""
    found = []
    for folder in folders:
        for path in folder.rglob("*") if folder.exists() else ():
            if path.name.endswith(".part") or path.name.startswith(".planner-stage."):
                found.append(path)
    return found


def integrity(home: Path) -> str:
    db = home / "planner.db"
    if not db.exists():
        return "ok"  # killed before the store was made: nothing to check
    uri = db.resolve().as_uri() + "?mode=ro"
    for suffix in ("", "&immutable=1"):  # immutable: a read-only folder with no WAL index
        try:
            with contextlib.closing(sqlite3.connect(uri + suffix, uri=True)) as conn:
                return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        except sqlite3.OperationalError:
            if suffix:
                raise
    raise AssertionError("unreachable")


def assert_recovers(home: Path, out: Path, why: str) -> None:
    """The store is sound, week runs again, and nothing temporary is left."""
    assert integrity(home) == "ok", why
    again = week(home, out)
    assert again.returncode == 0, f"{why}: {again.stderr}"
    assert "Traceback" not in again.stderr
    assert debris(home, out) == [], why
    assert not (home / "planner.db-wal").exists(), why  # closed cleanly
    posts = json.loads((out / "posts.json").read_text(encoding="utf-8"))["posts"]
    assert len(posts) == 3 and all(Path(p["image"]).is_file() for p in posts), why
    assert integrity(home) == "ok", why


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    return lines[0]


def test_week_on_a_read_only_home(tmp_path: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    assert week(home, out).returncode == 0
    with read_only(home):
        line = one_line(week(home, tmp_path / "out2"))
        assert "move the file aside" not in line and "the store is unchanged" in line
        assert integrity(home) == "ok"
    assert_recovers(home, out, "after a read-only home")


def test_week_on_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "8m") as disk:
        home, out = disk / "home", disk / "out"
        assert week(home, out).returncode == 0
        before = (out / "posts.json").read_bytes()
        filler = fill(disk)
        line = one_line(week(home, out))
        assert "the disk is full" in line and "move the file aside" not in line
        assert integrity(home) == "ok"
        assert (out / "posts.json").read_bytes() == before  # the last export is whole
        filler.unlink()
        assert_recovers(home, out, "after a full disk")


def test_week_on_a_full_disk_leaves_the_output_folder_as_it_was(tmp_path: Path) -> None:
    """The disk fills up half way through a week's new cards, week.png and export: the
    folder is exactly as the last run left it. New cards used to stay beside the old export."""
    home = tmp_path / "home"  # the store has room: only the output folder's disk is full
    scratch = week(tmp_path / "scratch-home", tmp_path / "scratch")  # what a run writes
    assert scratch.returncode == 0, scratch.stderr
    size = sum(len(data or b"") for data in snapshot(tmp_path / "scratch").values())
    with small_disk(tmp_path / "disk", "8m") as disk:
        out = disk / "out"
        earlier = week(home, out, "--week", "2026-W48")  # another week: other cards
        assert earlier.returncode == 0, earlier.stderr
        before = snapshot(out)
        filler = fill(disk)
        os.truncate(filler, filler.stat().st_size - size // 2)  # room for half of the files
        line = one_line(week(home, out))
        assert line.startswith(f"Error: {out}") and "the disk is full" in line, line
        assert snapshot(out) == before  # not a card more, not a file changed
        assert debris(out) == []
        with contextlib.closing(sqlite3.connect(home / "planner.db")) as db:
            images = [r[0] for r in db.execute("SELECT image FROM posts WHERE week = '2026-W49'")]
        assert images and all(i is None or Path(i).is_file() for i in images), images
        filler.unlink()
        assert_recovers(home, out, "after a full disk half way through the cards")


def test_week_with_a_dns_server_that_never_answers(tmp_path: Path) -> None:
    """A photo URL whose name the resolver never answers costs its card the photo within
    cards.fetch_deadline_s; the lookup used to hold the week for the resolver's own timeout."""
    try:
        silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        silent.bind(("127.0.0.1", 53))  # takes the queries and never answers them
    except OSError as exc:
        pytest.skip(f"cannot listen on 127.0.0.1:53 for DNS ({exc.strerror})")
    home, log = tmp_path / "home", tmp_path / "log" / "log.csv"
    shutil.copytree(SAMPLE.parent / "photos", log.parent / "photos")
    log.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            "photos/market.jpg", "https://photos.example/market.jpg"
        ),
        encoding="utf-8",
    )
    home.mkdir()
    (home / "planner.toml").write_text("[cards]\nfetch_deadline_s = 2\n", encoding="utf-8")
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\noptions timeout:30 attempts:2\n")
    started = time.monotonic()
    with silent:
        done = subprocess.run(
            with_resolv_conf(resolv, _command(tmp_path / "out", log)),
            env=_env(home),
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert (
        "  note: Christmas market (Sat 28 Nov): photo not used, the card was drawn without it:"
        " https://photos.example/market.jpg: the download took too long (more than"
        " fetch_deadline_s = 2 s)"
    ) in done.stdout
    assert took < 30, f"week took {took:.1f} s"  # the lookup alone: 60 s
    posts = json.loads((tmp_path / "out" / "posts.json").read_text(encoding="utf-8"))["posts"]
    assert len(posts) == 3 and all(Path(p["image"]).is_file() for p in posts)


def test_week_killed_at_random_points(tmp_path: Path) -> None:
    started = time.monotonic()
    assert week(tmp_path / "warm", tmp_path / "warm-out").returncode == 0
    span = (time.monotonic() - started) * 1.1  # a fresh run, from start-up to the last file
    # Two lanes side by side (two cores), each with its own homes, draws and share of kills.
    with ThreadPoolExecutor(max_workers=LANES) as pool:
        lanes = [
            pool.submit(_kill_lane, tmp_path / f"lane{n}", random.Random(SEED + n), span)
            for n in range(LANES)
        ]
        results = [lane.result() for lane in lanes]
    outcomes = sum((counts for counts, _ in results), Counter())
    runs = sum(n for _, n in results)
    print(f"\nkill -9 at random points of week: {runs} runs, {dict(outcomes)}")
    assert outcomes["killed"] >= KILLS
    assert outcomes["failed"] == 0


def _kill_lane(folder: Path, rng: random.Random, span: float) -> tuple[Counter[str], int]:
    """Runs of week, each killed at a random moment and then recovered, until
    ``KILLS // LANES`` were really cut off (at most ``MAX_RUNS // LANES`` runs)."""
    home, out = folder / "home0", folder / "out0"
    outcomes: Counter[str] = Counter()
    took: list[float] = []  # how long the runs that finished before their kill point took
    run = 0
    while outcomes["killed"] < KILLS // LANES and run < MAX_RUNS // LANES:
        run += 1
        if run % 3 == 0:  # now and then a new home, so the first import is killed too
            home = folder / f"home{run}"
        if run % 2 == 0:  # and a new --out, so cards, week.png and the export are new
            out = folder / f"out{run}"
        delay = rng.uniform(0.0, span)
        process = subprocess.Popen(
            _command(out),
            env=_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its card workers, if any, die with it
        )
        begun = time.monotonic()
        try:
            process.wait(timeout=delay)
            # it finished first: the first run's span was long (a loaded machine, a cold
            # start); from now on kill within the longest run seen finishing
            took.append(time.monotonic() - begun)
            span = max(took) * 1.1
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
        code = process.returncode
        kind = {-signal.SIGKILL: "killed", 0: "finished"}.get(code, "failed")
        outcomes[kind] += 1
        why = f"seed {SEED}, {folder.name} run {run}, killed after {delay:.2f} s (exit {code})"
        assert code in (0, -signal.SIGKILL), f"{why}: {stderr.decode()}"
        assert_recovers(home, out, why)
    return outcomes, run
