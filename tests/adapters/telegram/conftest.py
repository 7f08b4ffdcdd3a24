from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.assistant import Consultation
from tests.adapters.telegram.group import Clock, GroupBots
from tests.adapters.telegram.harness import BotHarness, ChatUser


@pytest.fixture
async def harness(consultation: Consultation, tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness(consultation, tmp_path / "bot.sqlite3") as running:
        yield running


@pytest.fixture
def alice(harness: BotHarness) -> ChatUser:
    return harness.user(1001)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bots(clock: Clock) -> AsyncIterator[GroupBots]:
    """Start group-session bots with `await bots.start(...)`; all are closed at the end."""
    group = GroupBots(clock)
    yield group
    await group.close_all()
