"""The periodic work on PTB's JobQueue: it runs while the application runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.adapters.telegram import jobs
from bot.assistant import Content
from bot.storage.base import Purged
from tests.adapters.telegram.harness import BotHarness


async def running_until(harness: BotHarness, done: Callable[[], bool], seconds: float = 30) -> None:
    """Run the application (and so its jobs) until `done()` or `seconds` have passed."""
    await harness.app.start()
    try:
        for _ in range(int(seconds / 0.02)):
            if done():
                return
            await asyncio.sleep(0.02)
    finally:
        await harness.app.stop()


async def test_replies_held_back_by_an_outage_reach_the_user_without_them_writing_again(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "REDELIVERY_INTERVAL", 0.05)
    async with BotHarness(content, tmp_path / "bot.sqlite3") as harness:
        alice = harness.user(7)
        await alice.send("/start")
        harness.telegram.fail("sendMessage", error="network", times=100)
        await alice.click("None of these")
        metrics = harness.spasmbot.metrics
        assert metrics.value("spasmbot_chats_with_replies_waiting") == 1
        harness.telegram.clear_failures()

        def question_arrived() -> bool:
            return any(t.startswith("Which of these describes") for t in alice.texts())

        await running_until(harness, question_arrived)
        assert [t for t in alice.texts() if t.startswith("Which of these describes")] != []
        assert len([t for t in alice.texts() if t.startswith("Which of these describes")]) == 1
        assert await harness.count("outbox") == 0
        assert metrics.value("spasmbot_chats_with_replies_waiting") == 0


async def test_a_failing_job_is_logged_by_name_and_runs_again(
    content: Content,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(jobs, "SESSION_TICK", 0.05)
    async with BotHarness(content, tmp_path / "bot.sqlite3") as harness:
        passes: list[int] = []

        async def broken() -> list[int]:
            passes.append(len(passes))
            raise RuntimeError("the schedule is unreadable")

        monkeypatch.setattr(harness.spasmbot.classroom, "due", broken)
        await running_until(harness, lambda: len(passes) >= 2)
    assert len(passes) >= 2
    assert "job run_due_sessions failed: RuntimeError" in caplog.text


async def test_idle_conversations_are_purged_when_the_bot_starts(
    content: Content, tmp_path: Path
) -> None:
    async with BotHarness(content, tmp_path / "bot.sqlite3") as harness:
        purged: list[float] = []

        async def purge_idle(idle_since: float) -> Purged:
            purged.append(idle_since)
            return Purged(0, 0, 0, 0)

        harness.storage.purge_idle = purge_idle  # type: ignore[method-assign]
        await running_until(harness, lambda: bool(purged))
    assert len(purged) == 1  # at once, then hourly


async def test_without_a_retention_period_nothing_is_purged(
    content: Content, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with BotHarness(content, tmp_path / "bot.sqlite3", retention_days=0) as harness:
        names = [job.name for job in harness.app.job_queue.jobs()]  # type: ignore[union-attr]
    assert "purge_idle_conversations" not in names
    assert "redeliver_waiting_replies" in names and "run_due_sessions" in names


async def test_regression_a_job_cut_short_by_the_stop_was_logged_as_an_error_with_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = asyncio.Event()

    async def looks_at_the_database(context: object) -> None:
        started.set()
        await asyncio.sleep(60)  # a query in flight when the stop comes

    task = asyncio.ensure_future(jobs.stops_quietly(looks_at_the_database)(None))  # type: ignore[arg-type]
    await started.wait()
    with caplog.at_level(logging.INFO, logger="bot.adapters.telegram.jobs"):
        task.cancel()  # as APScheduler's executor does when the application stops
        await asyncio.wait([task])
    assert task.exception() is None  # APScheduler logs "Error running job" otherwise
    assert "runs at the next start" in caplog.text
