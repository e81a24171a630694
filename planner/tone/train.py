"""Train the tone model from the tuning writers of the corpus, and say how well it generalises.

    pip install -e '.[train]'
    python -m planner.tone.train            # cross-validate, then write templates/tone/model.npz
    python -m planner.tone.train --cv-only  # only the cross-validation report

Only "tune" writers of tests/tone/corpus/writers.toml are read, plus tests/tone/extra.jsonl
(examples written by planner's own developers: app titles, short hard negatives, more veiled
posts) and tests/tone/regression.jsonl (earlier probes and the old gold set, which the tests
also hold the filter to). Sealed writers are never opened here. never_mention captions are
left out: names are the rules' job, and their wording is otherwise ordinary. Each caption
also gets a restyled copy (``augment.variants``: case, texting spellings, punctuation), so
that a new writer's habits read as noise.

Thresholds come from cross-validation by writer (leave one tuning writer out, train on the
rest): ``reject`` is the reject probability that the given share of held-out ok captions
stays under (``--ok-reject``, 1.5 %), ``strict`` the same at ``--strict-ok-reject`` (6 %),
``soften`` the brag-or-overboard probability at ``--ok-soften`` (5 %) and ``fallback`` at
``--ok-fallback`` (0.5 %: what a calm rewrite must get under, else a template is used).
Everything is deterministic (fixed seed, lbfgs): the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from planner.tone.augment import variants
from planner.tone.corpus import load_captions
from planner.tone.features import Extracted, extract, word_grams
from planner.tone.model import REJECT_LABELS, SOFTEN_LABELS, LinearModel, save

LABELS: tuple[str, ...] = (
    "ok",
    "brag",
    "overboard",
    "ex_directed",
    "needy",
    "jealousy",
    "negative",
)
REPO = Path(__file__).resolve().parents[2]
SEED = 20261201


def training_rows(corpus: Path, *extras: Path) -> list[tuple[str, str, str]]:
    """(group, label, text) for every training caption: tuning writers, then the extras
    (JSONL files with "label" and "text"; missing files are skipped)."""
    rows = [
        (c.writer, c.label, c.text)
        for c in load_captions(corpus, "tune")
        if c.label != "never_mention"
    ]
    for extra in extras:
        if not extra.is_file():
            continue
        for line in extra.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item["label"] in LABELS:
                    rows.append(("extra", item["label"], item["text"]))
    return rows


def fit(
    extracted: Sequence[Extracted], labels: Sequence[str], c: float, min_df: int = 2
) -> LinearModel:
    """A LinearModel fitted to extracted captions (vocabulary and idf from these only)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    df: Counter[str] = Counter()
    dense: set[str] = set()
    for ex in extracted:
        df.update(key for key, _ in ex.terms)
        df.update({key for word in ex.words for key, _ in word_grams(word)})
        dense.update(ex.dense)
    n = len(extracted)
    names = sorted(k for k, v in df.items() if v >= min_df or (k.startswith("w:") and " " not in k))
    names += sorted(dense)
    index = {name: i for i, name in enumerate(names)}
    idf = np.ones(len(names))
    for name, i in index.items():
        if name in df:
            idf[i] = math.log((1 + n) / (1 + df[name])) + 1.0
    shell = LinearModel(
        LABELS,
        index,
        idf,
        np.zeros((len(names), len(LABELS))),
        np.zeros(len(LABELS)),
        {},
        tuple(names),
    )
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for ex in extracted:
        rows, values = shell.vectorise(ex)
        cols.extend(rows.tolist())
        data.extend(values.tolist())
        indptr.append(len(cols))
    matrix = csr_matrix((data, cols, indptr), shape=(n, len(names)))
    y = np.array([LABELS.index(label) for label in labels])
    clf = LogisticRegression(C=c, max_iter=10000, class_weight="balanced", random_state=SEED)
    clf.fit(matrix, y)
    order = [list(clf.classes_).index(i) for i in range(len(LABELS))]
    return LinearModel(
        LABELS,
        index,
        idf,
        clf.coef_[order].T.copy(),
        clf.intercept_[order].copy(),
        {},
        tuple(names),
    )


def cross_validate(
    rows: list[tuple[str, str, str]], c: float, restyled: Sequence[tuple[str, str, str]] = ()
) -> tuple[list[tuple[str, str, dict[str, float]]], dict[str, LinearModel]]:
    """Out-of-fold probabilities (each tuning writer judged by a model trained on the others)
    and each writer's held-out model. ``restyled`` rows (``augment.variants``) are trained on
    with the rows of their writer and never judged."""
    extracted = [extract(text) for _, _, text in rows]
    extra = [extract(text) for _, _, text in restyled]
    writers = sorted({g for g, _, _ in rows if g != "extra"})
    out: list[tuple[str, str, dict[str, float]]] = []
    models: dict[str, LinearModel] = {}
    for held in writers:
        train = [i for i, (g, _, _) in enumerate(rows) if g != held]
        more = [i for i, (g, _, _) in enumerate(restyled) if g != held]
        model = fit(
            [extracted[i] for i in train] + [extra[i] for i in more],
            [rows[i][1] for i in train] + [restyled[i][1] for i in more],
            c,
        )
        models[held] = model
        for i, (g, label, _) in enumerate(rows):
            if g == held:
                out.append((g, label, model.probabilities(extracted[i])))
    return out, models


