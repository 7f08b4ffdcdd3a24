"""Live reload: `/reload`, SIGHUP and --watch swap the dialogs without a restart."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.telegram import texts
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


def edit(dialogs: Path, old: str, new: str) -> None:
    path = dialogs / "consultation.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
async def live_bot(
    consultation: Content, dialogs: Path, tmp_path: Path
) -> AsyncIterator[BotHarness]:
    async with BotHarness(
        consultation,
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
    for _ in range(200):
        if live_bot.telegram.sent(ADMIN):
            break
        await asyncio.sleep(0.02)
    (message,) = live_bot.telegram.sent(ADMIN)
    assert message["text"] == "Dialogs reloaded: now serving version another-version."


async def test_watch_reloads_when_a_file_changes(consultation: Content, dialogs: Path) -> None:
    from bot.assistant import Assistant

    assistant = Assistant(consultation, storage=None)  # type: ignore[arg-type]
    live = LiveDialogs(assistant, lambda: Content.load(dialogs, LOCALES), [dialogs])
    seen: list[Reload] = []

    async def report(result: Reload) -> None:
        seen.append(result)

    watcher = asyncio.create_task(live.watch(report, interval=0.05))
    await asyncio.sleep(0.2)
    edit(dialogs, f'version: "{CURRENT}"', 'version: "2026.12.3"')
    for _ in range(100):
        if seen:
            break
        await asyncio.sleep(0.05)
    watcher.cancel()
    assert seen == [Reload(True, "2026.12.3")]
    assert assistant.content.dialog.version == "2026.12.3"
