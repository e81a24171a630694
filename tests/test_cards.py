"""Card templates as data: bundled looks, user templates, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cards.templates import PRESETS, load_template, load_templates, parse_color, preset_size
from planner.errors import ConfigError, NotFoundError

GOOD = """
description = "test"
[background]
kind = "color"
color = "#102030"
[text]
box = [0.1, 0.1, 0.8, 0.5]
"""


def test_bundled_templates_include_the_three_looks() -> None:
    names = {t.name for t in load_templates(None)}
    assert {"photo", "quote", "minimal"} <= names


def test_presets() -> None:
    assert PRESETS["instagram-portrait"] == (1080, 1350)
    assert preset_size("story") == (1080, 1920)
    with pytest.raises(ConfigError, match="unknown card preset 'poster'"):
        preset_size("poster")


def test_user_template_is_found_and_wins(planner_home: Path) -> None:
    (planner_home / "cards").mkdir(parents=True)
    (planner_home / "cards" / "quote.toml").write_text(GOOD)
    (planner_home / "cards" / "mine.toml").write_text(GOOD)
    assert load_template("quote", planner_home).description == "test"
    assert load_template("mine", planner_home).background.color == (16, 32, 48, 255)


def test_unknown_template_lists_the_available_ones() -> None:
    with pytest.raises(
        NotFoundError, match=r"no card template 'fancy' \(available: minimal, photo"
    ):
        load_template("fancy", None)


BROKEN = [
    (GOOD.replace('kind = "color"', 'kind = "video"'), "key 'background.kind'"),
    (GOOD.replace('color = "#102030"', 'color = "blue"'), "key 'background.color'"),
    (GOOD + "max_size = 'big'\n", "key 'text.max_size'"),
    (GOOD + "colour = '#fff'\n", "unknown key 'text.colour'"),
    (GOOD.replace("box = [0.1, 0.1, 0.8, 0.5]", "box = [0.5, 0.5, 0.8, 0.5]"), "key 'text.box'"),
    (GOOD.replace("box = [0.1, 0.1, 0.8, 0.5]", ""), "missing key 'text.box'"),
    (GOOD + "max_size = 20\nmin_size = 30\n", "key 'text.min_size'"),
    (
        GOOD + '[footer]\ntext = "$weekday $mood"\nbox = [0, 0.9, 1, 0.1]\n',
        "unknown variable $mood",
    ),
    (GOOD + "[overlay]\nkind = 'scrim'\nopacity = 2\n", "key 'overlay.opacity'"),
    (GOOD.replace('kind = "color"', 'kind = "gradient"'), "key 'background.colors'"),
    (GOOD + "[sparkles]\n", "unknown key 'sparkles'"),
    ("[background\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_template_names_the_file_and_key(
    planner_home: Path, text: str, message: str
) -> None:
    (planner_home / "cards").mkdir(parents=True)
    path = planner_home / "cards" / "broken.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_template("broken", planner_home)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_parse_color() -> None:
    assert parse_color("#fff") == (255, 255, 255, 255)
    assert parse_color("#00000080") == (0, 0, 0, 128)
    assert parse_color("white") is None
