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


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def test_a_failure_after_the_move_puts_every_old_file_back(tmp_path: Path) -> None:
    """move_into_place inside the block (a store transaction around it) and then a failure (the
    commit): the folder is as before, replaced, new and discarded files alike."""
    out = tmp_path / "out"
    write_text_atomic(out / "posts.json", "old")
    write_text_atomic(out / "captions" / "01-old.txt", "old caption")
    before = _tree(out)
    with pytest.raises(RuntimeError), staged_folder(out) as stage:
        write_text_atomic(stage.path / "posts.json", "new")
        write_text_atomic(stage.path / "captions" / "02-new.txt", "new")
        write_text_atomic(stage.path / "images" / "card.jpg", "new")
        stage.discard(out / "captions" / "01-old.txt")
        stage.move_into_place()
        assert (out / "posts.json").read_text() == "new"
        assert not (out / "captions" / "01-old.txt").exists()
        assert stage.current(out / "posts.json") == out / "posts.json"  # moved: it is there
        raise RuntimeError("the commit failed")
    assert _tree(out) == before  # images/, made by the move, is gone again


def test_a_staged_file_is_found_where_it_is_until_it_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_text_atomic(out / "images" / "old.jpg", "old")
    with staged_folder(out) as stage:
        write_text_atomic(stage.path / "images" / "new.jpg", "new")
        assert stage.current(out / "images" / "new.jpg") == stage.path / "images" / "new.jpg"
        assert stage.current(out / "images" / "old.jpg") == out / "images" / "old.jpg"
    assert sorted(p.name for p in (out / "images").iterdir()) == ["new.jpg", "old.jpg"]


def test_a_move_that_fails_half_way_is_undone(tmp_path: Path) -> None:
    """A subfolder that cannot be written (here a read-only one) is found only while moving:
    the files moved before it go back."""
    from tests.fs_faults import read_only

    out = tmp_path / "out"
    write_text_atomic(out / "a.txt", "old a")
    write_text_atomic(out / "sub" / "b.txt", "old b")
    before = _tree(out)
    with read_only(out / "sub"), pytest.raises(OSError), staged_folder(out) as stage:
        for name in ("a.txt", "sub/b.txt", "z.txt"):  # moved in this order
            write_text_atomic(stage.path / name, "new")
    assert _tree(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_subfolder_that_links_to_another_disk_gets_its_files(tmp_path: Path) -> None:
    """A rename cannot cross file systems: the file is copied into the linked folder instead
    (out/images linked to a web server's folder on another disk)."""
    from tests.fs_faults import small_disk

    with small_disk(tmp_path / "disk", "1m") as disk:
        out = tmp_path / "out"
        out.mkdir()
        (disk / "images").mkdir()
        (out / "images").symlink_to(disk / "images")
        write_text_atomic(out / "images" / "card.jpg", "old")
        with staged_folder(out) as stage:
            write_text_atomic(stage.path / "images" / "card.jpg", "new", mode=0o640)
            write_text_atomic(stage.path / "posts.json", "new")
        assert (disk / "images" / "card.jpg").read_text() == "new"
        assert (disk / "images" / "card.jpg").stat().st_mode & 0o777 == 0o640
        assert sorted(p.name for p in (disk / "images").iterdir()) == ["card.jpg"]
        assert (out / "posts.json").read_text() == "new"
