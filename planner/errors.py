"""Errors a user can cause, each carrying a one-line message that says what to do.

The CLI turns every PlannerError into one line on stderr and exit code 1, once, at the
boundary (``planner.cli``). Domain code raises these and nothing else for bad input.

    PlannerError                 base: message says what, where and what to do
     +-- InputError              a bad input file: carries file, row and column
     +-- ConfigError             planner.toml or a template file is invalid
     +-- NotFoundError           a post, activity, account or template that does not exist
     +-- StoreError              the store cannot be opened or written, or is from a newer planner
     +-- PublishError            a target refused a post or cannot be reached
     |    +-- TransientError     (planner.publish) worth retrying later: timeout, 429, 5xx
     +-- PhotoError              (planner.cards.photos) a card's photo cannot be used
"""

from __future__ import annotations

from dataclasses import dataclass


class PlannerError(Exception):
    """Base class: ``str(error)`` is the single line shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Location:
    """Where in an input file something went wrong (row 1 is the header)."""

    file: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


class InputError(PlannerError):
    """A bad input file: the message starts with the file, row and column."""

    def __init__(self, where: Location, problem: str, hint: str = "") -> None:
        self.where = where
        self.problem = problem
        self.hint = hint
        text = f"{where}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class ConfigError(PlannerError):
    """planner.toml, a keys file or a template file is invalid."""


class NotFoundError(PlannerError):
    """Something named on the command line does not exist."""


class StoreError(PlannerError):
    """The SQLite store cannot be used."""


class PublishError(PlannerError):
    """A publishing target refused a post or could not be reached."""


#: What an OS error means for the user, by errno: (the problem, what to do). "{elsewhere}" is
#: filled with the caller's way out ("set PLANNER_HOME to another folder").
_OS_PROBLEMS: dict[str, tuple[str, str]] = {
    "EROFS": ("the file system is read-only", "make it writable, or {elsewhere}"),
    "ENOSPC": ("the disk is full", "free some space and run it again"),
    "EDQUOT": ("the disk quota is used up", "free some space and run it again"),
    "EACCES": ("permission denied", "check its owner and permissions, or {elsewhere}"),
    "EPERM": ("permission denied", "check its owner and permissions, or {elsewhere}"),
    "ENOTDIR": ("a file is in the way where a folder should be", "move it aside, or {elsewhere}"),
    "EEXIST": ("a file is in the way where a folder should be", "move it aside, or {elsewhere}"),
    "EISDIR": ("a folder is in the way where a file should be", "move it aside, or {elsewhere}"),
    "ENAMETOOLONG": ("the path is too long", "use a shorter one"),
    "ENOENT": ("no such file or folder", "check the path"),
    "ELOOP": ("too many symbolic links", "check the path"),
    "EIO": ("the disk reported an error", "check the disk"),
}


def os_problem(
    exc: OSError, doing: str = "", where: object = None, elsewhere: str = "use another folder"
) -> PlannerError:
    """One line for an OS error: the path, what failed, why in words, and what to do.

    ``where`` defaults to the error's own path (the target of a rename); ``doing`` is what was
    being done ("write the store"). An errno with no entry gives the system's own wording.
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    problem, fix = _OS_PROBLEMS.get(name, (exc.strerror or str(exc), "check the path"))
    path = where if where is not None else (exc.filename2 or exc.filename)
    head = f"{path}: " if path not in (None, "") else ""
    what = f"cannot {doing}: " if doing else ""
    return PlannerError(f"{head}{what}{problem} ({fix.format(elsewhere=elsewhere)})")
