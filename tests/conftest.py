"""Shared fixtures: the real dialog, templates and catalogs from the repo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.assistant import Content
from bot.core.conversation import Conversation
from bot.core.engine import Engine
from bot.core.stories import StoryResult
from bot.storage.sqlite import SQLiteStorage

ROOT = Path(__file__).resolve().parent.parent
DIALOGS = ROOT / "dialogs"
LOCALES = ROOT / "locales"


@pytest.fixture(scope="session")
def content() -> Content:
    return Content.load(DIALOGS, LOCALES)


@pytest.fixture(scope="session")
def engine(content: Content) -> Engine:
    return content.engine


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[SQLiteStorage]:
    store = SQLiteStorage(tmp_path / "spasmbot.sqlite3")
    await store.open()
    yield store
    await store.close()


def play_all(content: Content, language: str = "en", every: bool = False) -> list[StoryResult]:
    """Every story of dialogs/tests/, played in `language`; a story written in a language
    of its own (`language: ru`, typed in Russian) is played in that one, unless `every`
    story is to be shown in `language` (the pseudo-locale's check of every screen)."""
    from bot.core.stories import load_stories, play

    return [
        play(
            content.engine,
            content.renderer,
            story
            if "language" in story.model_fields_set and not every
            else story.model_copy(update={"language": language}),
        )
        for path in sorted((DIALOGS / "tests").glob("*.yml"))
        for story in load_stories(path).stories
    ]


def one_story_file(path: Path, name: str, urgency: str) -> Path:
    """A story file of one story alone: a stress twitch, expected at `urgency`."""
    path.write_text(
        "dialog: consultation\n"
        "stories:\n"
        f"  - name: {name}\n"
        "    steps: [none, one_eyelid, under_2_weeks, 'no', none, none, none, stress]\n"
        f"    outcome: {{urgency: {urgency}, patterns: [myokymia]}}\n"
    )
    return path


def tap_through(engine: Engine, taps: list[str]) -> Conversation:
    """Start a consultation and tap `taps` in order; every tap must be accepted."""
    from bot.core import events

    conversation, _ = engine.handle(None, events.Start())
    for option in taps:
        assert conversation is not None
        step = conversation.step
        conversation, replies = engine.handle(
            conversation, events.Choose(conversation.state, option, step)
        )
        assert conversation is not None and conversation.step > step, (option, replies)
    assert conversation is not None
    return conversation


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After the dev-set tests ran: the understanding scores per language and kind."""
    if not any("test_dev_set" in r.nodeid for r in terminalreporter.stats.get("passed", [])):
        return
    from tests.core.understanding.dev_set import score_all, table

    terminalreporter.write_line("")
    terminalreporter.write_line(table(score_all()))
