"""Caption template sets: complete in every language, every placeholder filled, feelings marked,
and the user's own templates in <home>/captions/ add to or replace the bundled ones."""

from __future__ import annotations

import re
import string
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.caption_book import BUNDLED_LANGUAGES, CAPTION_VARIABLES, available_languages
from planner.captions import CaptionBook, OwnWords
from planner.errors import ConfigError
from planner.models import CATEGORIES, Activity, Post
from planner.resources import templates_dir
from planner.workflow import caption_book

TZ = ZoneInfo("Europe/Berlin")
SUNDAY = datetime(2026, 11, 22, 10, tzinfo=TZ)
MONDAY_EVENING = SUNDAY + timedelta(days=1, hours=9)
FULL = {
    "title": "Sample title",
    "place": "Lakeside",
    "weekday": "Sunday",
    "distance": "6 km",
    "details": "Squat, Row",
    "kind": "run",
}


def act(title: str, category: str = "fitness", **kw: object) -> Activity:
    return Activity(
        id=f"{abs(hash((title, category))):08x}"[:8] + "00000000",
        start=kw.pop("start", SUNDAY),  # type: ignore[arg-type]
        kind=kw.pop("kind", category),  # type: ignore[arg-type]
        category=category,
        title=title,
        **kw,  # type: ignore[arg-type]
    )


def every_caption(book: CaptionBook, activity: Activity, at: datetime) -> list[str]:
    """Every caption the book gives for the activity, one per usable variant."""
    texts: list[str] = []
    history: list[Post] = []
    for n in range(len(book.variants[activity.category])):
        caption = book.caption(activity, at, history)
        assert caption is not None
        if caption.variant in {p.variant for p in history}:
            break
        texts.append(caption.text)
        history.append(Post(str(n), "x", at, activity.category, "", variant=caption.variant))
    return texts


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_every_language_has_four_variants_per_category_and_neutral_ones(language: str):
    book = caption_book(language)
    for category in CATEGORIES:
        variants = book.variants[category]
        assert len(variants) >= 4, (language, category)
        neutral = [v for v in variants if not v.feeling]
        assert len(neutral) >= 2, (language, category)
        assert any(not v.needs for v in neutral), (language, category)  # a caption always exists
        assert len({v.id for v in variants}) == len(variants)


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_every_placeholder_is_filled_and_ids_match_across_languages(language: str):
    book = caption_book(language)
    english = caption_book("en")
    for category in CATEGORIES:
        for variant in book.variants[category]:
            text = variant.template.substitute(FULL)
            assert "$" not in text and text.strip() == text, (language, variant.id)
            assert variant.needs <= set(CAPTION_VARIABLES)
        assert any(v.feeling for v in book.variants[category]) == any(
            v.feeling for v in english.variants[category]
        )


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_words_name_every_weekday_and_month(language: str):
    words = caption_book(language).words
    assert len(set(words.weekdays)) == 7 and len(set(words.months)) == 12
    assert len(set(words.weekdays_short)) == 7 and len(set(words.months_short)) == 12
    assert {"photo", "card", "caption", "plain"} <= words.alt_text.keys()


_CLAIMS = {
    "de": r"\b(heute|gestern|abends?|morgens?|abendessen|mittagessen|freunde?n?)\b",
    "es": r"\b(hoy|ayer|noche|mañana|cena|almuerzo|amig[oa]s?)\b",
    "fr": r"\b(aujourd'hui|hier|soir(ée)?|matin|dîner|déjeuner|ami(e)?s?)\b",
    "pt": r"\b(hoje|ontem|noite|manhã|jantar|almoço|amig[oa]s?)\b",
}


@pytest.mark.parametrize("language", sorted(_CLAIMS))
def test_no_template_claims_when_or_with_whom(language: str):
    """As in English: a post goes out days later, about any kind in a category."""
    for category, variants in caption_book(language).variants.items():
        for variant in variants:
            assert not re.search(_CLAIMS[language], variant.template.template, re.I), (
                language,
                category,
                variant.id,
            )


def test_feelings_only_with_a_mood_of_four_or_five():
    book = caption_book()
    claims = re.compile(r"enjoy|felt good|glad|steady progress|good reset|worth", re.I)
    for mood in (None, 3):
        for category in ("fitness", "outing", "wellbeing", "social"):
            for text in every_caption(book, act("Long walk by the lake", category, mood=mood),
                                      MONDAY_EVENING):  # fmt: skip
                assert not claims.search(text), (mood, text)
    happy = every_caption(book, act("Long walk by the lake", "fitness", mood=5), MONDAY_EVENING)
    assert any(claims.search(t) for t in happy)


