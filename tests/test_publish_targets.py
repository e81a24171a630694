"""The TargetSpec registry is the one place a target is described; CLI, config, publish read it."""

from __future__ import annotations

from datetime import timedelta

import click
import pytest

from planner.cli.publish import accounts_add, target_option
from planner.config import load_settings
from planner.errors import ConfigError
from planner.publish import Context, dedupe_window, make_target
from planner.publish.credentials import save_account
from planner.publish.targets import ACCOUNT_KINDS, TARGETS, target_spec


def test_every_target_is_a_publish_target_choice_and_a_valid_config_value(planner_home):
    @target_option
    def probe(target: str | None) -> None:  # pragma: no cover - never called
        pass

    (param,) = [p for p in probe.__click_params__ if p.name == "target"]  # type: ignore[attr-defined]
    assert isinstance(param.type, click.Choice)
    assert tuple(param.type.choices) == tuple(TARGETS)
    planner_home.mkdir()
    for name in TARGETS:
        (planner_home / "planner.toml").write_text(f'[publish]\ntarget = "{name}"\n')
        assert load_settings(planner_home, None).publish.target == name


def test_accounts_add_offers_every_field_of_every_target():
    options = {p.name for p in accounts_add.params}
    for spec in TARGETS.values():
        for field in spec.fields:
            assert field.name in options, (spec.name, field.name)
    kind = next(p for p in accounts_add.params if p.name == "kind")
    assert isinstance(kind.type, click.Choice) and tuple(kind.type.choices) == ACCOUNT_KINDS
    assert "outbox" not in ACCOUNT_KINDS


@pytest.mark.parametrize("name", [n for n in TARGETS if n != "outbox"])
def test_every_account_target_is_built_from_its_stored_account(app, name):
    spec = TARGETS[name]
    fields = {f.name: (f"https://{name}.example" if f.url else "me") for f in spec.fields}
    save_account(app.settings, name, fields, "s3cret")
    ctx = Context(settings=app.settings, clock=app.now)
    try:
        target = make_target(name, ctx)
        assert target.name == name
    finally:
        if ctx.client is not None:
            ctx.client.close()


def test_the_outbox_needs_no_account(app):
    assert make_target("outbox", Context(settings=app.settings, clock=app.now)).name == "outbox"


def test_dedupe_windows_come_from_the_registry():
    assert dedupe_window("mastodon") == timedelta(minutes=55)
    assert dedupe_window("bluesky") is None
    assert dedupe_window("no-such-target") is None


def test_an_unknown_target_names_the_known_ones():
    with pytest.raises(ConfigError, match="use one of: outbox, bluesky, mastodon, webhook"):
        target_spec("myspace")


def test_a_missing_account_names_the_specs_example(app):
    with pytest.raises(ConfigError, match="planner accounts add webhook --url"):
        make_target("webhook", Context(settings=app.settings, clock=app.now))
