"""End to end: `spasmbot run` as a real process against a loopback fake Bot API.

The bot is killed with SIGKILL in the middle of a consultation — once while
Telegram holds a reply unanswered, once between the two messages of one
reply — and restarted; the conversation must finish with no reply lost and
none duplicated.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from tests.adapters.telegram.bot_process import (
    CHAT,
    BotProcess,
    assert_one_consultation_to_its_end,
    free_port,
    newest_button,
    tap,
)
from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN
from tests.fakes.bot_api import FakeBotApiServer


def _started(server: FakeBotApiServer, tmp_path: Path) -> BotProcess:
    """The bot process started, with /start sent and its welcome and first question in."""
    tg = server.telegram
    bot = BotProcess(server, tmp_path)
    bot.start()
    tg.push_update(tg.message_update(CHAT, "/start"))
    server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
    return bot


def test_consultation_survives_sigkill_and_restart(tmp_path: Path) -> None:
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        bot = _started(server, tmp_path)
        assert tg.calls_of("setMyCommands")
        for label in BENIGN_TAPS[:3]:
            tap(server, label)

        # 1) killed between two updates
        bot.wait_until_idle()
        bot.kill()
        bot.start()
        tap(server, BENIGN_TAPS[3])

        # 2) killed while Telegram holds the next question unanswered
        bot.wait_until_idle()
        tg.fail("sendMessage", error="timeout")
        before = len(tg.sent(CHAT))
        message_id, data = newest_button(tg, BENIGN_TAPS[4])
        tg.push_update(tg.callback_update(CHAT, data, message_id))
        server.wait_for(lambda t: any(c.error for c in t.calls_of("sendMessage")), timeout=20)
        bot.kill()
        assert len(tg.sent(CHAT)) == before  # the held reply was not delivered
        bot.start()  # the committed reply goes out after the restart
        server.wait_for(lambda t: len(t.sent(CHAT)) > before, timeout=20)

        for label in BENIGN_TAPS[5:]:
            tap(server, label)
        assert bot.stop() == 0

        texts = assert_one_consultation_to_its_end(tg)
        assert sum(1 for t in texts if t.startswith("🟢")) == 1

    log = bot.log.read_text(errors="replace")
    assert TOKEN not in log  # even at DEBUG
    assert "one_eyelid" not in log and "Stress or anxiety" not in log  # no answers, no texts
    assert "Traceback" not in log


def test_crash_between_two_messages_of_one_reply_repeats_neither(tmp_path: Path) -> None:
    """/start answers with a greeting and the safety question. The greeting is
    out, the question is on its way (Telegram holds it unanswered), and the
    process is killed: after the restart the question arrives, the greeting
    does not come again."""
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        bot.start()
        tg.fail("sendMessage", error="timeout", after=1)
        update_id = tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: [c.error for c in t.calls_of("sendMessage")] == [None, "timeout"])
        # The greeting is recorded as sent while the question is still in flight.
        recorded = bot.wait_for_outbox([(update_id, 1)], timeout=5)
        bot.kill()
        assert len(tg.sent(CHAT)) == 1  # the held question was not delivered
        bot.start()
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
        bot.wait_until_idle()
        assert bot.stop() == 0

        texts = [m["text"] for m in tg.sent(CHAT)]
        assert len(texts) == 2, texts  # nothing repeated
        assert texts[0].startswith("Hello!") and "safety check" in texts[1]  # nothing lost
        assert recorded


def test_webhook_mode_checks_the_secret_token(tmp_path: Path) -> None:
    with FakeBotApiServer() as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        port = free_port()
        bot.env.update(
            {
                "SPASMBOT_WEBHOOK_URL": "https://bot.example.test",
                "SPASMBOT_WEBHOOK_SECRET": "s3cret-Token_1",
                "SPASMBOT_WEBHOOK_PORT": str(port),
            }
        )
        with bot.log.open("ab") as log:
            bot.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "webhook"], env=bot.env, stdout=log, stderr=log
            )
        server.wait_for(lambda t: t.calls_of("setWebhook"), timeout=30)
        (call,) = tg.calls_of("setWebhook")
        assert call.params["url"] == "https://bot.example.test/telegram"
        assert call.params["secret_token"] == "s3cret-Token_1"

        def post(secret: str) -> int:
            body = json.dumps({"update_id": 1, **tg.message_update(CHAT, "/start")}).encode()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/telegram",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": secret,
                },
            )
            for _ in range(50):
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        return int(response.status)
                except urllib.error.HTTPError as exc:
                    return exc.code
                except urllib.error.URLError:
                    time.sleep(0.1)  # still starting
            raise AssertionError("the webhook server did not start")

        assert post("wrong") == 403
        assert tg.sent(CHAT) == []
        assert post("s3cret-Token_1") == 200
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
        assert "safety check" in tg.sent(CHAT)[1]["text"]
        assert bot.stop() == 0


def test_a_tap_cut_short_by_a_crash_is_answered_once_and_the_consultation_goes_on(
    tmp_path: Path,
) -> None:
    """Round 30 (no defect found): the person taps, the bot answers the tap and its next
    question is in flight (Telegram holds it) when the process is killed. After the
    restart the question arrives once, the tap is not answered again (its spinner had
    stopped), the tapped question is marked once, and the next taps go on from there."""
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        bot = _started(server, tmp_path)
        tap(server, BENIGN_TAPS[0])
        bot.wait_until_idle()
        tg.fail("sendMessage", error="timeout")
        message_id, data = newest_button(tg, BENIGN_TAPS[1])
        tg.push_update(tg.callback_update(CHAT, data, message_id))
        server.wait_for(lambda t: any(c.error for c in t.calls_of("sendMessage")), timeout=20)
        bot.kill()
        bot.start()
        server.wait_for(lambda t: any("How long" in m["text"] for m in t.sent(CHAT)), timeout=20)
        for label in BENIGN_TAPS[2:4]:
            tap(server, label)
        bot.wait_until_idle()
        assert bot.stop() == 0

        answered = Counter(
            c.params["callback_query_id"] for c in tg.calls_of("answerCallbackQuery")
        )
        assert set(answered.values()) == {1} and len(answered) == 4, answered
        texts = [m["text"] for m in tg.sent(CHAT)]
        assert sum(t.startswith("How long") for t in texts) == 1
        marked = [c.params["message_id"] for c in tg.calls_of("editMessageText")]
        assert len(marked) == len(set(marked)) == 4, marked


def _reply(server: FakeBotApiServer, text: str, to: int) -> dict[str, object]:
    """`text` sent with Telegram's Reply on the bot's message `to` in chat `CHAT`."""
    tg = server.telegram
    return tg.reply_update(CHAT, text, to, quoted=tg.sent(CHAT)[to - 1]["text"])


def test_regression_a_reply_to_an_old_question_after_a_restart_answered_the_open_one_silently(
    tmp_path: Path,
) -> None:
    """Telegram's Reply on a question two steps back, sent after the bot was restarted
    mid-consultation, was taken for the open question's answer without the note a
    reply to an earlier question gets before a restart: which message holds the open
    question was kept in memory only. It is now kept with the conversation."""
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        bot = _started(server, tmp_path)
        for label in BENIGN_TAPS[:3]:
            tap(server, label)
        bot.wait_until_idle()
        asked = [i + 1 for i, m in enumerate(tg.sent(CHAT)) if m.get("reply_markup")]
        two_steps_back, open_question = asked[-3], asked[-1]
        bot.kill()
        bot.start()

        before = len(tg.sent(CHAT))
        tg.push_update(_reply(server, "no", to=two_steps_back))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= before + 2, timeout=20)
        note, question = tg.texts(CHAT)[before : before + 2]
        assert "earlier message" in note and "/back" in note
        assert question.startswith("Have you noticed")  # "no" answered the open question
        assert open_question == before  # the one just before the restart

        # a reply to the question now open is its answer, as ever: no note
        bot.wait_until_idle()
        before = len(tg.sent(CHAT))
        tg.push_update(_reply(server, "None of these", to=before))
        server.wait_for(lambda t: len(t.sent(CHAT)) > before, timeout=20)
        bot.wait_until_idle()
        assert [t for t in tg.texts(CHAT)[before:] if "earlier message" in t] == []
        assert bot.stop() == 0
