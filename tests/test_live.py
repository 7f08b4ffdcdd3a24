"""A live reload runs every check of `spasmbot validate` before it swaps the dialogs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from bot.assistant import Assistant, Content
from bot.core import events
from bot.core.loader import DialogError
from bot.live import LiveDialogs, load_checked
from bot.validation import content_files, content_problems
from tests.conftest import DIALOGS, LOCALES

#: A harmless eyelid twitch from stress: ends at the myokymia outcome.
TO_MYOKYMIA = ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"]


def break_myokymia(dialogs: Path) -> Path:
    """A template that parses and loads, and fails only when it is rendered."""
    template = dialogs / "templates" / "patterns" / "myokymia.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace("{% macro fits() -%}", "{% macro fits() -%}{{ undefined_thing.attr }}", 1),
        encoding="utf-8",
    )
    return template


@pytest.fixture
def dialogs(tmp_path: Path) -> Path:
    target = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, target)
    return target


def advice(assistant: Assistant) -> str:
    conversation, _ = assistant.content.engine.handle(None, events.Start())
    turn = None
    for option in TO_MYOKYMIA:
        assert conversation is not None
        turn = assistant.respond(
            conversation, events.Choose(conversation.state, option, conversation.step)
        )
        conversation = turn.conversation
    assert turn is not None
    return "\n".join(m.text for m in turn.messages)


async def test_reload_refuses_a_template_that_fails_only_when_rendered(
    content: Content, dialogs: Path
) -> None:
    """Reload used to accept it, and people reaching the outcome got "something went wrong"."""
    assistant = Assistant(content, storage=None)  # type: ignore[arg-type]
    live = LiveDialogs(assistant, lambda: load_checked(dialogs, LOCALES))
    served = advice(assistant)
    assert content.dialog.outcome("myokymia").pattern in served
    Content.load(dialogs, LOCALES)  # loading alone does not notice
    template = break_myokymia(dialogs)

    result = await live.reload()

    assert not result.ok
    assert result.version == content.dialog.version
    assert any(
        p.startswith(f"{template}:") and "UndefinedError: 'undefined_thing' is undefined" in p
        for p in result.problems
    ), result.problems
    assert assistant.content is content  # the old dialog keeps serving
    assert advice(assistant) == served


def test_reload_refuses_exactly_what_validate_reports(dialogs: Path) -> None:
    break_myokymia(dialogs)
    expected = [
        p for p in content_problems(content_files([dialogs]), LOCALES) if p.severity == "error"
    ]
    with pytest.raises(DialogError) as refused:
        load_checked(dialogs, LOCALES)
    assert refused.value.problems == expected != []


def test_the_bot_reloads_through_the_checks_of_validate(
    dialogs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`spasmbot run` hands the bot (SIGHUP, /reload, --watch) the checked loader."""
    from bot import logs
    from bot.adapters.telegram import application, serving

    given: dict[str, Any] = {}
    monkeypatch.setattr(application, "build_application", lambda *a, **kw: given.update(kw))
    monkeypatch.setattr(serving, "run_polling", lambda app, settings: None)
    monkeypatch.setattr(cli, "settle_garbage_collection", lambda: None)  # not this process's
    monkeypatch.setattr(logs, "configure_logging", lambda *a, **kw: None)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("SPASMBOT_DIALOGS", str(dialogs))
    monkeypatch.setenv("SPASMBOT_LOCALES", str(LOCALES))
    assert cli.main(["run"]) == 0

    assert given["reload"]().dialog.version == given["content"].dialog.version
    break_myokymia(dialogs)
    with pytest.raises(DialogError):
        given["reload"]()
