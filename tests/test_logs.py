"""Log lines: JSON for collectors, never the token or what users wrote."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bot.assistant import Content
from bot.logs import traceback_without_messages
from tests.adapters.telegram.harness import BENIGN_TAPS
from tests.adapters.telegram.test_process import CHAT, BotProcess, tap
from tests.fakes.bot_api import FakeBotApiServer

PROGRAM = """
import logging
from bot.logs import configure_logging
configure_logging("INFO", secrets=["123:SECRET"], json_lines=True)
logging.getLogger("bot.test").info(
    "update %d (%s chat) took %.1f ms", 41, "private", 1.5,
    extra={"update_id": 41, "chat_type": "private"},
)
logging.getLogger("bot.test").warning("calling https://api/bot123:SECRET/getMe failed")
"""


def test_json_logs_carry_update_id_and_chat_type_and_hide_the_token() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True, timeout=60
    )
    first, second = (json.loads(line) for line in done.stderr.splitlines())
    assert first["update_id"] == 41 and first["chat_type"] == "private"
    assert first["level"] == "INFO" and first["logger"] == "bot.test" and "time" in first
    assert first["message"] == "update 41 (private chat) took 1.5 ms"
    assert "SECRET" not in second["message"] and "[redacted]" in second["message"]


TYPED = "we went to a party at Ingrid's yesterday"


def test_transitions_logged_every_state_a_user_passes_through(
    content: Content, tmp_path: Path
) -> None:
    """A whole consultation through the real process at INFO: the log may carry ids,
    chat types and error types, never where a user went nor what they typed."""
    with FakeBotApiServer() as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        bot.env.update({"SPASMBOT_LOG_LEVEL": "INFO", "SPASMBOT_HEALTH_PORT": "0"})
        try:
            bot.start()
            tg.push_update(tg.message_update(CHAT, "/start"))
            server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=30)
            before = len(tg.sent(CHAT))
            tg.push_update(tg.message_update(CHAT, TYPED))
            # "Sorry, I did not understand that", then the question again
            server.wait_for(lambda t: len(t.sent(CHAT)) >= before + 2, timeout=30)
            for label in BENIGN_TAPS:
                tap(server, label)
            assert tg.sent(CHAT)[-1]["text"].startswith("🟢")  # the consultation is over
            assert bot.stop() == 0
        finally:
            if bot.process is not None and bot.process.poll() is None:
                bot.kill()  # a failed test leaves no bot behind

    log = bot.log.read_text(errors="replace")
    assert "INFO" in log  # logging at INFO did happen
    questions = [question.id for question in content.dialog.questions]
    assert len(questions) > 5
    named = [q for q in questions if re.search(rf"\b{re.escape(q)}\b", log)]
    assert named == [], [line for line in log.splitlines() if any(q in line for q in named)][:5]
    assert TYPED not in log and "Ingrid" not in log


EXCEPTION = """
import logging
from bot.logs import configure_logging
configure_logging("INFO", json_lines=True)
try:
    try:
        {}["my eyelid twitches since Ingrid's party"]
    except KeyError as error:
        raise RuntimeError("row (7001234, 'Ingrid') refused") from error
except RuntimeError:
    logging.getLogger("bot.test").exception("update 41 (private chat) failed: RuntimeError")
"""


def test_json_logs_keep_a_tracebacks_frames_and_types_but_not_its_messages() -> None:
    """An exception logged as JSON: its traceback (with its cause) under `exc_info`,
    each exception named by its type, never by its message (a user's words, an id)."""
    done = subprocess.run(
        [sys.executable, "-c", EXCEPTION], capture_output=True, text=True, check=True, timeout=60
    )
    (line,) = done.stderr.splitlines()
    logged = json.loads(line)
    assert logged["message"] == "update 41 (private chat) failed: RuntimeError"
    trace = logged["exc_info"]
    assert trace.count("Traceback (most recent call last)") == 2
    assert "builtins.KeyError" in trace and "builtins.RuntimeError" in trace
    assert "Ingrid" not in line and "7001234" not in line and "eyelid" not in line


def test_regression_a_cause_was_logged_as_an_exception_raised_while_handling() -> None:
    """`raise … from …` was told as "during handling of the above exception": an operator
    reading the log took a deliberate translation of an error for a second failure."""

    typed, row = "a word the patient typed", "a row of answers"

    def translated() -> None:
        try:
            {}[typed]
        except KeyError as error:
            raise ValueError(row) from error

    try:
        translated()
    except ValueError as error:
        logged = traceback_without_messages(error)
    assert "direct cause of the following" in logged
    assert "During handling" not in logged
    assert "builtins.KeyError" in logged and "builtins.ValueError" in logged
    assert typed not in logged and row not in logged
