"""Per-chat order: one chat's holders take turns, other chats go on, idle chats cost nothing."""

from __future__ import annotations

import asyncio

from bot.adapters.telegram.ordering import ChatLocks


async def test_one_chat_waits_for_its_turn_while_other_chats_go_on() -> None:
    locks = ChatLocks()
    seen: list[tuple[str, str]] = []

    async def hold(chat_id: int, name: str, pause: float) -> None:
        async with locks.hold(chat_id):
            seen.append(("in", name))
            await asyncio.sleep(pause)
            seen.append(("out", name))

    await asyncio.gather(hold(1, "first", 0.05), hold(1, "second", 0), hold(2, "other", 0))
    assert seen.index(("out", "first")) < seen.index(("in", "second"))
    assert seen.index(("out", "other")) < seen.index(("out", "first"))
    assert locks.busy_chats == 0


async def test_a_waiter_that_gives_up_leaves_no_lock_behind() -> None:
    locks = ChatLocks()
    async with locks.hold(7):
        waiter = asyncio.create_task(locks.hold(7).__aenter__())
        await asyncio.sleep(0.01)
        assert locks.busy_chats == 1
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
    assert locks.busy_chats == 0


async def test_the_lock_across_processes_is_taken_inside_the_chats_own() -> None:
    taken: list[int] = []

    class AcrossProcesses:
        def __init__(self, chat_id: int) -> None:
            self.chat_id = chat_id

        async def __aenter__(self) -> None:
            taken.append(self.chat_id)

        async def __aexit__(self, *exc: object) -> None:
            taken.append(-self.chat_id)

    locks = ChatLocks(AcrossProcesses)
    async with locks.hold(3):
        assert taken == [3]
    assert taken == [3, -3] and locks.busy_chats == 0
