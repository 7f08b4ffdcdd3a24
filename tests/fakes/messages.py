"""Answers to the Bot API methods that send, copy and edit the bot's messages.

The bot under test needs answers PTB can ``de_json`` and that behave like Telegram's: message
ids that increase per chat (starting at 1), the date by Telegram's clock, the inline keyboard
echoed back.  What was sent is not kept here: tests read it from the recorded calls.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.fakes.calls import JSONDict
from tests.fakes.failures import Rejection
from tests.fakes.objects import bot_user, chat, chat_id_of


def echo_markup(message: JSONDict, params: JSONDict) -> None:
    """Copy an inline keyboard from the call into the answered message."""
    # Telegram only ever returns inline keyboards in Message.reply_markup.
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        message["reply_markup"] = markup


class Messages:
    """Sends and edits the bot's messages, numbering them per chat as Telegram does.

    Args:
        clock: Telegram's clock, asked on every message (tests may swap the clock it reads).
    """

    __slots__ = ("_clock", "_sent_ids")

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._sent_ids: dict[int | str, int] = {}

    def next_id(self, chat_id: int | str) -> int:
        """The id of the bot's next message in ``chat_id``."""
        message_id = self._sent_ids.get(chat_id, 0) + 1
        self._sent_ids[chat_id] = message_id
        return message_id

    def bot_message(self, chat_id: int | str, message_id: int | None = None) -> JSONDict:
        """A message from the bot in ``chat_id``: a new one, or ``message_id`` if given."""
        return {
            "message_id": self.next_id(chat_id) if message_id is None else message_id,
            "date": int(self._clock()),
            "chat": chat(chat_id),
            "from": bot_user(),
        }

    def send_message(self, params: JSONDict) -> JSONDict:
        """``sendMessage``."""
        message = self.bot_message(chat_id_of(params))
        message["text"] = str(params.get("text", ""))
        if params.get("entities"):
            message["entities"] = params["entities"]
        echo_markup(message, params)
        return message

    def send_other(self, params: JSONDict) -> JSONDict:
        """Any other ``send*`` method (sticker, photo, document...): a message with its caption."""
        message = self.bot_message(chat_id_of(params))
        if "caption" in params:
            message["caption"] = str(params["caption"])
        echo_markup(message, params)
        return message

    def send_media_group(self, params: JSONDict) -> list[JSONDict]:
        """``sendMediaGroup``: one message per medium."""
        chat_id = chat_id_of(params)
        media = params.get("media")
        count = len(media) if isinstance(media, list) else 1
        return [self.bot_message(chat_id) for _ in range(max(count, 1))]

    def copy_message(self, params: JSONDict) -> JSONDict:
        """``copyMessage``: only the new message's id."""
        return {"message_id": self.next_id(chat_id_of(params))}

    def edit_message(self, params: JSONDict) -> JSONDict | bool:
        """``editMessageReplyMarkup`` and ``editMessageCaption``."""
        if params.get("inline_message_id"):
            return True
        if params.get("message_id") is None:
            raise Rejection(400, "Bad Request: message identifier is not specified")
        message = self.bot_message(chat_id_of(params), int(params["message_id"]))
        message["edit_date"] = message["date"]
        if "caption" in params:
            message["caption"] = str(params["caption"])
        echo_markup(message, params)
        return message

    def edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        """``editMessageText``."""
        message = self.edit_message(params)
        if isinstance(message, dict):
            message["text"] = str(params.get("text", ""))
            if params.get("entities"):
                message["entities"] = params["entities"]
        return message
