"""Another process's write between a turn's read and its commit is never overwritten.

Each test changes the database in a way that did not come through the turn's
own commit, then reads and commits the way a turn does (`snapshot`,
`commit`): what is written must rest on what the database holds. A change by
another process is found by the next batch, which refuses the turns read
before it (`SnapshotOutdated`) so that they are decided again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.core.conversation import Conversation
from bot.storage import ConversationKey
from bot.storage.base import SnapshotOutdated, TurnRecord
from bot.storage.sqlite import SQLiteStorage

KEY = ConversationKey(chat_id=30, user_id=30)


def at_step(step: int) -> Conversation:
    return Conversation(dialog_version="test", state="location", step=step)


async def test_a_turn_starts_from_what_the_last_turn_of_the_chat_left_and_is_applied_once(
    storage: SQLiteStorage,
) -> None:
    assert (await storage.snapshot(1, KEY)).conversation is None
    for update_id in range(1, 4):
        assert await storage.commit(TurnRecord(update_id, KEY, conversation=at_step(update_id)))
        snapshot = await storage.snapshot(update_id + 1, KEY)
        assert snapshot.conversation == at_step(update_id) and not snapshot.applied
    assert (await storage.snapshot(2, KEY)).applied  # delivered again: recognised


def in_another_process(path: Path, statement: str, *args: object) -> None:
    """A write such as `spasmbot forget` makes, on a connection of its own."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute(statement, args)
    finally:
        other.close()


def forget_in_another_process(path: Path, user_id: int) -> None:
    in_another_process(path, "DELETE FROM conversations WHERE user_id = ?", user_id)


SETTINGS = "INSERT INTO users (user_id, language, active, updated_at) VALUES (?, 'de', 1, 0)"


async def turn(storage: SQLiteStorage, update_id: int, step: int) -> bool:
    """Read, decide (move to `step`) and commit, as the bot does."""
    snapshot = await storage.snapshot(update_id, KEY)
    return await storage.commit(
        TurnRecord(update_id, KEY, conversation=at_step(step), read_at=snapshot.read_at)
    )


async def test_regression_forget_from_another_process_was_undone_by_the_next_turn(
    storage: SQLiteStorage,
) -> None:
    """`spasmbot forget` runs as its own process: the conversation a turn read before the
    deletion must not be what the turn writes back."""
    assert await turn(storage, 1, step=1)
    kept = await storage.snapshot(2, KEY)
    assert kept.conversation == at_step(1)
    forget_in_another_process(storage.path, KEY.user_id)
    with pytest.raises(SnapshotOutdated):
        await storage.commit(TurnRecord(2, KEY, conversation=at_step(2), read_at=kept.read_at))
    assert await storage.load(KEY) is None  # nothing written back
    fresh = await storage.snapshot(2, KEY)
    assert fresh.conversation is None and not fresh.applied
    assert await storage.commit(TurnRecord(2, KEY, conversation=at_step(1), read_at=fresh.read_at))


async def test_regression_a_write_between_a_turns_read_and_its_commit_was_overwritten(
    storage: SQLiteStorage,
) -> None:
    """Checked at the snapshot only, a write by another process that landed after a
    turn read the database and before its batch was undone by it."""
    read = await storage.snapshot(1, KEY)
    assert read.conversation is None
    in_another_process(storage.path, SETTINGS, KEY.user_id)
    with pytest.raises(SnapshotOutdated):
        await storage.commit(TurnRecord(1, KEY, conversation=at_step(1), read_at=read.read_at))
    again = await storage.snapshot(1, KEY)
    assert again.language == "de" and not again.applied
    assert await storage.commit(TurnRecord(1, KEY, conversation=at_step(1), read_at=again.read_at))
    assert (await storage.snapshot(2, KEY)).conversation == at_step(1)


async def test_only_turns_read_before_anothers_write_are_refused(
    storage: SQLiteStorage,
) -> None:
    """The refusal costs a read and a decision again: turns read after the batch that
    found the write go through, even though what changed was somebody else's."""
    assert await turn(storage, 1, step=1)
    stale = await storage.snapshot(2, KEY)
    in_another_process(storage.path, SETTINGS, 999)
    with pytest.raises(SnapshotOutdated):
        await storage.commit(TurnRecord(2, KEY, conversation=at_step(2), read_at=stale.read_at))
    assert await turn(storage, 2, step=2)
    assert await turn(storage, 3, step=3)
    assert await storage.load(KEY) == at_step(3)


async def test_changes_made_by_the_storages_maintenance_are_seen(
    storage: SQLiteStorage,
) -> None:
    await storage.snapshot(1, KEY)
    await storage.commit(TurnRecord(1, KEY, conversation=at_step(1)))
    assert (await storage.snapshot(2, KEY)).active
    await storage.deactivate(KEY.user_id, KEY.chat_id)  # the user blocked the bot
    assert not (await storage.snapshot(2, KEY)).active
    assert await storage.forget_user(KEY.user_id) == 1
    assert (await storage.snapshot(2, KEY)).conversation is None


async def test_a_language_chosen_in_a_turn_is_seen_in_every_chat_of_the_user(
    storage: SQLiteStorage,
) -> None:
    group = ConversationKey(chat_id=-100, user_id=KEY.user_id)
    for key in (KEY, group):
        await storage.snapshot(1, key)
    await storage.commit(TurnRecord(1, KEY, language="de"))
    assert (await storage.snapshot(2, KEY)).language == "de"
    assert (await storage.snapshot(2, group)).language == "de"


async def test_an_update_applied_before_a_restart_is_recognised_after_it(
    tmp_path: Path,
) -> None:
    first = SQLiteStorage(tmp_path / "bot.sqlite3")
    await first.open()
    await first.commit(TurnRecord(41, KEY, conversation=at_step(1)))
    await first.close()
    second = SQLiteStorage(tmp_path / "bot.sqlite3")
    await second.open()
    try:
        assert (await second.snapshot(41, KEY)).applied  # Telegram delivered it again
        assert not (await second.snapshot(42, KEY)).applied
        assert (await second.snapshot(41, KEY)).applied  # asked again
    finally:
        await second.close()
