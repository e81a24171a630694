"""Settings written out for people: the commented planner.toml and the effective-policy table."""

from __future__ import annotations

import dataclasses

from planner.config import SECTIONS, Settings
from planner.config_values import toml_value
from planner.policy import POLICY_HELP, Policy

#: One comment per setting outside [policy] (whose help is policy.POLICY_HELP).
SETTINGS_HELP: dict[str, str] = {
    "tone.ex_directed": "your own phrases that read as aimed at an ex (rejected)",
    "tone.needy": "your own phrases that read as needy (rejected)",
    "tone.jealousy": "your own phrases that bait jealousy (rejected)",
    "tone.negative": "your own phrases that read as venting or hostile (rejected)",
    "tone.overboard": "your own hype phrases (softened)",
    "tone.brag": "your own bragging phrases (softened)",
    "tone.allow": 'phrases never flagged, whatever they hold (a place named "Lonely Beach")',
    "tone.negative_threshold": "sentiment (-1 to 1) below which a caption is always rejected"
    " as negative (unset: -0.75; the model weighs milder sentiment with everything else)",
    "tone.strictness": "balanced (few calm captions refused) or strict (catches more veiled"
    " posts, refuses more calm ones)",
    "cards.preset": "card size: instagram-portrait, instagram-square, story or landscape",
    "cards.template": "card template: photo, quote, minimal, or one of your own",
    "cards.png": "true: write PNG cards instead of JPEG",
    "cards.allow_private_urls": "true: photo URLs may point into your own network",
    "cards.max_photo_bytes": "a photo download larger than this is refused",
    "cards.fetch_timeout_s": "seconds to wait for a photo server to answer",
    "cards.fetch_deadline_s": "seconds a whole photo download may take",
    "cards.photo_dirs": 'folders photos may come from besides the CSV\'s own (e.g. ["~/Pictures"])',
    "publish.target": "where posts go: outbox, bluesky, mastodon or webhook (planner accounts)",
    "publish.language": 'the language posts are tagged with ("": the caption language)',
    "publish.visibility": "Mastodon visibility: public, unlisted, private or direct",
    "publish.tick_seconds": "planner run checks for due posts this often",
    "publish.max_attempts": "a post failing for a passing reason is given up after this many tries",
    "publish.outbox": 'the outbox folder ("" is the outbox folder in planner\'s home)',
    "publish.missed_after_minutes": "a post overdue by more than this moves to the next free slot",
    "publish.lease_minutes": "how long a post being published stays claimed by one planner",
}
#: What `planner init` shows, commented out, for a setting that is unset by default.
UNSET_EXAMPLES: dict[str, str] = {
    "policy.quiet_since": "2026-11-01",
    "tone.negative_threshold": "-0.5",
}


def default_config_text(timezone: str, language: str = "en") -> str:
    """A planner.toml with every setting at its default, each commented."""
    lines = [
        "# planner.toml: every setting with its default. Delete what you do not change.",
        "",
        "# Your IANA time zone; posts are planned in local time.",
        f"timezone = {toml_value(timezone)}",
        "# Names and handles that must never appear in a caption, hashtag, alt text or image.",
        "never_mention = []",
        '# Distances in titles and captions, and of exports that do not say: "metric" or',
        '# "imperial" (miles; yards for swims).',
        'units = "metric"',
        "# The language of captions, weekday names and alt text: en, de, es, fr, pt, or your own",
        "# in <home>/captions/<lang>/. Unset: your locale's, else en.",
        f"language = {toml_value(language)}",
    ]
    for section, cls in SECTIONS.items():
        lines += ["", f"[{section}]"]
        defaults = cls()
        for f in dataclasses.fields(cls):
            key = f"{section}.{f.name}"
            help_text = POLICY_HELP[f.name] if cls is Policy else SETTINGS_HELP[key]
            lines.append(f"# {help_text}")
            value = getattr(defaults, f.name)
            if value is None:
                lines.append(
                    f"# {f.name} = {UNSET_EXAMPLES[key]}  # unset: remove the first # to set"
                )
            else:
                lines.append(f"{f.name} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


#: How post times are chosen, for `planner policy` (planner.post_times does it).
POST_TIMES_HELP = (
    "Post times: a week's posts are spread across it, each as far from the others (and from "
    "the posts of the weeks around it) as the rules allow, not on the first free day. Each "
    "post then goes out at its own minute inside its posting window, worked out from the "
    "post's id, so planning again gives the same times; no two posts of a week share a clock "
    "time, and every rule above still holds at that minute."
)


def policy_rows(settings: Settings) -> list[tuple[str, str, str]]:
    """(key, effective value, where it came from) for the zone, never_mention and every rule."""
    rows = [
        ("timezone", settings.timezone, settings.origins.get("timezone", "default")),
        (
            "never_mention",
            f"{len(settings.never_mention)} name(s)",
            settings.origins.get("never_mention", "default"),
        ),
        ("units", settings.units, settings.origins.get("units", "default")),
        ("language", settings.language, settings.origins.get("language", "default")),
    ]
    for f in dataclasses.fields(Policy):
        value = getattr(settings.policy, f.name)
        shown = "not set" if value is None else toml_value(value).strip('"')
        origin = settings.origins.get(f"policy.{f.name}", "default")
        rows.append((f.name, shown, origin))
    return rows
