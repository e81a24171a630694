"""The detector loads from planner's cut of py3langid's model, and scores exactly as py3langid's
own model restricted to the same languages does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from planner.language import CANDIDATES, _identifier, words_for_detection
from planner.language_model import KEYS, _path, build, cut, identifier

CORPUS = Path(__file__).parent / "fixtures" / "language" / "captions.tsv"


@pytest.fixture(scope="module")
def own_model() -> Any:
    """py3langid's identifier over its own, whole model, restricted as planner restricts it."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    found.set_languages(list(CANDIDATES))
    return found


@pytest.fixture(scope="module")
def fresh_cut() -> dict[str, Any]:
    """The cut made now from the installed py3langid."""
    return cut(CANDIDATES)


def texts() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    found = [line.split("\t", 1)[1] for line in lines if line and not line.startswith("#")]
    return found + ["Leg day.", "Te amo", "Tu me manques", "Спасибо", "ありがとう", "x"]


def test_planner_detects_with_the_shipped_cut_of_the_model() -> None:
    """The cut holds only the candidate languages; py3langid's own model holds 97 more."""
    classes = _identifier()._full_model[2]  # every language the identifier was built with
    assert sorted(set(classes)) == sorted(CANDIDATES)


def test_the_cut_scores_every_text_exactly_as_py3langid_does(own_model: Any) -> None:
    shipped = identifier(CANDIDATES)
    for text in texts():
        words = words_for_detection(text)
        assert shipped.rank(words) == own_model.rank(words), text


def test_the_shipped_file_is_the_cut_of_the_installed_py3langid(fresh_cut: Any) -> None:
    """After upgrading py3langid: `python -m planner.language_model` writes it again."""
    fresh = fresh_cut
    with np.load(_path(), allow_pickle=False) as shipped:
        for key in KEYS:
            assert shipped[key].dtype == np.asarray(fresh[key]).dtype, key
            assert np.array_equal(shipped[key], fresh[key]), key


def test_a_rebuild_writes_the_same_bytes(tmp_path: Path) -> None:
    assert build(tmp_path / "langid.npz").read_bytes() == _path().read_bytes()


@pytest.mark.parametrize("problem", ["missing", "not a zip", "other languages"])
def test_a_cut_that_cannot_serve_falls_back_to_py3langids_own_model(
    problem: str, tmp_path: Path, own_model: Any, fresh_cut: dict[str, Any]
) -> None:
    path = tmp_path / "langid.npz"
    if problem == "not a zip":
        path.write_bytes(b"PK\x03\x04 cut short")
    elif problem == "other languages":
        keep = [i for i, c in enumerate(fresh_cut["classes"]) if c in ("en", "de")]
        columns = {"ptc": fresh_cut["ptc"][:, keep], "pc": fresh_cut["pc"][keep]}
        np.savez_compressed(path, **{**fresh_cut, **columns, "classes": np.array(["de", "en"])})
    found = identifier(CANDIDATES, path)
    assert len(found._full_model[2]) > len(CANDIDATES)  # py3langid's whole model
    for text in ("Long run by the river", "Lauf am Fluss", "Volta pra mim"):
        assert found.rank(text) == own_model.rank(text)
