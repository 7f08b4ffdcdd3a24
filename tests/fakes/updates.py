"""Incoming updates as Telegram delivers them: messages, taps, votes, membership changes.

Tests push these into the ``getUpdates`` queue (``tg.push_update(tg.message_update(42, "hi"))``)
or post them to a webhook; they carry every field PTB 22 needs to parse them, and ids that do
not collide with the bot's own messages.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from typing import Any, Final

from tests.fakes.calls import JSONDict
from tests.fakes.members import chat_member
from tests.fakes.objects import BOT_ID, bot_user, chat, chat_key, user
from tests.fakes.polls import Polls, poll_object

#: A channel as updates name it (its ``id`` added).
CHANNEL: Final[JSONDict] = {"type": "channel", "title": "Test channel"}

#: The user Telegram shows as the sender of an anonymous admin's message in a group.
ANONYMOUS_ADMIN_ID: Final[int] = 1087968824

#: User id used for messages in group chats when the caller does not name one.
DEFAULT_GROUP_USER_ID: Final[int] = 4242

#: Incoming (user-sent) messages get ids from this base upwards, so they never collide with the
#: ids of messages the bot sends (which start at 1 per chat, as the brief for the fake promises).
INCOMING_MESSAGE_ID_BASE: Final[int] = 1_000_000


def _default_user(chat_id: int | str, user_id: int | None) -> int:
    if user_id is not None:
        return user_id
    key = chat_key(chat_id)
    return key if isinstance(key, int) and key > 0 else DEFAULT_GROUP_USER_ID


class UpdateBuilders:
    """The ``*_update`` builders of :class:`~tests.fakes.fake_telegram.FakeTelegram` (a mixin).

    They number users' messages per chat, callback queries and files; they read Telegram's
    clock, take its lock and ask its polls whether a vote is still taken.
    """

    # Provided by FakeTelegram.
    lock: threading.RLock
    clock: Callable[[], float]
    _polls: Polls

    def __init__(self) -> None:
        super().__init__()
        self._incoming_ids: dict[int | str, int] = {}
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)

    def _next_incoming_id(self, chat_id: int | str) -> int:
        with self.lock:
            message_id = self._incoming_ids.get(chat_id, INCOMING_MESSAGE_ID_BASE) + 1
            self._incoming_ids[chat_id] = message_id
            return message_id

    def _incoming(
        self, chat_id: int, user_id: int | None, language_code: str | None = "en"
    ) -> JSONDict:
        return {
            "message_id": self._next_incoming_id(chat_id),
            "date": int(self.clock()),
            "chat": chat(chat_id),
            "from": user(_default_user(chat_id, user_id), language_code),
        }

    def _file_id(self, prefix: str) -> tuple[str, str]:
        with self.lock:
            number = next(self._file_ids)
        return f"{prefix}-file-{number}", f"{prefix}-unique-{number}"

    def message_update(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        language_code: str | None = "en",
        **extra: Any,
    ) -> JSONDict:
        """A ``message`` update; "/command" texts get a ``bot_command`` entity.

        ``user_id`` defaults to ``chat_id`` in private chats (``chat_id > 0``) and to
        :data:`DEFAULT_GROUP_USER_ID` in groups.  ``extra`` is merged into the message.
        """
        message = self._incoming(chat_id, user_id, language_code)
        message["text"] = text
        if text.startswith("/") and len(text) > 1:
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message.update(extra)
        return {"message": message}

    def reply_update(self, chat_id: int, text: str, to: int, quoted: str = "") -> JSONDict:
        """`text` sent a minute on with Telegram's Reply on the bot's message `to` in the
        private chat `chat_id` (`quoted`: that message's text, as Telegram sends it)."""
        return self.message_update(
            chat_id,
            text,
            date=int(self.clock()) + 60,
            reply_to_message={
                "message_id": to,
                "chat": {"id": chat_id, "type": "private"},
                "date": 0,
                "from": bot_user(),
                "text": quoted,
            },
        )

    def anonymous_admin_update(self, chat_id: int, text: str) -> JSONDict:
        """A group admin who "remains anonymous" writes: the sender is the group itself."""
        update = self.message_update(chat_id, text, user_id=ANONYMOUS_ADMIN_ID)
        update["message"]["from"] = {
            "id": ANONYMOUS_ADMIN_ID,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        }
        update["message"]["sender_chat"] = chat(chat_id)
        return update

    def callback_update(
        self,
        chat_id: int,
        data: str,
        message_id: int,
        user_id: int | None = None,
        language_code: str | None = "en",
    ) -> JSONDict:
        """A ``callback_query`` update: a tap on an inline button of bot message ``message_id``."""
        with self.lock:
            query_id = str(next(self._callback_ids))
        return {
            "callback_query": {
                "id": query_id,
                "from": user(_default_user(chat_id, user_id), language_code),
                "message": {
                    "message_id": message_id,
                    "chat": chat(chat_id),
                    "date": int(self.clock()) - 60,  # shown a minute before the tap
                    "text": "…",
                    "from": bot_user(),
                },
                "chat_instance": str(chat_id),
                "data": data,
            }
        }

    def sticker_update(self, chat_id: int, user_id: int | None = None) -> JSONDict:
        """A ``message`` update carrying a sticker."""
        message = self._incoming(chat_id, user_id)
        file_id, unique_id = self._file_id("sticker")
        message["sticker"] = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "😀",
        }
        return {"message": message}

    def photo_update(
        self, chat_id: int, user_id: int | None = None, caption: str | None = None
    ) -> JSONDict:
        """A ``message`` update carrying a photo (two sizes), optionally captioned."""
        message = self._incoming(chat_id, user_id)
        file_id, unique_id = self._file_id("photo")
        message["photo"] = [
            {
                "file_id": f"{file_id}-{size}",
                "file_unique_id": f"{unique_id}-{size}",
                "width": size,
                "height": size,
                "file_size": size * 10,
            }
            for size in (90, 800)
        ]
        if caption is not None:
            message["caption"] = caption
        return {"message": message}

    def forwarded_update(
        self,
        chat_id: int,
        text: str,
        origin: JSONDict | None = None,
        language_code: str | None = "en",
    ) -> JSONDict:
        """A ``message`` update the user forwarded: ``text`` by ``origin`` (a ``user``
        origin; default: another person, "Bob"). ``origin_user(id)`` names someone else."""
        update = self.message_update(chat_id, text, language_code=language_code)
        update["message"]["forward_origin"] = origin or self.origin_user(55, "Bob")
        return update

    def forwarded_poll_update(
        self, chat_id: int, question: str, options: list[str], origin: JSONDict | None = None
    ) -> JSONDict:
        """A ``message`` update: a poll the user forwarded from another chat, with every
        field PTB 22 requires of a Poll (its options' ``persistent_id``, ``allows_revoting``,
        ``members_only``), votes counted, and no text."""
        message = self._incoming(chat_id, None)
        poll = poll_object({"question": question, "options": options}, f"forwarded-{chat_id}")
        for option in poll["options"]:
            option["voter_count"] = 1
        poll["total_voter_count"] = len(options)
        message["poll"] = poll
        message["forward_origin"] = origin or self.origin_user(55, "Bob")
        return {"message": message}

    def origin_user(self, user_id: int, name: str = "Test") -> JSONDict:
        """A ``MessageOriginUser``: the message was first sent by this user (or bot)."""
        sender = {"id": user_id, "is_bot": user_id == BOT_ID, "first_name": name}
        return {"type": "user", "date": int(self.clock()) - 60, "sender_user": sender}

    def attachment_update(
        self, chat_id: int, kind: str, value: JSONDict, user_id: int | None = None
    ) -> JSONDict:
        """A ``message`` update carrying only ``kind`` (``voice``, ``location``, ``contact``,
        ...) with the fields ``value`` gives it, as Telegram sends it."""
        message = self._incoming(chat_id, user_id)
        message[kind] = value
        return {"message": message}

    def edited_message_update(
        self, chat_id: int, text: str, user_id: int | None = None, message_id: int | None = None
    ) -> JSONDict:
        """An ``edited_message`` update (the user edited one of their messages)."""
        message = self._incoming(chat_id, user_id)
        if message_id is not None:
            message["message_id"] = message_id
        message["text"] = text
        message["edit_date"] = message["date"]
        return {"edited_message": message}

    def channel_post_update(self, chat_id: int, text: str) -> JSONDict:
        """A ``channel_post`` update (no ``from``; ``sender_chat`` is the channel); a
        "/command" or an "@username" in it gets its entity, as Telegram marks them."""
        channel = CHANNEL | {"id": chat_id}
        post: JSONDict = {
            "message_id": self._next_incoming_id(chat_id),
            "date": int(self.clock()),
            "chat": channel,
            "sender_chat": channel,
            "text": text,
        }
        entities = [
            {"type": "mention", "offset": found.start(), "length": len(found.group())}
            for found in re.finditer(r"@\w+", text)
        ]
        if text.startswith("/") and len(text) > 1:
            command = text.split(maxsplit=1)[0]
            entities.insert(0, {"type": "bot_command", "offset": 0, "length": len(command)})
        if entities:
            post["entities"] = entities
        return {"channel_post": post}

    def poll_answer_update(self, poll_id: str, user_id: int, option_ids: list[int]) -> JSONDict:
        """A ``poll_answer`` update (a user voted in a non-anonymous poll).

        Telegram takes votes only while the poll is open: a vote in a closed one is refused
        (an ``AssertionError`` here), as a member's tap would be. Build the update while the
        poll is open to feed it later, as Telegram delivers votes again after a restart."""
        with self.lock:
            refused = str(poll_id) in self._polls and not self._polls.is_open(poll_id)
        if refused:
            raise AssertionError(f"Telegram refuses a vote in closed poll {poll_id}")
        return {
            "poll_answer": {
                "poll_id": str(poll_id),
                "user": user(user_id),
                "option_ids": list(option_ids),
                "option_persistent_ids": [str(option) for option in option_ids],
            }
        }

    def my_chat_member_update(
        self, chat_id: int, status: str, user_id: int | None = None, channel: bool = False
    ) -> JSONDict:
        """A ``my_chat_member`` update: the bot's status in ``chat_id`` (a ``channel``'s,
        or else a private chat or a supergroup, as ``chat`` says) changed to ``status``.

        ``status`` is a ChatMember status: "member", "kicked" (user blocked the bot),
        "left", "administrator", "restricted" or "creator".
        """
        old_status = "left" if status in ("member", "administrator") else "member"
        if status == "member" and chat_id > 0:
            old_status = "kicked"  # private chat: the user unblocked/restarted the bot
        bot = bot_user()
        return {
            "my_chat_member": {
                "chat": CHANNEL | {"id": chat_id} if channel else chat(chat_id),
                "from": user(_default_user(chat_id, user_id)),
                "date": int(self.clock()),
                "old_chat_member": chat_member(old_status, bot),
                "new_chat_member": chat_member(status, bot),
            }
        }
