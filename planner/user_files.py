"""Small text files the user writes (planner.toml, card templates): read without ever blocking
or reading without end, every way of failing one ConfigError naming the file.

    read_user_text(path, what, fix, limit)   the file's text, or None when there is none

Edges: the file is opened without blocking and refused unless it is a regular file, through a
symlink too (a FIFO would hang, /dev/zero never ends); over ``limit`` bytes it is refused
unread; UTF-8 with or without a byte-order mark, any other byte named with its line. A missing
file, or a path through a file, is None: the caller says what that means.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from planner.errors import ConfigError, os_problem

#: A planner.toml or a card template is a few kilobytes; anything this large is not one.
MAX_USER_FILE_BYTES = 1_000_000


def read_user_text(path: Path, what: str, fix: str, limit: int = MAX_USER_FILE_BYTES) -> str | None:
    """The text of ``path``; ``what`` names the file in errors ("the config"), ``fix`` says
    what to do about a file that is not a regular file or too large."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigError(os_problem(exc, f"read {what}", where=path).message) from None
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):  # before fdopen, which refuses a folder naming the descriptor
        os.close(fd)
        shape = "a folder" if stat.S_ISDIR(kind) else "not a regular file (a pipe or device)"
        raise ConfigError(f"{path}: {what} is {shape} ({fix})")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ConfigError(os_problem(exc, f"read {what}", where=path).message) from None
    if len(data) > limit:
        raise ConfigError(f"{path}: {what} is over {limit} bytes ({fix})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}; save the file"
            " as UTF-8, e.g. 'Save as' with encoding UTF-8 in your editor)"
        ) from None
