"""Which code takes which kind of update: PTB's handlers and filters, in one place.

PTB tries the handlers in the order they are added and the first that
matches takes the update. Group sessions come first (votes, membership,
migration, session commands: `groups.py`); then a teacher's own quizzes
(`teacher_quizzes.py`) and homework links (`homework.py`) in private chats; every
other update is a person's turn: `incoming.py` reads it, `turns.py` handles it. An update no handler
matches (a group's chatter, a poll's new totals) is not for the bot.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from telegram import Chat, Message, Update
from telegram.error import Conflict, TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.adapters.telegram import incoming, layout, teacher_quizzes, texts
from bot.adapters.telegram.albums import Albums
from bot.adapters.telegram.group_sessions import START_DATA
from bot.adapters.telegram.groups import Groups
from bot.adapters.telegram.homework import BUTTON, LINK_PATTERN, Homeworks
from bot.adapters.telegram.incoming import ENGINE_COMMANDS, OWN_COMMANDS, SESSION_COMMANDS, Incoming
from bot.adapters.telegram.outage import Outage
from bot.adapters.telegram.teacher_quizzes import TeacherQuizzes
from bot.adapters.telegram.turns import Turns
from bot.i18n import Catalogs
from bot.metrics import Metrics
from bot.storage.base import database_unreachable

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]

PRIVATE = filters.ChatType.PRIVATE
GROUPS = filters.ChatType.GROUPS
#: New messages only: an edited command is an edit, not a command.
NEW = filters.UpdateType.MESSAGE
#: A command the person sent: a forwarded message keeps its entities, but a "/restart"
#: forwarded from another chat is words to read (`incoming.message`), not theirs to run.
TYPED = NEW & ~filters.FORWARDED


class QuizFile(filters.MessageFilter):
    """A file for the teacher's quiz reader (`incoming.is_quiz_document`); any other
    file is a person's message, its caption read like a photo's."""

    def filter(self, message: Message) -> bool:
        return incoming.is_quiz_document(message)


def add_handlers(
    app: Application[Any, Any, Any, Any, Any, Any],
    turns: Turns,
    groups: Groups,
    teachers: TeacherQuizzes,
    homeworks: Homeworks,
    outage: Outage | None = None,
) -> None:
    def turn(read: Callable[[Update], Incoming | None]) -> Callback:
        """A handler callback: `read` the update, then take it as a turn (unless it is None).
        A turn that finds the database unreachable is taken again once it answers
        (`outage.py`), nobody told "something went wrong"."""

        async def take(update: Update, context: Context) -> None:
            person = read(update)
            if person is None:
                return
            if not person.private:  # in a post's comments: which, this application knows
                message = update.effective_message
                person = replace(person, thread_id=incoming.topic(message, groups.threads))
            try:
                await turns.take(context.bot, person)
            except Exception as error:
                if outage is None or not outage.waits_out(error):
                    raise
                outage.failed(update.update_id, error)

        return take

    # Group sessions: quiz and case-study votes, the bot removed, a supergroup, session commands.
    app.add_handler(PollAnswerHandler(groups.on_vote))
    app.add_handler(ChatMemberHandler(groups.on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(NEW & filters.StatusUpdate.MIGRATE, groups.on_migration))
    # A command sent as a channel: whoever sent it cannot be told (an anonymous admin
    # writes as the group itself, and is an admin). A channel's post forwarded to its
    # discussion group by Telegram is no command to anyone.
    as_channel = filters.SenderChat.CHANNEL & ~filters.IS_AUTOMATIC_FORWARD
    app.add_handler(
        MessageHandler(GROUPS & TYPED & filters.COMMAND & as_channel, groups.on_channel_command)
    )
    # A channel's post copied to its discussion group (seen if the bot is an admin
    # there): the root of its comments, a command in them answered there (`topic`), after
    # a restart too: a reply in a thread is looked up before any handler asks `topic`.
    threads = filters.UpdateType.MESSAGES & GROUPS & (filters.IS_AUTOMATIC_FORWARD | filters.REPLY)
    app.add_handler(MessageHandler(threads, groups.on_thread_message), group=-1)
    app.add_handler(CommandHandler(SESSION_COMMANDS, groups.on_session_command, GROUPS & TYPED))
    app.add_handler(CallbackQueryHandler(groups.on_session_button, pattern=f"^{START_DATA}$"))
    # A session command edited after it was sent: no command, but said so.
    edited = filters.UpdateType.EDITED_MESSAGE & GROUPS & filters.COMMAND
    app.add_handler(MessageHandler(edited, groups.on_edited_command))

    # Private chats: homework links and their buttons; teachers' quiz files and commands.
    link = PRIVATE & TYPED & filters.Regex(LINK_PATTERN)
    app.add_handler(CommandHandler("start", homeworks.on_link, link))
    app.add_handler(CallbackQueryHandler(homeworks.on_tap, pattern=f"^{BUTTON}"))
    app.add_handler(MessageHandler(PRIVATE & NEW & QuizFile(), teachers.on_document))
    own_quizzes = list(teacher_quizzes.COMMANDS)
    app.add_handler(CommandHandler(own_quizzes, teachers.on_command, PRIVATE & TYPED))

    # Commands: the consultation's (private chats), the adapter's own (any chat), the rest.
    engine = [*ENGINE_COMMANDS, *incoming.ENGINE_COMMANDS_WITH_PAYLOAD]
    app.add_handler(CommandHandler(engine, turn(incoming.engine_command), PRIVATE & TYPED))
    app.add_handler(CommandHandler(list(OWN_COMMANDS), turn(incoming.own_command), TYPED))
    app.add_handler(CommandHandler("forget", turn(incoming.forget), PRIVATE & TYPED))
    app.add_handler(CommandHandler("reload", turn(incoming.reload), PRIVATE & TYPED))
    app.add_handler(MessageHandler(filters.COMMAND & TYPED, turn(incoming.other_command)))

    # Buttons, edits, channel posts, and every other message in a private chat
    # (text, a photo's caption, a sticker, a photo).
    app.add_handler(CallbackQueryHandler(turn(incoming.tap)))
    edits = filters.UpdateType.EDITED_MESSAGE & PRIVATE
    app.add_handler(MessageHandler(edits, turn(incoming.edit)))
    # A new post only: an edited one was answered already, and answering it again posts
    # a second notice for every subscriber of the channel to read.
    app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, turn(incoming.channel_post)))
    # Not a service message: the person pinning the bot's question, or setting the chat's
    # auto-delete timer, was told "I can only read text messages and button taps".
    said = PRIVATE & NEW & ~filters.StatusUpdate.ALL
    app.add_handler(MessageHandler(said, turn(once_per_album(Albums()))))

    app.add_error_handler(apologise(turns.catalogs, outage, turns.metrics, groups.threads))


#: The updates that carry a message: which of them a message handler takes, its filters say.
MESSAGE_UPDATES = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CHANNEL_POST,
    Update.EDITED_CHANNEL_POST,
    Update.BUSINESS_MESSAGE,
    Update.EDITED_BUSINESS_MESSAGE,
)


def handled_updates(app: Application[Any, Any, Any, Any, Any, Any]) -> list[str]:
    """The update types the handlers take: what the bot asks Telegram for (`allowed_updates`
    of `getUpdates` and `setWebhook`). Asked for every type, it got reactions, members
    joining a group, poll totals and boosts, each processed under its chat's lock for
    nothing; Telegram's default (no list) leaves out some and sends others."""
    taken = {
        kind for group in app.handlers.values() for handler in group for kind in takes(handler)
    }
    return [kind for kind in Update.ALL_TYPES if kind in taken]


