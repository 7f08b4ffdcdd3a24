"""End to end: `spasmbot run` as a real process against a loopback fake Bot API.

The bot is killed with SIGKILL in the middle of a consultation — once while
Telegram holds a reply unanswered — and restarted; the conversation must
finish with no reply lost and none duplicated.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN
from tests.fakes.bot_api import FakeBotApiServer, FakeTelegram

CHAT = 4242


class BotProcess:
    def __init__(self, server: FakeBotApiServer, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "SPASMBOT_DB": str(tmp_path / "bot.sqlite3"),
            "SPASMBOT_LOG_LEVEL": "DEBUG",
        }
        self.log = tmp_path / "bot.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.server = server

    def start(self) -> None:
        polls = self.server.telegram.counts["getUpdates"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"], env=self.env, stdout=log, stderr=log
            )
        self.server.wait_for(lambda tg: tg.counts["getUpdates"] > polls, timeout=30)

    def wait_until_idle(self) -> None:
        """Until every reply Telegram accepted is also recorded as sent.

        Between Telegram accepting a message and the bot clearing it from the outbox
        there are a few milliseconds in which a crash means a resend after restart
        (Telegram has no idempotency key); the crash "between two updates" comes after.
        """
        database = self.env["SPASMBOT_DB"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
                if db.execute("SELECT count(*) FROM outbox").fetchone() == (0,):
                    return
            time.sleep(0.02)
        raise AssertionError("the outbox did not drain")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def newest_button(tg: FakeTelegram, label: str) -> tuple[int, str]:
    sent = tg.sent(CHAT)
    for index in range(len(sent) - 1, -1, -1):
        for row in (sent[index].get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    return index + 1, button["callback_data"]
    raise AssertionError(f"no button {label!r}")


def tap(server: FakeBotApiServer, label: str) -> None:
    tg = server.telegram
    before = len(tg.sent(CHAT))
    message_id, data = newest_button(tg, label)
    tg.push_update(tg.callback_update(CHAT, data, message_id))
    server.wait_for(lambda t: len(t.sent(CHAT)) > before, timeout=20)


def test_consultation_survives_sigkill_and_restart(tmp_path: Path) -> None:
    with FakeBotApiServer(hold_seconds=60) as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        bot.start()
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
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

        texts: list[str] = [m["text"] for m in tg.sent(CHAT)]
        duplicates = {t: n for t, n in Counter(texts).items() if n > 1}
        assert duplicates == {}, duplicates
        assert texts[-1].startswith("🟢"), texts[-1][:80]
        assert sum(1 for t in texts if t.startswith("🟢")) == 1
        asked = [m for m in tg.sent(CHAT) if m.get("reply_markup")]
        assert len(asked) == len(BENIGN_TAPS)  # every question shown exactly once

    log = bot.log.read_text(errors="replace")
    assert TOKEN not in log  # even at DEBUG
    assert "one_eyelid" not in log and "Stress or anxiety" not in log  # no answers, no texts
    assert "Traceback" not in log


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
