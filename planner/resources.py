"""Where bundled files live: ``templates/`` and ``data/``.

In a source checkout (or an editable install) they sit beside the ``planner`` package; in an
installed wheel they are packaged inside it as ``planner/_templates`` and ``planner/_data``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    """The bundled templates folder (captions/, cards/, fonts/, tone/)."""
    return _bundled("templates", "_templates")


@cache
def data_dir() -> Path:
    """The bundled data folder (sample-activities.csv, photos/)."""
    return _bundled("data", "_data")


def _bundled(checkout_name: str, wheel_name: str) -> Path:
    packaged = _PACKAGE / wheel_name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / checkout_name
