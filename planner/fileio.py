"""Files written whole or not at all, and the debris such writes can leave behind.

    atomic_file(path, mode)      a binary handle; on a clean exit the data is fsynced and
                                 os.replace'd over ``path``; on any exception it is dropped
    write_bytes_atomic / write_text_atomic
    remove_stale_parts(folder)   temporary files and staging folders of planner processes that
                                 are gone (kill -9, power loss)
    staged_folder(folder)        files written into a hidden staging folder inside ``folder``
                                 and moved into place only once every one of them was written
    shown_path(exc, folder)      the path an OS error in a staged folder is about, for the user

Edges:
- A temporary file is ".<name>.<pid>.<8 hex>.part" next to its target, so os.replace never
  crosses file systems and a leftover says which process left it. ``mode`` (e.g. 0o600) is
  set before the file appears under its name; None gives 0o666 less the umask, as open() does.
- Stale: a ".part" file or ".planner-stage." folder whose process is gone, or that is more
  than an hour old (parts without a pid, from older planners, only by age). A live process's
  parts are never touched, so two planners can share a folder.
- staged_folder: anything raised while writing (a full disk, no permission) leaves ``folder``
  as it was (one it had to create is removed again). Before the first move every target is
  checked (a folder where a file goes is an error before anything moves). Each move is one
  rename (a copy into the target's folder first where a subfolder links to another disk); a
  file it replaces is kept as a hard link beside it until the block has ended, so anything
  raised during the moves, or after ``move_into_place`` inside the block (a store commit that
  fails), puts back every old file and removes every new one and every folder the moves
  made. Readers never see a target missing. A crash during the moves leaves whole files, old
  and new, and debris (the staging folder, the backups) removed as stale by the next run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

STAGE_PREFIX = ".planner-stage."
STALE_AFTER_S = 3600.0


def _temporary_name(name: str) -> str:
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.part"


@contextlib.contextmanager
def atomic_file(path: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the block ends without an exception.

    The folder is created if missing. On an exception the temporary file is removed and
    ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(_temporary_name(path.name))
    permissions = 0o666 if mode is None else mode

    def opener(name: str, flags: int) -> int:
        return os.open(name, flags | os.O_EXCL, permissions)

    try:
        with open(tmp, "wb", opener=opener) as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)  # exactly ``mode``, whatever the umask
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(path: Path, data: bytes, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` atomically (see atomic_file); returns ``path``."""
    with atomic_file(path, mode) as handle:
        handle.write(data)
    return path


def write_text_atomic(path: Path, text: str, mode: int | None = None) -> Path:
    """Write UTF-8 text atomically (see atomic_file); returns ``path``."""
    return write_bytes_atomic(path, text.encode("utf-8"), mode)


def _owner_pid(name: str) -> int | None:
    """The pid in a part's or staging folder's name, None when it holds none."""
    pieces = name.removeprefix(STAGE_PREFIX).removesuffix(".part").rsplit(".", 2)
    if len(pieces) >= 2 and pieces[-2].isdigit() and _is_token(pieces[-1]):
        return int(pieces[-2])
    if pieces[-1].isdigit() and len(pieces[-1]) < 8:  # ".name.<pid>.part" of older planners
        return int(pieces[-1])
    return None


def _is_token(text: str) -> bool:
    return len(text) == 8 and all(c in "0123456789abcdef" for c in text)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the stale temporary files and staging folders in ``folder``; returns them.

    A folder that does not exist or cannot be listed has nothing to remove; an entry that
    cannot be removed is left (the next run tries again).
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        staging = name.startswith(STAGE_PREFIX)
        if not staging and not (name.startswith(".") and name.endswith(".part")):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
        except OSError:
            continue
        pid = _owner_pid(name)
        if not old and (pid is None or _alive(pid)):
            continue
        try:
            if staging and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


