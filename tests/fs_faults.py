"""Broken file systems for tests: a read-only folder, a small disk that can be filled, a
program run with an /etc/resolv.conf of the test's own, and the pid of a process that is gone.

As root, permissions do not stop a write, so a read-only folder is a read-only bind mount; a
small disk is a tmpfs. Both need ``mount``: where it is not permitted (a container without
the capability, macOS) the test is skipped. As another user a read-only folder is chmod 0555.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*command: str) -> bool:
    if shutil.which(command[0]) is None:
        return False
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` (and all below it) cannot be written inside the block; ``folder`` may also
    be a single file."""
    if os.name != "posix":
        pytest.skip("read-only folders are tested on POSIX")
    if os.geteuid() != 0:
        below = [folder, *folder.rglob("*")] if folder.is_dir() else [folder]
        modes = {p: p.stat().st_mode for p in below if p.is_dir() or p == folder}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    if not _run("mount", "--bind", str(folder), str(folder)):
        pytest.skip("mount is not permitted here: cannot make a read-only folder as root")
    try:
        if not _run("mount", "-o", "remount,bind,ro", str(folder)):
            pytest.skip("mount is not permitted here: cannot remount read-only")
        yield folder
    finally:
        _run("umount", str(folder)) or _run("umount", "-l", str(folder))  # -l: even if busy


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` for the block."""
    if os.name != "posix" or not shutil.which("mount"):
        pytest.skip("no mount command")
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def with_resolv_conf(resolv: Path, command: list[str]) -> list[str]:
    """``command`` run in a mount namespace of its own whose /etc/resolv.conf is ``resolv``
    (the real one is untouched). Skips the test where unshare or mount is not permitted."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a resolv.conf of the test's own needs root (unshare -m)")
    script = 'mount --bind "$0" /etc/resolv.conf && exec "$@"'
    prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(resolv)]
    if not _run(*prefix, "true"):
        pytest.skip("unshare or mount is not permitted here: cannot give a run its own DNS")
    return [*prefix, *command]


def without_root_powers() -> list[str]:
    """The command prefix that runs a program as root without its power to ignore file
    permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a chmod 000 file is unreadable
    to it; [] for another user. Skips the test where setpriv is missing or not permitted."""
    if os.name != "posix":
        pytest.skip("file permissions are tested on POSIX")
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    if not _run(*prefix, "true"):
        pytest.skip("setpriv is missing or not permitted: root reads every file")
    return prefix


def dead_pid() -> int:
    """The pid of a process that has exited (what a killed planner leaves in its part names)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` to the last byte; returns the filler (delete it to
    free the space again)."""
    filler = folder / "filler"
    chunk = b"\0" * 65536
    with filler.open("wb") as out:
        while True:
            try:
                out.write(chunk)
                out.flush()
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                break
    for size in (4096, 512, 1):  # the last partial blocks
        with contextlib.suppress(OSError), filler.open("ab") as out:
            while True:
                out.write(b"\0" * size)
                out.flush()
    return filler