def test_a_single_word_is_cryptic_only_for_an_app_workout():
    assert caption_values_title(act("Legs", kind="strength training", source="hevy")) != "Legs"
    assert caption_values_title(act("Legs", kind="strength training")) == "Legs"
    assert caption_values_title(act("Clay", "hobby", source="strava")) == "Clay"


def test_a_title_ending_in_a_letter_is_a_program_day_but_a_title_ending_in_i_is_not():
    from planner.caption_title import is_cryptic

    assert is_cryptic("Workout B") and is_cryptic("Upper body C")
    assert not is_cryptic("Coffee with my sister and I")
    assert not is_cryptic("A walk by the lake") and not is_cryptic("Vitamin D walk")


def caption_values_title(activity: Activity) -> str:
    from planner.captions import caption_values

    return caption_values(activity, MONDAY_EVENING)["title"]


def test_truly_almost_died_gets_no_steady_progress():
    for text in every_caption(caption_book(), act("Truly almost died"), MONDAY_EVENING):
        assert "progress" not in text.lower() and "enjoy" not in text.lower(), text


@pytest.mark.parametrize(
    ("title", "kind", "shown"),
    [
        ("SDB", "strength training", "Strength workout"),
        ("W3D2", "run", "6 km run"),
        ("Hypertrophy 1: 3-5", "weight training", "45 min strength workout"),
        ("5x5", "strength training", "45 min strength workout"),
        ("Stronglifts A", "strength training", "45 min strength workout"),
        ("Legs", "strength training", "45 min strength workout"),
        ("PUSH DAY", "strength training", "45 min strength workout"),
        ("Workout A", "strength training", "45 min strength workout"),  # StrongLifts' A/B days
        ("Full Body B", "strength training", "45 min strength workout"),
        ("Starting Strength A", "weight training", "45 min strength workout"),
    ],
)
def test_cryptic_titles_give_way_to_what_it_was(title: str, kind: str, shown: str):
    distance = 6.0 if kind == "run" else None
    duration = None if kind == "run" or title == "SDB" else 45 * 60
    activity = act(title, kind=kind, distance_km=distance, duration_s=duration, source="strong")
    texts = every_caption(caption_book(), activity, MONDAY_EVENING)
    assert texts and all(title not in t for t in texts), texts
    assert any(shown.lower() in t.lower() for t in texts), texts
    caption = caption_book().caption(activity, MONDAY_EVENING, [])
    assert caption is not None and "reads as a code" in caption.note


def test_notes_in_a_language_the_tone_filter_cannot_read_are_not_posted():
    def judge(text: str) -> OwnWords:
        return OwnWords(text, "your notes")

    book = caption_book()
    pt = act("Long run", notes="melhorando cada vez mais…", distance_km=12.0)
    caption = book.caption(pt, MONDAY_EVENING, [], own_words=judge)
    assert caption is not None and caption.variant != "notes"
    assert "melhorando" not in caption.text
    assert caption.note.startswith("your notes are in Portuguese")
    en = act("Long run", notes="Slow and steady by the river", distance_km=12.0)
    kept = book.caption(en, MONDAY_EVENING, [], own_words=judge)
    assert kept is not None and kept.text == "Slow and steady by the river"


def test_a_danish_title_never_meets_an_english_template():
    activity = act("5k, dukkert, barfod hjem", kind="run", distance_km=5.2, mood=5)
    texts = every_caption(caption_book(), activity, MONDAY_EVENING)
    assert texts and not any("dukkert" in t for t in texts), texts
    assert any("5.2 km run" in t for t in texts)


def test_german_captions_use_german_words_and_never_an_english_title():
    book = caption_book("de")
    run = act("Feierabendrunde am See", kind="run", distance_km=6.4, mood=5)
    texts = every_caption(book, run, MONDAY_EVENING)
    assert any("Lauf über 6,4 km" in t for t in texts), texts
    assert any("Sonntag" in t for t in texts), texts
    assert not any("Feierabendrunde" in t or "Sunday" in t for t in texts), texts
    caption = book.caption(run, MONDAY_EVENING, [])
    assert caption is not None and "not shown: captions are in German" in caption.note
    museum = act("Bauhaus exhibition", "outing", kind="museum", location="Bauhaus-Archiv")
    assert any("Museumsbesuch" in t for t in every_caption(book, museum, MONDAY_EVENING))


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_other_languages_describe_a_run_in_their_own_words(language: str):
    expected = {
        "es": "Carrera de 6,4 km",
        "fr": "6,4 km de course à pied",
        "pt": "Corrida de 6,4 km",
    }
    run = act("Evening loop", kind="run", distance_km=6.4)
    texts = every_caption(caption_book(language), run, MONDAY_EVENING)
    assert any(expected[language].lower() in t.lower() for t in texts), texts
    assert all(t[0].isupper() or t[0].isdigit() for t in texts), texts


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_your_own_variants_add_to_and_replace_the_bundled_ones(tmp_path: Path):
    home = tmp_path / "home"
    write(home / "captions" / "fitness.toml",
          '[[variant]]\nid = "fitness-title"\ntext = "$title, logged."\n'
          '[[variant]]\nid = "mine"\ntext = "Moved a bit: $title."\n')  # fmt: skip
    book = caption_book("en", home)
    ids = [v.id for v in book.variants["fitness"]]
    assert "mine" in ids and ids.count("fitness-title") == 1
    replaced = next(v for v in book.variants["fitness"] if v.id == "fitness-title")
    assert replaced.template.template == "$title, logged."
    write(home / "captions" / "food.toml",
          'keep_bundled = false\n[[variant]]\nid = "f1"\ntext = "$title."\n')  # fmt: skip
    assert [v.id for v in caption_book("en", home).variants["food"]] == ["f1"]