def pipeline_report(corpus: Path, models: dict[str, LinearModel], limits: dict[str, float]) -> None:
    """The whole filter (rules and a held-out model) on each tuning writer, as the benchmark
    counts it: reject recall, brag and overboard caught, ok rejected and softened."""
    from dataclasses import replace

    from planner.tone.verdicts import check

    counts: dict[str, Counter[str]] = {}
    for caption in load_captions(corpus, "tune"):
        model = replace(models[caption.writer], thresholds=limits)
        verdict = check(caption.text, never_mention=caption.never_mention, model=model).verdict
        key = caption.label + ("/hard" if caption.hard else "")
        counts.setdefault(key, Counter())[verdict] += 1
    print("-- the whole filter, each tuning writer judged by a model that never saw it")
    for key in sorted(counts):
        c = counts[key]
        n = sum(c.values())
        print(
            f"   {key:<14} reject {c['reject'] / n:6.1%}  soften {c['soften'] / n:6.1%}"
            f"  ok {c['ok'] / n:6.1%}  (n={n})"
        )


def thresholds(
    oof: list[tuple[str, str, dict[str, float]]],
    ok_reject: float,
    strict: float,
    ok_soften: float,
    ok_fallback: float = 0.005,
) -> dict[str, float]:
    """Probability thresholds that keep the given shares of held-out ok captions unflagged."""
    ok = [p for _, label, p in oof if label == "ok"]
    reject = sorted(sum(p[k] for k in REJECT_LABELS) for p in ok)
    soften = sorted(sum(p[k] for k in SOFTEN_LABELS) for p in ok)
    return {
        "reject": _quantile(reject, 1 - ok_reject),
        "strict": _quantile(reject, 1 - strict),
        "soften": _quantile(soften, 1 - ok_soften),
        "fallback": _quantile(soften, 1 - ok_fallback),
    }


def _quantile(sorted_values: list[float], q: float) -> float:
    position = min(max(q * (len(sorted_values) - 1), 0), len(sorted_values) - 1)
    low, high = math.floor(position), math.ceil(position)
    frac = position - low
    return sorted_values[low] * (1 - frac) + sorted_values[high] * frac


def report(oof: list[tuple[str, str, dict[str, float]]], limits: dict[str, float]) -> None:
    """Held-out recall per category and ok rates at each threshold, per writer and overall."""
    for name in ("reject", "strict"):
        t, s = limits[name], limits["soften"]
        print(f"-- held-out, {name} threshold {t:.3f}, soften {s:.3f}")
        by: dict[str, Counter[str]] = {}
        for _, label, p in oof:
            r = sum(p[k] for k in REJECT_LABELS)
            verdict = (
                "reject" if r > t else "soften" if sum(p[k] for k in SOFTEN_LABELS) > s else "ok"
            )
            by.setdefault(label, Counter())[verdict] += 1
        for label in LABELS:
            counts = by.get(label, Counter())
            total = sum(counts.values()) or 1
            print(
                f"   {label:<12} reject {counts['reject'] / total:6.1%}  soften "
                f"{counts['soften'] / total:6.1%}  ok {counts['ok'] / total:6.1%}  (n={total})"
            )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "tests" / "tone" / "corpus")
    parser.add_argument(
        "--extra",
        type=Path,
        nargs="*",
        default=[
            REPO / "tests" / "tone" / "extra.jsonl",
            REPO / "tests" / "tone" / "regression.jsonl",
        ],
    )
    parser.add_argument("--out", type=Path, default=REPO / "templates" / "tone" / "model.npz")
    parser.add_argument("--c", type=float, default=30.0, help="inverse regularisation strength")
    parser.add_argument("--ok-reject", type=float, default=0.015)
    parser.add_argument("--strict-ok-reject", type=float, default=0.06)
    parser.add_argument("--ok-soften", type=float, default=0.05)
    parser.add_argument("--ok-fallback", type=float, default=0.005)
    parser.add_argument(
        "--restyled", type=int, default=1, help="restyled copies of each caption (augment.py)"
    )
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args(argv)

    rows = training_rows(args.corpus, *args.extra)
    print(f"training on {len(rows)} captions: {dict(Counter(label for _, label, _ in rows))}")
    restyled = variants(rows, SEED, args.restyled)
    oof, models = cross_validate(rows, args.c, restyled)
    limits = thresholds(
        oof, args.ok_reject, args.strict_ok_reject, args.ok_soften, args.ok_fallback
    )
    report(oof, limits)
    pipeline_report(args.corpus, models, limits)
    if args.cv_only:
        return
    everything = rows + restyled
    model = fit(
        [extract(t) for _, _, t in everything], [label for _, label, _ in everything], args.c
    )
    save(
        args.out,
        labels=model.labels,
        features=list(model.names),
        idf=model.idf,
        coef=model.coef,
        intercept=model.intercept,
        thresholds=limits,
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(model.names)} features)")


if __name__ == "__main__":
    main()
