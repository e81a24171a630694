"""The learned layer of the tone filter: a linear model over ``features.extract``, shipped as data.

``scores(text)`` gives the probability of each label (ok, brag, overboard, ex_directed,
needy, jealousy, negative) and ``evidence(text, label)`` the words that pushed the caption
towards ``label`` most, with their spans, for the verdict's reasons.

The model is ``templates/tone/model.npz``, written by ``python -m planner.tone.train`` from
the tuning writers of tests/tone/corpus (fixed seed; rebuilding gives the same file). It is
loaded on first use, so commands that never judge tone do not pay for it (numpy included).

How a caption becomes numbers (the trainer uses the same ``vectorise``): words and word
pairs, and character grams, each weighted by ``(1 + log tf) * idf`` and scaled to unit length
per block; features the training set never had are ignored; the dense features of
``extract`` are taken as they are.

Edges: the empty text scores as certain "ok"; a missing or unreadable model file is a
ConfigError naming it (the package is broken: reinstall).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import ConfigError
from planner.tone.features import Extracted, extract, token_spans, word_grams

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "model.npz"
MAX_WORDS_REMEMBERED = 100_000
REJECT_LABELS: tuple[str, ...] = ("ex_directed", "needy", "jealousy", "negative")
SOFTEN_LABELS: tuple[str, ...] = ("brag", "overboard")


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A multinomial logistic model over named features (hashed by identity, for caching)."""

    labels: tuple[str, ...]
    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # features x labels
    intercept: np.ndarray
    thresholds: dict[str, float]
    names: tuple[str, ...]  # feature names, by row
    word_memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    push_memo: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    def vectorise(self, ex: Extracted) -> tuple[np.ndarray, np.ndarray]:
        """Row indices and values of the features of ``ex`` that the model knows."""
        import numpy as np

        get = self.index.get
        rows: list[int] = []
        tfs: list[float] = []
        for key, tf in ex.terms:
            row = get(key)
            if row is not None:
                rows.append(row)
                tfs.append(tf)
        parts = [self._unit(np.array(rows, dtype=np.intp), np.array(tfs))] if rows else []
        grams = [g for g in (self._word_rows(w) for w in ex.words) if g.size]
        if grams:
            gram_rows, counts = _runs(np.sort(np.concatenate(grams)))
            parts.append(self._unit(gram_rows, 1.0 + np.log(counts)))
        rows, dense = [], []
        for key, value in ex.dense.items():
            row = get(key)
            if row is not None:
                rows.append(row)
                dense.append(value)
        parts.append((np.array(rows, dtype=np.intp), np.array(dense)))
        return np.concatenate([r for r, _ in parts]), np.concatenate([v for _, v in parts])

    def _unit(self, rows: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """tf * idf for ``rows``, scaled to unit length."""
        values = tf * self.idf[rows]
        return rows, values / math.sqrt(float(values @ values))

    def _word_rows(self, word: str) -> np.ndarray:
        """The rows of the known character grams of ``word``, a row once per occurrence.

        Memoised per model: words repeat across captions (the memo is emptied past
        ``MAX_WORDS_REMEMBERED`` words, so odd input cannot grow it without end).
        """
        found = self.word_memo.get(word)
        if found is None:
            if len(self.word_memo) >= MAX_WORDS_REMEMBERED:
                self.word_memo.clear()
            found = self.word_memo[word] = self._gram_rows(word)
        return found

    def _gram_rows(self, word: str) -> np.ndarray:
        import numpy as np

        get = self.index.get
        rows = [
            row for key, n in word_grams(word) if (row := get(key)) is not None for _ in range(n)
        ]
        return np.array(rows, dtype=np.intp)

    def probabilities(self, ex: Extracted) -> dict[str, float]:
        """Each label's probability for an extracted caption."""
        return _probabilities(self, ex)

    def pushes(self, label: str) -> dict[str, float]:
        """Word and word-pair features -> idf * (weight for ``label`` - weight for "ok"),
        where that is positive: how far one occurrence pushes a caption towards ``label``."""
        found = self.push_memo.get(label)
        if found is None:
            k, ok = self.labels.index(label), self.labels.index("ok")
            delta = self.idf * (self.coef[:, k] - self.coef[:, ok])
            found = self.push_memo[label] = {
                name: float(delta[row])
                for name, row in self.index.items()
                if name.startswith("w:") and delta[row] > 0
            }
        return found


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how often each occurs (np.unique, faster)."""
    import numpy as np

    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, ordered.size))


@lru_cache(maxsize=4096)
def _probabilities(model: LinearModel, ex: Extracted) -> dict[str, float]:
    import numpy as np

    rows, values = model.vectorise(ex)
    logits = model.intercept + values @ model.coef[rows] if rows.size else model.intercept
    exp = np.exp(logits - logits.max())
    return dict(zip(model.labels, (exp / exp.sum()).tolist(), strict=True))


def scores(text: str) -> dict[str, float]:
    """The probability of each label for ``text`` (the empty text: ok with certainty)."""
    ex = extract(text)
    if not ex.terms and not ex.dense:
        return {label: float(label == "ok") for label in load().labels}
    return load().probabilities(ex)


def evidence(
    text: str, label: str, most: int = 3, *, model: LinearModel | None = None
) -> list[tuple[str, tuple[int, int]]]:
    """The words of ``text`` that pushed it towards ``label`` most, with their spans.

    A word's (or word pair's) push is its weight for ``label`` less its weight for "ok".
    Edge: a caption that reads as ``label`` only through character grams, cue groups or
    counts gives no words (the reason then spans the whole text).
    """
    model = model or load()
    ex = extract(text)
    if label not in model.labels or not ex.terms:
        return []
    delta = model.pushes(label)
    pushes = sorted(
        (
            (tf * push, key[2:])
            for key, tf in ex.terms
            if (push := delta.get(key, 0.0)) > 0 and key[2:] not in _FILLER
        ),
        reverse=True,
    )
    found: list[tuple[str, tuple[int, int]]] = []
    for _, term in pushes:
        span = _span_of(term, text)
        if span is not None and all(not _overlap(span, s) for _, s in found):
            found.append((text[span[0] : span[1]], span))
        if len(found) == most:
            break
    return found


#: Words too common to explain anything on their own ("reads as needy ('the')"); a pair that
#: holds one ("the one") still can.
_FILLER = frozenset((
    "a", "an", "the", "and", "or", "but", "so", "to", "of", "in", "on", "at", "by", "for",
    "with", "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that",
    "these", "those", "there", "here", "when", "then", "than", "only", "just", "very", "really",
    "also", "too", "not", "no", "do", "does", "did", "have", "has", "had", "will", "would",
    "can", "could", "i", "me", "we", "us", "our", "0", ".", ",", "!", "?",
))  # fmt: skip


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _span_of(term: str, text: str) -> tuple[int, int] | None:
    """Where a term (a word or a pair of words, normalised) stands in ``text`` as written."""
    return _term_spans(text).get(term)


@lru_cache(maxsize=256)
def _term_spans(text: str) -> dict[str, tuple[int, int]]:
    """Each word and word pair of ``text`` (as ``extract`` reads them) -> its first span."""
    tokens = token_spans(text)
    spans: dict[str, tuple[int, int]] = {}
    for i, (word, start, end) in enumerate(tokens):
        spans.setdefault(word, (start, end))
        if i + 1 < len(tokens):
            spans.setdefault(f"{word} {tokens[i + 1][0]}", (start, tokens[i + 1][2]))
    return spans


@cache
def load(path: Path | None = None) -> LinearModel:
    """The shipped model (or the one at ``path``), loaded once."""
    import numpy as np

    from planner.resources import templates_dir

    where = path or templates_dir() / "tone" / MODEL_NAME
    try:
        with np.load(where, allow_pickle=False) as data:
            names = [str(n) for n in data["features"]]
            loaded = LinearModel(
                labels=tuple(str(x) for x in data["labels"]),
                index={n: i for i, n in enumerate(names)},
                idf=data["idf"].astype(np.float64),
                coef=data["coef"].astype(np.float64),
                intercept=data["intercept"].astype(np.float64),
                thresholds={
                    str(k): float(v)
                    for k, v in zip(data["threshold_names"], data["threshold_values"], strict=True)
                },
                names=tuple(names),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"{where}: the tone model cannot be read ({exc}); reinstall planner"
        ) from None
    return loaded


def save(
    path: Path,
    *,
    labels: tuple[str, ...],
    features: list[str],
    idf: Any,
    coef: Any,
    intercept: Any,
    thresholds: dict[str, float],
) -> None:
    """Write a model file (float32 weights, no pickles) atomically."""
    import io
    import os

    import numpy as np

    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        labels=np.array(labels),
        features=np.array(features),
        idf=np.asarray(idf, dtype=np.float32),
        coef=np.asarray(coef, dtype=np.float32),
        intercept=np.asarray(intercept, dtype=np.float32),
        threshold_names=np.array(sorted(thresholds)),
        threshold_values=np.array([thresholds[k] for k in sorted(thresholds)], dtype=np.float64),
    )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)
