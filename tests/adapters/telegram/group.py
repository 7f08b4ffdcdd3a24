"""Test tools for group sessions: a clock to move timers, and "say" / "vote" / "tick".

Quizzes and case studies move on timers; tests replace the classroom's clock
and call the schedule by hand (`tick`), so a 30-second poll takes no time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.assistant import Content
from tests.adapters.telegram.harness import BotHarness
from tests.fakes.clock import Clock
from tests.storage.backends import Backend

__all__ = [
    "Clock",
    "GroupBots",
    "command",
    "poll_id",
    "polls",
    "start_session",
    "tap_start",
    "tick",
    "vote",
]


class GroupBots:
    """Starts bots whose classroom runs on `clock`; closes whatever a test left open."""

    def __init__(self, clock: Clock, backend: Backend | None = None) -> None:
        self.clock = clock
        self.backend = backend
        self.running: list[BotHarness] = []

    async def start(self, content: Content, database: Path, **kw: Any) -> BotHarness:
        harness = BotHarness(content, database, backend=self.backend, **kw)
        assert harness.spasmbot.classroom is not None
        harness.spasmbot.classroom.clock = self.clock
        harness.telegram.clock = self.clock
        await harness.__aenter__()
        self.running.append(harness)
        return harness

    async def stop(self, harness: BotHarness) -> None:
        """Shut a bot down as a restart would (the database file stays)."""
        self.running.remove(harness)
        await harness.__aexit__(None, None, None)

    async def close_all(self) -> None:
        while self.running:
            await self.stop(self.running[-1])


async def command(harness: BotHarness, chat: int, user: int, text: str) -> list[str]:
    """Send `text` in the group as `user`; the texts the bot posted in reply."""
    before = len(harness.telegram.sent(chat))
    await harness.feed(harness.telegram.message_update(chat, text, user_id=user))
    return [m["text"] for m in harness.telegram.sent(chat)[before:]]


def polls(harness: BotHarness, chat: int) -> list[dict[str, Any]]:
    return [c.params for c in harness.telegram.calls_of("sendPoll") if c.params["chat_id"] == chat]


async def poll_id(harness: BotHarness, chat: int) -> str:
    """The id Telegram gave the open poll in `chat`, as the bot stored it."""
    classroom = harness.spasmbot.classroom
    assert classroom is not None
    store = classroom.store
    session = await store.load(chat)
    assert session is not None and session.poll_id is not None, "no session with a poll"
    return session.poll_id


async def vote(harness: BotHarness, poll: str, user: int, options: list[int]) -> None:
    await harness.feed(harness.telegram.poll_answer_update(poll, user, options))


async def tick(harness: BotHarness, clock: Clock, seconds: float) -> None:
    """Let `seconds` pass, then run the session schedule once."""
    clock.now += seconds
    await harness.spasmbot.groups.run_due_sessions(harness.app.bot)


async def start_session(harness: BotHarness, chat: int, user: int, text: str) -> list[str]:
    """An admin starts a session — `/quiz …`, then Start in its lobby; `/case …` has no
    lobby — and the texts the bot posted for the command."""
    said = await command(harness, chat, user, text)
    classroom = harness.spasmbot.classroom
    assert classroom is not None
    session = await classroom.store.load(chat)
    if session is not None and session.phase == "lobby":
        await tap_start(harness, chat, user)
    return said


async def tap_start(harness: BotHarness, chat: int, user: int) -> None:
    """`user` taps Start under the newest lobby in `chat`."""
    sent = len([c for c in harness.telegram.calls if c.params.get("chat_id") == chat])
    tap = harness.telegram.callback_update(chat, "session:begin", sent, user_id=user)
    await harness.feed(tap)
