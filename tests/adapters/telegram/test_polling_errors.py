"""End to end: `spasmbot run` (long polling) while Telegram cannot be reached for updates.

PTB's polling loop tries `getUpdates` again by itself and hands each failure to
the application's error handler. What an operator reads in the log must say what
happened, once a failure, without a traceback: a dropped connection is trouble
reaching Telegram, a 409 Conflict is a second process polling with the same token.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.adapters.telegram.bot_process import CHAT, BotProcess
from tests.fakes.bot_api import FakeBotApiServer


@contextmanager
def _polling(tmp_path: Path) -> Iterator[tuple[FakeBotApiServer, BotProcess]]:
    """The bot process polling a fake Telegram, logging at INFO; it stops cleanly."""
    with FakeBotApiServer() as server:
        bot = BotProcess(server, tmp_path, log_level="INFO")
        bot.start()
        try:
            yield server, bot
        finally:
            assert bot.stop() == 0


def test_regression_a_network_blip_while_polling_logged_job_none_failed_with_tracebacks(
    tmp_path: Path,
) -> None:
    """Each failed `getUpdates` was logged as "ERROR ... job None failed: NetworkError"
    (no job had failed) with a traceback of some 60 lines; a second process polling
    with the same token read as "job None failed: Conflict", saying nothing of why."""
    with _polling(tmp_path) as (server, bot):
        tg = server.telegram
        polls = tg.counts["getUpdates"]
        tg.fail("getUpdates", error="network", times=2)
        tg.fail("getUpdates", error="conflict")
        server.wait_for(lambda t: t.counts["getUpdates"] >= polls + 4, timeout=30)
        tg.push_update(tg.message_update(CHAT, "/start"))  # polling goes on after them
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=30)

    log = bot.log.read_text(errors="replace")
    assert "Traceback" not in log
    assert "job None" not in log
    trouble = [line for line in log.splitlines() if "getUpdates" in line]
    assert len([line for line in trouble if "NetworkError" in line]) == 2, trouble
    (conflict,) = [line for line in trouble if "Conflict" in line]
    assert "only one process" in conflict and " ERROR " in conflict


def test_regression_telegrams_502_while_polling_was_logged_as_a_bare_network_error(
    tmp_path: Path,
) -> None:
    """Telegram answering `getUpdates` with 502 Bad Gateway (its side down for a while)
    was logged as "getUpdates failed (NetworkError)", as a connection dropped on the
    host's side is: the operator could not tell whose network to look at. The message
    sent during the outage is answered once, after it, and polling waits longer after
    each failure (no busy loop)."""
    with _polling(tmp_path) as (server, bot):
        tg = server.telegram
        polls = tg.counts["getUpdates"]
        tg.fail("getUpdates", error="bad_gateway", times=3)
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=30)
        assert tg.counts["getUpdates"] - polls <= 5  # three refused, then the update
        time.sleep(1)
        assert len(tg.sent(CHAT)) == 2  # welcome and safety check, once each

    log = bot.log.read_text(errors="replace")
    assert "Traceback" not in log
    trouble = [line for line in log.splitlines() if "getUpdates failed" in line]
    assert len(trouble) == 3, trouble
    assert all("NetworkError: Bad Gateway" in line for line in trouble), trouble


#: The updates the bot's handlers take (`handlers.routes`), and no other.
HANDLED = [
    "message",
    "edited_message",
    "channel_post",
    "callback_query",
    "poll_answer",
    "my_chat_member",
]


def test_regression_the_bot_asked_telegram_for_reactions_and_member_joins_it_never_uses(
    tmp_path: Path,
) -> None:
    """`getUpdates` asked for every update type (`Update.ALL_TYPES`): reactions, members
    joining a group, poll totals, boosts reached the bot, each processed under its
    chat's lock and counted as "other", for nothing. It asks for those it handles."""
    with _polling(tmp_path) as (server, _bot):
        tg = server.telegram
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=30)
        asked = [call.params.get("allowed_updates") for call in tg.calls_of("getUpdates")]
    assert asked and all(_listed(each) == HANDLED for each in asked), asked


def _listed(allowed: object) -> object:
    """`allowed_updates` as PTB sent it: a list, or a list in JSON (a form's field)."""
    return json.loads(allowed) if isinstance(allowed, str) else allowed
