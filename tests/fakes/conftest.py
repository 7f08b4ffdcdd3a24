"""A fake Telegram and PTB bots talking to it, in process (``tg``, ``bot``) or over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot

from tests.fakes.bot_api import FakeBotApiServer, FakeRequest, FakeTelegram
from tests.fakes.ptb import TOKEN


@pytest.fixture
def tg() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, request=FakeRequest(tg), get_updates_request=FakeRequest(tg)) as bot:
        yield bot


@pytest.fixture
def server() -> Iterator[FakeBotApiServer]:
    with FakeBotApiServer() as server:
        yield server


@pytest.fixture
async def http_bot(server: FakeBotApiServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        yield bot
