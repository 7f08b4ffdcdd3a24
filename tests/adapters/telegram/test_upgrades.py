"""Upgrading a live database, and going back: `spasmbot run` started on a database the
release before wrote (built from the real migrations), mid-consultation with replies
waiting in the outbox, and on a database a newer release upgraded (a rollback)."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.storage.postgres import in_postgres_terms
from bot.storage.schema import MIGRATIONS, statements
from tests.adapters.telegram.bot_process import (
    CHAT,
    BotProcess,
    assert_one_consultation_to_its_end,
    newest_button,
    tap,
)
from tests.adapters.telegram.harness import BENIGN_TAPS
from tests.adapters.telegram.processes import fresh_database
from tests.fakes.bot_api import FakeBotApiServer
from tests.storage.backends import BACKENDS

#: The release before the newest migration: its schema version.
PREVIOUS = len(MIGRATIONS) - 1
#: What the release before kept, table by table (the newest migration adds a column only).
TABLES = ("conversations", "users", "chats", "applied_updates", "outbox")
#: The column the newest migration adds (the outbox's replies held for a person who
#: blocked the bot): the release before had none.
NEWEST_COLUMN = "held_at"


def sqlite_at(path: Path, version: int) -> None:
    """A new SQLite file with the real migrations 1 to `version` applied."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")  # as every release has kept it
        for script in MIGRATIONS[:version]:
            for statement in statements(script):
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")
    finally:
        db.close()


async def postgres_at(url: str, version: int) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "CREATE TABLE schema_migrations"
            " (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)"
        )
        for number, script in enumerate(MIGRATIONS[:version], start=1):
            await connection.execute(in_postgres_terms(script))
            await connection.execute("INSERT INTO schema_migrations VALUES ($1, 0)", number)
    finally:
        await connection.close()


def rows_of(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Each table's columns the release before had, and its rows."""
    found = {}
    with sqlite3.connect(path) as db:
        for table in TABLES:
            columns = [
                row[1]
                for row in db.execute(f"PRAGMA table_info({table})")
                if row[1] != NEWEST_COLUMN
            ]
            rows = db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            found[table] = (columns, rows)
    return found


async def write_postgres(url: str, tables: dict[str, tuple[list[str], list[Any]]]) -> None:
    connection = await asyncpg.connect(url)
    try:
        for table, (columns, rows) in tables.items():
            marks = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
            await connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )
    finally:
        await connection.close()


async def postgres_version_and_tables(url: str) -> tuple[int, list[str]]:
    connection = await asyncpg.connect(url)
    try:
        version = await connection.fetchval("SELECT max(version) FROM schema_migrations")
        tables = await connection.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " ORDER BY table_name"
        )
        return int(version), [row[0] for row in tables]
    finally:
        await connection.close()


@contextmanager
def database(backend: str, tmp_path: Path) -> Iterator[str | None]:
    if backend == "sqlite":
        yield None
    else:
        with fresh_database() as url:
            yield url


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_of_the_release_before_is_upgraded_mid_consultation(
    backend: str, tmp_path: Path
) -> None:
    """The release before (schema version 8) held a consultation three answers in and a
    reply Telegram had not taken yet (the outbox): the upgraded bot starts on it, sends
    the waiting reply once, and the consultation goes on from its question to the end."""
    with FakeBotApiServer(hold_seconds=60) as server, database(backend, tmp_path) as url:
        tg = server.telegram
        # What the release before wrote, as people used it: played on a file, then copied
        # into a database built by migrations 1 to 8 alone.
        before = BotProcess(server, tmp_path / "before")
        (tmp_path / "before").mkdir()
        before.start()
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
        for label in BENIGN_TAPS[:3]:
            tap(server, label)
        before.wait_until_idle()
        tg.fail("sendMessage", error="timeout")
        sent = len(tg.sent(CHAT))
        message_id, data = newest_button(tg, BENIGN_TAPS[3])
        tg.push_update(tg.callback_update(CHAT, data, message_id))
        server.wait_for(lambda t: any(c.error for c in t.calls_of("sendMessage")), timeout=20)
        before.kill()
        assert before.outbox(), "a reply waits in the outbox"
        tables = rows_of(Path(before.env["SPASMBOT_DB"]))
        assert tables["conversations"][1] and tables["outbox"][1]

        bot = BotProcess(server, tmp_path)
        if url is None:
            sqlite_at(Path(bot.env["SPASMBOT_DB"]), PREVIOUS)
            with sqlite3.connect(bot.env["SPASMBOT_DB"]) as db:
                for table, (columns, rows) in tables.items():
                    marks = ", ".join("?" for _ in columns)
                    db.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                    )
        else:
            asyncio.run(postgres_at(url, PREVIOUS))
            asyncio.run(write_postgres(url, tables))
            bot.env["DATABASE_URL"] = url

        bot.start()  # the upgrade: migration 9 on the release before's rows
        server.wait_for(lambda t: len(t.sent(CHAT)) > sent, timeout=20)
        for label in BENIGN_TAPS[4:]:
            tap(server, label)
        assert bot.stop() == 0

        assert_one_consultation_to_its_end(tg)
        if url is None:
            with sqlite3.connect(bot.env["SPASMBOT_DB"]) as db:
                assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        else:
            version, _ = asyncio.run(postgres_version_and_tables(url))
            assert version == len(MIGRATIONS)
    log = bot.log.read_text(errors="replace")
    assert "Traceback" not in log and "ERROR" not in log, log[-2000:]


@pytest.mark.parametrize("backend", BACKENDS)
def test_regression_a_release_started_on_a_newer_database_ran_on_it(
    backend: str, tmp_path: Path
) -> None:
    """A rollback: the release before started on the database a newer release had
    upgraded (a schema version it does not know) ran on it in silence, reading and
    writing tables whose meaning had changed under it. It now refuses in one line (the
    version found, the one it knows, and what to do: the newer release, or the backup
    made before the upgrade), exit 2 (systemd does not restart it), no traceback, and
    the database is left exactly as it was."""
    newer = len(MIGRATIONS) + 1
    with FakeBotApiServer() as server, database(backend, tmp_path) as url:
        bot = BotProcess(server, tmp_path)
        path = Path(bot.env["SPASMBOT_DB"])
        if url is None:
            sqlite_at(path, len(MIGRATIONS))
            with sqlite3.connect(path) as db:
                db.execute("CREATE TABLE from_the_future (x INTEGER)")
                db.execute(f"PRAGMA user_version = {newer}")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            was = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            asyncio.run(postgres_at(url, len(MIGRATIONS)))
            newest = {"schema_migrations": (["version", "applied_at"], [(newer, 0.0)])}
            asyncio.run(write_postgres(url, newest))
            was_pg = asyncio.run(postgres_version_and_tables(url))
            bot.env["DATABASE_URL"] = url
        with bot.log.open("wb") as log:
            finished = subprocess.run(
                [sys.executable, "-m", "bot", "run"],
                env=bot.env,
                stdout=log,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )
        assert finished.returncode == 2, finished.stderr
        assert "Traceback" not in finished.stderr, finished.stderr
        (line,) = [n for n in finished.stderr.splitlines() if n.startswith("spasmbot:")]
        assert f"schema version {newer}; this release knows up to {len(MIGRATIONS)}" in line
        assert "newer release" in line and "backup" in line, line
        assert not server.telegram.calls_of("getUpdates")  # it never began serving
        if url is None:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == was
        else:
            assert asyncio.run(postgres_version_and_tables(url)) == was_pg
