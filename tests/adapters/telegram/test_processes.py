"""Three `spasmbot webhook` processes sharing one PostgreSQL database.

A load balancer may send any update to any process, and Telegram may deliver
an update twice. Each chat's updates are posted one after the other, every one
to a different process than the one before, while all chats go at once and
some updates are posted to two processes at the same moment. Every chat must
then read exactly as a chat with a single process does: no reply lost, none
repeated, none out of order.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest

from tests.adapters.telegram.processes import (
    LINES,
    Webhooks,
    conversation,
    fresh_database,
    replies,
)
from tests.fakes.bot_api import FakeBotApiServer
from tests.storage.backends import POSTGRES_URL

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="set SPASMBOT_TEST_DATABASE_URL (bash .ci/postgres.sh)"
)


def test_three_processes_apply_every_update_once_and_in_order(tmp_path: Path) -> None:
    chats = [5000 + n for n in range(24)]
    with (
        fresh_database() as url,
        FakeBotApiServer() as server,
        Webhooks(server, url, tmp_path, 3) as hooks,
    ):
        tg = server.telegram
        # One chat alone first: what every chat must read.
        for update in conversation(tg, 4999, 1):
            assert hooks.post(0, update) == 200
        expected = replies(tg, 4999)
        assert expected[-1].startswith("🟢") and len(expected) > len(LINES)
        assert len(set(expected)) == len(expected), "a reply went out twice"

        ids = itertools.count(1000, len(LINES))
        plans = {chat: conversation(tg, chat, next(ids)) for chat in chats}
        lock = threading.Lock()
        posted = 0

        def play(chat: int) -> None:
            nonlocal posted
            for step, update in enumerate(plans[chat]):
                target = chat + step  # a different process than the step before
                if step % 3 == 1:  # delivered twice, to two processes at the same moment
                    with ThreadPoolExecutor(2) as twice:
                        same = functools.partial(hooks.post, update=update)
                        codes = list(twice.map(same, [target, target + 1]))
                    assert codes == [200, 200]
                else:
                    assert hooks.post(target, update) == 200
                with lock:
                    posted += 1

        started = time.perf_counter()
        with ThreadPoolExecutor(len(chats)) as pool:
            list(pool.map(play, chats))
        elapsed = time.perf_counter() - started

        for chat in chats:
            assert replies(tg, chat) == expected, f"chat {chat}"
        print(f"\n3 processes: {posted} updates of {len(chats)} chats in {elapsed:.2f} s")

        async def applied() -> int:
            connection = await asyncpg.connect(url)
            try:
                return int(await connection.fetchval("SELECT count(*) FROM applied_updates"))
            finally:
                await connection.close()

        assert asyncio.run(applied()) == len(LINES) * (len(chats) + 1)
    for log in hooks.logs:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, text[-2000:]
