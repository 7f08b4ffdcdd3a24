"""Posting to a group outside a consultation turn: quiz and case-study messages.

Group sessions move on timers as well as on updates, so they talk to Telegram
directly rather than through the per-update outbox. Text over Telegram's
4096-character limit is cut at paragraph breaks, as in private chats.
"""

from __future__ import annotations

from telegram import Bot
from telegram.constants import ParseMode

from bot.adapters.telegram.layout import split_text


async def post(bot: Bot, chat_id: int, text: str, html: bool = False) -> None:
    """Send `text` (Telegram HTML, already escaped, when `html`) in as many parts as it needs."""
    for part in split_text(text):
        if html:
            await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)
        else:
            await bot.send_message(chat_id, part)
