"""Opening the store's SQLite file, and what SQLite's errors mean for the user.

    connect(path, readonly=False) -> sqlite3.Connection
    store_problem(path, exc, doing) -> StoreError

Edges:
- A new store is created 0600 in a 0700 home: it holds therapy sessions and dates (SQLite
  gives its -wal and -shm files the database file's mode).
- ``readonly``: opened with ``mode=ro`` and ``query_only``, so nothing is written, and a
  store on a read-only file system or a full disk still answers. Where SQLite cannot keep its
  WAL index (a read-only folder without a -shm file), the file is opened ``immutable``; that
  is safe only while no -wal file holds changes not yet in the store, so such a store is a
  StoreError saying to open it once where it can be written.
- Errors name the file, say what happened in words and what to do. "Move the file aside" is
  said only for a file that is not a database or is damaged: on a read-only home, a full disk
  or a store another planner holds, the database is intact and the advice says so. Read-only
  names what is: the folder (or its file system) or the file alone, which SQLite otherwise
  opens read-only without a word; a file whose permissions forbid reading says that.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from planner.errors import StoreError

#: SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

ELSEWHERE = "or set PLANNER_HOME to another folder"
READ_ONLY_ADVICE = ELSEWHERE + "; activities, status and plan --json still work"
UNCHANGED = "the store is unchanged"


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the store at ``path`` (created when missing, unless ``readonly``).

    Raises sqlite3.Error and OSError as they come; ``store_problem`` words them.
    """
    if readonly:
        return _connect_readonly(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new home: owner only
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    db = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        db.close()
        raise
    return db


def _connect_readonly(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    uri = path.resolve().as_uri()
    try:
        return _open_uri(f"{uri}?mode=ro")
    except sqlite3.OperationalError:
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"{path}: cannot read the store: its latest changes are still in {wal.name}"
                " and the folder is read-only (run planner once where the folder can be"
                " written, so they are moved into the store)"
            ) from None
        return _open_uri(f"{uri}?mode=ro&immutable=1")


def _open_uri(uri: str) -> sqlite3.Connection:
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA query_only=1")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file now
    except BaseException:
        db.close()
        raise
    return db


def read_only_place(path: Path) -> str | None:
    """What keeps the store from being written, "the folder" (a read-only file system, or
    the folder's permissions) or "the file" (the file's own permissions, a read-only mount of
    the file alone), or None when both can be written."""
    folder = path.parent
    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "the folder"
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return "the folder"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file"
    return None


def unreadable(path: Path) -> bool:
    """Whether the store's file is there but its permissions do not let it be read."""
    return path.exists() and not os.access(path, os.R_OK)


#: Less free space than this in the store's folder counts as a full disk: SQLite cannot grow
#: its 32 KiB WAL index, let alone write a page.
ROOM_BYTES = 128 * 1024


def no_room(path: Path) -> bool:
    """Whether the disk holding the store is (as good as) full."""
    try:
        found = os.statvfs(path.parent)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False
    return found.f_bavail * found.f_frsize < ROOM_BYTES


def cannot_write(path: Path) -> bool:
    """Whether writing the store is impossible here for now (read-only, or a full disk)."""
    return read_only_place(path) is not None or no_room(path)


def store_problem(path: Path, exc: Exception, doing: str) -> StoreError:
    """One line for an error opening or writing the store: what, why in words, what to do.

    ``doing`` is "open", "create", "read" or "write".
    """
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        return _os_problem(path, exc, doing)
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    head = f"{path}: cannot {doing} the store: {exc}"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreError(f"{head} (another planner is using it; try again)")
    if code == SQLITE_FULL or (code == SQLITE_IOERR and no_room(path)):
        return StoreError(f"{head}: the disk is full ({UNCHANGED}; free some space and retry)")
    if code == SQLITE_CANTOPEN and unreadable(path):
        return StoreError(
            f"{head}: permission denied, the file cannot be read ({UNCHANGED}; check its"
            f" owner and permissions, {ELSEWHERE})"
        )
    place = read_only_place(path)
    if code == SQLITE_READONLY or (code == SQLITE_CANTOPEN and place):
        place = place or "the file"
        return StoreError(
            f"{head}: {place} is read-only ({UNCHANGED}; make {place} writable, {READ_ONLY_ADVICE})"
        )
    if code == SQLITE_IOERR:
        return StoreError(f"{head} ({UNCHANGED}; check the disk and free space, then retry)")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreError(f"{head} (move the file aside {ELSEWHERE})")
    if code == SQLITE_CANTOPEN:
        return StoreError(f"{head} (check that the folder exists and can be written)")
    return StoreError(f"{head} (try again; if it persists, move the file aside {ELSEWHERE})")


def _os_problem(path: Path, exc: OSError, doing: str) -> StoreError:
    from planner.errors import os_problem

    line = os_problem(exc, f"{doing} the store", where=path, elsewhere="set PLANNER_HOME")
    return StoreError(line.message)
