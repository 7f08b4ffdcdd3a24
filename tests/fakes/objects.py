"""Telegram's objects as the fake writes them: the bot, users and chats.

Every answer and every update the fake builds names the bot, a user or a chat; they are built
here, once, with the fields PTB 22 requires, so its ``de_json`` accepts them.
"""

from __future__ import annotations

from typing import Final

from tests.fakes.calls import JSONDict
from tests.fakes.failures import Rejection

BOT_ID: Final[int] = 777
BOT_USERNAME: Final[str] = "spasmbot_test_bot"
BOT_FIRST_NAME: Final[str] = "SpasmBot Test"


def chat_key(value: object) -> int | str | None:
    """Normalise a ``chat_id`` (int, or str over HTTP / for ``@channel`` names) for comparison."""
    if value is None or isinstance(value, int):
        return value
    text = str(value)
    try:
        return int(text)
    except ValueError:
        return text


def chat_id_of(params: JSONDict) -> int | str:
    """The call's ``chat_id``, normalised; Telegram refuses calls without one."""
    key = chat_key(params.get("chat_id"))
    if key is None:
        raise Rejection(400, "Bad Request: chat_id is empty")
    return key


def bot_user() -> JSONDict:
    """The bot as it appears in ``from`` of its own messages."""
    return {"id": BOT_ID, "is_bot": True, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME}


def me() -> JSONDict:
    """The ``getMe`` answer: the bot as a full User."""
    return {
        **bot_user(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def user(user_id: int, language_code: str | None = "en") -> JSONDict:
    """A human user named "Test"."""
    person: JSONDict = {"id": user_id, "is_bot": False, "first_name": "Test"}
    if language_code is not None:
        person["language_code"] = language_code
    return person


def chat(chat_id: int | str) -> JSONDict:
    """A private chat for positive ids, otherwise a supergroup."""
    key = chat_key(chat_id)
    if isinstance(key, int) and key > 0:
        return {"id": key, "type": "private", "first_name": "Test"}
    return {"id": key, "type": "supergroup", "title": "Test group"}
