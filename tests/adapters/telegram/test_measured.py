"""Telegram's answers parsed with orjson: the same results as PTB's parser, and no text in logs."""

from __future__ import annotations

import logging

import orjson
import pytest
from telegram.error import TelegramError
from telegram.request import BaseRequest

from bot.adapters.telegram.measured import MeasuredRequest

SENT = {
    "ok": True,
    "result": {
        "message_id": 7,
        "chat": {"id": 12345678901, "type": "private", "first_name": "Zoë 👁"},
        "text": "Спасибо! <b>Which side</b> twitches?",
        "date": 1700000000,
    },
}


@pytest.mark.parametrize(
    "payload",
    [
        orjson.dumps(SENT),
        b'{"ok": true, "result": "caf\xe9"}',  # invalid UTF-8: replaced, as PTB does
        b'{"ok": true, "result": NaN}',  # JSON only the standard library accepts
    ],
)
def test_answers_parse_as_with_ptb(payload: bytes) -> None:
    ours = MeasuredRequest.parse_json_payload(payload)
    ptb = BaseRequest.parse_json_payload(payload)
    assert repr(ours) == repr(ptb)  # repr: NaN != NaN


def test_an_invalid_answer_is_an_error_without_its_text_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(TelegramError, match="Invalid server response"):
        MeasuredRequest.parse_json_payload(b"<html>my eyelid twitches</html>")
    assert "eyelid" not in caplog.text
