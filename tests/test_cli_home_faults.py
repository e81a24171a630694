"""A broken home: read-only, on a full disk, a file instead of a folder, a config that is a pipe
or not UTF-8. Every case is one line and exit 1 (never a traceback), read commands still read,
and the advice fits the cause."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import cli
from planner.cli.common import App
from tests.fs_faults import fill, read_only, small_disk, without_root_powers

SAMPLE = Path(__file__).parent.parent / "data" / "sample-activities.csv"


def invoke(app: App, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), obj=app, input=stdin)


def one_line_error(result: Result) -> str:
    """The single error line of a failed command (exit 1, no traceback)."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def seeded(app: App) -> App:
    """The home with the sample month imported and week 2026-W49 planned."""
    assert invoke(app, "import", str(SAMPLE)).exit_code == 0
    assert invoke(app, "plan", "--week", "2026-W49").exit_code == 0
    return app


def test_init_on_a_read_only_home_is_one_line(app: App) -> None:
    app.home_dir.mkdir(parents=True)
    with read_only(app.home_dir):
        line = one_line_error(invoke(app, "init"))
    assert line == (
        f"Error: {app.home_dir / 'planner.toml'}: cannot write the config: "
        + _cause_read_only()
        + " (make it writable, or set PLANNER_HOME to another folder)"
    )


def _cause_read_only() -> str:
    return "permission denied" if os.geteuid() != 0 else "the file system is read-only"


def test_init_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "256k") as disk:
        app = App(home=disk / "home")
        filler = fill(disk)
        line = one_line_error(invoke(app, "init"))
        assert line == (
            f"Error: {disk / 'home' / 'planner.toml'}: cannot write the config: the disk is full"
            " (free some space and run it again)"
        )
        assert [p.name for p in (disk / "home").iterdir()] == []
        filler.unlink()
        assert invoke(app, "init").exit_code == 0


def test_a_planner_home_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    app = App(home=home)
    expected = (
        f"Error: {home}: the planner home is a file, not a folder (set PLANNER_HOME to a folder,"
        " or move the file aside)"
    )
    for args in (["init"], ["activities"], ["import", str(SAMPLE)], ["policy"]):
        assert one_line_error(invoke(app, *args)) == expected, args
    assert home.read_text() == "not a folder"


def test_accounts_add_on_a_read_only_home_is_one_line(app: App) -> None:
    app.home_dir.mkdir(parents=True)
    with read_only(app.home_dir):
        result = invoke(
            app, "accounts", "add", "webhook", "--url", "https://example.org/h", "--secret", "pw-42"
        )
        line = one_line_error(result)
    assert line.startswith(f"Error: {app.home_dir / 'keys.json'}: cannot write the keys file: ")
    assert "pw-42" not in result.output


def test_read_commands_work_on_a_read_only_home(app: App, tmp_path: Path) -> None:
    seeded(app)
    with read_only(app.home_dir):
        listed = invoke(app, "activities", "--since", "2026-11-27")
        status = invoke(app, "status", "--week", "2026-W49", "--json")
        planned = invoke(app, "plan", "--week", "2026-W50", "--json")
        exported = invoke(app, "export", "--week", "2026-W49", "--out", str(tmp_path / "out"))
    assert listed.exit_code == 0, listed.output
    assert "Christmas market" in listed.stdout
    assert status.exit_code == 0, status.output
    assert len(json.loads(status.stdout)) == 3
    assert planned.exit_code == 0, planned.output
    assert json.loads(planned.stdout)["week"] == "2026-W50"
    assert planned.stderr == (
        f"note: the store in {app.home_dir} cannot be written (a read-only folder or file, or"
        " a full disk), so this plan was shown but not saved\n"
    )
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "out" / "posts.json").is_file()


def test_a_write_on_a_read_only_home_says_the_store_is_intact(app: App) -> None:
    seeded(app)
    with read_only(app.home_dir):
        line = one_line_error(invoke(app, "import", str(SAMPLE)))
    assert "move the file aside" not in line
    assert "the store is unchanged" in line
    assert "make the folder writable, or set PLANNER_HOME to another folder" in line
    assert line.endswith("activities, status and plan --json still work)")


def test_a_read_only_store_file_is_named_and_a_plan_is_still_shown(app: App) -> None:
    """The folder is writable but the file is not (restored from a backup, another owner):
    SQLite opens it read-only without a word, so the write failed in the middle of plan."""
    seeded(app)
    with read_only(app.home_dir / "planner.db"):
        planned = invoke(app, "plan", "--week", "2026-W50", "--json")
        line = one_line_error(invoke(app, "import", str(SAMPLE)))
    assert planned.exit_code == 0, planned.output
    assert json.loads(planned.stdout)["week"] == "2026-W50"
    assert "so this plan was shown but not saved" in planned.stderr
    assert ": the file is read-only (the store is unchanged; make the file writable, or" in line
    assert "folder is read-only" not in line and "make the folder" not in line
    assert invoke(app, "plan", "--week", "2026-W50").exit_code == 0  # writable again: saved


