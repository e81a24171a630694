"""planner render, planner templates and planner alt, through the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from planner.cli import cli
from planner.cli.common import App
from planner.models import Activity, Post
from planner.store import activity_row

AT = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # Tuesday of next week (fixed clock: 2026-11-27)


def _seed(app: App, photo_dir: Path) -> None:
    Image.new("RGB", (900, 700), (120, 150, 90)).save(photo_dir / "walk.jpg")
    with app.store() as store:
        act = Activity(
            "a1", AT, "walk", "outdoors", "Lake walk", location="Schlachtensee", photo="walk.jpg"
        )
        store.import_rows([activity_row(act)])
        store.save_plan(
            "2026-W49", [Post("p1", "a1", AT, "outdoors", "A long walk by the lake.")], AT
        )


def test_render_writes_cards_week_picture_and_stores_them(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "render",
            "--week",
            "next",
            "--out",
            str(out),
            "--photos",
            str(tmp_path),
            "--template",
            "photo",
        ],
        obj=app,
    )
    assert result.exit_code == 0, result.output
    assert (out / "week.png").is_file()
    assert "Week picture:" in result.output
    with app.store() as store:
        post = store.post("p1")
    assert post.image and Path(post.image).parent == out / "images"
    assert Path(post.image).is_file()
    assert post.alt_text == (
        'Photo from a walk: Lake walk, at Schlachtensee. Caption: "A long walk by the lake."'
    )


def _render(app: App, tmp_path: Path, template: str) -> None:
    args = ["render", "--out", str(tmp_path / "out"), "--photos", str(tmp_path)]
    result = CliRunner().invoke(cli, [*args, "--template", template], obj=app)
    assert result.exit_code == 0, result.output


def _alt_text(app: App) -> str | None:
    with app.store() as store:
        return store.post("p1").alt_text


def test_render_again_with_another_template_describes_the_new_card(
    app: App, tmp_path: Path
) -> None:
    _seed(app, tmp_path)
    caption = 'Caption: "A long walk by the lake."'
    _render(app, tmp_path, "photo")
    assert _alt_text(app) == f"Photo from a walk: Lake walk, at Schlachtensee. {caption}"
    _render(app, tmp_path, "quote")
    assert _alt_text(app) == f"Text card about a walk: Lake walk, at Schlachtensee. {caption}"
    _render(app, tmp_path, "photo")
    assert _alt_text(app) == f"Photo from a walk: Lake walk, at Schlachtensee. {caption}"


def test_render_again_keeps_alt_text_set_with_planner_alt(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    _render(app, tmp_path, "photo")
    result = CliRunner().invoke(cli, ["alt", "p1", "Reeds and still water at dusk"], obj=app)
    assert result.exit_code == 0, result.output
    _render(app, tmp_path, "quote")
    _render(app, tmp_path, "photo")
    assert _alt_text(app) == "Reeds and still water at dusk"


def test_render_png_and_preset(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "render",
            "--out",
            str(tmp_path / "o"),
            "--photos",
            str(tmp_path),
            "--png",
            "--preset",
            "story",
        ],
        obj=app,
    )
    assert result.exit_code == 0, result.output
    with app.store() as store:
        image = store.post("p1").image
    assert image and image.endswith(".png") and Image.open(image).size == (1080, 1920)


def test_render_with_no_posts_says_so_and_writes_nothing(app: App, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", "--out", str(tmp_path / "o")], obj=app)
    assert result.exit_code == 0
    assert result.output == (
        "Nothing planned for 2026-W49, so no cards or week.png were written"
        " (plan it first: planner plan --week 2026-W49).\n"
    )
    assert not (tmp_path / "o").exists()


def test_render_of_an_empty_week_leaves_an_earlier_week_picture_alone(
    app: App, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "week.png").write_bytes(b"an earlier week's picture")
    result = CliRunner().invoke(cli, ["render", "--week", "2026-W50", "--out", str(out)], obj=app)
    assert result.exit_code == 0
    assert "Nothing planned for 2026-W50" in result.output
    assert (out / "week.png").read_bytes() == b"an earlier week's picture"
    assert sorted(p.name for p in out.iterdir()) == ["week.png"]


def test_render_json_of_an_empty_week_is_json_with_no_picture(app: App, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["render", "--json", "--out", str(tmp_path / "o")], obj=app)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"week": "2026-W49", "week_picture": None, "posts": []}
    assert "Nothing planned for 2026-W49" in result.stderr
    assert not (tmp_path / "o").exists()


def test_render_missing_photo_is_named_and_the_card_made_without_it(
    app: App, tmp_path: Path
) -> None:
    _seed(app, tmp_path)
    (tmp_path / "walk.jpg").unlink()
    result = CliRunner().invoke(
        cli, ["render", "--out", str(tmp_path / "o"), "--photos", str(tmp_path)], obj=app
    )
    assert result.exit_code == 0, result.output
    assert (
        "note: Lake walk (Tue 01 Dec): photo not used, the card was drawn without it:"
        " walk.jpg: photo not found (paths are relative to the CSV's folder)"
    ) in result.output
    with app.store() as store:
        post = store.post("p1")
    assert post.image and Path(post.image).is_file()
    assert post.alt_text and not post.alt_text.startswith("Photo")


def test_render_unknown_template(app: App, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["render", "--template", "glitter", "--out", str(tmp_path)], obj=app
    )
    assert result.exit_code == 1
    assert "no card template 'glitter'" in result.output


def test_templates_lists_templates_and_presets(app: App) -> None:
    result = CliRunner().invoke(cli, ["templates"], obj=app)
    assert result.exit_code == 0
    for name in ("photo", "quote", "minimal", "instagram-portrait", "1080×1350", "landscape"):
        assert name in result.output


def test_templates_lists_caption_languages_and_your_own_variants(
    app: App, planner_home: Path
) -> None:
    (planner_home / "captions").mkdir(parents=True)
    for name in ("fitness", "gym"):  # "gym" is a kind, not a category: never read
        (planner_home / "captions" / f"{name}.toml").write_text(
            '[[variant]]\nid = "mine"\ntext = "Moved a bit: $title."\n', encoding="utf-8"
        )
    result = CliRunner().invoke(cli, ["templates"], obj=app)
    assert result.exit_code == 0, result.output
    assert "Caption languages: de *en es fr pt" in result.output
    assert "(1 of yours)" in result.output
    assert "Not read: gym.toml (no category 'gym'; name it after one: fitness," in result.output
    data = json.loads(CliRunner().invoke(cli, ["templates", "--json"], obj=app).output)
    assert data["captions"]["yours"] == {"fitness": 1}
    assert data["captions"]["languages"] == ["de", "en", "es", "fr", "pt"]
    assert data["captions"]["not_read"] == [str(planner_home / "captions" / "gym.toml")]


def test_templates_reports_a_broken_user_template(app: App, planner_home: Path) -> None:
    (planner_home / "cards").mkdir(parents=True)
    (planner_home / "cards" / "mine.toml").write_text(
        '[background]\nkind = "neon"\n[text]\nbox=[0,0,1,1]\n'
    )
    result = CliRunner().invoke(cli, ["templates"], obj=app)
    assert result.exit_code == 1
    assert "mine.toml: key 'background.kind': 'neon' is not valid" in result.output


def test_alt_sets_the_text(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    result = CliRunner().invoke(cli, ["alt", "p1", "Grey lake under a pale sky"], obj=app)
    assert result.exit_code == 0
    with app.store() as store:
        assert store.post("p1").alt_text == "Grey lake under a pale sky"


def test_alt_refuses_a_never_mention_name(app: App, tmp_path: Path, planner_home: Path) -> None:
    planner_home.mkdir(parents=True, exist_ok=True)
    (planner_home / "planner.toml").write_text('never_mention = ["Robin"]\n')
    _seed(app, tmp_path)
    result = CliRunner().invoke(cli, ["alt", "p1", "Walk with robin"], obj=app)
    assert result.exit_code == 1
    assert result.output == (
        "Error: alt text mentions 'Robin', who is on your never_mention list (leave the name out)\n"
    )


def test_alt_refuses_text_the_tone_filter_rejects(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    result = CliRunner().invoke(
        cli, ["alt", "p1", "Me, still waiting for you to text back"], obj=app
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: alt text ")
    assert "'planner check' explains" in result.output
    assert result.output.count("\n") == 1


def test_alt_unknown_post(app: App) -> None:
    result = CliRunner().invoke(cli, ["alt", "nope", "text"], obj=app)
    assert result.exit_code == 1
    assert "no post with id 'nope'" in result.output


def test_every_card_command_has_help_with_an_example() -> None:
    for name in ("render", "templates", "alt"):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Example: planner " + name in result.output


def test_render_a_photo_that_is_not_an_image_is_named_and_the_card_made_without_it(
    app: App, tmp_path: Path
) -> None:
    _seed(app, tmp_path)
    (tmp_path / "walk.jpg").write_text("<html>not a photo</html>")
    result = CliRunner().invoke(
        cli, ["render", "--out", str(tmp_path / "o"), "--photos", str(tmp_path)], obj=app
    )
    assert result.exit_code == 0, result.output
    assert (
        "note: Lake walk (Tue 01 Dec): photo not used, the card was drawn without it:"
        " walk.jpg: not an image"
    ) in result.output
    with app.store() as store:
        post = store.post("p1")
    assert post.image and Path(post.image).is_file()
    assert post.alt_text and not post.alt_text.startswith("Photo")


def test_render_into_a_folder_that_cannot_be_made_is_one_line(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    (tmp_path / "taken").write_text("a file, not a folder")
    out = tmp_path / "taken" / "out"
    result = CliRunner().invoke(
        cli, ["render", "--out", str(out), "--photos", str(tmp_path)], obj=app
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output == (  # the file in the way is named
        f"Error: {tmp_path / 'taken'}: cannot write the cards and week.png: a file is in the way"
        " where a folder should be (move it aside, or choose another --out folder)\n"
    )


def test_render_when_week_png_cannot_be_written_is_one_line(app: App, tmp_path: Path) -> None:
    _seed(app, tmp_path)
    out = tmp_path / "out"
    (out / "week.png").mkdir(parents=True)
    result = CliRunner().invoke(
        cli, ["render", "--out", str(out), "--photos", str(tmp_path)], obj=app
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (
        f"Error: {out / 'week.png'}: cannot write the cards and week.png: a folder is in the way"
        " where a file should be (move it aside, or choose another --out folder)"
    ) in result.output
    # all or nothing: the card did not land without its week picture, nor in the store
    assert [p.name for p in out.iterdir()] == ["week.png"]
    with app.store() as store:
        assert store.post("p1").image is None
