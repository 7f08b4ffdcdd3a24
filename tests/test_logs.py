"""Log lines: JSON for collectors, never the token or what users wrote."""

from __future__ import annotations

import json
import subprocess
import sys

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
