"""What an operator's logs keep of a patient, read as a data-protection officer would."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.adapters.telegram import texts
from bot.core import events
from bot.logs import protect
from tests.adapters.telegram.harness import TOKEN, BotHarness, ChatUser

WORDS = "my neighbour Ingrid says my eyelid twitches"


@pytest.fixture
def operators_log() -> Iterator[io.StringIO]:
    """What the operator's log file gets: a handler set up as `configure_logging` sets
    up each of its own (plain lines)."""
    kept = io.StringIO()
    handler = logging.StreamHandler(kept)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    protect(handler, secrets=[TOKEN])
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield kept
    finally:
        root.removeHandler(handler)


async def test_regression_a_failed_updates_traceback_logged_the_patients_words(
    harness: BotHarness, alice: ChatUser, operators_log: io.StringIO
) -> None:
    """A turn that failed was logged with its traceback, and a traceback ends with the
    exception's message: a `KeyError` on a word the patient typed, asyncpg's
    "invalid input for query argument $4: '…'" or PostgreSQL's "Failing row contains
    (…)" put what the patient wrote, their answers or their Telegram id in every log the
    operator keeps and ships. The traceback keeps its frames and the exception's type;
    its message is left out. The patient is told something went wrong, as before."""
    await alice.send("/start")
    decide = harness.spasmbot.turns.actions.decide

    def failing(incoming, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(incoming.event, events.Typed) and incoming.event.text == WORDS:
            raise KeyError(f"{WORDS} (chat {alice.user_id})")
        return decide(incoming, *args, **kwargs)

    harness.spasmbot.turns.actions.decide = failing  # type: ignore[method-assign]
    replies = await alice.send(WORDS)
    assert replies == [texts.SORRY]
    logged = operators_log.getvalue()
    assert "Traceback (most recent call last)" in logged and "KeyError" in logged
    assert "in failing" in logged  # where it failed is still there
    assert "Ingrid" not in logged and str(alice.user_id) not in logged
