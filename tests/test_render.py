"""render_posts: cards, alt text, content-hash names, no metadata, workers, week picture."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from planner.cards.alt_text import alt_text_for, mentioned_names, scrub_names
from planner.cards.photos import PhotoError
from planner.cards.render import render_posts
from planner.cards.week_picture import write_week_picture
from planner.config import Settings
from planner.models import Activity, Post, Week

AT = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)


def _settings(home: Path, **kw: object) -> Settings:
    return Settings(home=home, timezone="Europe/Berlin", **kw)  # type: ignore[arg-type]


def _photo_with_metadata(path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0132] = "2026:11:30 17:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[2] = (52.0, 31.0, 0.0)
    Image.new("RGB", (1600, 1200), (90, 140, 180)).save(path, "JPEG", exif=exif.tobytes())


@pytest.fixture
def scene(tmp_path: Path) -> tuple[list[Post], dict[str, Activity], Path]:
    _photo_with_metadata(tmp_path / "run.jpg")
    acts = {
        "a1": Activity(
            "a1", AT, "run", "fitness", "River loop", location="Tiergarten", photo="run.jpg"
        ),
        "a2": Activity("a2", AT, "pottery", "hobby", "First bowl"),
    }
    posts = [
        Post("p1", "a1", AT, "fitness", "Easy 8 km by the river with Sam. Legs felt good."),
        Post("p2", "a2", AT + timedelta(days=2), "hobby", "Made a lopsided bowl. Happy with it."),
    ]
    return posts, acts, tmp_path


def test_renders_a_card_per_post_with_alt_text(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    out = render_posts(
        posts, acts, _settings(planner_home, never_mention=("Sam",)), base / "out", base_dir=base
    )
    assert [p.id for p in out] == ["p1", "p2"]
    for post in out:
        assert post.image and Path(post.image).is_file()
        assert Image.open(post.image).size == (1080, 1350)
        assert post.alt_text and "Sam" not in post.alt_text
    assert out[0].alt_text.startswith("Photo from a run: River loop, at Tiergarten.")
    assert out[1].alt_text.startswith("Text card about pottery: First bowl.")


def test_output_carries_no_metadata(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    for png in (False, True):
        out = render_posts(
            posts[:1], acts, _settings(planner_home), base / "out", base_dir=base, png=png
        )
        with Image.open(out[0].image) as img:
            assert not img.getexif()
            assert not {"exif", "icc_profile", "xmp", "dpi"} & set(img.info)
            assert img.format == ("PNG" if png else "JPEG")


def test_unchanged_cards_are_not_rendered_again(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    s = _settings(planner_home)
    first = render_posts(posts, acts, s, base / "out", base_dir=base)
    stamps = [os.stat(p.image).st_mtime_ns for p in first]  # type: ignore[arg-type]
    calls: list[tuple[int, int]] = []
    again = render_posts(
        posts, acts, s, base / "out", base_dir=base, progress=lambda d, t: calls.append((d, t))
    )
    assert [p.image for p in again] == [p.image for p in first]
    assert [os.stat(p.image).st_mtime_ns for p in again] == stamps  # type: ignore[arg-type]
    assert calls == []
    edited = render_posts(
        [Post("p1", "a1", AT, "fitness", "A different caption")],
        acts,
        s,
        base / "out",
        base_dir=base,
    )
    assert edited[0].image != first[0].image  # the name follows the content


@pytest.mark.parametrize(
    ("preset", "size"),
    [("instagram-square", (1080, 1080)), ("story", (1080, 1920)), ("landscape", (1200, 675))],
)
def test_presets_set_the_card_size(
    scene, planner_home: Path, preset: str, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    out = render_posts(
        posts[:1], acts, _settings(planner_home), base / "out", base_dir=base, preset=preset
    )
    assert Image.open(out[0].image).size == size


def test_many_cards_render_on_workers_with_progress(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    _, acts, base = scene
    posts = [Post(f"p{i}", "a1", AT, "fitness", f"Run number {i}") for i in range(7)]
    calls: list[tuple[int, int]] = []
    out = render_posts(
        posts,
        acts,
        _settings(planner_home),
        base / "out",
        base_dir=base,
        workers=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert len({p.image for p in out}) == 7
    assert all(Path(p.image).is_file() for p in out)  # type: ignore[arg-type]
    assert calls[-1] == (7, 7) and len(calls) == 7


def test_existing_alt_text_is_kept(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    mine = Post("p1", "a1", AT, "fitness", "Run", alt_text="My own words")
    out = render_posts([mine], acts, _settings(planner_home), base / "out", base_dir=base)
    assert out[0].alt_text == "My own words"


def test_automatic_alt_text_follows_the_template_on_re_render(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    s = _settings(planner_home)
    photo = render_posts(posts[:1], acts, s, base / "out", base_dir=base, template="photo")
    assert photo[0].alt_text and photo[0].alt_text.startswith("Photo from a run: River loop")
    text = render_posts(photo, acts, s, base / "out", base_dir=base, template="quote")
    assert text[0].alt_text and text[0].alt_text.startswith("Text card about a run: River loop")
    again = render_posts(text, acts, s, base / "out", base_dir=base, template="photo")
    assert again[0].alt_text == photo[0].alt_text


def test_alt_text_the_user_wrote_is_kept_whatever_the_template(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    _, acts, base = scene
    s = _settings(planner_home)
    mine = Post("p1", "a1", AT, "fitness", "Run", alt_text="Photo from my run, low sun")
    for template in ("quote", "photo", "minimal"):
        out = render_posts([mine], acts, s, base / "out", base_dir=base, template=template)
        assert out[0].alt_text == "Photo from my run, low sun"


def test_unknown_activity_gets_a_text_card(planner_home: Path, tmp_path: Path) -> None:
    out = render_posts(
        [Post("p9", "gone", AT, "other", "Hello")], {}, _settings(planner_home), tmp_path
    )
    assert Path(out[0].image).is_file()  # type: ignore[arg-type]
    assert out[0].alt_text == 'Text card. Caption: "Hello"'


def test_a_bad_photo_is_an_error_naming_it(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    (base / "run.jpg").write_text("not a photo")
    with pytest.raises(PhotoError, match=r"run\.jpg: not an image"):
        render_posts(posts[:1], acts, _settings(planner_home), base / "out", base_dir=base)


def test_alt_text_never_mentions_a_never_mention_name(planner_home: Path) -> None:
    act = Activity("a", AT, "walk", "outdoors", "Walk with @sam_k", location="Sam's place")
    post = Post("p", "a", AT, "outdoors", "Nice walk, thanks SAM_K and sam_k!")
    text = alt_text_for(post, act, _settings(planner_home, never_mention=("@sam_k",)))
    assert "sam_k" not in text.lower()
    # the title naming someone is left out whole, not left dangling ("Walk with, at ...")
    assert text.startswith("Text card about a walk, at Sam's place. Caption:")


def test_a_place_naming_someone_is_left_out_of_alt_text_and_footer(planner_home: Path) -> None:
    from planner.cards.render import _footer_text
    from planner.cards.templates import load_template

    act = Activity("a", AT, "dinner", "food", "Pasta night", location="Robin's flat")
    post = Post("p", "a", AT, "food", "Pasta from scratch.")
    s = _settings(planner_home, never_mention=("Robin",))
    text = alt_text_for(post, act, s)
    assert text == 'Text card about a dinner: Pasta night. Caption: "Pasta from scratch."'
    assert _footer_text(load_template("photo", None), post, act, s) == "Monday"


def test_scrub_and_mentioned_names() -> None:
    assert scrub_names("Lunch with Alex, then home", ["alex"]) == "Lunch with, then home"
    assert scrub_names("Alexander came", ["Alex"]) == "Alexander came"
    assert mentioned_names("hi @Jo", ["jo", "Sam"]) == ["jo"]
    assert mentioned_names("anything", [" ", "@"]) == []


@pytest.mark.parametrize("spelling", ["Alëx", "Ａｌｅｘ", "𝐀𝐥𝐞𝐱", "\u0410lex", "Al\u200bex"])
def test_names_are_found_in_lookalike_spellings_as_the_tone_filter_finds_them(
    spelling: str,
) -> None:
    text = f"Morning run with {spelling}, at Tiergarten"
    assert mentioned_names(text, ["Alex"]) == ["Alex"]
    assert scrub_names(text, ["Alex"]) == "Morning run with, at Tiergarten"
    assert mentioned_names("Morning run with Zoe", ["Zoë"]) == ["Zoë"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    caption=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=500)
)
def test_any_caption_renders(caption: str, planner_home: Path, tmp_path: Path) -> None:
    post = Post("p", "a", AT, "other", caption)
    for template in ("quote", "photo"):
        out = render_posts([post], {}, _settings(planner_home), tmp_path / "any", template=template)
        assert Image.open(out[0].image).size == (1080, 1350)


def test_week_picture_has_seven_calm_columns(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    posts, acts, base = scene
    out = render_posts(posts, acts, _settings(planner_home), base / "out", base_dir=base)
    path = write_week_picture(out, Week(2026, 49), "Europe/Berlin", base / "out" / "week.png")
    img = Image.open(path).convert("RGB")
    assert img.size == (1680, 900)
    column_w = (1680 - 80 - 6 * 16) // 7
    centres = [40 + i * (column_w + 16) + column_w // 2 for i in range(7)]
    empty = [img.getpixel((x, 300)) == (242, 240, 235) for x in centres]
    assert empty == [False, True, False, True, True, True, True]  # posts on Monday and Wednesday


def test_a_white_card_in_the_week_picture_is_framed(tmp_path: Path) -> None:
    card = tmp_path / "white.png"
    Image.new("RGB", (1080, 1350), (255, 255, 255)).save(card)
    post = Post("p", "a", AT, "other", "Snow", image=str(card))  # Monday of 2026-W49
    img = Image.open(write_week_picture([post], Week(2026, 49), "UTC", tmp_path / "w.png"))
    top = 120 + 14  # HEADER + 14: where Monday's first tile starts
    assert img.convert("RGB").getpixel((40, top + 100)) == (206, 202, 196)  # the left edge
    assert img.convert("RGB").getpixel((60, top + 100)) == (255, 255, 255)  # inside


def test_week_picture_leaves_out_posts_of_other_weeks(tmp_path: Path) -> None:
    post = Post("p", "a", AT + timedelta(days=30), "other", "Later")
    path = write_week_picture([post], Week(2026, 49), "UTC", tmp_path / "w.png")
    assert path.is_file()


def test_never_mention_names_are_caught_inside_hashtags_as_the_tone_filter_does() -> None:
    from planner.cards.alt_text import mentioned_names, scrub_names

    assert mentioned_names("Bouldering #teamalex", ["Alex", "Sam"]) == ["Alex"]
    assert "alex" not in scrub_names("Bouldering with @Alex #teamalex", ["alex"]).lower()


def test_comment_icc_and_xmp_of_the_photo_do_not_reach_the_card(
    planner_home: Path, tmp_path: Path
) -> None:
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS 52.5 13.4, owner Jane Doe</x:xmpmeta>'
    photo = Image.new("RGB", (800, 600), (10, 20, 30))
    photo.save(tmp_path / "p.jpg", "JPEG", icc_profile=icc, comment=b"Jane Doe", xmp=xmp)
    photo.save(tmp_path / "p.png", "PNG", icc_profile=icc)
    for name in ("p.jpg", "p.png"):
        acts = {"a": Activity("a", AT, "run", "fitness", "Run", photo=name)}
        for png in (False, True):
            out = render_posts(
                [Post("p", "a", AT, "fitness", "Easy run")],
                acts,
                _settings(planner_home),
                tmp_path / "out",
                base_dir=tmp_path,
                png=png,
            )
            data = Path(out[0].image).read_bytes()  # type: ignore[arg-type]
            assert b"Jane Doe" not in data and b"xmpmeta" not in data
            with Image.open(out[0].image) as img:
                assert not {"exif", "icc_profile", "xmp", "comment"} & set(img.info), name


def test_dating_alt_text_leaves_out_the_title_and_the_place(planner_home: Path) -> None:
    act = Activity("d", AT, "dinner", "dating", "Dinner with Chris", location="Cafe Luna")
    post = Post("p", "d", AT, "dating", "A slow dinner, good talk.")
    text = alt_text_for(post, act, _settings(planner_home))
    assert "Chris" not in text and "Luna" not in text
    assert text == 'Text card about a dinner. Caption: "A slow dinner, good talk."'


def test_kept_alt_text_loses_a_name_added_to_never_mention_since(scene, planner_home: Path) -> None:  # type: ignore[no-untyped-def]
    _, acts, base = scene
    mine = Post("p1", "a1", AT, "fitness", "Run", alt_text="Robin and me at the river")
    s = _settings(planner_home, never_mention=("Robin",))
    out = render_posts([mine], acts, s, base / "out", base_dir=base)
    assert out[0].alt_text == "and me at the river"


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060"])
def test_a_name_split_by_an_invisible_character_does_not_reach_the_image(
    planner_home: Path, tmp_path: Path, hidden: str
) -> None:
    s = _settings(planner_home, never_mention=("Robin",))
    cards = render_posts(
        [
            Post("p", "a", AT, "other", f"Walk with Ro{hidden}bin"),
            Post("q", "a", AT, "other", "Walk with"),
        ],
        {},
        s,
        tmp_path / "out",
    )
    assert cards[0].image == cards[1].image  # the same drawing: the name is left out


def test_week_picture_leaves_never_mention_names_out_of_the_first_words(tmp_path: Path) -> None:
    named = Post("p", "a", AT, "other", "Lunch with Ro\u200bbin by the canal")
    plain = Post("p", "a", AT, "other", "Lunch with by the canal")
    week = Week(2026, 49)
    a = write_week_picture([named], week, "UTC", tmp_path / "a.png", never_mention=("Robin",))
    b = write_week_picture([plain], week, "UTC", tmp_path / "b.png")
    assert a.read_bytes() == b.read_bytes()


def test_week_picture_that_cannot_be_written_is_one_planner_error(tmp_path: Path) -> None:
    from planner.errors import PlannerError

    (tmp_path / "week.png").mkdir()
    with pytest.raises(
        PlannerError, match=r"week\.png: cannot write the week picture: a folder is in the way"
    ):
        write_week_picture([], Week(2026, 49), "UTC", tmp_path / "week.png")
    assert [p.name for p in tmp_path.iterdir()] == ["week.png"]  # no .part file left behind


@pytest.mark.parametrize("preset", ["instagram-portrait", "story", "landscape"])
def test_photo_card_text_keeps_its_contrast_on_a_white_photo(tmp_path: Path, preset: str) -> None:
    from planner.cards.draw import CardJob, draw_card
    from planner.cards.templates import load_template, preset_size

    size = preset_size(preset)
    caption = " ".join(["Easy 8 km along the river, legs felt good."] * 5)
    cards = {}
    for name, shade in (("white", 255), ("black", 0)):
        Image.new("RGB", (1600, 1200), (shade,) * 3).save(tmp_path / f"{name}.jpg")
        job = CardJob(
            caption,
            "",
            load_template("photo", None),
            size,
            str(tmp_path / f"{name}.jpg"),
            False,
            None,
        )
        cards[name] = draw_card(job).convert("L")
    # the rows that hold glyphs: whatever is bright on the black photo
    rows = [
        y
        for y in range(size[1])
        if cards["black"].crop((0, y, size[0], y + 1)).getextrema()[1] > 128
    ]
    assert rows
    worst = max(cards["white"].getpixel((1, y)) for y in range(rows[0], rows[-1] + 1))

    def luminance(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    assert 1.05 / (luminance(worst) + 0.05) >= 4.5  # WCAG AA against the white caption


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        ("walk", "Text card about a walk: Lake."),
        ("outing", "Text card about an outing: Lake."),
        ("pottery", "Text card about pottery: Lake."),
        ("cooking", "Text card about cooking: Lake."),
        ("gym", "Text card about the gym: Lake."),
        ("hot yoga", "Text card about hot yoga: Lake."),
        # Strong and Hevy log "strength training": not "about a strength training"
        ("strength training", "Text card about strength training: Lake."),
        ("weight training", "Text card about weight training: Lake."),
        ("strength", "Text card about strength: Lake."),
    ],
)
def test_alt_text_reads_as_english_whatever_the_kind(
    planner_home: Path, kind: str, start: str
) -> None:
    act = Activity("a", AT, kind, "fitness", "Lake")
    text = alt_text_for(Post("p", "a", AT, "fitness", "Calm."), act, _settings(planner_home))
    assert text == f'{start} Caption: "Calm."'


def test_alt_text_leaves_out_a_title_or_place_the_tone_filter_would_not_post(
    tmp_path: Path,
) -> None:
    from planner.cards.alt_text import alt_text_for

    settings = Settings(home=tmp_path, timezone="Europe/Berlin")
    activity = Activity(
        "a1",
        datetime(2026, 11, 30, 7, 0, tzinfo=UTC),
        "run",
        "fitness",
        "Still waiting for you to call me back",
        location="Hope you see this park",
        photo="lake.jpg",
    )
    post = Post("p1", "a1", datetime(2026, 11, 30, 18, 0, tzinfo=UTC), "fitness", "A run.")
    alt = alt_text_for(post, activity, settings)
    assert "waiting" not in alt and "see this" not in alt
    assert "A run." in alt
