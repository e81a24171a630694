"""The caption language: from planner.toml or the locale; the user's words only in a language
the tone filter reads, and plan --explain says why when they are not used."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import cli
from planner.cli.common import App
from planner.config import CONFIG_NAME, load_settings


def invoke(app: App, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("variable", "value", "language", "origin"),
    [
        ("LANG", "de_DE.UTF-8", "de", "locale (LANG=de_DE.UTF-8)"),
        ("LANGUAGE", "pt_BR:en", "pt", "locale (LANGUAGE=pt_BR)"),
        ("LC_ALL", "fr_FR.UTF-8", "fr", "locale (LC_ALL=fr_FR.UTF-8)"),
        ("LANG", "da_DK.UTF-8", "en", "default (LANG=da_DK.UTF-8: no caption templates for 'da')"),
        ("LANG", "C.UTF-8", "en", "default"),
    ],
)
def test_the_language_follows_the_locale_when_planner_has_templates_for_it(
    planner_home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
    language: str, origin: str,
) -> None:  # fmt: skip
    monkeypatch.setenv(variable, value)
    settings = load_settings(planner_home)
    assert (settings.language, settings.origins["language"]) == (language, origin)
    assert settings.post_language == language


def test_planner_toml_sets_the_language_and_a_language_of_your_own_is_allowed(
    planner_home: Path,
) -> None:
    write(planner_home / CONFIG_NAME, 'language = "es"\n')
    assert load_settings(planner_home).language == "es"
    write(planner_home / CONFIG_NAME, 'language = "da"\n')
    write(planner_home / "captions" / "da" / "words.toml", 'decimal = ","\n')
    assert load_settings(planner_home).language == "da"


def test_a_language_without_templates_is_one_clear_line(app: App, planner_home: Path) -> None:
    write(planner_home / CONFIG_NAME, 'language = "xx"\n')
    result = invoke(app, "policy")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "key 'language': 'xx' has no caption templates (use one of: de, en, es, fr, pt;" in (
        result.output
    )


def test_init_writes_the_locale_language(
    app: App, planner_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert invoke(app, "init").exit_code == 0
    assert 'language = "es"' in (planner_home / CONFIG_NAME).read_text(encoding="utf-8")


def test_policy_says_how_post_times_are_chosen(app: App) -> None:
    result = invoke(app, "policy")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Post times: a week's posts are spread across it" in text
    assert "its own minute inside its posting window" in text and "share a clock time" in text


NOTES = """date,time,kind,title,notes,mood
2026-11-24,10:00,hike,Long hike,melhorando cada vez mais…,4
2026-11-25,19:00,pottery,Pottery class,A slow evening at the wheel,4
2026-11-26,12:00,gym,W3D2,,4
"""


def test_explain_says_why_notes_and_titles_were_not_used(app: App, tmp_path: Path) -> None:
    log = write(tmp_path / "log.csv", NOTES)
    assert invoke(app, "import", str(log)).exit_code == 0
    result = invoke(app, "plan", "--explain")
    assert result.exit_code == 0, result.output
    assert "melhorando" not in result.output.split("Why:")[0]
    assert "your notes are in Portuguese, and the tone filter reads only English" in result.output
    assert "title 'W3D2' reads as a code" in result.output
    assert "A slow evening at the wheel" in result.output.split("Why:")[0]


def test_a_german_week_reads_german(app: App, tmp_path: Path, planner_home: Path) -> None:
    write(planner_home / CONFIG_NAME, 'language = "de"\ntimezone = "Europe/Berlin"\n')
    log = write(tmp_path / "log.csv", NOTES)
    assert invoke(app, "import", str(log)).exit_code == 0
    result = invoke(app, "plan", "--explain")
    posts = result.output.split("Why:")[0]
    assert "Töpfern" in posts or "Lauf" in posts or "Training" in posts, posts
    assert "Pottery" not in posts and "Long hike" not in posts, posts


def test_english_notes_never_go_into_a_german_week(
    app: App, tmp_path: Path, planner_home: Path
) -> None:
    """A German feed with one English post ("Slow and steady", alt text 'Bildtext: „Slow and
    steady“') mixes languages the way titles are kept from doing."""
    write(planner_home / CONFIG_NAME, 'language = "de"\ntimezone = "Europe/Berlin"\n')
    log = write(tmp_path / "log.csv", NOTES)
    assert invoke(app, "import", str(log)).exit_code == 0
    result = invoke(app, "plan", "--explain")
    posts, why = result.output.split("Why:")
    assert "Pottery class: planned" in why, why
    assert "A slow evening at the wheel" not in posts, posts
    # one reason, said once: "your notes not used: captions are in German, ...; title ...
    # not shown: captions are in German, ..." read like a robot wrote it
    assert (
        "(your notes and title 'Pottery class' not shown: "
        "captions are in German, and the tone filter reads only English; 'Töpfern' instead)"
    ) in why, why
