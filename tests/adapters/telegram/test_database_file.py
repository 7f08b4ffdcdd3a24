"""The SQLite file holds people's health answers: who may read it on the server."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.assistant import Content
from tests.adapters.telegram.harness import BotHarness


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_regression_the_database_of_health_answers_was_readable_by_every_local_user(
    content: Content, tmp_path: Path
) -> None:
    """`make bot` as the README says (no systemd umask, no container) created the
    database, its -wal and -shm 0644 in a 0755 folder: any account on the machine could
    copy every consultation. `spasmbot backup` already wrote its copy 0600."""
    database = tmp_path / "data" / "spasmbot.sqlite3"
    async with BotHarness(content, database) as bot:
        await bot.user(1001).send("my left eyelid has twitched for three days")
        files = [database, *database.parent.glob(f"{database.name}-*")]
        assert len(files) == 3, files  # the database, its -wal and -shm
        assert {f.name: oct(mode(f)) for f in files} == {f.name: "0o600" for f in files}
    assert mode(database.parent) & 0o077 == 0
