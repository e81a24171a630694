"""Card rendering speed: one card vs a bare Pillow floor, and 2 workers vs 1.

Run: python benchmarks/render_bench.py [--repeat N] [--cards N]

1. A 1080x1350 "photo" card from a generated 12-megapixel JPEG, against a floor measured in
   the same run: draft decode + one LANCZOS resize + JPEG q90 save of the same photo.
   Target: card <= 1.2x floor (median of N runs each).
2. Throughput of rendering many cards with 2 worker processes vs 1. Target: >= 1.8x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageOps  # noqa: E402

from planner.cards.render import render_posts  # noqa: E402
from planner.config import Settings  # noqa: E402
from planner.models import Activity, Post  # noqa: E402

SIZE = (1080, 1350)
AT = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
CAPTION = "Easy 8 km along the river this evening. Legs felt good, the light was worth it."


def make_photo(path: Path) -> None:
    """A 4000x3000 (12 MP) JPEG with detail, so decode and resize do real work."""
    img = Image.effect_mandelbrot((4000, 3000), (-2.2, -1.2, 1.0, 1.2), 60).convert("RGB")
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    img = Image.blend(img, noise, 0.3)
    ImageDraw.Draw(img).ellipse((2600, 300, 3400, 1100), fill=(240, 200, 120))
    img.save(path, "JPEG", quality=92)


def floor_once(photo: Path, out: Path) -> float:
    start = time.perf_counter()
    with Image.open(photo) as img:
        img.draft("RGB", (1800, 1350))
        card = ImageOps.fit(img, SIZE, Image.Resampling.LANCZOS)
    card.save(out, "JPEG", quality=90)
    return time.perf_counter() - start


def card_once(photo: Path, out_dir: Path, settings: Settings, n: int) -> float:
    act = Activity("a", AT, "run", "fitness", "River", location="Tiergarten", photo=photo.name)
    post = Post("p", "a", AT, "fitness", f"{CAPTION} #{n}")  # new text: never a cache hit
    start = time.perf_counter()
    render_posts([post], {"a": act}, settings, out_dir, base_dir=photo.parent, template="photo")
    return time.perf_counter() - start


def throughput(
    photo: Path, out_dir: Path, settings: Settings, cards: int, workers: int, tag: str
) -> float:
    act = Activity("a", AT, "run", "fitness", "River", location="Tiergarten", photo=photo.name)
    posts = [Post(f"p{i}", "a", AT, "fitness", f"{CAPTION} {tag}{i}") for i in range(cards)]
    start = time.perf_counter()
    render_posts(
        posts,
        {"a": act},
        settings,
        out_dir,
        base_dir=photo.parent,
        template="photo",
        workers=workers,
    )
    return cards / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--cards", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        photo = root / "photo.jpg"
        make_photo(photo)
        settings = Settings(home=root / "home", timezone="Europe/Berlin")
        card_once(photo, root / "warm", settings, -1)  # load fonts and templates once
        floor_once(photo, root / "floor.jpg")
        floors, cards = [], []
        for i in range(args.repeat):  # interleaved so both see the same machine state
            floors.append(floor_once(photo, root / "floor.jpg"))
            cards.append(card_once(photo, root / "cards", settings, i))
        floor, card = statistics.median(floors), statistics.median(cards)
        print(f"photo: 4000x3000 JPEG ({photo.stat().st_size / 1e6:.1f} MB)")
        print(
            f"floor (draft + LANCZOS + q90 save): {floor * 1000:7.1f} ms  (median of {args.repeat})"
        )
        print(
            f"card  (photo template, 1080x1350):  {card * 1000:7.1f} ms  (median of {args.repeat})"
        )
        print(f"card / floor: {card / floor:.2f}x   (target <= 1.20x)")
        one = throughput(photo, root / "t1", settings, args.cards, 1, "a")
        two = throughput(photo, root / "t2", settings, args.cards, 2, "b")
        print(f"1 worker : {one:6.2f} cards/s  ({args.cards} cards)")
        print(f"2 workers: {two:6.2f} cards/s  ({args.cards} cards)")
        print(f"2 workers / 1 worker: {two / one:.2f}x   (target >= 1.80x)")


if __name__ == "__main__":
    main()
