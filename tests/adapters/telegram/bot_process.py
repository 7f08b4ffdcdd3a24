"""`spasmbot run` as a real process against a loopback fake Bot API, for tests and benchmarks.

`BotProcess` starts, kills (SIGKILL) and stops the bot; `tap` presses a button
the bot sent, as the user of chat `CHAT` would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN
from tests.fakes.bot_api import FakeBotApiServer, FakeTelegram

CHAT = 4242


class BotProcess:
    def __init__(self, server: FakeBotApiServer, tmp_path: Path, log_level: str = "DEBUG") -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "SPASMBOT_DB": str(tmp_path / "bot.sqlite3"),
            "SPASMBOT_LOG_LEVEL": log_level,
            "SPASMBOT_HEALTH_PORT": "0",
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

    def outbox(self) -> list[tuple[int, int]]:
        """`(update_id, calls already sent)` of every turn whose replies are not all out
        (a turn's calls leave the outbox in order: its first left is the number sent)."""
        database = self.env["SPASMBOT_DB"]
        # closed at once: an open connection would hold the file (`spasmbot restore`)
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            return [
                (int(u), int(s))
                for u, s in db.execute(
                    "SELECT update_id, min(seq) FROM outbox GROUP BY update_id ORDER BY update_id"
                )
            ]

    def wait_for_outbox(self, expected: list[tuple[int, int]], timeout: float = 10) -> bool:
        """Whether the outbox came to hold `expected` within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.outbox() == expected:
                return True
            time.sleep(0.02)
        return False

    def wait_until_idle(self) -> None:
        """Until every reply Telegram accepted is also recorded as sent.

        Between Telegram accepting a message and the bot clearing it from the outbox
        there are a few milliseconds in which a crash means a resend after restart
        (Telegram has no idempotency key); the crash "between two updates" comes after.
        """
        if not self.wait_for_outbox([]):
            raise AssertionError("the outbox did not drain")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def newest_button(tg: FakeTelegram, label: str, chat: int = CHAT) -> tuple[int, str]:
    """(message_id, callback data) of the newest button labelled `label` in `chat`."""
    sent = tg.sent(chat)
    for index in range(len(sent) - 1, -1, -1):
        for row in (sent[index].get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    return index + 1, button["callback_data"]
    raise AssertionError(f"no button {label!r}")


def tap(server: FakeBotApiServer, label: str) -> None:
    """Press `label` and wait for the bot's next message (or, for a tick on a
    choose-all-that-apply question, for its ✓ edited in place)."""
    tg = server.telegram
    before, ticked = len(tg.sent(CHAT)), len(ticks(tg, CHAT))
    message_id, data = newest_button(tg, label)
    tg.push_update(tg.callback_update(CHAT, data, message_id))
    server.wait_for(
        lambda t: len(t.sent(CHAT)) > before or len(ticks(t, CHAT)) > ticked, timeout=20
    )


def assert_one_consultation_to_its_end(tg: FakeTelegram, chat: int = CHAT) -> list[str]:
    """What the chat was sent, checked as a patient of `BENIGN_TAPS` would: no message
    twice, every question shown once, the advice last (a crash or an upgrade between
    them lost nothing and repeated nothing)."""
    texts: list[str] = [m["text"] for m in tg.sent(chat)]
    duplicates = {t: n for t, n in Counter(texts).items() if n > 1}
    assert duplicates == {}, duplicates
    assert texts[-1].startswith("🟢"), texts[-1][:80]
    asked = [m for m in tg.sent(chat) if m.get("reply_markup")]
    # every question shown exactly once (the triggers take a tick and Done)
    assert len(asked) == len(BENIGN_TAPS) - 1
    return texts


def ticks(tg: FakeTelegram, chat: int) -> list[dict[str, Any]]:
    """Edits that show a question's ✓ again (they carry its buttons; the mark on an
    answered question, which may arrive after the next question, does not)."""
    return [edit for edit in tg.edits(chat) if edit.get("reply_markup")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
