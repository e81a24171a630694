"""Language detection on short captions: accuracy by language, the reads-as-English rule, speed.

Reads tests/fixtures/language/captions.tsv (short titles and notes in en, de, es, fr, pt, da,
sv and a few other languages). The baseline is py3langid's own classify() over its full model,
measured in the same run, so the ratio shows what restricting the candidates and the
unsure-rule cost per caption.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from planner.language import caption_language, language_scores, reads_as

CORPUS = Path(__file__).resolve().parent.parent / "tests/fixtures/language/captions.tsv"
SHIPPED = ("en", "de", "es", "fr", "pt", "da", "sv")


def rows() -> list[tuple[str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


def per_text(fn, texts: list[str], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts)


if __name__ == "__main__":
    data = rows()
    start = time.perf_counter()
    caption_language("warm up the model")
    load = time.perf_counter() - start
    likeliest = Counter[str]()
    sure_right = Counter[str]()
    sure_wrong = Counter[str]()
    total = Counter[str]()
    for lang, text in data:
        if lang not in SHIPPED:
            continue
        total[lang] += 1
        scores = language_scores(text)
        likeliest[lang] += bool(scores) and scores[0][0] == lang
        got = caption_language(text)
        if got == lang:
            sure_right[lang] += 1
        elif got is not None:
            sure_wrong[lang] += 1
    n = sum(total.values())
    print(f"{n} short texts in {', '.join(SHIPPED)}; model load {load * 1000:.0f} ms")
    for lang in SHIPPED:
        print(
            f"  {lang}: likeliest right {likeliest[lang]}/{total[lang]}, "
            f"sure and right {sure_right[lang]}, sure and wrong {sure_wrong[lang]}"
        )
    print(
        f"  all: likeliest right {sum(likeliest.values()) / n:.1%}, sure and right "
        f"{sum(sure_right.values()) / n:.1%}, sure and wrong {sum(sure_wrong.values()) / n:.1%}"
    )
    english = [t for lang, t in data if lang == "en"]
    others = [(lang, t) for lang, t in data if lang != "en"]
    lost = [t for t in english if not reads_as(t, {"en"})]
    leaked = [t for _, t in others if reads_as(t, {"en"})]
    print(f"English kept as English: {len(english) - len(lost)}/{len(english)} {lost}")
    print(f"Other languages read as English: {len(leaked)}/{len(others)} {leaked}")
    texts = [t for _, t in data]
    language_scores.cache_clear()
    ours = per_text(lambda t: (language_scores.cache_clear(), caption_language(t)), texts)
    from py3langid.langid import classify

    classify("warm up")
    base = per_text(classify, texts)
    print(
        f"caption_language: {ours * 1e6:.0f} us per text; py3langid classify (full model): "
        f"{base * 1e6:.0f} us -> ratio {ours / base:.2f}"
    )
    sys.exit(0)
