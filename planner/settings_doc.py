"""Settings written out for people: the commented planner.toml and the effective-policy table."""

from __future__ import annotations

import dataclasses

from planner.config import SECTIONS, Settings, toml_value
from planner.policy import POLICY_HELP, Policy


def default_config_text(timezone: str) -> str:
    """A planner.toml with every setting at its default, each commented."""
    lines = [
        "# planner.toml: every setting with its default. Delete what you do not change.",
        "",
        "# Your IANA time zone; posts are planned in local time.",
        f"timezone = {toml_value(timezone)}",
        "# Names and handles that must never appear in a caption, hashtag, alt text or image.",
        "never_mention = []",
    ]
    for section, cls in SECTIONS.items():
        lines += ["", f"[{section}]"]
        defaults = cls()
        for f in dataclasses.fields(cls):
            help_text = POLICY_HELP.get(f.name) if cls is Policy else None
            if help_text:
                lines.append(f"# {help_text}")
            value = getattr(defaults, f.name)
            if value is None:
                lines.append(f"# {f.name} = ")
            else:
                lines.append(f"{f.name} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def policy_rows(settings: Settings) -> list[tuple[str, str, str]]:
    """(key, effective value, where it came from) for the zone, never_mention and every rule."""
    rows = [
        ("timezone", settings.timezone, settings.origins.get("timezone", "default")),
        (
            "never_mention",
            f"{len(settings.never_mention)} name(s)",
            settings.origins.get("never_mention", "default"),
        ),
    ]
    for f in dataclasses.fields(Policy):
        value = getattr(settings.policy, f.name)
        shown = "not set" if value is None else toml_value(value).strip('"')
        origin = settings.origins.get(f"policy.{f.name}", "default")
        rows.append((f.name, shown, origin))
    return rows