class Stage:
    """A staging folder: write files under ``path``; ``final(p)`` is where ``p`` will land.

    ``discard(p)`` removes a file of the target folder with the move; ``move_into_place()``
    moves early (inside a store transaction, so a failed commit undoes the move too).
    """

    def __init__(self, path: Path, target: Path) -> None:
        self.path = path
        self.target = target
        self.moved = False
        self._discarded: list[Path] = []
        #: what the move did, to undo it: (a target path, the backup of what was there or None)
        self._done: list[tuple[Path, Path | None]] = []
        self._made: list[Path] = []  # folders the move created

    def final(self, staged: Path) -> Path:
        return self.target / staged.relative_to(self.path)

    def current(self, final: Path) -> Path:
        """Where the file that will be at ``final`` is now: staged here, else ``final`` itself."""
        target, path = Path(os.path.abspath(self.target)), Path(os.path.abspath(final))
        if path.is_relative_to(target):
            staged = self.path / path.relative_to(target)
            if staged.is_file():
                return staged
        return final

    def discard(self, final: Path) -> None:
        """Remove ``final``, a file inside the target folder, when the files move into place."""
        self._discarded.append(final)

    def move_into_place(self) -> None:
        """Move every staged file to its place (see ``staged_folder``); once only."""
        if self.moved:
            return
        staged = sorted(p for p in self.path.rglob("*") if not p.is_dir())
        _check_targets(self, staged)
        self.moved = True  # from here on, an exception undoes what was done
        for folder in {self.final(p).parent for p in staged} - {self.target}:
            remove_stale_parts(folder)  # the backups of a move a kill -9 cut short
        for path in staged:
            target = self.final(path)
            self._make_folders(target.parent)
            self._done.append((target, _keep(target, move=False)))
            _put(path, target)
        for target in self._discarded:
            if os.path.lexists(target):
                self._done.append((target, _keep(target, move=True)))

    def undo(self) -> None:
        """Put the target folder back as it was before ``move_into_place`` (best effort: an
        undo step that fails leaves whole files, old or new)."""
        for target, backup in reversed(self._done):
            with contextlib.suppress(OSError):
                if backup is None:
                    os.unlink(target)
                else:
                    os.replace(backup, target)
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._done.clear()
        self._made.clear()

    def finish(self) -> None:
        """Drop the backups of what the move replaced."""
        for _, backup in self._done:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
        self._done.clear()

    def _make_folders(self, folder: Path) -> None:
        missing = [f for f in (folder, *folder.parents) if f.is_relative_to(self.target)]
        for each in reversed(missing):
            if not each.is_dir():
                each.mkdir()
                self._made.append(each)


def _check_targets(stage: Stage, staged: list[Path]) -> None:
    """A folder where a file goes, or a file where a folder goes: an error before any move."""
    for path in staged:
        target = stage.final(path)
        if target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        for parent in target.relative_to(stage.target).parents:
            above = stage.target / parent
            if above.exists() and not above.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(above))


def _keep(target: Path, *, move: bool) -> Path | None:
    """A backup of ``target`` next to it (a hard link, or the file itself moved when ``move``
    or where links are not supported); None when there is nothing at ``target``."""
    if not os.path.lexists(target):
        return None
    backup = target.with_name(_temporary_name(target.name))
    if not move:
        try:
            os.link(target, backup, follow_symlinks=False)
            return backup
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO):
                raise
    os.replace(target, backup)
    return backup


def _put(staged: Path, target: Path) -> None:
    """Move ``staged`` over ``target`` in one rename; across file systems (a folder in the
    target that is a link to another disk), by a copy into the target's folder first."""
    try:
        os.replace(staged, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        mode = staged.stat().st_mode & 0o777
        with staged.open("rb") as source, atomic_file(target, mode) as out:
            shutil.copyfileobj(source, out)


@contextlib.contextmanager
def staged_folder(folder: Path) -> Iterator[Stage]:
    """Write a set of files all or nothing: into a hidden staging folder inside ``folder``,
    moved into place when the block ends without an exception (see the module's edges)."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(folder)
    stage = Stage(folder / f"{STAGE_PREFIX}{os.getpid()}.{secrets.token_hex(4)}", folder)
    try:
        stage.path.mkdir()
        yield stage
        stage.move_into_place()
    except BaseException:
        stage.undo()
        shutil.rmtree(stage.path, ignore_errors=True)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: a folder this call made, and nothing else
        raise
    stage.finish()
    shutil.rmtree(stage.path, ignore_errors=True)


def shown_path(exc: OSError, folder: Path) -> Path:
    """The path an OS error inside ``staged_folder(folder)`` is about, as the user knows it:
    the target of a rename, else the file; ``folder`` for one in the staging folder (gone by
    then); the folder of a temporary file; the file in the way of a folder (ENOTDIR)."""
    where = exc.filename2 or exc.filename
    if where is None or STAGE_PREFIX in os.fsdecode(where):
        path = folder
    else:
        path = Path(os.fsdecode(where))
        if path.name.startswith(".") and path.name.endswith(".part"):
            path = path.parent
    if exc.errno == errno.ENOTDIR:
        for above in (path, *path.parents):
            if os.path.lexists(above):
                return above if not above.is_dir() else path
    return path
