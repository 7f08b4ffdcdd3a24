"""After a forget, what the person answered is gone from the disk at once.

SQLite deletes into its write-ahead log (`-wal`), which is copied into the
database at checkpoints, and leaves deleted rows' bytes in free space. Both
kept the answers readable until a clean shutdown.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from bot.assistant import Content
from bot.storage import ConversationKey
from tests.adapters.telegram.harness import BotHarness, ChatUser
from tests.conftest import ROOT

#: The taps, and what they leave in the database: answer ids, and the question
#: edited to show the choice (it waits in the outbox until Telegram takes it).
TAPS = ["None of these", "One eyelid twitches", "Less than 2 weeks"]
ANSWERS = [b"one_eyelid", b"under_2_weeks", b"One eyelid twitches", b"Less than 2 weeks"]


def traces(database: Path) -> dict[str, list[bytes]]:
    """Which of the answers each of the database's files still holds."""
    found: dict[str, list[bytes]] = {}
    for suffix in ("", "-wal", "-shm"):
        file = database.with_name(database.name + suffix)
        data = file.read_bytes() if file.exists() else b""
        found[file.name] = [answer for answer in ANSWERS if answer in data]
    return found


async def answered(harness: BotHarness, user_id: int) -> ChatUser:
    person = harness.user(user_id)
    await person.send("/start")
    for label in TAPS:
        await person.click(label)
    conversation = await harness.storage.load(ConversationKey(user_id, user_id))
    assert conversation is not None and "one_eyelid" in conversation.answers.values()
    return person


async def test_forgotten_answers_left_readable_in_the_wal_after_telegram_forget(
    content: Content, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    async with BotHarness(content, database) as harness:
        alice = await answered(harness, 31)
        assert any(traces(database).values())  # the test sees them before the forget
        await alice.send("/forget")
        await alice.click("Yes, delete everything")
        assert "deleted" in alice.texts()[-1]
        assert traces(database) == {f.name: [] for f in _files(database)}  # bot still running


async def test_forgotten_answers_left_readable_in_the_wal_after_spasmbot_forget(
    content: Content, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    async with BotHarness(content, database) as harness:
        await answered(harness, 32)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "forget", "32", "--db", str(database)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "1 conversation(s)" in done.stdout
        assert traces(database) == {f.name: [] for f in _files(database)}  # bot still running


def _files(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("", "-wal", "-shm")]
