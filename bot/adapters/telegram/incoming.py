"""Telegram updates as what the user did: an engine event or an adapter action.

Pure functions over PTB's `Update`: no I/O, easy to test with any update.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypedDict

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.core import buttons, events

#: Commands the engine understands, and the event each one stands for.
ENGINE_COMMANDS: dict[str, events.Event] = {
    "restart": events.Restart(),
    "back": events.Back(),
    "why": events.Why(),
    "summary": events.Summary(),
}


class Action(enum.Enum):
    """What the adapter itself answers, without the engine."""

    HELP = "help"
    ABOUT = "about"
    FORGET_ASK = "forget_ask"
    FORGET_YES = "forget_yes"
    FORGET_NO = "forget_no"
    LANGUAGE_ASK = "language_ask"
    LANGUAGE_SET = "language_set"
    UNSUPPORTED = "unsupported"
    EDITED = "edited"
    CHANNEL = "channel"
    GROUP = "group"
    #: An operator asks to reload the dialogs (`/reload`, bot admins only).
    RELOAD = "reload"
    #: A group's teaching commands: /quiz, /case, /next, /pause, /stop, /score.
    TEACH = "teach"
    #: A member voted in (or retracted a vote from) a quiz or case-study poll.
    POLL_ANSWER = "poll_answer"
    #: The group became a supergroup (`argument` is the new chat id).
    MIGRATED = "migrated"
    #: The bot was removed from the group.
    REMOVED = "removed"
    #: A group member who is not an admin tried to change a group setting.
    ADMINS_ONLY = "admins_only"
    UNKNOWN_COMMAND = "unknown_command"
    STALE = "stale"


@dataclass(frozen=True)
class Incoming:
    update_id: int
    chat_id: int
    user_id: int
    language_code: str | None
    event: events.Event | None = None
    action: Action | None = None
    #: For LANGUAGE_SET: the chosen language.
    argument: str = ""
    callback_id: str | None = None
    #: The message a tapped button belongs to (edited to show the answer).
    message_id: int | None = None
    #: A one-to-one chat; in groups the bot only teaches and asks nobody about health.
    private: bool = True
    #: For QUIZ: the command's name.
    command: str = ""
    #: For POLL_ANSWER: the poll, the chosen option indexes (none: retracted), the voter's name.
    poll_id: str | None = None
    options: tuple[int, ...] = ()
    name: str = ""


#: What a group can ask for: teaching only.
GROUP_COMMANDS = frozenset({"quiz", "case", "next", "pause", "stop", "score"})
#: The consultation's commands: in a group they get the offer of a private chat.
CONSULTATION_COMMANDS = frozenset({"start", "learn", "forget", *ENGINE_COMMANDS})


class _Base(TypedDict):
    """The fields every update from a person has: who, where, and which update."""

    update_id: int
    chat_id: int
    user_id: int
    language_code: str | None
    private: bool


def read(update: Update) -> Incoming | None:
    """What `update` asks of the bot; None for updates it does not answer."""
    chat = update.effective_chat
    user = update.effective_user
    if update.poll_answer is not None:
        answer = update.poll_answer
        if answer.user is None:
            return None  # an anonymous admin or a channel: not a member to score
        voter = answer.user
        return Incoming(
            update.update_id,
            voter.id,
            voter.id,
            voter.language_code,
            action=Action.POLL_ANSWER,
            poll_id=answer.poll_id,
            options=tuple(answer.option_ids),
            name=voter.full_name,
        )
    if update.my_chat_member is not None and chat is not None:
        status = update.my_chat_member.new_chat_member.status
        if chat.type != ChatType.PRIVATE and status in (
            ChatMemberStatus.LEFT,
            ChatMemberStatus.BANNED,
        ):
            return Incoming(update.update_id, chat.id, chat.id, None, action=Action.REMOVED)
        return None
    if update.message is not None and update.message.migrate_to_chat_id and chat is not None:
        return Incoming(
            update.update_id,
            chat.id,
            chat.id,
            None,
            action=Action.MIGRATED,
            argument=str(update.message.migrate_to_chat_id),
            private=False,
        )
    if update.channel_post or update.edited_channel_post:
        assert chat is not None
        return Incoming(update.update_id, chat.id, chat.id, None, action=Action.CHANNEL)
    if chat is None or user is None:
        return None
    # An admin who "remains anonymous" writes as the group itself (Telegram shows a bot as
    # the sender): only admins can, so the group's own id stands for an admin.
    sender_chat = update.message.sender_chat if update.message else None
    as_group = sender_chat is not None and sender_chat.id == chat.id
    if user.is_bot and not as_group:
        return None
    private = chat.type == ChatType.PRIVATE
    base: _Base = {
        "update_id": update.update_id,
        "chat_id": chat.id,
        "user_id": chat.id if as_group else user.id,
        "language_code": user.language_code,
        "private": private,
    }

    if update.edited_message:
        if not private:
            return None
        edited = update.edited_message.text or update.edited_message.caption
        if edited and not edited.startswith("/"):  # read for danger signs like any message
            return _with(base, event=events.Say(edited, edited=True))
        return _with(base, action=Action.EDITED)
    if update.callback_query:
        query = update.callback_query
        message_id = query.message.message_id if query.message else None
        tapped = _callback(query.data or "", private)
        return _with(base, callback_id=query.id, message_id=message_id, **tapped)
    message = update.message
    if message is None:
        return None
    text = message.text
    if text is None:
        # A photo's caption is read like a message: it may describe a drooping face.
        caption = message.caption
        if private and caption and not caption.startswith("/"):
            return _with(base, event=events.Say(caption))
        return _with(base, action=Action.UNSUPPORTED) if private else None
    if text.startswith("/"):
        return _command(base, text, private, message.get_bot().username)
    if not private:
        return None  # group chatter is not for us (privacy mode delivers little anyway)
    return _with(base, event=events.Say(text))


def _with(base: _Base, **changes: Any) -> Incoming:
    # Built once from both: `dataclasses.replace` on a frozen dataclass took half of `read`.
    return Incoming(**base, **changes)


def _callback(data: str, private: bool) -> dict[str, Any]:
    if data.startswith("lang:") and 2 <= len(data) - 5 <= 10:
        return {"action": Action.LANGUAGE_SET, "argument": data[5:]}
    if not private:  # a group session's Start, else a consultation's button: not here
        if data == "session:begin":
            return {"action": Action.TEACH, "command": "begin"}
        return {"action": Action.GROUP}
    if data == "forget:yes":
        return {"action": Action.FORGET_YES}
    if data == "forget:no":
        return {"action": Action.FORGET_NO}
    event = buttons.parse(data)
    return {"event": event} if event is not None else {"action": Action.STALE}


def _command(base: _Base, text: str, private: bool, bot_username: str | None) -> Incoming | None:
    head, _, rest = text.partition(" ")
    name, _, addressee = head[1:].partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None  # a command for another bot in the same group
    name = name.lower()
    argument = rest.strip()
    if name in ("help", "about"):
        return _with(base, action=Action(name))
    if name == "language":
        return _with(base, action=Action.LANGUAGE_ASK)
    if not private and name in GROUP_COMMANDS:
        return _with(base, action=Action.TEACH, command=name, argument=argument[:200])
    if not private:  # a consultation's command: in a private chat; any other: the group's help
        return _with(base, action=Action.GROUP if name in CONSULTATION_COMMANDS else Action.HELP)
    if name == "start":
        return _with(base, event=events.Start(argument[:64]))
    if name == "learn":
        return _with(base, event=events.Learn(argument[:64]))
    if name in ENGINE_COMMANDS:
        return _with(base, event=ENGINE_COMMANDS[name])
    if name == "forget":
        return _with(base, action=Action.FORGET_ASK)
    if name == "reload":
        return _with(base, action=Action.RELOAD)
    return _with(base, action=Action.UNKNOWN_COMMAND)