def test_a_language_of_your_own(tmp_path: Path):
    home = tmp_path / "home"
    folder = home / "captions" / "da"
    write(folder / "words.toml", 'weekdays = ["mandag", "tirsdag", "onsdag", "torsdag", '
          '"fredag", "lørdag", "søndag"]\n[categories]\nfitness = "træning"\n')  # fmt: skip
    for category in CATEGORIES:
        write(folder / f"{category}.toml", '[[variant]]\nid = "d"\ntext = "En god $weekday."\n')
    assert "da" in available_languages(templates_dir() / "captions", home)
    book = caption_book("da", home)
    caption = book.caption(act("Løb", kind="run"), MONDAY_EVENING, [])
    assert caption is not None and caption.text == "En god søndag."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[variant]]\nid = "x"\ntext = "At $venue."\n', "uses $venue, which is not a caption"),
        ('[[variant]]\nid = "x"\ntext = "Costs 5$"\n', "a stray $"),
        ('[[variant]]\nid = "x"\ntext = "Hi."\nfeeling = "yes"\n', "feeling must be true"),
        ("not toml [", "cannot read"),
        ("keep_bundled = false\nvariant = []\n", "no caption variants for 'hobby'"),
    ],
)
def test_a_broken_template_file_is_one_clear_error(tmp_path: Path, content: str, message: str):
    home = tmp_path / "home"
    path = write(home / "captions" / "hobby.toml", content)
    with pytest.raises(ConfigError) as err:
        caption_book("en", home)
    assert message in str(err.value), err.value
    assert str(err.value).startswith(f"{path}: "), err.value  # the file to fix, not another


def test_templates_are_string_templates_only():
    for path in (templates_dir() / "captions").rglob("*.toml"):
        text = path.read_text(encoding="utf-8")
        assert "{" not in text.replace("= {", "").replace("{ noun", ""), path
        assert string.Template(text).is_valid() or path.name == "words.toml"


def test_alt_text_and_card_footer_in_the_caption_language(tmp_path: Path):
    from planner.cards.alt_text import alt_text_for
    from planner.cards.render import _footer_text
    from planner.cards.templates import load_template
    from planner.config import Settings

    run = act("Feierabendrunde am See", kind="run", distance_km=6.4, location="Müggelsee")
    post = Post("p", run.id, MONDAY_EVENING, "fitness", "Lauf über 6,4 km am Sonntag.")
    german = Settings(home=tmp_path, language="de", timezone="Europe/Berlin")
    assert alt_text_for(post, run, german, shows_photo=True) == (
        "Foto: Lauf über 6,4 km, Müggelsee. Bildtext: „Lauf über 6,4 km am Sonntag.“"
    )
    assert _footer_text(load_template("photo", tmp_path), post, run, german) == (
        "Sonntag · Müggelsee"
    )
    french = Settings(home=tmp_path, language="fr", timezone="Europe/Berlin")
    assert _footer_text(load_template("quote", tmp_path), post, run, french) == "Dimanche"
    english = Settings(home=tmp_path, timezone="Europe/Berlin")
    code = act("W3D2", kind="run", distance_km=6.4, source="strava")
    assert alt_text_for(post, code, english, shows_photo=False).startswith(
        "Text card about a run: 6.4 km run."
    )


def test_a_title_naming_another_weekday_gets_no_weekday_of_its_own():
    saturday = act("Sunday long ride to the lake", kind="ride", distance_km=96.4,
                   start=SUNDAY - timedelta(days=1), mood=5)  # fmt: skip
    texts = every_caption(caption_book(), saturday, MONDAY_EVENING)
    assert any("Sunday long ride" in t for t in texts)
    for text in texts:  # "Saturday: Sunday long ride" contradicts itself
        assert "Saturday" not in text or "Sunday" not in text, text


