"""planner.toml: defaults, validation errors that name file and key, init round trip, origins."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date, time
from pathlib import Path

import pytest

from planner.config import (
    CONFIG_NAME,
    CardSettings,
    PublishSettings,
    Settings,
    ToneSettings,
    load_settings,
    system_timezone,
)
from planner.errors import ConfigError
from planner.policy import Policy, Window
from planner.settings_doc import default_config_text, policy_rows


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    return path


def config_error(home: Path, text: str) -> str:
    write_config(home, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(home)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_defaults_with_no_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.policy == Policy()
    assert settings.tone == ToneSettings()
    assert settings.cards == CardSettings()
    assert settings.publish == PublishSettings()
    assert settings.never_mention == ()
    assert settings.timezone == "Europe/Berlin"  # $TZ, set by the autouse fixture
    assert settings.db_path == tmp_path / "planner.db"
    assert settings.config_path == tmp_path / CONFIG_NAME
    assert settings.origins["timezone"] == "system"
    assert settings.origins["policy.posts_per_week"] == "default"
    assert settings.origins["never_mention"] == "default"


def test_the_policy_defaults_match_the_design(tmp_path: Path) -> None:
    policy = load_settings(tmp_path).policy
    assert (policy.posts_per_week, policy.posts_per_day, policy.min_gap_hours) == (3, 1, 36.0)
    assert (policy.quiet_start, policy.quiet_end) == (time(22, 0), time(8, 0))
    assert policy.weekday_windows == (Window(time(18, 0), time(20, 30)),)
    assert policy.weekend_windows == (Window(time(10, 0), time(13, 0)),)
    assert (policy.min_mood, policy.max_age_days, policy.location_delay_hours) == (3, 14, 24.0)
    assert (policy.dating_enabled, policy.dating_every_weeks) == (False, 4)
    assert policy.per_category_per_week == 1
    assert policy.allow_consecutive_days is False


def test_a_named_config_file_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, path)
    assert str(caught.value) == f"{path}: no such config file (run 'planner init' to write one)"


def test_values_from_the_file(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        'timezone = "America/New_York"\n'
        'never_mention = ["Sam", "@sam_x"]\n'
        "[policy]\n"
        "posts_per_week = 2\n"
        "min_gap_hours = 48\n"
        'quiet_start = "21:30"\n'
        'weekday_windows = ["07:00-08:00", "18:00-20:30"]\n'
        "quiet_since = 2026-11-01\n"
        "dating_enabled = true\n"
        "[cards]\n"
        'preset = "story"\n',
    )
    settings = load_settings(tmp_path)
    assert settings.timezone == "America/New_York"
    assert settings.never_mention == ("Sam", "@sam_x")
    assert settings.policy.posts_per_week == 2
    assert settings.policy.min_gap_hours == 48.0
    assert isinstance(settings.policy.min_gap_hours, float)
    assert settings.policy.quiet_start == time(21, 30)
    assert settings.policy.weekday_windows == (
        Window(time(7, 0), time(8, 0)),
        Window(time(18, 0), time(20, 30)),
    )
    assert settings.policy.quiet_since == date(2026, 11, 1)
    assert settings.policy.dating_enabled is True
    assert settings.cards.preset == "story"
    assert settings.origins["timezone"] == str(path)
    assert settings.origins["never_mention"] == str(path)
    assert settings.origins["policy.posts_per_week"] == str(path)
    assert settings.origins["policy.posts_per_day"] == "default"
    assert settings.origins["cards.preset"] == str(path)
    assert settings.origins["cards.template"] == "default"


def test_with_never_mention_adds_names_once(tmp_path: Path) -> None:
    write_config(tmp_path, 'never_mention = ["Sam"]\n')
    settings = load_settings(tmp_path).with_never_mention(("Alex", "Sam"))
    assert settings.never_mention == ("Sam", "Alex")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[policy]\nposts_per_week = "three"',
            "key 'policy.posts_per_week': 'three' is not valid"
            " (expected a whole number, 0 or more)",
        ),
        (
            "[policy]\nposts_per_week = 2.5",
            "key 'policy.posts_per_week': 2.5 is not valid (expected a whole number, 0 or more)",
        ),
        (
            "[policy]\nposts_per_week = true",
            "key 'policy.posts_per_week': True is not valid (expected a whole number, 0 or more)",
        ),
        (
            "[policy]\nposts_per_day = -1",
            "key 'policy.posts_per_day': -1 is not valid (expected a whole number, 0 or more)",
        ),
        (
            "[policy]\nmin_gap_hours = -1.5",
            "key 'policy.min_gap_hours': -1.5 is not valid (expected a number, 0 or more)",
        ),
        (
            '[policy]\nquiet_start = "25:00"',
            "key 'policy.quiet_start': '25:00' is not valid (expected a time like \"22:00\")",
        ),
        (
            "[policy]\nquiet_end = 8",
            "key 'policy.quiet_end': 8 is not valid (expected a time like \"22:00\")",
        ),
        (
            '[policy]\nweekday_windows = ["20:00-18:00"]',
            "key 'policy.weekday_windows': ['20:00-18:00'] is not valid (expected windows"
            ' whose end is after their start, like "18:00-20:30")',
        ),
        (
            '[policy]\nweekend_windows = ["10:00"]',
            "key 'policy.weekend_windows': ['10:00'] is not valid"
            ' (expected windows like "18:00-20:30")',
        ),
        (
            '[policy]\nweekend_windows = "10:00-13:00"',
            "key 'policy.weekend_windows': '10:00-13:00' is not valid (expected a list)",
        ),
        (
            '[policy]\ndating_enabled = "yes"',
            "key 'policy.dating_enabled': 'yes' is not valid (expected true or false)",
        ),
        (
            '[policy]\nquiet_since = "last week"',
            "key 'policy.quiet_since': 'last week' is not valid (expected a date like 2026-11-01)",
        ),
        (
            "[policy]\nquiet_since = 2026-11-20T10:00:00",
            "key 'policy.quiet_since': datetime.datetime(2026, 11, 20, 10, 0) is not valid"
            " (expected a date like 2026-11-01, without a time)",
        ),
        (
            'never_mention = "Sam"',
            "key 'never_mention': 'Sam' is not valid (expected a list)",
        ),
        (
            "[cards]\npng = 1",
            "key 'cards.png': 1 is not valid (expected true or false)",
        ),
        (
            'timezone = "Mars/Olympus"',
            "key 'timezone': 'Mars/Olympus' is not an IANA time zone"
            ' (use a name like "Europe/Berlin")',
        ),
        (
            "timezone = 1",
            "key 'timezone': 1 is not an IANA time zone (use a name like \"Europe/Berlin\")",
        ),
    ],
)
def test_an_invalid_value_names_file_and_key(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / CONFIG_NAME
    assert config_error(tmp_path, text) == f"{path}: {problem}"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("policy.min_gap_hours = nan", "key 'policy.min_gap_hours': nan is not valid"),
        ("policy.min_gap_hours = inf", "key 'policy.min_gap_hours': inf is not valid"),
        ("policy.min_gap_hours = 1e12", "key 'policy.min_gap_hours': 1000000000000.0 is not"),
        ("policy.max_age_days = 99999999999", "key 'policy.max_age_days': 99999999999 is not"),
        ("policy.location_delay_hours = 1e300", "key 'policy.location_delay_hours': 1e+300 is"),
        ("policy.variant_memory_weeks = 99999999999", "key 'policy.variant_memory_weeks': 9999"),
        ("policy.ramp_quiet_days = 100000000", "key 'policy.ramp_quiet_days': 100000000 is not"),
        ("policy.min_mood = 9", "key 'policy.min_mood': 9 is not valid (expected 1 to 5)"),
        ("policy.min_mood = 0", "key 'policy.min_mood': 0 is not valid (expected 1 to 5)"),
        # a Timer or socket timeout this long overflowed: a traceback per photo, or week died
        ("cards.fetch_deadline_s = 1e10", "key 'cards.fetch_deadline_s': 10000000000.0 is not"),
        ("cards.fetch_timeout_s = 1e300", "key 'cards.fetch_timeout_s': 1e+300 is not valid"),
        # no time at all: every photo failed, said as "cannot connect" or "took too long"
        (
            "cards.fetch_timeout_s = 0",
            "key 'cards.fetch_timeout_s': 0.0 is not valid (expected 0.1",
        ),
        ("cards.fetch_deadline_s = 0", "key 'cards.fetch_deadline_s': 0.0 is not valid (expected"),
    ],
)
def test_a_number_out_of_range_is_an_error_not_a_crash_later(
    tmp_path: Path, text: str, problem: str
) -> None:
    message = config_error(tmp_path, f"{text}\npolicy.quiet_since = 2026-11-01")  # dotted keys
    assert message.startswith(f"{tmp_path / CONFIG_NAME}: {problem}")


def test_every_policy_default_is_inside_its_limits() -> None:
    from planner.policy import POLICY_LIMITS

    for key, (low, high) in POLICY_LIMITS.items():
        assert low <= getattr(Policy(), key) <= high, key


def test_an_unknown_key_in_policy_lists_the_allowed_keys(tmp_path: Path) -> None:
    message = config_error(tmp_path, "[policy]\nposts_per_wek = 3")
    allowed = ", ".join(f.name for f in dataclasses.fields(Policy))
    assert message == (
        f"{tmp_path / CONFIG_NAME}: unknown key 'policy.posts_per_wek' (allowed: {allowed})"
    )


def test_an_unknown_section_lists_the_allowed_ones(tmp_path: Path) -> None:
    assert config_error(tmp_path, "[polcy]\nposts_per_week = 3") == (
        f"{tmp_path / CONFIG_NAME}: unknown key 'polcy'"
        " (allowed: cards, language, never_mention, policy, publish, timezone, tone, units)"
    )


def test_a_section_that_is_not_a_table(tmp_path: Path) -> None:
    assert config_error(tmp_path, "policy = 3") == (
        f"{tmp_path / CONFIG_NAME}: [policy] must be a table of keys"
    )


def test_broken_toml(tmp_path: Path) -> None:
    message = config_error(tmp_path, "[policy\nposts_per_week = 3\n")
    assert message.startswith(f"{tmp_path / CONFIG_NAME}: not valid TOML: ")
    assert "line 1" in message
    assert message.endswith("(fix the file or run 'planner init')")


def test_a_config_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_bytes(b'timezone = "Europe/Berlin" # \xff\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / CONFIG_NAME}: ")


# planner init: the commented file parses back to exactly the defaults


def test_init_text_round_trips_to_the_defaults(tmp_path: Path) -> None:
    text = default_config_text("Europe/Berlin")
    tomllib.loads(text)
    path = write_config(tmp_path, text)
    settings = load_settings(tmp_path)
    defaults = Settings(home=tmp_path, timezone="Europe/Berlin", config_path=path)
    assert settings == defaults
    assert settings.policy == Policy()
    assert settings.tone == ToneSettings()
    assert settings.cards == CardSettings()
    assert settings.publish == PublishSettings()


def test_init_text_writes_every_setting(tmp_path: Path) -> None:
    data = tomllib.loads(default_config_text("UTC"))
    text = default_config_text("UTC")
    for section, cls in (
        ("policy", Policy),
        ("tone", ToneSettings),
        ("cards", CardSettings),
        ("publish", PublishSettings),
    ):
        for f in dataclasses.fields(cls):
            if getattr(cls(), f.name) is None:
                assert f"# {f.name} = " in text
            else:
                assert f.name in data[section], f"{section}.{f.name}"
    assert data["timezone"] == "UTC"
    assert data["never_mention"] == []


def test_init_text_explains_every_setting() -> None:
    lines = default_config_text("UTC").splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.startswith("# ") or line.startswith("# ") and " = " in line:
            assert lines[i - 1].startswith("# "), f"no comment above {line!r}"
            assert " = " not in lines[i - 1], f"no comment above {line!r}"


@pytest.mark.parametrize(
    ("key", "value"), [("quiet_since", date(2026, 11, 1)), ("negative_threshold", -0.5)]
)
def test_uncommenting_an_unset_setting_sets_it(tmp_path: Path, key: str, value: object) -> None:
    text = default_config_text("UTC").replace(f"# {key} = ", f"{key} = ")
    write_config(tmp_path, text)
    settings = load_settings(tmp_path)
    section = settings.policy if key == "quiet_since" else settings.tone
    assert getattr(section, key) == value


def test_negative_threshold_takes_a_sentiment_score(tmp_path: Path) -> None:
    write_config(tmp_path, "[tone]\nnegative_threshold = -0.3\n")
    assert load_settings(tmp_path).tone.negative_threshold == -0.3
    write_config(tmp_path, "[tone]\nnegative_threshold = -3\n")
    with pytest.raises(ConfigError, match=r"'tone.negative_threshold': -3.0 .*expected -1 to 1"):
        load_settings(tmp_path)


def test_origins_say_file_or_default(tmp_path: Path) -> None:
    path = write_config(tmp_path, default_config_text("Europe/Berlin"))
    settings = load_settings(tmp_path)
    for f in dataclasses.fields(Policy):
        expected = "default" if getattr(Policy(), f.name) is None else str(path)
        assert settings.origins[f"policy.{f.name}"] == expected, f.name
    assert settings.origins["timezone"] == str(path)


def test_policy_rows_show_values_and_origins(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[policy]\nposts_per_week = 2\nquiet_start = "21:00"\n')
    rows = {key: (value, origin) for key, value, origin in policy_rows(load_settings(tmp_path))}
    assert rows["timezone"] == ("Europe/Berlin", "system")
    assert rows["never_mention"] == ("0 name(s)", "default")
    assert rows["posts_per_week"] == ("2", str(path))
    assert rows["quiet_start"] == ("21:00", str(path))
    assert rows["posts_per_day"] == ("1", "default")
    assert rows["weekday_windows"] == ('["18:00-20:30"]', "default")
    assert rows["quiet_since"] == ("not set", "default")
    assert rows["units"] == ("metric", "default")
    assert rows["language"] == ("en", "default")
    assert set(rows) == {
        "timezone",
        "never_mention",
        "units",
        "language",
        *(f.name for f in dataclasses.fields(Policy)),
    }


def test_system_timezone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert system_timezone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", ":America/Chicago")
    assert system_timezone() == "America/Chicago"
    monkeypatch.setenv("TZ", "Not/A_Zone")
    assert system_timezone() != "Not/A_Zone"


def test_units_are_metric_or_imperial(tmp_path: Path) -> None:
    write_config(tmp_path, 'units = "imperial"\n')
    assert load_settings(tmp_path).units == "imperial"
    assert config_error(tmp_path, 'units = "miles"') == (
        f"{tmp_path / CONFIG_NAME}: key 'units': 'miles' is not valid"
        ' (expected "metric" or "imperial")'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[cards]\npreset = "instagram"',
            "key 'cards.preset': 'instagram' is not valid (expected one of: instagram-portrait,"
            " instagram-square, story, landscape)",
        ),
        (
            '[publish]\ntarget = "mastadon"',
            "key 'publish.target': 'mastadon' is not valid (expected one of: outbox, bluesky,"
            " mastodon, webhook)",
        ),
        (
            '[publish]\nvisibility = "friends"',
            "key 'publish.visibility': 'friends' is not valid (expected one of: public,"
            " unlisted, private, direct)",
        ),
    ],
)
def test_a_typo_in_a_named_choice_is_caught_when_the_file_is_read(
    tmp_path: Path, text: str, message: str
) -> None:
    assert config_error(tmp_path, text) == f"{tmp_path / CONFIG_NAME}: {message}"
