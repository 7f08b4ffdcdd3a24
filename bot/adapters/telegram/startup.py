"""Why the bot could not start talking to Telegram, in one line an operator can act on.

At start PTB asks Telegram who the bot is (`getMe`). When Telegram cannot be
reached or refuses the token, PTB logs the error with its whole traceback and
raises it again: two tracebacks of a hundred lines each, with the token in
them. The command says what went wrong in one line instead
(`bot.logs.QuietStartFailures` drops PTB's report of it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.config import Settings


def start_failure(exc: BaseException, settings: Settings) -> str | None:
    """The line to print for `exc` raised while starting, or None if it is not Telegram's."""
    api = _api_address(settings)
    if isinstance(exc, InvalidToken):
        return (
            f"the Bot API at {api} refused the bot token: check TELEGRAM_BOT_TOKEN "
            "(a token revoked in @BotFather stops working at once)"
        )
    if isinstance(exc, TimedOut):
        return f"the Bot API at {api} did not answer in time; check the network and try again"
    if isinstance(exc, NetworkError):
        reason = str(exc).replace(settings.token, "[redacted]") if settings.token else str(exc)
        return (
            f"cannot reach the Bot API at {api} ({reason}); check the network, "
            "or TELEGRAM_BASE_URL if you run your own Bot API server"
        )
    return None


def _api_address(settings: Settings) -> str:
    """Scheme, host and port of the Bot API: its URL path would end in the token."""
    if not settings.base_url:
        return "https://api.telegram.org"
    parts = urlsplit(settings.base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "TELEGRAM_BASE_URL"
