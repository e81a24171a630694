"""Photo paths are confined to the CSV's folder and photo_dirs, and a photo that is cut short
costs its own card the photo, never the week."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from planner.cards.photo_fetch import cache_path
from planner.cards.photos import PhotoError, resolve_photo
from planner.cards.render import render_posts
from planner.config import CardSettings, Settings
from planner.models import Activity, Post

AT = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
CARDS = CardSettings()


def _jpeg(path: Path, cut: bool = False) -> Path:
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buf, "JPEG")
    data = buf.getvalue()
    path.write_bytes(data[: len(data) // 2] if cut else data)
    return path


def _local(ref: str, base: Path, roots: tuple[Path, ...] = ()) -> Path | None:
    return resolve_photo(
        ref, base_dir=base, home=base / "home", cards=CARDS, client=None, roots=roots
    )


def test_a_relative_path_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    base = tmp_path / "log"
    base.mkdir()
    _jpeg(tmp_path / "outside.jpg")
    with pytest.raises(PhotoError) as caught:
        _local("../outside.jpg", base)
    assert str(caught.value) == (
        "../outside.jpg: refused: the photo is outside the CSV's folder (move it next to the"
        " CSV, or add its folder to photo_dirs in planner.toml)"
    )


def test_a_symlink_to_elsewhere_is_refused_even_as_an_absolute_path(tmp_path: Path) -> None:
    base = tmp_path / "log"
    base.mkdir()
    secret = _jpeg(tmp_path / "private.jpg")
    (base / "walk.jpg").symlink_to(secret)
    for ref in ("walk.jpg", str(base / "walk.jpg")):
        with pytest.raises(PhotoError, match="refused: the photo is outside"):
            _local(ref, base)


def test_home_is_not_expanded(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="photo not found"):
        _local("~/walk.jpg", tmp_path)  # read as a folder named "~" next to the CSV


def test_photo_dirs_are_allowed(tmp_path: Path) -> None:
    base, pictures = tmp_path / "log", tmp_path / "Pictures"
    base.mkdir()
    pictures.mkdir()
    photo = _jpeg(pictures / "lake.jpg")
    assert _local("../Pictures/lake.jpg", base, roots=(pictures,)) == photo
    assert _local(str(photo), base, roots=(pictures,)) == photo


def test_a_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "walk.jpg")
    with pytest.raises(PhotoError, match="not a photo file"):
        _local("walk.jpg", tmp_path)


def _scene(photo: str) -> tuple[list[Post], dict[str, Activity]]:
    activity = Activity("a1", AT, "run", "fitness", "River loop", photo=photo)
    return [Post("p1", "a1", AT, "fitness", "Easy 8 km by the river.")], {"a1": activity}


def test_a_photo_cut_short_gets_a_card_without_it_and_a_note(tmp_path: Path) -> None:
    _jpeg(tmp_path / "run.jpg", cut=True)
    posts, acts = _scene("run.jpg")
    told: list[tuple[str, str]] = []
    settings = Settings(home=tmp_path / "home", timezone="Europe/Berlin")
    (post,) = render_posts(
        posts,
        acts,
        settings,
        tmp_path / "out",
        base_dir=tmp_path,
        on_photo_error=lambda p, exc: told.append((p.id, str(exc))),
    )
    ((post_id, message),) = told
    assert post_id == "p1"
    assert message.startswith("run.jpg: the image is cut short or damaged (")
    assert message.endswith("); copy or download it again")
    assert post.image and Path(post.image).is_file()
    assert post.alt_text and not post.alt_text.lower().startswith("photo")
    plain = render_posts(*_scene(""), settings, tmp_path / "out")[0]
    assert post.image == plain.image  # the same card as one that never had a photo
    assert not list((tmp_path / "out").glob(".*"))


def test_a_cut_short_download_in_the_cache_is_named_by_url_and_dropped(tmp_path: Path) -> None:
    url = "https://photos.example.org/run.jpg"
    home = tmp_path / "home"
    cached = cache_path(url, home)
    cached.parent.mkdir(parents=True)
    _jpeg(cached, cut=True)  # left by an earlier planner, which cached before decoding
    told: list[str] = []
    render_posts(
        *_scene(url),
        Settings(home=home, timezone="Europe/Berlin"),
        tmp_path / "out",
        on_photo_error=lambda p, exc: told.append(str(exc)),
    )
    assert len(told) == 1 and told[0].startswith(f"{url}: the image is cut short or damaged")
    assert not cached.exists()  # fetched again next time


def test_without_a_handler_a_cut_short_photo_is_a_photo_error(tmp_path: Path) -> None:
    _jpeg(tmp_path / "run.jpg", cut=True)
    with pytest.raises(PhotoError, match="^run.jpg: the image is cut short"):
        render_posts(
            *_scene("run.jpg"),
            Settings(home=tmp_path / "home", timezone="Europe/Berlin"),
            tmp_path / "out",
            base_dir=tmp_path,
        )
