"""The user's own caption templates join the captions of the language they are written in:
<home>/captions/<lang>/ by its folder, a top-level file by its `language` line or its words;
`planner templates` says which file is for which language, and plan --explain says when one
was set aside."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.caption_files import caption_files, written_in
from planner.cli import cli
from planner.cli.common import App
from planner.config import CONFIG_NAME
from planner.errors import ConfigError
from planner.workflow import caption_book

LANGUAGES = ("de", "en", "es", "fr", "pt")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def variant(text: str, vid: str = "mine", head: str = "") -> str:
    return f'{head}[[variant]]\nid = "{vid}"\ntext = "{text}"\n'


def ids(language: str, home: Path, category: str = "fitness") -> list[str]:
    return [v.id for v in caption_book(language, home).variants[category]]


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


def test_english_templates_of_yours_stay_out_of_german_captions(planner_home: Path) -> None:
    write(planner_home / "captions" / "fitness.toml", variant("Moved a bit: $title, before work."))
    assert "mine" in ids("en", planner_home)
    assert "mine" not in ids("de", planner_home)
    book = caption_book("de", planner_home)
    assert [f.path.name for f in book.set_aside] == ["fitness.toml"]


def test_german_templates_of_yours_join_german_captions_only(planner_home: Path) -> None:
    write(planner_home / "captions" / "fitness.toml", variant("Kurz raus vor der Arbeit: $title."))
    assert "mine" in ids("de", planner_home)
    assert "mine" not in ids("en", planner_home)
    assert "mine" not in ids("fr", planner_home)


def test_a_language_line_says_which_captions_a_file_joins(planner_home: Path) -> None:
    """Declared, a file is not detected: "Tempo run." alone would read as Portuguese."""
    path = write(
        planner_home / "captions" / "fitness.toml", variant("Tempo run.", head='language = "en"\n')
    )
    assert "mine" in ids("en", planner_home) and "mine" not in ids("pt", planner_home)
    write(path, variant("Tempo run.", head='language = ["en", "de"]\n'))
    assert "mine" in ids("en", planner_home) and "mine" in ids("de", planner_home)
    assert "mine" not in ids("pt", planner_home)


def test_a_file_of_only_variables_joins_every_language(planner_home: Path) -> None:
    write(planner_home / "captions" / "outdoors.toml", variant("$title · $distance 🌲"))
    for language in LANGUAGES:
        assert "mine" in ids(language, planner_home, "outdoors"), language


def test_a_language_folder_joins_its_language_only(planner_home: Path) -> None:
    write(planner_home / "captions" / "de" / "social.toml", variant("Ein ruhiger Abend."))
    assert "mine" in ids("de", planner_home, "social")
    assert "mine" not in ids("en", planner_home, "social")


def test_keep_bundled_false_in_another_language_drops_nothing(planner_home: Path) -> None:
    write(planner_home / "captions" / "food.toml",
          variant("Cooked at home.", head="keep_bundled = false\n"))  # fmt: skip
    assert ids("en", planner_home, "food") == ["mine"]
    assert len(ids("de", planner_home, "food")) >= 4


@pytest.mark.parametrize(
    ("texts", "language"),
    [
        # templates an English user may have written before captions had languages
        (["$title, logged.", "Moved a bit: $title."], "en"),
        (["$distance before breakfast."], "en"),
        (["Small win: $title."], "en"),
        (["Quiet $weekday. $title."], "en"),
        (["$title at $place."], "en"),
        (["Done."], "en"),
        (["Back at it: $title."], "en"),
        (["Kurz raus: $title."], "de"),
        (["Fertig."], "de"),
        (["Un $weekday tranquilo.", "De vuelta: $title."], "es"),
        (["Listo."], "es"),
        (["Un peu dehors : $title.", "De retour."], "fr"),
        (["$distance avant le petit-déjeuner."], "fr"),
        (["Um pouco lá fora: $title."], "pt"),
        (["Feito."], "pt"),
    ],
)
def test_a_files_language_is_found_in_its_words(
    planner_home: Path, texts: list[str], language: str
) -> None:
    content = "".join(variant(text, f"v{i}") for i, text in enumerate(texts))
    write(planner_home / "captions" / "fitness.toml", content)
    (found,) = caption_files(planner_home, LANGUAGES).files
    assert found.languages == {language} and found.how == "detected", texts


def test_a_file_in_a_language_without_templates_joins_no_captions(planner_home: Path) -> None:
    text = "Una lunga passeggiata nel bosco, con gli amici di sempre."
    assert written_in(text, LANGUAGES) == "it"
    write(planner_home / "captions" / "outdoors.toml", variant(text))
    for language in LANGUAGES:
        assert "mine" not in ids(language, planner_home, "outdoors"), language


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_broken_file_is_an_error_in_every_language(planner_home: Path, language: str) -> None:
    path = write(planner_home / "captions" / "hobby.toml", variant("Kostet 5$ im Monat."))
    with pytest.raises(ConfigError, match="a stray \\$") as err:
        caption_book(language, planner_home)
    assert str(err.value).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("where", "head", "message"),
    [
        ("hobby.toml", "language = 7\n", 'language must be a language code (language = "de")'),
        ("hobby.toml", "language = []\n", "language must be a language code"),
        ("de/hobby.toml", 'language = "en"\n', "says language = 'en' but is in the folder"),
    ],
)
def test_a_wrong_language_line_is_one_clear_error(
    planner_home: Path, where: str, head: str, message: str
) -> None:
    path = write(planner_home / "captions" / where, variant("Töpfern.", head=head))
    with pytest.raises(ConfigError, match=re.escape(message)) as err:
        caption_book("de", planner_home)
    assert str(err.value).startswith(f"{path}: ")


def test_variants_that_are_no_list_are_one_clear_error(planner_home: Path) -> None:
    path = write(planner_home / "captions" / "hobby.toml", "variant = 5\n")
    with pytest.raises(ConfigError, match="'variant' must be a list of") as err:
        caption_book("en", planner_home)
    assert str(err.value).startswith(f"{path}: ")


def test_templates_lists_which_file_is_for_which_language(app: App, planner_home: Path) -> None:
    write(planner_home / CONFIG_NAME, 'language = "de"\n')
    captions = planner_home / "captions"
    write(captions / "fitness.toml", variant("Moved a bit: $title, before work."))
    write(captions / "outing.toml", variant("Draußen: $place.", head='language = "de"\n'))
    write(captions / "outdoors.toml", variant("$title · $distance"))
    write(captions / "de" / "social.toml", variant("Ein ruhiger Abend."))
    write(captions / "words.toml", 'decimal = ","\n')
    write(captions / "german" / "fitness.toml", variant("Training."))
    result = invoke(app, "templates")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "   fitness.toml         English (found in its words); not used: captions are in "
        'German (if it is German, say so: language = "de" at its top)'
    ) in lines
    assert "   outing.toml          German (its language line); used" in lines
    assert "   outdoors.toml        every language (no words in it, only variables); used" in lines
    assert "   de/social.toml       German (its folder); used" in lines
    assert "Not read: words.toml (words of a language go in its folder: <lang>/words.toml)" in lines
    assert any(line.startswith("Not read: german/ (not a language: ") for line in lines)
    data = json.loads(invoke(app, "templates", "--json").output)["captions"]
    by_name = {Path(f["file"]).name: f for f in data["files"]}
    assert by_name["fitness.toml"]["languages"] == ["en"]
    assert by_name["fitness.toml"]["used"] is False
    assert by_name["outdoors.toml"]["languages"] == ["*"]
    assert by_name["german"]["read"] is False
    assert data["not_read"] == [str(captions / "words.toml"), str(captions / "german")]


def test_plan_explain_says_when_a_template_of_yours_was_set_aside(
    app: App, planner_home: Path
) -> None:
    write(planner_home / CONFIG_NAME, 'language = "de"\n')
    write(planner_home / "captions" / "fitness.toml", variant("Moved a bit: $title, before work."))
    write(planner_home / "captions" / "food.toml", variant("Pasta.", head='language = "en"\n'))
    result = invoke(app, "plan", "--week", "2026-W49", "--explain")
    assert result.exit_code == 0, result.output
    assert (
        "  note: your caption file fitness.toml is for English (found in its words); not used: "
        'captions are in German (if it is German, say so: language = "de" at its top)'
    ) in result.output.splitlines()
    assert (
        "  note: your caption file food.toml is for English (its language line); not used: "
        "captions are in German"
    ) in result.output.splitlines()
    write(planner_home / CONFIG_NAME, 'language = "en"\n')
    english = App(clock=app.clock, home=planner_home)
    assert "caption file" not in invoke(english, "plan", "--week", "2026-W49", "--explain").output
