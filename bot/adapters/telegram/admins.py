"""Who may change what a whole group sees: the group's admins, asked of Telegram."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

log = logging.getLogger(__name__)


async def is_group_admin(bot: Bot, chat_id: int, user_id: int) -> bool:
    """True for the group's owner and admins; False when Telegram cannot say.

    `user_id` is the group's own id when an admin wrote anonymously (as the group),
    which only admins can do."""
    if user_id == chat_id:
        return True
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.info("could not check a group admin: %s", type(exc).__name__)
        return False
    return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
