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
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import ConfigError
from planner.tone.features import Extracted, extract, log_tf, token_spans, word_grams

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

        known = self.term_rows
        rows: list[int] = []
        tfs: list[float] = []
        for key, n in ex.counts.items():
            row = known.get(key)
            if row is not None:
                rows.append(row)
                tfs.append(log_tf(n))
        parts = [self._unit(np.array(rows, dtype=np.intp), np.array(tfs))] if rows else []
        memo, word_rows = self.word_memo, self._word_rows
        grams = [memo[word] if word in memo else word_rows(word) for word in ex.words]
        ordered = np.concatenate(grams) if grams else None
        if ordered is not None and ordered.size:
            ordered.sort()
            gram_rows, counts = _runs(ordered)
            parts.append(self._unit(gram_rows, 1.0 + np.log(counts)))
        get = self.index.get
        rows, dense = [], []
        for key, value in ex.dense.items():
            row = get(key)
            if row is not None:
                rows.append(row)
                dense.append(value)
        parts.append((np.array(rows, dtype=np.intp), np.array(dense)))
        return np.concatenate([r for r, _ in parts]), np.concatenate([v for _, v in parts])

    @cached_property
    def term_rows(self) -> dict[str, int]:
        """Word, word-pair and emoji features by the term they count ("run", not "w:run")."""
        return {name[2:]: row for name, row in self.index.items() if name.startswith("w:")}

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
        """Words, word pairs and emoji ("run", "miss you") -> idf * (weight for ``label`` -
        weight for "ok"), where that is positive: how far one occurrence pushes a caption
        towards ``label``."""
        found = self.push_memo.get(label)
        if found is None:
            k, ok = self.labels.index(label), self.labels.index("ok")
            delta = self.idf * (self.coef[:, k] - self.coef[:, ok])
            found = self.push_memo[label] = {
                term: float(delta[row]) for term, row in self.term_rows.items() if delta[row] > 0
            }
        return found


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted, non-empty array and how often each occurs (np.unique,
    faster)."""
    import numpy as np

    n = ordered.size
    edges = np.empty(n + 1, dtype=bool)  # where a run starts, and the end
    edges[0] = edges[n] = True
    np.not_equal(ordered[1:], ordered[:-1], out=edges[1:n])
    at = edges.nonzero()[0]
    return ordered[at[:-1]], np.subtract(at[1:], at[:-1])


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
    if label not in model.labels or not ex.counts:
        return []
    delta, counts = model.pushes(label), ex.counts
    pushes = sorted(
        (
            (log_tf(counts[term]) * delta[term], term)
            for term in counts.keys() & delta.keys()
            if term not in _FILLER
        ),
        reverse=True,
    )
    found: list[tuple[str, tuple[int, int]]] = []
    if not pushes:
        return found
    tokens = token_spans(text)
    words = [word for word, _, _ in tokens]
    for _, term in pushes:
        span = _span_of(term, tokens, words)
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


def _span_of(
    term: str, tokens: tuple[tuple[str, int, int], ...], words: list[str]
) -> tuple[int, int] | None:
    """Where a term (a word or a pair of words, normalised) first stands in the text as
    written, given the text's ``token_spans`` and their words."""
    first, _, second = term.partition(" ")
    at = -1
    while first in words[at + 1 :]:
        at = words.index(first, at + 1)
        if not second or words[at + 1 : at + 2] == [second]:
            return tokens[at][1], tokens[at + 1 if second else at][2]
    return None


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
