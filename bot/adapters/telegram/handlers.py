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
from dataclasses import dataclass, replace
from typing import Any

from telegram import Message, Update
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


@dataclass(frozen=True)
class Route:
    """A handler and the update types it needs from Telegram, named beside it: the bot
    asks for exactly those of its routes (`allowed_updates`), so what it asks for is read
    from this table, never from PTB's insides, and a PTB upgrade cannot change it."""

    updates: tuple[str, ...]
    handler: BaseHandler[Any, Any, Any]
    #: PTB's handler group: a lower one is tried first, and does not stop the others.
    group: int = 0


def add_handlers(
    app: Application[Any, Any, Any, Any, Any, Any],
    turns: Turns,
    groups: Groups,
    teachers: TeacherQuizzes,
    homeworks: Homeworks,
    outage: Outage | None = None,
) -> list[str]:
    """Register the handlers (`routes`) and the error handler; the update types to ask
    Telegram for (`allowed_updates` of `getUpdates` and `setWebhook`)."""
    table = routes(turns, groups, teachers, homeworks, outage)
    for route in table:
        app.add_handler(route.handler, route.group)
    app.add_error_handler(apologise(turns.catalogs, outage, turns.metrics, groups.threads))
    return allowed_updates(table)


def allowed_updates(table: list[Route]) -> list[str]:
    """The update types the routes need, in Telegram's order. Asked for every type, the
    bot got reactions, members joining a group, poll totals and boosts, each processed
    under its chat's lock for nothing; Telegram's default (no list) leaves out some and
    sends others."""
    needed = {kind for route in table for kind in route.updates}
    return [kind for kind in Update.ALL_TYPES if kind in needed]


def routes(
    turns: Turns,
    groups: Groups,
    teachers: TeacherQuizzes,
    homeworks: Homeworks,
    outage: Outage | None = None,
) -> list[Route]:
    """Every handler, in the order PTB tries them, with the update types it takes."""

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
                person = replace(person, place=incoming.topic(message, groups.threads))
            try:
                await turns.take(context.bot, person)
            except Exception as error:
                if outage is None or not outage.waits_out(error):
                    raise
                outage.failed(update.update_id, error)

        return take

    message, edited_message, tap = (
        (Update.MESSAGE,),
        (Update.EDITED_MESSAGE,),
        (Update.CALLBACK_QUERY,),
    )
    # A command sent as a channel: whoever sent it cannot be told (an anonymous admin
    # writes as the group itself, and is an admin). A channel's post forwarded to its
    # discussion group by Telegram is no command to anyone.
    as_channel = GROUPS & TYPED & filters.COMMAND & filters.SenderChat.CHANNEL
    as_channel &= ~filters.IS_AUTOMATIC_FORWARD
    # A channel's post copied to its discussion group (seen if the bot is an admin
    # there): the root of its comments, a command in them answered there (`topic`), after
    # a restart too: a reply in a thread is looked up before any handler asks `topic`.
    threads = filters.UpdateType.MESSAGES & GROUPS & (filters.IS_AUTOMATIC_FORWARD | filters.REPLY)
    # A session command edited after it was sent: no command, but said so.
    edited_command = filters.UpdateType.EDITED_MESSAGE & GROUPS & filters.COMMAND
    # A Reply in a group ("2" to a quiz's poll): no vote, and the class is told so.
    poll_reply = GROUPS & TYPED & filters.REPLY & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    link = PRIVATE & TYPED & filters.Regex(LINK_PATTERN)
    own_quizzes = list(teacher_quizzes.COMMANDS)
    engine = [*ENGINE_COMMANDS, *incoming.ENGINE_COMMANDS_WITH_PAYLOAD]
    edits = filters.UpdateType.EDITED_MESSAGE & PRIVATE
    # Not a service message: the person pinning the bot's question, or setting the chat's
    # auto-delete timer, was told "I can only read text messages and button taps".
    said = PRIVATE & NEW & ~filters.StatusUpdate.ALL
    return [
        # Group sessions: votes, the bot removed, a supergroup, session commands.
        Route((Update.POLL_ANSWER,), PollAnswerHandler(groups.on_vote)),
        Route(
            (Update.MY_CHAT_MEMBER,),
            ChatMemberHandler(groups.on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        ),
        Route(message, MessageHandler(NEW & filters.StatusUpdate.MIGRATE, groups.on_migration)),
        Route(message, MessageHandler(as_channel, groups.on_channel_command)),
        Route((*message, *edited_message), MessageHandler(threads, groups.on_thread_message), -1),
        Route(message, CommandHandler(SESSION_COMMANDS, groups.on_session_command, GROUPS & TYPED)),
        Route(tap, CallbackQueryHandler(groups.on_session_button, pattern=f"^{START_DATA}$")),
        Route(edited_message, MessageHandler(edited_command, groups.on_edited_command)),
        Route(message, MessageHandler(poll_reply, groups.on_reply)),
        # Private chats: homework links and their buttons; teachers' quiz files and commands.
        Route(message, CommandHandler("start", homeworks.on_link, link)),
        Route(tap, CallbackQueryHandler(homeworks.on_tap, pattern=f"^{BUTTON}")),
        Route(message, MessageHandler(PRIVATE & NEW & QuizFile(), teachers.on_document)),
        Route(message, CommandHandler(own_quizzes, teachers.on_command, PRIVATE & TYPED)),
        # Commands: the consultation's (private chats), the adapter's own (any chat), the rest.
        Route(message, CommandHandler(engine, turn(incoming.engine_command), PRIVATE & TYPED)),
        Route(message, CommandHandler(list(OWN_COMMANDS), turn(incoming.own_command), TYPED)),
        Route(message, CommandHandler("forget", turn(incoming.forget), PRIVATE & TYPED)),
        Route(message, CommandHandler("reload", turn(incoming.reload), PRIVATE & TYPED)),
        Route(message, MessageHandler(filters.COMMAND & TYPED, turn(incoming.other_command))),
        # Buttons, edits, channel posts, and every other message in a private chat
        # (text, a photo's caption, a sticker, a photo).
        Route(tap, CallbackQueryHandler(turn(incoming.tap))),
        Route(edited_message, MessageHandler(edits, turn(incoming.edit))),
        # A new post only: an edited one was answered already, and answering it again posts
        # a second notice for every subscriber of the channel to read.
        Route(
            (Update.CHANNEL_POST,),
            MessageHandler(filters.UpdateType.CHANNEL_POST, turn(incoming.channel_post)),
        ),
        Route(message, MessageHandler(said, turn(once_per_album(Albums())))),
    ]


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
            place = incoming.topic(update.effective_message, threads)  # a topic, comments
            await context.bot.send_message(chat.id, _(texts.SORRY), **layout.ptb_where(place))
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
