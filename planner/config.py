"""Settings: a frozen, typed view of planner.toml, and the home directory all state lives in.

The home directory is ``$PLANNER_HOME``, else the platform's app directory (the CLI passes
``click.get_app_dir("planner")``). planner.toml lives there unless ``--config`` names another.
Every value has a default; ``Settings.origins`` says where each effective value came from.

Edges: an unknown key or section is an error naming the key and the allowed ones (a typo must
not silently leave a rule at its default); a missing file means all defaults; ``timezone``
falls back to ``$TZ``, then ``/etc/localtime``, then UTC; ``language`` (of captions, weekday
names and alt text) falls back to the locale ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG) when
planner has templates for it, else English, and must name a bundled language or a folder
``<home>/captions/<lang>/`` with a words.toml.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.choices import PRESETS, UNITS, VISIBILITIES
from planner.config_values import check_range, convert
from planner.errors import ConfigError
from planner.policy import POLICY_LIMITS, Policy
from planner.publish.targets import TARGETS

CONFIG_NAME = "planner.toml"
DB_NAME = "planner.db"


@dataclass(frozen=True)
class ToneSettings:
    """User additions to the tone filter's phrase lists, per category, and extra allowed phrases."""

    ex_directed: tuple[str, ...] = ()
    needy: tuple[str, ...] = ()
    jealousy: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    overboard: tuple[str, ...] = ()
    brag: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    negative_threshold: float | None = None
    strictness: str = "balanced"


@dataclass(frozen=True)
class CardSettings:
    """Caption card rendering defaults."""

    preset: str = "instagram-portrait"
    template: str = "photo"
    png: bool = False
    allow_private_urls: bool = False
    max_photo_bytes: int = 25_000_000
    fetch_timeout_s: float = 10.0
    fetch_deadline_s: float = 60.0
    photo_dirs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishSettings:
    """Publishing defaults.

    ``outbox``: the outbox folder ("" = home/outbox; relative paths are under home).
    ``missed_after_minutes``: a planned post more overdue than this moved to the next free slot.
    ``lease_minutes``: how long a post being published stays claimed by a live process.
    """

    target: str = "outbox"
    language: str = ""
    visibility: str = "public"
    tick_seconds: int = 30
    max_attempts: int = 6
    outbox: str = ""
    missed_after_minutes: int = 15
    lease_minutes: int = 10


@dataclass(frozen=True)
class Settings:
    """Everything configurable, typed and frozen. Build with ``load_settings``."""

    home: Path
    timezone: str = "UTC"
    never_mention: tuple[str, ...] = ()
    units: str = "metric"
    language: str = "en"
    policy: Policy = field(default_factory=Policy)
    tone: ToneSettings = field(default_factory=ToneSettings)
    cards: CardSettings = field(default_factory=CardSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)
    config_path: Path | None = None
    origins: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def post_language(self) -> str:
        """The language posts are tagged with: publish.language, else the caption language."""
        return self.publish.language or self.language

    @property
    def db_path(self) -> Path:
        return self.home / DB_NAME

    @property
    def photo_folders(self) -> tuple[Path, ...]:
        """``cards.photo_dirs`` as folders: "~" expanded, a relative one taken from the folder
        planner.toml is in (the home when there is none)."""
        base = self.config_path.parent if self.config_path else self.home
        folders = (Path(text).expanduser() for text in self.cards.photo_dirs)
        return tuple(f if f.is_absolute() else base / f for f in folders)

    def with_never_mention(self, names: tuple[str, ...]) -> Settings:
        """A copy with extra never-mention names (from the command line)."""
        if not names:
            return self
        merged = tuple(dict.fromkeys(self.never_mention + names))
        return dataclasses.replace(self, never_mention=merged)


SECTIONS: dict[str, type] = {
    "policy": Policy,
    "tone": ToneSettings,
    "cards": CardSettings,
    "publish": PublishSettings,
}
TOP_LEVEL = ("timezone", "never_mention", "units", "language")
#: The values a setting may take, by "section.key": a typo is caught when planner.toml is read,
#: not when the first card is drawn or post is sent. (Card templates may be the user's own.)
CHOICES: dict[str, tuple[str, ...]] = {
    "cards.preset": tuple(PRESETS),
    "publish.target": tuple(TARGETS),
    "publish.visibility": VISIBILITIES,
    "tone.strictness": ("balanced", "strict"),
}
#: The range a numeric setting may take, inclusive, by "section.key" (others: 0 or more).
LIMITS: dict[str, tuple[float, float]] = {
    **{f"policy.{key}": limits for key, limits in POLICY_LIMITS.items()},
    # a VADER compound score: -1 (most negative) to 1
    "tone.negative_threshold": (-1.0, 1.0),
    # seconds: some time to answer, and far below what a timer or a socket can hold
    "cards.fetch_timeout_s": (0.1, 3600.0),
    "cards.fetch_deadline_s": (0.1, 86400.0),
}


