"""A database path that cannot be used: one line naming it and SPASMBOT_DB, exit 2,
and the file exactly as it was (before, 30-60 line tracebacks, and `forget` hung)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import cli
from tests.conftest import ROOT

AS_ROOT = os.geteuid() == 0
ROOT_SKIP = "root reads and writes every file, whatever its mode"


def good_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.executemany("INSERT INTO notes VALUES (?)", [("x" * 200,)] * 100)
    return path


def damaged(path: Path) -> Path:
    """A SQLite file whose header is fine but whose second page is garbage."""
    good_database(path)
    with path.open("r+b") as file:
        (page_size,) = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()
        file.seek(page_size)
        file.write(b"\xff" * 64)
    return path


def not_a_database(path: Path) -> Path:
    path.write_bytes(b"these are someone's notes, not a SQLite database\n" * 200)
    return path


def directory(path: Path) -> Path:
    path.mkdir()
    return path


def unreadable(path: Path) -> Path:
    good_database(path).chmod(0o000)
    return path


def read_only(path: Path) -> Path:
    good_database(path).chmod(0o444)
    return path


KINDS: dict[str, Callable[[Path], Path]] = {
    "directory": directory,
    "not a database": not_a_database,
    "damaged": damaged,
    "unreadable": unreadable,
    "read-only": read_only,
}
NEEDS_A_NON_ROOT_USER = {"unreadable", "read-only"}
ONLY_READ = {"backup", "stats"}
COMMANDS = {
    "chat": ["chat", "--db", "{db}"],
    "backup": ["backup", "{tmp}/copy.sqlite3", "--db", "{db}"],
    "forget": ["forget", "7", "--db", "{db}"],
    "stats": ["stats", "--db", "{db}"],
    "run": ["run"],
}


def state(path: Path) -> object:
    """What a command must not change: the file's bytes and the files beside it."""
    contents = path.read_bytes() if path.is_file() and os.access(path, os.R_OK) else None
    return contents, sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_unusable_database_is_one_line_naming_the_path_and_spasmbot_db(
    kind: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if kind in NEEDS_A_NON_ROOT_USER and AS_ROOT:
        pytest.skip(ROOT_SKIP)
    if kind == "read-only" and command in ONLY_READ:
        pytest.skip("a read-only database is fine to read from")
    folder = tmp_path / "data"
    folder.mkdir()
    database = KINDS[kind](folder / "spasmbot.sqlite3")
    before = state(database)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:never-used")
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")  # never reached
    monkeypatch.setenv("SPASMBOT_DB", str(database))
    argv = [part.format(db=database, tmp=tmp_path) for part in COMMANDS[command]]

    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert str(database) in err and "SPASMBOT_DB" in err
    assert state(database) == before
    assert not (tmp_path / "copy.sqlite3").exists()


def test_forget_on_a_corrupt_database_hung_forever(tmp_path: Path) -> None:
    database = not_a_database(tmp_path / "notes.sqlite3")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "forget", "7", "--db", str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"spasmbot: the database {database} is not a SQLite database; "
        "SPASMBOT_DB (or --db) names the SQLite file to use"
    )


def test_database_that_cannot_be_created_is_one_line_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """E.g. SPASMBOT_DB in a read-only /opt; here: below a file, where no folder can be."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    database = blocker / "spasmbot.sqlite3"
    monkeypatch.setenv("SPASMBOT_DB", str(database))
    assert cli.main(["chat"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert f"the database {database} cannot be created" in err and "SPASMBOT_DB" in err
    assert blocker.read_text() == "not a folder"
