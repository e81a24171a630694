"""week.png in the caption language: its title, day headings and "rest" come from words.toml,
the fonts draw every letter of them, and a golden picture per language through `planner render`.

Goldens are stored at half size. To accept new looks after a deliberate change, run:
PLANNER_UPDATE_GOLDEN=1 pytest tests/test_week_picture.py
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageStat

from planner.caption_book import BUNDLED_LANGUAGES
from planner.cards.fonts import SHIPPED_FONT, covers
from planner.cards.week_picture import week_labels
from planner.cli import cli
from planner.cli.common import App
from planner.config import CONFIG_NAME
from planner.models import Activity, Post, Week
from planner.resources import templates_dir
from planner.store import activity_row
from planner.workflow import caption_book

GOLDEN = Path(__file__).parent / "golden"
#: Mean difference per channel (of 255) allowed in each cell of the picture: FreeType builds
#: differ a little everywhere, a word in another language differs a lot where it is drawn.
CELL_TOLERANCE = 6.0
CELL = (60, 30)  # pixels of the half-size picture
WEEK = Week(2026, 49)
TUESDAY = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
SATURDAY = datetime(2026, 12, 5, 10, 15, tzinfo=UTC)
CAPTIONS = {
    "en": ("A long walk by the lake.", "Pottery class."),
    "de": ("Ein langer Spaziergang am See.", "Töpfern."),
    "es": ("Un paseo largo junto al lago.", "Clase de cerámica."),
    "fr": ("Une longue balade au bord du lac.", "Cours de céramique."),
    "pt": ("Uma caminhada longa à beira do lago.", "Aula de cerâmica."),
}


@pytest.mark.parametrize(
    ("language", "title", "monday", "rest"),
    [
        ("en", "2026-W49  ·  30 Nov – 6 Dec 2026", "Mon 30", "rest"),
        ("de", "KW 49  ·  30. Nov. – 6. Dez. 2026", "Mo. 30.", "Ruhetag"),
        ("es", "Semana 49  ·  30 nov – 6 dic 2026", "lun 30", "descanso"),
        ("fr", "Semaine 49  ·  30 nov. – 6 déc. 2026", "lun. 30", "repos"),
        ("pt", "Semana 49  ·  30 de nov. – 6 de dez. de 2026", "seg. 30", "descanso"),
    ],
)
def test_the_week_picture_speaks_the_caption_language(
    language: str, title: str, monday: str, rest: str
) -> None:
    labels = week_labels(WEEK, caption_book(language).words)
    assert (labels.title, labels.days[0], labels.rest) == (title, monday, rest)
    assert len(set(labels.days)) == 7


def test_a_week_into_january_says_the_new_year() -> None:
    labels = week_labels(Week(2026, 53), caption_book("fr").words)
    assert labels.title == "Semaine 53  ·  28 déc. – 3 janv. 2027"


def test_a_language_of_your_own_without_a_week_table_falls_back_to_english(
    planner_home: Path,
) -> None:
    folder = planner_home / "captions" / "da"
    folder.mkdir(parents=True)
    (folder / "words.toml").write_text(
        'weekdays_short = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]\n', encoding="utf-8"
    )
    for category in caption_book("en").variants:
        (folder / f"{category}.toml").write_text(
            '[[variant]]\nid = "d"\ntext = "En god dag."\n', encoding="utf-8"
        )
    labels = week_labels(WEEK, caption_book("da", planner_home).words)
    assert labels.days[0] == "man 30" and labels.rest == "rest"


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_the_card_font_draws_every_letter_of_the_week_picture(language: str) -> None:
    """The shipped font alone, without the system's: the picture must not lose a letter."""
    shipped = str(templates_dir() / "fonts" / SHIPPED_FONT)
    words = caption_book(language).words
    labels = week_labels(WEEK, words)
    texts = [labels.title, labels.rest, *labels.days, *words.weekdays_short, *words.months_short]
    missing = {ch for text in texts for ch in text if not ch.isspace() and not covers(shipped, ch)}
    assert not missing, (language, missing)


def _seed(app: App, language: str) -> None:
    (app.home / CONFIG_NAME).parent.mkdir(parents=True, exist_ok=True)
    (app.home / CONFIG_NAME).write_text(
        f'language = "{language}"\ntimezone = "Europe/Berlin"\n', encoding="utf-8"
    )
    walk, pottery = CAPTIONS[language]
    with app.store() as store:
        store.import_rows(
            [
                activity_row(Activity("a1", TUESDAY, "walk", "outdoors", "Lake walk")),
                activity_row(Activity("a2", SATURDAY, "pottery", "hobby", "Pottery")),
            ]
        )
        store.save_plan(
            str(WEEK),
            [
                Post("p1", "a1", TUESDAY, "outdoors", walk),
                Post("p2", "a2", SATURDAY, "hobby", pottery),
            ],
            TUESDAY,
        )


def _worst_cell(picture: Image.Image, golden: Image.Image) -> tuple[float, tuple[int, int]]:
    """The largest mean difference of any cell, and where that cell is."""
    diff = ImageChops.difference(picture, golden)
    worst, where = 0.0, (0, 0)
    for y in range(0, diff.height, CELL[1]):
        for x in range(0, diff.width, CELL[0]):
            box = (x, y, min(x + CELL[0], diff.width), min(y + CELL[1], diff.height))
            mean = max(ImageStat.Stat(diff.crop(box)).mean)
            if mean > worst:
                worst, where = mean, (x, y)
    return worst, where


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_week_picture_matches_golden(language: str, app: App, tmp_path: Path) -> None:
    _seed(app, language)
    out = tmp_path / "out"
    args = ["render", "--week", str(WEEK), "--out", str(out), "--template", "quote"]
    result = CliRunner().invoke(cli, args, obj=app)
    assert result.exit_code == 0, result.output
    picture = Image.open(out / "week.png").convert("RGB")
    small = picture.resize((picture.width // 2, picture.height // 2), Image.Resampling.BOX)
    golden = GOLDEN / f"week-{language}.png"
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        small.save(golden, optimize=True)
    assert golden.is_file(), f"no golden {golden.name}; run with PLANNER_UPDATE_GOLDEN=1"
    expected = Image.open(golden).convert("RGB")
    assert expected.size == small.size
    worst, where = _worst_cell(small, expected)
    assert worst < CELL_TOLERANCE, f"{golden.name} differs by {worst:.1f} at {where}"
