"""Golden images: every template at every preset, compared within a tolerance.

Goldens are stored at quarter size. FreeType builds differ slightly, so a card matches when
the mean absolute difference per channel is under MEAN_TOLERANCE (of 255). To accept new
looks after a deliberate change, run: PLANNER_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from planner.cards.render import render_posts
from planner.cards.templates import PRESETS
from planner.config import Settings
from planner.models import Activity, Post

GOLDEN = Path(__file__).parent / "golden"
MEAN_TOLERANCE = 3.0
AT = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)
CAPTION = "Slow Saturday climb up the hill. Cold hands, warm coffee at the top, views all the way."


def _photo(path: Path) -> None:
    img = Image.new("RGB", (1600, 1200), (70, 110, 140))
    draw = ImageDraw.Draw(img)
    for i in range(0, 1600, 80):
        draw.rectangle((i, 600 + (i % 240), i + 60, 1200), fill=(40 + i % 120, 90, 60))
    draw.ellipse((1100, 150, 1350, 400), fill=(240, 210, 150))
    img.save(path, "PNG")


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("template", ["photo", "quote", "minimal"])
def test_card_matches_golden(
    template: str, preset: str, tmp_path: Path, planner_home: Path
) -> None:
    _photo(tmp_path / "hill.png")
    activity = Activity(
        "a", AT, "hike", "outdoors", "Hill", location="Teufelsberg", photo="hill.png"
    )
    post = Post("p", "a", AT, "outdoors", CAPTION)
    settings = Settings(home=planner_home, timezone="Europe/Berlin")
    out = render_posts(
        [post],
        {"a": activity},
        settings,
        tmp_path / "out",
        template=template,
        preset=preset,
        base_dir=tmp_path,
        png=True,
    )
    card = Image.open(out[0].image).convert("RGB")
    small = card.resize((card.width // 4, card.height // 4), Image.Resampling.BOX)
    golden = GOLDEN / f"{template}-{preset}.png"
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        small.save(golden, optimize=True)
    assert golden.is_file(), f"no golden {golden.name}; run with PLANNER_UPDATE_GOLDEN=1"
    expected = Image.open(golden).convert("RGB")
    assert expected.size == small.size
    diff = ImageStat.Stat(ImageChops.difference(small, expected)).mean
    assert max(diff) < MEAN_TOLERANCE, f"{golden.name} differs by {diff}"
