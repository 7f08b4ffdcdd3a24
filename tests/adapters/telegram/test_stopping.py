"""End to end: `spasmbot run` asked to stop (SIGTERM) while Telegram cannot be reached.

A deploy or a restart sends SIGTERM; with Telegram unreachable the process must
still stop in a few seconds (a supervisor kills it otherwise), keep the replies
it could not send, and send them at the next start.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.adapters.telegram.bot_process import CHAT, BotProcess
from tests.fakes.bot_api import FakeBotApiServer


def test_regression_sigterm_while_telegram_unreachable_took_half_a_minute(
    tmp_path: Path,
) -> None:
    """Each Bot API call waited out its timeouts, each reply its backoff and PTB's last
    `getUpdates` its read timeout: the stop took 20 to 30 seconds, and the log ended
    in a 40-line traceback."""
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path, log_level="INFO")
        bot.start()
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 1, timeout=30)
        bot.wait_until_idle()
        # Telegram stops answering: calls hang until the bot gives up on them.
        tg.fail("sendMessage", error="timeout", times=1000)
        tg.push_update(tg.message_update(CHAT, "/help"))
        deadline = time.monotonic() + 10
        while not bot.outbox() and time.monotonic() < deadline:
            time.sleep(0.02)
        waiting = bot.outbox()
        assert waiting, "the reply to /help was not committed"
        tg.fail("getUpdates", error="timeout", times=1000)
        time.sleep(1.0)  # a reply and a long poll in flight

        asked = time.monotonic()
        assert bot.stop() == 0
        took = time.monotonic() - asked
        assert took < 5, f"stopping took {took:.1f} s"
        assert bot.outbox() == waiting  # the reply waits for the next start

        tg.clear_failures()
        bot.start()
        try:
            server.wait_for(lambda t: any("/back" in m["text"] for m in t.sent(CHAT)), timeout=30)
            bot.wait_until_idle()
        finally:
            assert bot.stop() == 0

    log = bot.log.read_text(errors="replace")
    assert "Traceback" not in log
    assert "waits for the next start" in log
