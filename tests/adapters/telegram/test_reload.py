"""Live reload: `/reload`, SIGHUP and --watch swap the dialogs without a restart."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.adapters.telegram import incoming, jobs, texts
from bot.adapters.telegram.incoming import Action
from bot.assistant import Content
from bot.live import LiveDialogs, Reload
from tests.adapters.telegram.harness import BotHarness
from tests.conftest import DIALOGS, LOCALES

ADMIN, USER = 9001, 9002
CURRENT = Content.load(DIALOGS, LOCALES).dialog.version


@pytest.fixture
def dialogs(tmp_path: Path) -> Path:
    """A copy of the dialogs that the test edits, as a maintainer would."""
    target = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, target)
    return target


async def until(done: Callable[[], bool], seconds: float = 60) -> None:
    """Wait until `done()`: loading the dialogs takes seconds on a busy machine."""
    deadline = time.monotonic() + seconds
    for _ in range(int(seconds / 0.02)):
        if done() or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.02)


def edit(dialogs: Path, old: str, new: str) -> None:
    path = dialogs / "consultation.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
async def live_bot(content: Content, dialogs: Path, tmp_path: Path) -> AsyncIterator[BotHarness]:
    async with BotHarness(
        content,
        tmp_path / "bot.sqlite3",
        admin_ids=frozenset({ADMIN}),
        reload=lambda: Content.load(dialogs, LOCALES),
    ) as running:
        yield running


async def test_admin_reloads_a_new_version_and_conversations_go_on(
    live_bot: BotHarness, dialogs: Path
) -> None:
    user = live_bot.user(USER)
    await user.send("/start")
    await user.click("None of these")
    edit(dialogs, f'version: "{CURRENT}"', 'version: "next-version"')
    edit(dialogs, "How long has it been going on?", "For how long has it been going on?")

    (reply,) = await live_bot.user(ADMIN).send("/reload")
    assert reply == "Dialogs reloaded: now serving version next-version."
    replies = await user.click("One eyelid twitches")
    assert replies[-1] == "For how long has it been going on?"
    assert live_bot.spasmbot.assistant.content.dialog.version == "next-version"


async def test_an_invalid_dialog_is_refused_and_the_old_one_keeps_serving(
    live_bot: BotHarness, dialogs: Path
) -> None:
    user = live_bot.user(USER)
    await user.send("/start")
    edit(dialogs, "goto: location", "goto: locaton")

    (reply,) = await live_bot.user(ADMIN).send("/reload")
    assert reply.startswith(f"The dialogs were not reloaded; still serving version {CURRENT}.")
    assert "unknown question 'locaton'" in reply
    replies = await user.click("None of these")
    assert replies[-1] == "Which of these describes it best?"
    assert live_bot.spasmbot.assistant.content.dialog.version == CURRENT


async def test_reload_is_for_admins_only(live_bot: BotHarness) -> None:
    (reply,) = await live_bot.user(USER).send("/reload")
    assert reply == texts.UNKNOWN_COMMAND


async def test_sighup_reloads_and_tells_the_admins(live_bot: BotHarness, dialogs: Path) -> None:
    edit(dialogs, f'version: "{CURRENT}"', 'version: "another-version"')
    os.kill(os.getpid(), signal.SIGHUP)
    await until(lambda: bool(live_bot.telegram.sent(ADMIN)))
    (message,) = live_bot.telegram.sent(ADMIN)
    assert message["text"] == "Dialogs reloaded: now serving version another-version."


async def test_watch_reloads_when_a_file_changes(content: Content, dialogs: Path) -> None:
    from bot.assistant import Assistant

    assistant = Assistant(content, storage=None)  # type: ignore[arg-type]
    live = LiveDialogs(assistant, lambda: Content.load(dialogs, LOCALES), [dialogs])
    seen: list[Reload] = []

    async def report(result: Reload) -> None:
        seen.append(result)

    watcher = asyncio.create_task(live.watch(report, interval=0.05))
    await asyncio.sleep(0.2)
    edit(dialogs, f'version: "{CURRENT}"', 'version: "2026.12.3"')
    await until(lambda: bool(seen))
    watcher.cancel()
    assert seen == [Reload(True, "2026.12.3")]
    assert assistant.content.dialog.version == "2026.12.3"


async def test_regression_checking_who_may_reload_performed_the_reload(
    content: Content, dialogs: Path, tmp_path: Path
) -> None:
    """The permission check of `/reload` reloaded the dialogs as a side effect. Now
    checking changes nothing, a refused `/reload` loads nothing, and an admin's
    `/reload` delivered again after a restart does not reload a second time."""
    loads: list[str] = []

    def load() -> Content:
        loads.append("load")
        return Content.load(dialogs, LOCALES)

    async with BotHarness(
        content, tmp_path / "bot.sqlite3", admin_ids=frozenset({ADMIN}), reload=load
    ) as bot:
        request = bot.telegram.message_update(ADMIN, "/reload")
        asked = incoming.reload(bot.update(request))
        assert asked is not None
        checked = await bot.spasmbot.turns.permitted(bot.app.bot, asked)
        assert checked.action is Action.RELOAD and loads == []

        await bot.user(USER).send("/reload")
        assert loads == []

        update_id = await bot.feed(request)
        assert loads == ["load"]
        await bot.feed(request, update_id=update_id)  # Telegram delivers it again
        assert loads == ["load"]
        assert [m["text"] for m in bot.telegram.sent(ADMIN)] == [
            f"Dialogs reloaded: now serving version {CURRENT}."
        ]


async def test_a_saved_dialog_file_is_reloaded_and_the_admins_told(
    content: Content, dialogs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`spasmbot run --watch`: the bot's job queue looks at the files every second."""
    monkeypatch.setattr(jobs, "WATCH_INTERVAL", 0.05)
    async with BotHarness(
        content,
        tmp_path / "bot.sqlite3",
        admin_ids=frozenset({ADMIN}),
        reload=lambda: Content.load(dialogs, LOCALES),
        watch=[dialogs],
    ) as bot:
        await bot.app.start()
        try:
            await asyncio.sleep(0.2)  # the first look records the files as they are
            edit(dialogs, f'version: "{CURRENT}"', 'version: "saved-version"')
            await until(lambda: bool(bot.telegram.sent(ADMIN)))
        finally:
            await bot.app.stop()
    (message,) = bot.telegram.sent(ADMIN)
    assert message["text"] == "Dialogs reloaded: now serving version saved-version."
