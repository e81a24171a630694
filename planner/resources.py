"""Where the bundled ``templates/`` folder lives.

In a source checkout (or an editable install) it sits beside the ``planner`` package; in an
installed wheel it is packaged inside it as ``planner/_templates``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    """The bundled templates folder (captions/, cards/, fonts/, tone/)."""
    packaged = _PACKAGE / "_templates"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "templates"