def system_timezone() -> str:
    """The system's IANA zone name: $TZ, else the /etc/localtime link, else "UTC"."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[-1])
    except OSError:
        pass
    for name in candidates:
        if name and _valid_zone(name):
            return name
    return "UTC"


def locale_language(available: tuple[str, ...]) -> tuple[str, str]:
    """The caption language the locale asks for, and where that came from: the first set of
    $LANGUAGE, $LC_ALL, $LC_MESSAGES and $LANG ("de_DE.UTF-8" -> "de"); English when it is
    unset, "C" or "POSIX", or a language with no templates in ``available``."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").split(":")[0]
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].split("_")[0].lower()
        if code in ("c", "posix"):
            return "en", "default"
        if code in available:
            return code, f"locale ({variable}={value})"
        return "en", f"default ({variable}={value}: no caption templates for {code!r})"
    return "en", "default"


def _language(data: dict[str, Any], home: Path, path: Path, origins: dict[str, str]) -> str:
    from planner.caption_book import available_languages
    from planner.resources import templates_dir

    available = available_languages(templates_dir() / "captions", home)
    if "language" not in data:
        language, origins["language"] = locale_language(available)
        return language
    language = data["language"]
    if not isinstance(language, str) or language not in available:
        raise ConfigError(
            f"{path}: key 'language': {language!r} has no caption templates (use one of: "
            f"{', '.join(available)}; or add {home / 'captions'}/<lang>/, see README)"
        )
    origins["language"] = str(path)
    return language


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def load_settings(home: Path, config_path: Path | None = None) -> Settings:
    """Read planner.toml (if present) from ``config_path`` or ``home`` into Settings.

    Raises ConfigError with file, key and what is allowed for any invalid value.
    """
    path = config_path or home / CONFIG_NAME
    data: dict[str, Any] = {}
    text = read_config_text(path)
    if text is not None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"{path}: not valid TOML: {exc} (fix the file or run 'planner init')"
            ) from None
    elif config_path is not None:
        raise ConfigError(f"{path}: no such config file (run 'planner init' to write one)")
    return settings_from_dict(data, home, path)


def read_config_text(path: Path) -> str | None:
    """The text of a config file, None when there is none (see ``user_files``: a FIFO, a
    device, a file over a megabyte or not UTF-8 is a ConfigError naming it)."""
    from planner.user_files import read_user_text

    return read_user_text(path, "the config", "point --config at a planner.toml")


def settings_from_dict(data: dict[str, Any], home: Path, path: Path) -> Settings:
    """Validate a parsed TOML document and build Settings from it."""
    origins: dict[str, str] = {}
    allowed = set(TOP_LEVEL) | set(SECTIONS)
    for key in data:
        if key not in allowed:
            raise ConfigError(
                f"{path}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
            )
    tz_name = data.get("timezone")
    if tz_name is None:
        tz_name = system_timezone()
        origins["timezone"] = "system"
    else:
        if not isinstance(tz_name, str) or not _valid_zone(tz_name):
            raise ConfigError(
                f"{path}: key 'timezone': {tz_name!r} is not an IANA time zone "
                '(use a name like "Europe/Berlin")'
            )
        origins["timezone"] = str(path)
    never = convert(data.get("never_mention", []), tuple[str, ...], path, "never_mention")
    origins["never_mention"] = str(path) if "never_mention" in data else "default"
    units = data.get("units", "metric")
    if units not in UNITS:
        raise ConfigError(
            f'{path}: key \'units\': {units!r} is not valid (expected "metric" or "imperial")'
        )
    origins["units"] = str(path) if "units" in data else "default"
    language = _language(data, home, path, origins)
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: [{name}] must be a table of keys")
        sections[name] = _build_section(cls, raw, path, name, origins)
    return Settings(
        home=home,
        timezone=tz_name,
        never_mention=never,
        units=units,
        language=language,
        config_path=path,
        origins=origins,
        **sections,
    )


def _build_section(cls: type, raw: dict[str, Any], path: Path, section: str, origins: dict) -> Any:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in hints:
            raise ConfigError(
                f"{path}: unknown key '{section}.{key}' (allowed: {', '.join(names)})"
            )
        limits = LIMITS.get(f"{section}.{key}")
        signed = limits is not None and limits[0] < 0
        values[key] = convert(value, hints[key], path, f"{section}.{key}", signed)
        if limits is not None and values[key] is not None:
            check_range(values[key], limits, path, f"{section}.{key}")
        choices = CHOICES.get(f"{section}.{key}")
        if choices is not None and values[key] not in choices:
            raise ConfigError(
                f"{path}: key '{section}.{key}': {values[key]!r} is not valid"
                f" (expected one of: {', '.join(choices)})"
            )
    for name in names:
        origins[f"{section}.{name}"] = str(path) if name in raw else "default"
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: [{section}]: {exc}") from None
