"""Logging that never shows what users wrote, nor the bot token.

Our own log lines carry update ids, chat types and error types only. A logged
exception's traceback keeps its frames and the exceptions' types, never their
messages: those can carry anything (a user's word in a `KeyError`, a row of
answers in PostgreSQL's "Failing row contains", a URL with the token). Other
libraries are less careful at DEBUG: PTB logs Bot API URLs (which contain the
token) and aiosqlite logs SQL parameters (which contain answers), so they are
capped at INFO/WARNING whatever level is asked for, and a filter masks the
token wherever it might still appear. `transitions` logs every state a
conversation enters at INFO, which tells what a user answered: it is capped
at WARNING.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable

from pythonjsonlogger.json import JsonFormatter

#: Library loggers and the most detail they may log.
CAPPED = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "telegram": logging.INFO,
    "apscheduler": logging.WARNING,
    "transitions": logging.WARNING,
}


class QuietStartFailures(logging.Filter):
    """Drops PTB's report of a failed start (`getMe` refused or unreachable).

    PTB logs it with the whole traceback, which holds the token, and then raises
    the error, which `spasmbot run` reports in one line
    (`bot.adapters.telegram.startup`). Failures after the start are kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.module == "networkloop" and "Bootstrap" in record.getMessage())


class QuietLastPoll(logging.Filter):
    """PTB's report that its last `getUpdates` at a stop failed, in one line.

    PTB logs it as an ERROR with a traceback of some 40 lines and a hint about
    timeouts; it only means Telegram could not be reached while stopping. The
    updates it would have marked read come again at the next start, and an update
    applied before is not applied twice, so nothing is lost."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "`get_updates` one more time" in record.getMessage():
            error = record.exc_info[1] if record.exc_info else None
            record.msg = (
                "stopping: could not tell Telegram which updates were read (%s); "
                "they come again at the next start and are not applied twice"
            )
            record.args = (type(error).__name__ if error else "unknown error",)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class OneLinePoolRetries(logging.Filter):
    """asyncpg's pool, reconnecting while PostgreSQL is down, logged "Failed to restore
    the pool connection floor; retrying" with a 40-line traceback each time: one line,
    with the error's type (the bot's own WARNING says what it means, `outage.py`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()} ({type(record.exc_info[1]).__name__})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


class TracebacksWithoutMessages(logging.Filter):
    """A logged exception as its traceback without the exceptions' messages.

    The message of an exception is whatever the code that raised it put there: a
    `KeyError` names the key (a word the user typed), asyncpg's `DataError` quotes
    the value it refused, PostgreSQL's errors add a DETAIL with the row ("Failing row
    contains (…)": a person's id and answers). Where it failed (the frames) and what
    (the exception's type) are what an operator needs, and all a log may keep."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = traceback_without_messages(record.exc_info[1])
            record.exc_info = None  # formatters show `exc_text` instead
        return True


def traceback_without_messages(error: BaseException) -> str:
    """`error`'s traceback as Python prints it, with what caused it, each exception's
    message left out."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts: list[str] = []
    earlier: BaseException | None = None
    for exc in reversed(chain):  # the first cause first, as Python prints them
        if earlier is not None and exc.__cause__ is earlier:
            parts.append("\nThe above exception was the direct cause of the following:\n\n")
        elif earlier is not None:
            parts.append("\nDuring handling of the above exception, another occurred:\n\n")
        earlier = exc
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(exc.__traceback__))
        kind = type(exc)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (its message is not logged)\n")
    return "".join(parts).rstrip("\n")


def protect(handler: logging.Handler, secrets: Iterable[str] = ()) -> None:
    """Make `handler` write neither the `secrets` (the token) nor exceptions' messages."""
    handler.addFilter(RedactSecrets(secrets))
    handler.addFilter(TracebacksWithoutMessages())


def configure_logging(
    level: str = "INFO", secrets: Iterable[str] = (), json_lines: bool = False
) -> None:
    """Text lines for people, or one JSON object per line (`update_id`, `chat_type`, …)."""
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if json_lines:
        formatter = JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
        for handler in logging.getLogger().handlers:
            handler.setFormatter(formatter)
    for handler in logging.getLogger().handlers:
        protect(handler, secrets)
    logging.getLogger("telegram.ext").addFilter(QuietStartFailures())
    logging.getLogger("telegram.ext.Updater").addFilter(QuietLastPoll())
    logging.getLogger("asyncpg.pool").addFilter(OneLinePoolRetries())
    for name, most in CAPPED.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(most, logging.getLogger().level))
