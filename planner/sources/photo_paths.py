"""Photo cells of an activity log, made into what the store keeps.

A URL (http or https, in any case) is kept as written. A path is read from the CSV's folder
("~" expanded), resolved (symlinks and ".."), and kept only when the result lies inside the
CSV's folder or a ``photo_dirs`` folder of planner.toml: a log cannot draw any other image
of the machine into a card. A path outside is left out of its row, which is imported without
it and named in a note that says what to change; importing again after the change adds it.
"""

from __future__ import annotations

from pathlib import Path

from planner.sources.common import BadCell
from planner.text_units import is_url

#: Refused rows named one by one in the notes; the rest are counted.
NAMED_ROWS = 3


class PhotoPaths:
    """Confines photo paths to the CSV's folder and ``photo_dirs``; collects what it refused.

    ``stored(text)`` is what the store keeps ("" for a refused path, which ``refused`` then
    holds until ``take_refused`` collects it for the row).
    """

    def __init__(self, base_dir: Path, photo_dirs: tuple[Path, ...] = ()) -> None:
        self.base_dir = base_dir
        self.roots = tuple(p.resolve() for p in (base_dir, *photo_dirs))
        self.with_dirs = bool(photo_dirs)
        self.refused: str | None = None
        self.rows: list[tuple[int, str]] = []

    def stored(self, text: str) -> str:
        if is_url(text):
            return text
        try:
            path = (self.base_dir / Path(text).expanduser()).resolve()
        except (RuntimeError, ValueError, OSError) as exc:
            raise BadCell("photo", f"{text!r} is not a usable path ({exc})") from None
        if any(path.is_relative_to(root) for root in self.roots):
            return str(path)
        self.refused = text
        return ""

    def take_refused(self, row: int | None) -> None:
        """Note the refused photo of the row just read (None: the row was bad, forget it)."""
        if self.refused is not None and row is not None:
            self.rows.append((row, self.refused))
        self.refused = None

    def notes(self) -> list[str]:
        """One note per refused photo for the first few rows, then a count of the rest."""
        where = "the CSV's folder" + (" and photo_dirs" if self.with_dirs else "")
        fix = (
            "move the photo next to the CSV, or add its folder to photo_dirs in planner.toml,"
            " then import again"
        )
        notes = [
            f"row {row}: photo {text!r} is outside {where}, so the row was imported without it"
            f" ({fix})"
            for row, text in self.rows[:NAMED_ROWS]
        ]
        more = len(self.rows) - NAMED_ROWS
        if more > 0:
            notes.append(f"{more} more row{'s' * (more > 1)} with a photo outside {where}")
        return notes
