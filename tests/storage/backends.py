"""The storage backends the contract tests run on: SQLite always, PostgreSQL when given.

`SPASMBOT_TEST_DATABASE_URL` names a PostgreSQL server (`.ci/run` starts one on
loopback and sets it). Each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from bot.storage.base import Database
from bot.storage.postgres import PostgresStorage
from bot.storage.sqlite import SQLiteStorage

POSTGRES_URL = os.environ.get("SPASMBOT_TEST_DATABASE_URL", "")
if os.environ.get("SPASMBOT_REQUIRE_POSTGRES") and not POSTGRES_URL:
    raise RuntimeError("SPASMBOT_REQUIRE_POSTGRES is set but SPASMBOT_TEST_DATABASE_URL is not")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="set SPASMBOT_TEST_DATABASE_URL (bash .ci/postgres.sh)"
        ),
    ),
]


class Backend:
    """Makes storages that share one database, as several processes would."""

    def __init__(self, name: str, tmp_path: Path) -> None:
        self.name = name
        self.path = tmp_path / "db.sqlite3"
        self.schema = f"t_{uuid.uuid4().hex[:12]}"

    def new(self, path: Path | None = None) -> Database:
        """A storage on this backend's database (on SQLite: `path`, if given)."""
        if self.name == "sqlite":
            return SQLiteStorage(path or self.path)
        return PostgresStorage(POSTGRES_URL, schema=self.schema, pool_size=4)

    @asynccontextmanager
    async def opened(self) -> AsyncIterator[Database]:
        storage = self.new()
        await storage.open()
        try:
            yield storage
        finally:
            await storage.close()

    async def drop(self) -> None:
        if self.name == "postgres":
            connection = await asyncpg.connect(POSTGRES_URL)
            try:
                await connection.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
            finally:
                await connection.close()
