from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.assistant import Content
from tests.adapters.telegram.group import Clock, GroupBots
from tests.adapters.telegram.harness import BotHarness, ChatUser
from tests.core.test_quiz import BANK
from tests.storage.backends import BACKENDS, Backend


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The chat and group tests run on SQLite, and on PostgreSQL when a server is given."""
    chosen = Backend(request.param, tmp_path)
    yield chosen
    if chosen.name == "postgres":
        asyncio.run(chosen.drop())


@pytest.fixture
async def harness(content: Content, tmp_path: Path, backend: Backend) -> AsyncIterator[BotHarness]:
    async with BotHarness(content, tmp_path / "bot.sqlite3", backend=backend) as running:
        yield running


@pytest.fixture
def alice(harness: BotHarness) -> ChatUser:
    return harness.user(1001)


@pytest.fixture
def teaching(content: Content) -> Content:
    """The content with the small quiz bank of the core's quiz tests."""
    return replace(content, quiz=BANK)


@pytest.fixture
def clock() -> Clock:
    return Clock(1_800_000_000.0)  # a fixed date, after any a test writes by hand


@pytest.fixture
async def bots(clock: Clock, backend: Backend) -> AsyncIterator[GroupBots]:
    """Start group-session bots with `await bots.start(...)`; all are closed at the end."""
    group = GroupBots(clock, backend)
    yield group
    await group.close_all()
