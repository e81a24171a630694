"""Atomic writes, stale temporary files, and all-or-nothing folders."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from planner.fileio import (
    STALE_AFTER_S,
    atomic_file,
    remove_stale_parts,
    staged_folder,
    write_text_atomic,
)
from tests.fs_faults import dead_pid


def test_a_write_that_fails_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    path = write_text_atomic(tmp_path / "posts.json", "old")
    with pytest.raises(RuntimeError), atomic_file(path) as handle:
        handle.write(b"half of the ne")
        raise RuntimeError("the disk filled up")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["posts.json"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_mode_is_exact_and_none_follows_the_umask(tmp_path: Path) -> None:
    secret = write_text_atomic(tmp_path / "keys.json", "{}", mode=0o600)
    assert secret.stat().st_mode & 0o777 == 0o600
    old = os.umask(0o022)
    try:
        plain = write_text_atomic(tmp_path / "posts.json", "{}")
    finally:
        os.umask(old)
    assert plain.stat().st_mode & 0o777 == 0o644


def test_only_the_parts_of_processes_that_are_gone_are_stale(tmp_path: Path) -> None:
    dead, alive = dead_pid(), os.getpid()
    stale = [
        tmp_path / f".week.png.{dead}.part",
        tmp_path / f".posts.json.{dead}.0a1b2c3d.part",
        tmp_path / f".planner-stage.{dead}.0a1b2c3d",
    ]
    kept = [
        tmp_path / f".posts.csv.{alive}.0a1b2c3d.part",
        tmp_path / ".posts.json.k2x_9qzr.part",  # no pid: stale only by age
        tmp_path / "notes.part",  # not hidden: not ours
    ]
    for path in stale + kept:
        if "stage" in path.name:
            (path / "captions").mkdir(parents=True)
        else:
            path.write_bytes(b"x")
    assert sorted(remove_stale_parts(tmp_path)) == sorted(stale)
    assert all(p.exists() for p in kept)
    old = time.time() - STALE_AFTER_S - 60
    os.utime(kept[1], (old, old))
    assert remove_stale_parts(tmp_path) == [kept[1]]


def test_a_staged_folder_moves_everything_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_text_atomic(out / "posts.json", "old")
    with pytest.raises(OSError), staged_folder(out) as stage:
        write_text_atomic(stage.path / "posts.json", "new")
        write_text_atomic(stage.path / "captions" / "01-run.txt", "new")
        raise OSError(28, "No space left on device")
    assert (out / "posts.json").read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == ["posts.json"]
    with staged_folder(out) as stage:
        write_text_atomic(stage.path / "posts.json", "new")
        write_text_atomic(stage.path / "captions" / "01-run.txt", "new")
        assert stage.final(stage.path / "posts.json") == out / "posts.json"
    assert (out / "posts.json").read_text() == "new"
    assert (out / "captions" / "01-run.txt").read_text() == "new"
    assert sorted(p.name for p in out.iterdir()) == ["captions", "posts.json"]


def test_a_folder_in_a_files_place_is_found_before_anything_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "publer.csv").mkdir(parents=True)
    with pytest.raises(IsADirectoryError), staged_folder(out) as stage:
        write_text_atomic(stage.path / "posts.json", "new")
        write_text_atomic(stage.path / "publer.csv", "new")
    assert sorted(p.name for p in out.iterdir()) == ["publer.csv"]  # posts.json did not move
