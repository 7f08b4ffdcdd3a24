"""PostgreSQL only: the per-chat advisory lock and the connection that goes with it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from bot.core.conversation import Conversation
from bot.storage import ConversationKey
from bot.storage.base import TurnRecord
from bot.storage.postgres import CHAT_LOCK_NAMESPACE, PostgresStorage, _lock_key
from tests.storage.backends import POSTGRES_URL, Backend

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="set SPASMBOT_TEST_DATABASE_URL (bash .ci/postgres.sh)"
)


async def test_regression_a_task_started_while_holding_a_chat_borrowed_its_connection(
    tmp_path: Path,
) -> None:
    """A task inherits its parent's context variables: it took the parent's held
    connection for its own, skipped locking its own chat, and failed once the
    parent let go ("connection has been released back to the pool")."""
    backend = Backend("postgres", tmp_path)
    observer = await asyncpg.connect(POSTGRES_URL)
    try:
        async with backend.opened() as storage:
            assert isinstance(storage, PostgresStorage)
            entered = asyncio.Event()

            async def other_chat() -> int:
                async with storage.hold_chat(2):
                    entered.set()
                    await asyncio.sleep(0.1)  # the parent lets go of chat 1 meanwhile
                    return len(await storage.pending(2))

            async with storage.hold_chat(1):
                child = asyncio.create_task(other_chat())
                await entered.wait()
            taken = await observer.fetchval(
                "SELECT pg_try_advisory_lock($1, $2)", CHAT_LOCK_NAMESPACE, _lock_key(2)
            )
            assert taken is False  # the child really holds chat 2
            assert await child == 0
    finally:
        await observer.close()
        await backend.drop()


@pytest.mark.parametrize("chat_id", [7, -100], ids=["private chat", "group"])
async def test_regression_spasmbot_forget_was_undone_by_a_turn_in_flight(
    tmp_path: Path, chat_id: int
) -> None:
    """`spasmbot forget` deleted the user's rows while a bot process was in the middle
    of a turn of theirs; the turn's commit then wrote the conversation back. Now the
    deletion waits for the chat, and the turn's change is deleted with the rest."""
    user = ConversationKey(chat_id=chat_id, user_id=7)
    backend = Backend("postgres", tmp_path)
    try:
        async with backend.opened() as bot, backend.opened() as cli:
            started = Conversation(dialog_version="test", state="location", step=1)
            assert await bot.commit(TurnRecord(1, user, conversation=started))
            async with bot.hold_chat(chat_id):
                snapshot = await bot.snapshot(2, user)
                forget = asyncio.create_task(cli.forget_user(7))
                await asyncio.sleep(0.2)
                assert not forget.done()  # waits for the turn
                assert snapshot.conversation is not None
                moved_on = Conversation(dialog_version="test", state="location", step=2)
                assert await bot.commit(TurnRecord(2, user, conversation=moved_on))
            assert await asyncio.wait_for(forget, 5) == 1
            assert await bot.load(user) is None
            assert await cli.load(user) is None
    finally:
        await backend.drop()