def takes(handler: BaseHandler[Any, Any, Any]) -> set[str]:
    """The update types `handler` may take. A message handler takes those its filters name
    with `filters.UpdateType` (joined by `&`); one that names none, every message's."""
    if isinstance(handler, PollAnswerHandler):
        return {Update.POLL_ANSWER}
    if isinstance(handler, CallbackQueryHandler):
        return {Update.CALLBACK_QUERY}
    if isinstance(handler, ChatMemberHandler):
        if handler.chat_member_types == ChatMemberHandler.MY_CHAT_MEMBER:
            return {Update.MY_CHAT_MEMBER}  # the bot's own membership
        if handler.chat_member_types == ChatMemberHandler.CHAT_MEMBER:
            return {Update.CHAT_MEMBER}
        return {Update.MY_CHAT_MEMBER, Update.CHAT_MEMBER}
    if isinstance(handler, (MessageHandler, CommandHandler)):
        named = _update_types_named(handler.filters)
        return {kind for kind in MESSAGE_UPDATES if all(f.check_update(_an(kind)) for f in named)}
    raise TypeError(f"which updates does {type(handler).__name__} take? (`handlers.takes`)")


def _update_types_named(given: filters.BaseFilter) -> list[filters.BaseFilter]:
    """The `filters.UpdateType` filters `given` is made of with `&` (`a & b & …`)."""
    both = getattr(given, "and_filter", None)  # PTB's `a & b`: base_filter and and_filter
    if both is not None:
        return [*_update_types_named(given.base_filter), *_update_types_named(both)]  # type: ignore[attr-defined]
    return [given] if type(given).__qualname__.startswith("UpdateType.") else []


