"""`spasmbot backup`, `forget` and `stats` on a real database file."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from bot import cli
from bot.assistant import Assistant, Content
from bot.core import events
from bot.storage import ConversationKey
from bot.storage.sqlite import SQLiteStorage
from tests.conftest import tap_through


async def filled(content: Content, path: Path) -> None:
    storage = SQLiteStorage(path)
    await storage.open()
    assistant = Assistant(content, storage)
    for user in (1, 2, 3):
        await assistant.take_turn(ConversationKey(user, user), events.Start())
    done = tap_through(content.engine, ["stroke"])
    await storage.save(ConversationKey(4, 4), done)
    await storage.close()


async def test_backup_is_a_complete_consistent_copy(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "live.sqlite3"
    await filled(content, database)
    copy = tmp_path / "backups" / "copy.sqlite3"
    assert cli.main(["backup", str(copy), "--db", str(database)]) == 0
    assert "integrity ok" in capsys.readouterr().out
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT count(*) FROM conversations").fetchone() == (4,)


def test_forget_and_stats(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "live.sqlite3"
    asyncio.run(filled(content, database))  # the command runs its own event loop
    assert cli.main(["forget", "2", "--db", str(database)]) == 0
    assert "1 conversation(s)" in capsys.readouterr().out
    assert cli.main(["stats", "--db", str(database), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["conversations"] == 3
    assert figures["outcomes_by_urgency"] == {"emergency": 1}
    assert "2" not in json.dumps(figures["languages_chosen"])


def test_missing_database_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["stats", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "no database at" in capsys.readouterr().err


def test_stats_prints_an_aligned_table_not_a_dict(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "live.sqlite3"
    asyncio.run(filled(content, database))
    assert cli.main(["stats", "--db", str(database)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "{" not in "".join(lines)
    assert lines[0].split() == ["figure", "count"]
    assert set(lines[1]) == {"-", " "}
    # Every count ends in the same column, under its heading.
    assert len({len(line) for line in lines}) == 1
    assert lines[2].split() == ["conversations", "4"]
    at = lines.index(next(line for line in lines if line.startswith("outcomes by urgency")))
    assert lines[at].split() == ["outcomes", "by", "urgency", "1"]
    assert lines[at + 1].split() == ["emergency", "1"]
    assert lines[at + 1].startswith("  emergency")


def test_backup_of_a_corrupt_database_overwrote_the_good_backup(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "live.sqlite3"
    asyncio.run(filled(content, database))
    target = tmp_path / "backups" / "copy.sqlite3"
    assert cli.main(["backup", str(target), "--db", str(database)]) == 0
    good = target.read_bytes()
    with database.open("r+b") as file:  # the live file gets damaged: its second page
        file.seek(4096)
        file.write(b"\xff" * 64)
    capsys.readouterr()

    assert cli.main(["backup", str(target), "--db", str(database)]) != 0
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert str(database) in err and "damaged" in err
    assert target.read_bytes() == good
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite3"]  # no leftovers


def test_backup_replaces_the_old_copy_in_one_rename(content: Content, tmp_path: Path) -> None:
    database = tmp_path / "live.sqlite3"
    asyncio.run(filled(content, database))
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"yesterday's backup")
    assert cli.main(["backup", str(target), "--db", str(database)]) == 0
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("live")] == ["copy.sqlite3"]
    with contextlib.closing(sqlite3.connect(target)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM conversations").fetchone() == (4,)
