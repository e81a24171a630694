"""Static word embeddings for the tone model: a caption as one vector of meaning.

The n-gram model knows the words its training captions used; a sealed writer's "nobody
texts anymore" shares few of them with "no one checks on me". These vectors put words of
like meaning near each other, so a small second classifier over them (its weights are in
model.npz, see ``model.LinearModel``) carries what was learned to new wordings.

``templates/tone/embedding.npz`` holds a WordPiece vocabulary and one float16 vector per
piece, distilled from the sentence model all-MiniLM-L6-v2 (Apache-2.0) with model2vec
(``python -m planner.tone.distill``, development only). A caption's vector is the mean of the
vectors of its words' pieces, scaled to unit length.

How a word becomes pieces, as BERT's uncased tokenizer does it: accents stripped, split at
every character that is not a letter or digit (each such character a piece of its own), then
greedy longest-match WordPiece ("unfollowed" -> "un", "##fo", "##llo", "##wed"). A word that
cannot be split into known pieces, or is longer than ``MAX_WORD``, adds nothing.

Edges: text with no known pieces gives the zero vector; a missing or unreadable file is a
ConfigError naming it (the package is broken: reinstall). Loaded on first use.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np

EMBEDDING_NAME = "embedding.npz"
#: Longer words are not split (BERT's ``max_input_chars_per_word``).
MAX_WORD = 100
MAX_WORDS_REMEMBERED = 100_000


@dataclass(frozen=True, eq=False)
class Embedding:
    """WordPiece vocabulary -> row of ``vectors`` (float32, pieces x dimensions)."""

    pieces: dict[str, int]
    vectors: np.ndarray
    memo: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def vector(self, words: Sequence[str]) -> np.ndarray:
        """The unit-length mean of the piece vectors of ``words`` (zeros if none is known)."""
        import numpy as np

        rows = [row for word in words for row in self._rows(word)]
        if not rows:
            return np.zeros(self.dims, dtype=np.float32)
        total = self.vectors[rows].sum(axis=0)
        norm = float(np.sqrt(total @ total))
        return total / norm if norm > 0 else total

    def _rows(self, word: str) -> list[int]:
        """The rows of ``word``'s pieces; memoised per word (emptied past
        ``MAX_WORDS_REMEMBERED`` words, so odd input cannot grow it without end)."""
        found = self.memo.get(word)
        if found is None:
            if len(self.memo) >= MAX_WORDS_REMEMBERED:
                self.memo.clear()
            found = self.memo[word] = [
                row for part in _split(word) for row in self.word_pieces(part)
            ]
        return found

    def word_pieces(self, word: str) -> list[int]:
        """Greedy longest-match WordPiece rows of one split word; [] if it has no split."""
        if len(word) > MAX_WORD:
            return []
        rows: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                row = self.pieces.get(piece)
                if row is not None:
                    rows.append(row)
                    break
                end -= 1
            else:
                return []
            start = end
        return rows


def _split(word: str) -> list[str]:
    """``word`` lower-cased without accents, split BERT's way: runs of letters and digits,
    and every other character alone."""
    plain = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn"
    )
    parts: list[str] = []
    run = ""
    for c in plain:
        if c.isalnum():
            run += c
            continue
        if run:
            parts.append(run)
            run = ""
        if not c.isspace():
            parts.append(c)
    if run:
        parts.append(run)
    return parts


@cache
def load(path: Path | None = None) -> Embedding:
    """The shipped embedding (or the one at ``path``), loaded once."""
    import numpy as np

    from planner.resources import templates_dir

    where = path or templates_dir() / "tone" / EMBEDDING_NAME
    try:
        with np.load(where, allow_pickle=False) as data:
            pieces = {str(p): i for i, p in enumerate(data["pieces"])}
            vectors = data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"{where}: the tone embedding cannot be read ({exc}); reinstall planner"
        ) from None
    if vectors.ndim != 2 or len(vectors) != len(pieces):
        raise ConfigError(f"{where}: the tone embedding is malformed; reinstall planner")
    return Embedding(pieces, vectors)


def save(path: Path, pieces: Sequence[str], vectors: Any) -> None:
    """Write an embedding file (float16 vectors, no pickles) atomically."""
    import io

    import numpy as np

    from planner.fileio import write_bytes_atomic

    buffer = io.BytesIO()
    np.savez_compressed(
        buffer, pieces=np.array(list(pieces)), vectors=np.asarray(vectors, dtype=np.float16)
    )
    write_bytes_atomic(path, buffer.getvalue())
