"""The layout of ARCHITECTURE.md holds: who may import whom, read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLANNER = Path(__file__).resolve().parents[1] / "planner"


def _unit(path: Path) -> str:
    """The package (cli, cards, ...) or top-level module (plan, store, ...) a file belongs to."""
    relative = path.relative_to(PLANNER)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PLANNER.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        targets = set()
        for name in names:
            parts = name.split(".")
            targets.add(parts[1] if parts[0] == "planner" and len(parts) > 1 else parts[0])
        found.setdefault(_unit(path), set()).update(targets)
    return found


IMPORTS = _imports()


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("click", {"cli"}),
        ("pandas", {"sources"}),
        ("PIL", {"cards", "publish"}),
        ("sklearn", {"tone"}),  # only the trainer, planner.tone.train
        ("schedule", {"publish"}),
        ("icalendar", {"export"}),
    ],
)
def test_a_heavy_library_is_imported_only_where_it_belongs(library: str, allowed: set[str]) -> None:
    users = {unit for unit, targets in IMPORTS.items() if library in targets}
    assert users <= allowed, users - allowed


@pytest.mark.parametrize(
    ("unit", "forbidden"),
    [
        ("tone", {"cli", "cards", "publish", "store", "plan", "workflow", "sources", "export"}),
        ("plan", {"cli", "cards", "publish", "store", "workflow", "sources", "export"}),
        ("policy", {"cli", "cards", "publish", "store", "workflow", "tone", "captions"}),
        ("sources", {"cli", "cards", "publish", "store", "workflow", "tone", "plan"}),
        ("models", {"cli", "cards", "publish", "store", "workflow", "tone", "plan", "sources"}),
        ("cards", {"cli", "publish", "workflow", "plan", "store"}),
        ("export", {"cli", "cards", "publish", "workflow", "tone", "plan", "store"}),
    ],
)
def test_the_pure_stages_do_not_reach_outwards(unit: str, forbidden: set[str]) -> None:
    assert not IMPORTS[unit] & forbidden, IMPORTS[unit] & forbidden


def test_only_the_cli_and_the_entry_point_import_the_cli() -> None:
    users = {unit for unit, targets in IMPORTS.items() if "cli" in targets}
    assert users <= {"cli", "__main__"}