def test_a_store_file_that_cannot_be_read_says_so(app: App) -> None:
    """Not "the folder is read-only; activities still work": they do not, the file is
    unreadable."""
    seeded(app)
    db = app.home_dir / "planner.db"
    db.chmod(0o000)
    try:
        done = subprocess.run(
            [*without_root_powers(), sys.executable, "-m", "planner", "activities"],
            capture_output=True,
            text=True,
            env={**os.environ, "PLANNER_HOME": str(app.home_dir)},
            timeout=60,
            check=False,
        )
    finally:
        db.chmod(0o600)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"Error: {db}: cannot open the store: "), done.stderr
    assert done.stderr.endswith(
        ": permission denied, the file cannot be read (the store is unchanged; check its owner"
        " and permissions, or set PLANNER_HOME to another folder)\n"
    ), done.stderr


def test_a_write_on_a_full_disk_says_the_disk_is_full(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        app = seeded(App(home=disk / "home"))
        filler = fill(disk)
        line = one_line_error(invoke(app, "import", str(SAMPLE)))
        assert "move the file aside" not in line
        assert "the disk is full (the store is unchanged; free some space and retry)" in line
        listed = invoke(app, "activities", "--since", "2026-11-27")
        assert listed.exit_code == 0, listed.output  # reading still works
        filler.unlink()
        assert invoke(app, "import", str(SAMPLE)).exit_code == 0


def test_a_config_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "planner.toml"
    os.mkfifo(fifo)
    env = {**os.environ, "PLANNER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "planner", "--config", str(fifo), "policy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: {fifo}: the config is not a regular file (a pipe or device)"
        " (point --config at a planner.toml)\n"
    )


def test_a_config_that_is_a_folder_is_one_line_naming_it(app: App) -> None:
    """It used to name the file descriptor: "Error: 3: a folder is in the way"."""
    (app.home_dir / "planner.toml").mkdir(parents=True)
    assert one_line_error(invoke(app, "policy")) == (
        f"Error: {app.home_dir / 'planner.toml'}: the config is a folder"
        " (point --config at a planner.toml)"
    )


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "huge"])
def test_a_card_template_that_is_not_a_small_file_is_refused_unread(
    tmp_path: Path, kind: str
) -> None:
    """A FIFO among the card templates hung 'planner templates' (and 'render --template' of
    it) for good; a link to a device was read without end."""
    home = tmp_path / "home"
    path = home / "cards" / "mine.toml"
    path.parent.mkdir(parents=True)
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to(os.devnull)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("# a template\n" * 100_000)  # 1.3 MB: not a card template
    shape = {
        "fifo": "is not a regular file (a pipe or device)",
        "device": "is not a regular file (a pipe or device)",
        "folder": "is a folder",
        "huge": "is over 1000000 bytes",
    }[kind]
    expected = (
        f"Error: {path}: the card template {shape}"
        " (a card template is a TOML file; move this one aside)\n"
    )
    env = {**os.environ, "PLANNER_HOME": str(home)}
    for command in (["templates"], ["render", "--template", "mine", "--out", str(tmp_path)]):
        done = subprocess.run(
            [sys.executable, "-m", "planner", *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
            check=False,
        )
        assert (done.returncode, done.stderr) == (1, expected), command


def test_a_config_with_a_byte_order_mark_is_read(app: App) -> None:
    app.home_dir.mkdir(parents=True)
    (app.home_dir / "planner.toml").write_bytes(
        '\ufefftimezone = "Europe/Lisbon"\n'.encode("utf-8")
    )
    result = invoke(app, "policy")
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["timezone", "Europe/Lisbon"]


def test_a_latin_1_config_is_one_line_naming_the_line(app: App) -> None:
    app.home_dir.mkdir(parents=True)
    config = app.home_dir / "planner.toml"
    config.write_bytes('timezone = "Europe/Berlin"\nnever_mention = ["Zoë"]\n'.encode("latin-1"))
    assert one_line_error(invoke(app, "policy")) == (
        f"Error: {config}: line 2: not UTF-8 text (byte 0xeb; save the file as UTF-8, e.g."
        " 'Save as' with encoding UTF-8 in your editor)"
    )


def test_a_store_damaged_in_the_middle_is_one_line(app: App) -> None:
    seeded(app)
    db = app.home_dir / "planner.db"
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page : 6 * page] = b"\xa5" * (4 * page)  # tables' pages, not the header
    db.write_bytes(bytes(data))
    for name in ("planner.db-wal", "planner.db-shm"):
        (app.home_dir / name).unlink(missing_ok=True)
    line = one_line_error(invoke(app, "activities"))
    assert line.startswith(f"Error: {db}: cannot ")
    assert line.endswith("(move the file aside or set PLANNER_HOME to another folder)")


def test_accounts_add_says_the_home_is_unusable_before_asking_for_the_secret(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    result = invoke(App(home=home), "accounts", "add", "webhook", "--url", "https://e.org/h")
    assert "secret" not in result.output.lower(), result.output  # not typed in for nothing
    assert one_line_error(result).startswith(f"Error: {home}: the planner home is a file")


def test_accounts_add_says_a_broken_keys_file_before_asking_for_the_secret(app: App) -> None:
    app.home_dir.mkdir(parents=True)
    (app.home_dir / "keys.json").write_text("{not json")
    result = invoke(app, "accounts", "add", "webhook", "--url", "https://e.org/h")
    assert "secret:" not in result.output.lower(), result.output
    assert "keys.json: not valid JSON" in one_line_error(result)
