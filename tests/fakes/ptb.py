"""What the fake's own tests share on PTB's side: the token, a keyboard, RetryAfter's seconds."""

from __future__ import annotations

import datetime as dtm
import warnings

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import RetryAfter

TOKEN = "123:ABC"
# PTB's own RetryAfter.__init__ warns about the coming int -> timedelta switch.
PTB_RETRY_AFTER_DEPRECATION = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])


def retry_seconds(exc: RetryAfter) -> float:
    """``RetryAfter.retry_after`` in seconds, whatever PTB_TIMEDELTA says (and without warnings)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)
