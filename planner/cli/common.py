"""What every command group shares: the app context (settings, clock, sleep, store) and options.

Tests hand in their own ``App`` through ``CliRunner().invoke(cli, args, obj=App(clock=...))``,
with a ``sleep`` of their own where a command waits (polling an image a server is still
processing); the real program builds one with the system clock and ``time.sleep``. Nothing
here patches anything.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from planner.config import Settings
    from planner.models import Week
    from planner.store import Store

Clock = Callable[[], datetime]
Sleep = Callable[[float], None]


def system_clock() -> datetime:
    return datetime.now(UTC)


def default_home() -> Path:
    """$PLANNER_HOME, else the platform's application directory for planner."""
    from pathlib import Path

    env = os.environ.get("PLANNER_HOME")
    return Path(env) if env else Path(click.get_app_dir("planner"))


class App:
    """Per-invocation state: where things live, the clock and the sleep (None: ``time.sleep``),
    and lazily loaded settings.

    A plain class rather than a dataclass: ``dataclasses`` costs start-up time ``--help`` has
    no use for.
    """

    def __init__(
        self,
        clock: Clock = system_clock,
        home: Path | None = None,
        config_path: Path | None = None,
        never_mention: tuple[str, ...] = (),
        sleep: Sleep | None = None,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self.home = home
        self.config_path = config_path
        self.never_mention = never_mention
        self._settings: Settings | None = None

    @property
    def home_dir(self) -> Path:
        return self.home or default_home()

    def checked_home(self) -> Path:
        """The home directory; a PlannerError when something other than a folder is there."""
        from planner.errors import PlannerError

        home = self.home_dir
        if home.exists() and not home.is_dir():
            raise PlannerError(
                f"{home}: the planner home is a file, not a folder (set PLANNER_HOME to a"
                " folder, or move the file aside)"
            )
        return home

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from planner.config import load_settings

            self._settings = load_settings(self.checked_home(), self.config_path)
            self._settings = self._settings.with_never_mention(self.never_mention)
        return self._settings

    def now(self) -> datetime:
        """The current time in the user's zone (aware)."""
        return self.clock().astimezone(self.settings.tz)

    def store(self, *, readonly: bool = False) -> Store:
        """The store; ``readonly`` for a command that only reads (it then works on a read-only
        home or a full disk)."""
        from planner.store import Store

        return Store(self.settings.db_path, readonly=readonly)

    def store_for_planning(self) -> tuple[Store, bool]:
        """The store and whether plans can be saved in it: opened for writing, else, when its
        folder or file is read-only or its disk full, read-only (a plan is then shown, not
        saved)."""
        from planner.errors import StoreError
        from planner.store_files import cannot_write

        path = self.settings.db_path
        if path.exists() and cannot_write(path):  # SQLite would open a read-only file
            return self.store(readonly=True), False  # read-only without a word, then fail
        try:
            return self.store(), True
        except StoreError:
            if not cannot_write(path):
                raise
        return self.store(readonly=True), False

    def week(self, spec: str) -> Week:
        from planner.models import parse_week

        try:
            return parse_week(spec, self.now().date())
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--week'") from None


pass_app = click.make_pass_decorator(App, ensure=True)


def week_option(default: str | None = "next") -> Callable[[Any], Any]:
    return click.option(
        "--week",
        "week_spec",
        default=default,
        show_default=default is not None,
        help="next, this, last, an ISO week like 2026-W49, or any date in the week.",
    )


class DateParam(click.ParamType):
    """A date written YYYY-MM-DD, refused in words a user reads (not strptime's '%Y-%m-%d')."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from datetime import date

        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date (use YYYY-MM-DD, e.g. 2026-11-01)", param, ctx)


class OutFolder(click.Path):
    """A folder to write into, as a Path; an empty value (``--out "$OUT"`` with OUT unset) is
    a usage error, not the current folder."""

    def __init__(self) -> None:
        from pathlib import Path

        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path (name a folder, e.g. --out out/)", param, ctx)
        return super().convert(value, param, ctx)


def out_option(f: Any) -> Any:
    """--out FOLDER, required: where a command writes its files."""
    return click.option(
        "--out", "out_dir", type=OutFolder(), required=True, help="Folder to write into."
    )(f)


def json_option(f: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(f)


def http_client(settings: Settings) -> httpx.Client:
    """The one httpx.Client a command uses for photos (``publish.make_client`` with the
    photo timeout); close it after use.

    It keeps no idle connections: photo requests go to a checked IP address with the name in
    the Host header and TLS, and a kept connection could otherwise carry a request for another
    name at the same address over a TLS session made for the first.
    """
    import httpx

    from planner.publish import make_client

    return make_client(
        timeout=settings.cards.fetch_timeout_s,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def echo_json(data: Any, *, indent: int | None = 2) -> None:
    """Print data as JSON (UTF-8 kept as is); ``indent=None`` for one object per line."""
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))