def test_a_bare_noun_is_never_a_whole_caption():
    """'Markt.' says nothing; with no title of the user's a caption needs more than a noun."""
    market = act("Christmas market", "outing", kind="market", location="Gendarmenmarkt", mood=4)
    for language in BUNDLED_LANGUAGES[1:]:
        for text in every_caption(caption_book(language), market, MONDAY_EVENING):
            assert len(text.split()) > 1, (language, text)


def test_alt_text_keeps_french_spacing_and_names_the_place_when_no_noun_fits(tmp_path: Path):
    from planner.cards.alt_text import alt_text_for
    from planner.config import Settings

    trip = act("Weekend in Dresden", "trip", kind="trip", location="Dresden")
    post = Post("p", trip.id, MONDAY_EVENING, "trip", "Retour de voyage : Dresden.")
    french = Settings(home=tmp_path, language="fr", timezone="Europe/Berlin")
    assert alt_text_for(post, trip, french, shows_photo=True) == (
        "Photo : Dresden. Légende : « Retour de voyage : Dresden. »"
    )


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_a_never_mention_name_spoils_a_variant_in_any_language(language: str, tmp_path: Path):
    from planner.config import Settings
    from planner.tone import caption_check

    settings = Settings(home=tmp_path, language=language, never_mention=("Dresden",))
    assert caption_check(settings)("Dresden, 12 km.") is not None
    assert caption_check(settings)("12 km.") is None


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_every_bundled_variant_passes_the_tone_filter(language: str, tmp_path: Path):
    """A variant the filter rejects is dead weight. English variants face the whole filter;
    the others (which it cannot read) only the never_mention names."""
    from planner.config import Settings
    from planner.tone import caption_check

    check = caption_check(Settings(home=tmp_path, language=language))
    values = {**FULL, "title": "Long walk by the lake"}
    for category, variants in caption_book(language).variants.items():
        for variant in variants:
            text = variant.template.substitute(values)
            assert check(text) is None, (language, category, variant.id, check(text))


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES)
def test_every_sentence_of_a_caption_starts_with_a_capital(language: str):
    """'Ar puro e cabeça leve. trilha de 11,2 km.': what an activity was is written for the
    middle of a sentence, so where a variant starts a sentence with it, it gets a capital."""
    activities = [
        act("Grunewald loop", "outdoors", kind="hike", distance_km=11.2, mood=5),
        act("Easy 5 km before work", kind="run", distance_km=5.0, mood=5),
        act("Evening sauna", "wellbeing", kind="sauna", mood=5),
    ]
    for activity in activities:
        for text in every_caption(caption_book(language), activity, MONDAY_EVENING):
            for start in re.findall(r"[.!?]\s+(\w)", text):
                assert start.isupper() or start.isdigit(), (language, text)


@pytest.mark.parametrize("language", BUNDLED_LANGUAGES[1:])
def test_english_notes_are_not_the_caption_in_another_language(language: str):
    def judge(text: str) -> OwnWords:
        return OwnWords(text, "your notes")

    run = act("Long run", kind="run", notes="Slow and steady by the river", distance_km=12.0)
    caption = caption_book(language).caption(run, MONDAY_EVENING, [], own_words=judge)
    assert caption is not None and caption.variant != "notes", caption
    assert "steady" not in caption.text
    assert caption.note.startswith("your notes and title 'Long run' not shown: captions are in ")


@pytest.mark.parametrize(
    ("language", "kind", "km", "minutes", "said"),
    [
        ("es", "treadmill running", 12.3, None, "12,3 km en la cinta"),  # not "cinta de 12,3 km"
        ("es", "indoor running", 8.0, None, "8 km en pista cubierta"),
        ("pt", "treadmill running", 23.9, None, "23,9 km na esteira"),
        ("es", "e-bike ride", None, 45, "45 min en bici eléctrica"),
        ("pt", "e-bike ride", None, 45, "45 min de bicicleta elétrica"),
        ("es", "mountain biking", None, 45, "45 min en bici de montaña"),
        ("pt", "mountain biking", None, 45, "45 min de mountain bike"),
        ("de", "e-bike ride", None, 45, "45 Minuten auf dem E-Bike"),
        ("de", "alpine ski", None, 45, "45 Minuten auf Skiern"),  # not "45 Minuten Skitag"
        ("es", "alpine ski", 12.3, None, "12,3 km esquiando"),  # not "día de esquí de 12,3 km"
        ("pt", "alpine ski", None, 45, "45 min de esqui"),
        ("en", "alpine ski", None, 45, "45 min on skis"),  # not "45 min ski day"
    ],
)
def test_what_an_activity_was_reads_as_the_activity(
    language: str, kind: str, km: float | None, minutes: int | None, said: str
):
    """A distance or a time belongs to the activity, not to the treadmill or the day."""
    from planner.caption_title import describe

    activity = act("", kind=kind, distance_km=km, duration_s=minutes and minutes * 60)
    assert describe(activity, caption_book(language).words).lower() == said.lower()
