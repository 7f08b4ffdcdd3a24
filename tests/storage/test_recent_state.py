"""Turns start from what the chat's last turn left, and nothing stale is ever written.

Each test changes the database in a way that did not come through the turn
writer, then reads and commits the way a turn does (`snapshot`, `commit`):
what is written must rest on what the database holds, as if nothing were kept
in memory. A change on the storage's own other connection is seen by the next
snapshot; one by another process is found by the next batch, which refuses
the turns decided before it (`SnapshotOutdated`) so that they are decided again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.core.conversation import Conversation
from bot.storage import ConversationKey
from bot.storage.base import Snapshot, SnapshotOutdated, TurnRecord
from bot.storage.recent_state import RecentState
from bot.storage.sqlite import SQLiteStorage

KEY = ConversationKey(chat_id=30, user_id=30)


def at_step(step: int) -> Conversation:
    return Conversation(dialog_version="test", state="location", step=step)


async def test_a_turn_starts_from_what_the_last_turn_of_the_chat_left(
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
    """`spasmbot forget` runs as its own process: a conversation kept in memory must not
    be the start of the user's next turn, or the turn would write it back."""
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
    turn read the database (not memory) and before its batch was undone by it."""
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


async def test_changes_made_on_the_storages_other_connection_are_seen(
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
        assert (await second.snapshot(41, KEY)).applied  # also once the chat is kept
    finally:
        await second.close()


def snapshot_of(conversation: Conversation | None) -> Snapshot:
    return Snapshot(applied=False, conversation=conversation)


def test_only_the_most_recently_used_chats_are_kept() -> None:
    recent = RecentState(capacity=2)
    recent.start_over(highest_applied=0)
    keys = [ConversationKey(chat, chat) for chat in (1, 2, 3)]
    for key in keys:
        recent.remember(key, snapshot_of(None))
        recent.snapshot(100, keys[0])  # chat 1 stays in use
    assert recent.snapshot(100, keys[0]) is not None
    assert recent.snapshot(100, keys[1]) is None  # the least recently used went
    assert recent.snapshot(100, keys[2]) is not None


def test_old_update_ids_are_left_to_the_database_once_too_many_are_remembered() -> None:
    recent = RecentState(remembered_updates=3)
    recent.start_over(highest_applied=10)
    recent.remember(KEY, snapshot_of(at_step(1)))
    assert recent.snapshot(10, KEY) is None  # maybe applied before the start: ask the database
    for update_id in (11, 12, 13):
        recent.committed(TurnRecord(update_id, KEY, conversation=at_step(update_id)), True)
    snapshot = recent.snapshot(12, KEY)
    assert snapshot is not None and snapshot.applied and snapshot.conversation == at_step(13)
    recent.committed(TurnRecord(14, KEY), True)  # one too many: the ids so far are let go
    assert recent.snapshot(12, KEY) is None and recent.snapshot(14, KEY) is None
    fresh = recent.snapshot(15, KEY)
    assert fresh is not None and not fresh.applied


def test_nothing_is_answered_before_a_start_or_after_a_stop() -> None:
    recent = RecentState()
    recent.remember(KEY, snapshot_of(None))
    assert recent.snapshot(1, KEY) is None
    recent.start_over(highest_applied=0)
    recent.remember(KEY, snapshot_of(None))
    assert recent.snapshot(1, KEY) is not None
    recent.stop()
    assert recent.snapshot(1, KEY) is None
