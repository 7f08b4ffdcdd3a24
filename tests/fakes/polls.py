"""Answers to ``sendPoll`` and ``stopPoll``, and which polls still take votes.

Group quizzes and case studies run on polls that close by themselves (``open_period``) or when
the bot stops them; Telegram refuses to stop a closed poll and takes no votes in one, and the
fake remembers each poll so it can do the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from tests.fakes.calls import JSONDict
from tests.fakes.failures import Rejection
from tests.fakes.messages import Messages, echo_markup
from tests.fakes.objects import chat_id_of, chat_key


def poll_object(params: JSONDict, poll_id: str) -> JSONDict:
    """The Poll that ``sendPoll`` with ``params`` creates, open and without votes."""
    options = params.get("options") or []
    return {
        "id": poll_id,
        "question": str(params.get("question", "")),
        "options": [
            {
                "text": option["text"] if isinstance(option, dict) else str(option),
                "voter_count": 0,
                "persistent_id": str(index),
            }
            for index, option in enumerate(options)
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": bool(params.get("is_anonymous", True)),
        "type": str(params.get("type", "regular")),
        "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
        "allows_revoting": False,
        "members_only": False,
    }


class Polls:
    """The polls the bot sent: chat, message id, close date (None: until stopped), stopped.

    Args:
        messages: numbers the poll messages among the bot's other messages.
        clock: Telegram's clock, which decides when a poll with ``open_period`` closes.
    """

    __slots__ = ("_clock", "_ids", "_messages", "_polls")

    def __init__(self, messages: Messages, clock: Callable[[], float]) -> None:
        self._messages = messages
        self._clock = clock
        self._polls: dict[str, JSONDict] = {}
        self._ids = itertools.count(1)

    def __contains__(self, poll_id: str) -> bool:
        return poll_id in self._polls

    def in_chat(self, chat_id: int | str) -> list[tuple[str, JSONDict]]:
        """Each poll sent to `chat_id`, oldest first: its id and the parameters it came with."""
        key = chat_key(chat_id)
        return [
            (poll_id, poll["params"])
            for poll_id, poll in self._polls.items()
            if poll["chat"] == key
        ]

    def is_open(self, poll_id: str) -> bool:
        """Whether Telegram still takes votes in the poll (not stopped, not past its close)."""
        poll = self._polls.get(str(poll_id))
        if poll is None or poll["stopped"]:
            return False
        return poll["close_date"] is None or self._clock() < poll["close_date"]

    def send_poll(self, params: JSONDict) -> JSONDict:
        """``sendPoll``."""
        chat_id = chat_id_of(params)
        message = self._messages.bot_message(chat_id)
        poll = poll_object(params, str(next(self._ids)))
        if params.get("open_period"):  # Telegram closes it by itself then, and says when
            poll["open_period"] = int(params["open_period"])
            poll["close_date"] = message["date"] + poll["open_period"]
        if params.get("explanation"):
            poll["explanation"] = str(params["explanation"])
        message["poll"] = poll
        self._polls[poll["id"]] = {
            "chat": chat_key(chat_id),
            "message_id": message["message_id"],
            "close_date": poll.get("close_date"),
            "stopped": False,
            "params": params,
        }
        echo_markup(message, params)
        return message

    def stop_poll(self, params: JSONDict) -> JSONDict:
        """``stopPoll``: the poll, closed; refused when it is unknown or already closed."""
        chat, message_id = chat_key(chat_id_of(params)), params.get("message_id")
        found = next(
            (
                (poll_id, poll)
                for poll_id, poll in self._polls.items()
                if poll["chat"] == chat and poll["message_id"] == message_id
            ),
            None,
        )
        if found is None:
            raise Rejection(400, "Bad Request: message with poll to stop not found")
        poll_id, poll = found
        if poll["stopped"] or not self.is_open(poll_id):
            raise Rejection(400, "Bad Request: poll has already been closed")
        poll["stopped"] = True
        answer = poll_object(poll["params"], poll_id)
        answer["is_closed"] = True
        return answer
