"""The independent corpus: its shape, its split, and a floor the filter must keep on it.

The floors below are regression guards a little under what the shipped model measured when it
was trained (see tests/tone/corpus/README.md and benchmarks/tone_eval.py for the figures);
they are not the issue's targets, which the closing note reports honestly.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from planner.tone.corpus import LABELS, load_captions, load_writers

CORPUS = Path(__file__).parent / "tone" / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import tone_eval  # noqa: E402


def test_the_corpus_is_large_written_by_many_and_split_by_writer() -> None:
    writers = load_writers(CORPUS)
    captions = load_captions(CORPUS)
    splits = Counter(w.split for w in writers.values())
    assert len(captions) >= 2400
    assert len(writers) >= 8
    assert splits["tune"] <= 5
    assert splits["sealed"] >= 3
    for name in writers:
        mine = [c for c in captions if c.writer == name]
        labels = Counter(c.label for c in mine)
        assert set(labels) == set(LABELS), name
        assert sum(c.hard for c in mine) >= 40, name  # hard negatives: every writer wrote them
        assert all(c.text.strip() for c in mine), name


def test_every_writer_names_someone_to_never_mention() -> None:
    for writer in load_writers(CORPUS).values():
        assert writer.never_mention, writer.name


def test_a_writer_file_without_an_entry_is_refused(tmp_path: Path) -> None:
    (tmp_path / "writers.toml").write_text('[a]\nsplit = "tune"\n', encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"label": "ok", "text": "Run."}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"label": "ok", "text": "Walk."}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="differ"):
        load_captions(tmp_path)


def test_an_unknown_label_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "writers.toml").write_text('[a]\nsplit = "tune"\n', encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"label": "ok", "text": "Run."}\n{"label": "meh"}\n')
    with pytest.raises(ValueError, match=r"a\.jsonl:2: unknown label 'meh'"):
        load_captions(tmp_path)


@pytest.fixture(scope="module")
def sealed() -> dict[str, float]:
    captions = load_captions(CORPUS, "sealed")
    return tone_eval.figures(tone_eval.judge(captions))


def test_the_filter_keeps_its_floor_on_the_sealed_writers(sealed: dict[str, float]) -> None:
    for label in ("ex_directed", "needy", "jealousy", "negative"):
        assert sealed[f"{label}_recall"] >= 0.55, (label, sealed)
    assert sealed["never_mention_recall"] >= 0.95
    assert sealed["soften_caught"] >= 0.65
    assert sealed["ok_plain_rejected"] <= 0.02
    assert sealed["ok_rejected"] <= 0.05
    assert sealed["ok_softened"] <= 0.05


def test_real_app_titles_are_almost_never_refused() -> None:
    texts = tone_eval.real_texts()
    assert len(texts) > 150
    from planner.tone import check

    rejected = [t for t in texts if check(t).verdict == "reject"]
    assert len(rejected) <= 0.02 * len(texts), rejected