def _an(kind: str) -> Update:
    """An update of `kind` carrying a bare message (which `filters.UpdateType` tells apart)."""
    message: Any = Message(0, datetime.now(UTC), Chat(0, Chat.PRIVATE))
    return Update(0, **{kind: message})


def once_per_album(albums: Albums) -> Callable[[Update], Incoming | None]:
    """`incoming.message`, but None for a wordless later photo of an album (`albums.py`)."""

    def read(update: Update) -> Incoming | None:
        assert update.message is not None
        sender = incoming.message(update)
        if sender is not None and albums.answered_already(sender.chat_id, update.message):
            return None
        return sender

    return read


def apologise(
    catalogs: Catalogs,
    outage: Outage | None = None,
    metrics: Metrics | None = None,
    threads: incoming.CommentThreads | None = None,
) -> Callable[[object, Context], Coroutine[Any, Any, None]]:
    """The error handler: log what failed (never message text), and tell the person."""

    async def on_error(update: object, context: Context) -> None:
        error = context.error
        trace = (type(error), error, error.__traceback__) if error else None
        if update is None and context.job is None and isinstance(error, TelegramError):
            polling_failed(error)
            return
        if not isinstance(update, Update):  # a job: the job queue runs it again
            if outage is not None and error is not None and database_unreachable(error):
                # Once an outage, not a traceback a second (the session job runs each second).
                outage.down(type(error).__name__)
                return
            job = context.job.name if context.job else None
            log.error("job %s failed: %s", job, type(error).__name__, exc_info=trace)
            return
        chat = update.effective_chat
        if metrics is not None:
            metrics.update_errors.labels(type(error).__name__).inc()
        log.error(
            "update %s (%s chat) failed: %s",
            update.update_id,
            chat.type if chat else None,
            type(error).__name__,
            exc_info=trace,
        )
        if chat is None:
            return
        user = update.effective_user
        _ = catalogs.translations(catalogs.resolve(user.language_code if user else None)).gettext
        with contextlib.suppress(TelegramError):
            thread = incoming.topic(update.effective_message, threads)  # a topic, comments
            await context.bot.send_message(chat.id, _(texts.SORRY), **layout.ptb_where(thread))
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()

    return on_error


def polling_failed(error: TelegramError) -> None:
    """A `getUpdates` that failed, in one line: PTB's polling loop tries again by itself
    and hands each failure here (with no update and no job). Logged as a job's failure,
    with a traceback, a network blip read "job None failed" in some 60 lines, and a
    second process polling with the same token did not say so."""
    if isinstance(error, Conflict):
        log.error(
            "getUpdates refused (Conflict): another process is getting this bot's updates; "
            "only one process may poll per bot token (several: use the webhook); trying again"
        )
    else:
        # With what Telegram or the connection said: a 502 ("Bad Gateway": Telegram's
        # side is down) read as "NetworkError" alone, as a dropped connection on ours does.
        log.warning("getUpdates failed (%s: %s); trying again", type(error).__name__, error.message)
