"""The tone corpus: captions by independent writers, labelled, split by writer.

A corpus folder holds ``writers.toml`` (per writer: persona, never_mention, split) and one
``<writer>.jsonl`` per writer with ``{"label", "subtype", "text"}`` per line (see
tests/tone/corpus/README.md for how it was made). Training reads only "tune" writers; the
evaluation's headline is the "sealed" writers.

Edges: a writer listed without a file, a file without a writer entry, an unknown label or a
line that is not JSON raise ValueError naming the file and line (the corpus is repo data, not
user input).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

LABELS: tuple[str, ...] = (
    "ok",
    "overboard",
    "brag",
    "ex_directed",
    "needy",
    "jealousy",
    "negative",
    "never_mention",
)
SPLITS: tuple[str, ...] = ("tune", "sealed", "burnt")


@dataclass(frozen=True)
class Caption:
    """One labelled caption of one writer."""

    writer: str
    label: str
    subtype: str
    text: str
    never_mention: tuple[str, ...]

    @property
    def hard(self) -> bool:
        """An ok caption that looks like a reject or soften one but is fine."""
        return self.label == "ok" and self.subtype == "hard"


@dataclass(frozen=True)
class Writer:
    name: str
    persona: str
    never_mention: tuple[str, ...]
    split: str


def load_writers(folder: Path) -> dict[str, Writer]:
    """Every writer of the corpus in ``folder``, by name."""
    path = folder / "writers.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    writers = {}
    for name, entry in data.items():
        split = entry.get("split")
        if split not in SPLITS:
            raise ValueError(f"{path}: [{name}] split must be one of {SPLITS}, not {split!r}")
        writers[name] = Writer(
            name, str(entry.get("persona", "")), tuple(entry.get("never_mention", ())), split
        )
    return writers


def load_captions(folder: Path, split: str | None = None) -> list[Caption]:
    """The captions of every writer (of ``split`` only, if given), in file order."""
    writers = load_writers(folder)
    files = {p.stem for p in folder.glob("*.jsonl")}
    if files != set(writers):
        raise ValueError(
            f"{folder}: writers.toml and the .jsonl files differ: {sorted(files ^ set(writers))}"
        )
    captions = []
    for name in sorted(writers):
        writer = writers[name]
        if split is not None and writer.split != split:
            continue
        path = folder / f"{name}.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if row.get("label") not in LABELS:
                raise ValueError(f"{path}:{number}: unknown label {row.get('label')!r}")
            captions.append(
                Caption(
                    name,
                    row["label"],
                    str(row.get("subtype", "")),
                    str(row["text"]),
                    writer.never_mention,
                )
            )
    return captions
