"""Accounts and secrets: a flag, then the keys file (mode 0600), then an environment variable.

The keys file is ``home/keys.json``: one entry per target kind, e.g.
``{"bluesky": {"handle": "me.bsky.social", "service": "https://bsky.social", "secret": "…"}}``.
Bluesky sessions (access and refresh tokens) are kept in ``home/bluesky-session.json``, also
0600, so a new process refreshes the session instead of logging in again.

Edges: secrets are never printed, logged or put in an error message; a keys file that is not
valid JSON is a ConfigError naming the file; files are written atomically and created 0600
(an existing file is re-chmodded to 0600 on every write); an account with no secret anywhere
is a ConfigError saying which command or variable provides one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from planner.config import Settings
from planner.errors import ConfigError, os_problem
from planner.fileio import remove_stale_parts, write_text_atomic
from planner.publish.targets import ACCOUNT_KINDS, TARGETS, url_problem

KEYS_NAME = "keys.json"
SESSION_NAME = "bluesky-session.json"


def keys_path(settings: Settings) -> Path:
    return settings.home / KEYS_NAME


def outbox_dir(settings: Settings) -> Path:
    """The outbox folder: ``[publish] outbox`` if set (relative to home), else home/outbox."""
    configured = getattr(settings.publish, "outbox", "")
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_absolute() else settings.home / path
    return settings.home / "outbox"


def read_json_secret_file(path: Path) -> dict[str, Any]:
    """A JSON object from a 0600 file; {} when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise os_problem(exc, "read it", where=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ConfigError(
            f"{path}: not valid JSON (fix it or delete it and add accounts again)"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object (delete it and add accounts again)")
    return data


def write_json_secret_file(path: Path, data: dict[str, Any], what: str = "the keys file") -> None:
    """Write JSON atomically, readable by the owner only (0600).

    A home that cannot be written (read-only, full, a file in the way) is a PlannerError
    naming the file; the old file is then left as it was.
    """
    text = json.dumps(data, indent=2, sort_keys=True)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale_parts(path.parent)
        write_text_atomic(path, text, mode=0o600)
    except OSError as exc:
        raise os_problem(
            exc, f"write {what}", where=path, elsewhere="set PLANNER_HOME to another folder"
        ) from None


def save_account(settings: Settings, kind: str, fields: dict[str, str], secret: str) -> Path:
    """Store an account and its secret in the keys file; returns the file's path."""
    if kind not in ACCOUNT_KINDS:
        raise ConfigError(f"unknown account kind {kind!r} (use {', '.join(ACCOUNT_KINDS)})")
    path = keys_path(settings)
    data = read_json_secret_file(path)
    data[kind] = {**fields, "secret": secret}
    write_json_secret_file(path, data)
    if kind == "bluesky":
        SessionFile(settings.home).clear()
    return path


def remove_account(settings: Settings, kind: str) -> bool:
    """Forget an account; True if there was one."""
    path = keys_path(settings)
    data = read_json_secret_file(path)
    if kind not in data:
        return False
    del data[kind]
    write_json_secret_file(path, data)
    if kind == "bluesky":
        SessionFile(settings.home).clear()
    return True


def accounts(settings: Settings) -> dict[str, dict[str, str]]:
    """Every stored account without its secret, plus whether a secret is available.

    A webhook URL is shown as scheme and host only (see ``shown_url``).
    """
    data = read_json_secret_file(keys_path(settings))
    shown: dict[str, dict[str, str]] = {}
    for kind in ACCOUNT_KINDS:
        entry = data.get(kind)
        if not isinstance(entry, dict):
            continue
        public = {k: str(v) for k, v in entry.items() if k != "secret"}
        if kind == "webhook" and "url" in public:
            public["url"] = shown_url(public["url"])
        if entry.get("secret"):
            public["secret"] = "keys file"
        elif (env := secret_env(kind)) and os.environ.get(env):
            public["secret"] = env
        else:
            public["secret"] = "missing"
        shown[kind] = public
    return shown


def shown_url(url: str) -> str:
    """A webhook URL as it may be shown: scheme and host only, since the path or query of a
    webhook URL often is the token (``/api/webhooks/<id>/<token>``, ``?token=...``)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    rest = "/…" if parts.path.strip("/") or parts.query or parts.fragment else ""
    return f"{parts.scheme}://{host}{rest}"


def resolve_secret(settings: Settings, kind: str, flag: str | None = None) -> str | None:
    """The secret for ``kind``: the flag, else the keys file, else the environment, else None."""
    if flag:
        return flag
    entry = read_json_secret_file(keys_path(settings)).get(kind)
    if isinstance(entry, dict) and entry.get("secret"):
        return str(entry["secret"])
    env = secret_env(kind)
    return (os.environ.get(env) if env else None) or None


def account(settings: Settings, kind: str, flag: str | None = None) -> dict[str, str]:
    """An account's fields and its resolved ``secret``; ConfigError if anything is missing or
    an address cannot be used (``targets.url_problem``: a hand-edited keys file), before
    anything is sent."""
    spec = TARGETS[kind]
    entry = read_json_secret_file(keys_path(settings)).get(kind)
    if not isinstance(entry, dict):
        raise ConfigError(f"no {kind} account (add one with '{spec.example}')")
    names = [f.name for f in spec.fields]
    missing = [name for name in names if not entry.get(name)]
    if missing:
        raise ConfigError(
            f"{keys_path(settings)}: the {kind} account has no {', '.join(missing)} "
            f"(add it again with '{spec.example}')"
        )
    for field in spec.fields:
        problem = url_problem(str(entry[field.name])) if field.url else None
        if problem is not None:
            what, hint = problem
            raise ConfigError(
                f"{keys_path(settings)}: the {kind} account's {field.name}"
                f" {str(entry[field.name])!r} {what} ({hint + '; ' if hint else ''}"
                f"add it again with '{spec.example}')"
            )
    secret = resolve_secret(settings, kind, flag)
    if not secret:
        raise ConfigError(
            f"no secret for the {kind} account (run '{spec.example}' or set {spec.secret_env})"
        )
    return {**{name: str(entry[name]) for name in names}, "secret": secret}


def secret_env(kind: str) -> str | None:
    """The environment variable that can hold the secret of ``kind``'s account."""
    spec = TARGETS.get(kind)
    return spec.secret_env if spec else None


class SessionFile:
    """The saved Bluesky session (0600), keyed by service and handle."""

    def __init__(self, home: Path) -> None:
        self.path = home / SESSION_NAME

    def load(self, service: str, handle: str) -> dict[str, str] | None:
        data = read_json_secret_file(self.path)
        if data.get("service") != service or data.get("handle") != handle:
            return None
        if not data.get("accessJwt") or not data.get("refreshJwt") or not data.get("did"):
            return None
        return {k: str(v) for k, v in data.items()}

    def save(self, service: str, handle: str, session: dict[str, Any]) -> None:
        keep: dict[str, str] = {
            k: str(session[k]) for k in ("did", "accessJwt", "refreshJwt") if k in session
        }
        session = {"service": service, "handle": handle, **keep}
        write_json_secret_file(self.path, session, "the Bluesky session")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
