"""Group updates that are not a person's turn, handed to the classroom (`classroom.py`).

Votes in quiz and case-study polls (and Replies to them, which are none), a group's
session commands (/quiz, /case, /next, /pause, /stop, /score) and a lobby's Start, the
group becoming a supergroup, the bot leaving it, and the schedule's due steps. Each runs
under the chat's lock, as every update does (`ordering.py`); the classroom decides the rest.
"""

from __future__ import annotations

from telegram import Bot, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.adapters.telegram import incoming, texts
from bot.adapters.telegram.classroom import Classroom
from bot.adapters.telegram.ordering import ChatLocks
from bot.adapters.telegram.turns import Turns
from bot.core.render import escape

#: The bot's statuses outside a group: it never joined, left, or was removed.
OUTSIDE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
#: The command a tap on a lobby's Start button stands for.
BEGIN = "begin"
#: How much of a session command's text is read (topic, count, seconds, a case's name).
MAX_ARGUMENT = 200


class Groups:
    def __init__(self, classroom: Classroom, turns: Turns, locks: ChatLocks) -> None:
        self.classroom = classroom
        self.turns = turns
        self.locks = locks
        #: The comment threads under channel posts this application saw (`incoming.topic`).
        self.threads = incoming.CommentThreads()

    async def on_vote(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A member voted in (or retracted a vote from) a quiz or case-study poll."""
        answer = update.poll_answer
        assert answer is not None
        if answer.user is None or answer.voter_chat is not None:
            # A channel, or an anonymous admin (as the group): not a member to score.
            # Telegram names them all as one user too, @Channel_Bot ("Channel", for bots
            # older than `voter_chat`): scored as that user, "Channel" stood on the board
            # as a player, every such voter's vote overwriting the one before.
            return
        voter = answer.user
        await self.classroom.vote(
            answer.poll_id, voter.id, voter.full_name, list(answer.option_ids)
        )

    async def on_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A member's Reply to a message in the group: to the open poll, it is no vote
        (`Classroom.replied_to_poll`)."""
        message, sender = update.message, incoming.person(update, self.threads)
        if message is None or message.reply_to_message is None or sender is None:
            return
        replied_to = message.reply_to_message.message_id
        await self.classroom.replied_to_poll(
            context.bot, sender.chat_id, replied_to, sender.update_id
        )

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot was removed from a group (or left it): its session ends. Its rights to
        send came back (made an admin or a plain member again, or its restriction lifted):
        a session that waits because its poll was refused goes on. Added to a group: the
        group's help, so the teacher who added it reads what it does there and how to
        start a quiz (they read nothing at all before). Not where a session runs: a group
        upgraded to a supergroup mid-quiz brings the bot, its session moved along, a
        "joined" to the new chat, and the class got the whole help between two polls; nor
        where the group came by migration (`on_migration`), which the database keeps: the
        "joined" may reach another process sharing it than the migration did."""
        change, chat = update.my_chat_member, update.effective_chat
        assert change is not None and chat is not None
        if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
            return
        now, storage = change.new_chat_member, self.turns.storage
        if now.status in OUTSIDE:
            await storage.left_chat(chat.id)  # added again later: the help
            await self.classroom.removed(context.bot, chat.id, chat.title)
        elif now.status != ChatMemberStatus.RESTRICTED or getattr(now, "can_send_polls", False):
            joined = change.old_chat_member.status in OUTSIDE
            moved = joined and await storage.came_by_migration(chat.id)
            if joined and not moved and await self.classroom.store.kind(chat.id) is None:
                await self._introduce(context.bot, update)
            await self.classroom.may_post_again(context.bot, chat.id)

    async def _introduce(self, bot: Bot, update: Update) -> None:
        """The group's help, posted once (the outbox, under the update's id), in the
        language of whoever added the bot (or the one chosen for the group before)."""
        assert update.effective_chat is not None and update.effective_user is not None
        chat_id, adder = update.effective_chat.id, update.effective_user
        person = incoming.Incoming(update.update_id, chat_id, adder.id, adder.language_code, False)
        await self._tell(bot, person, texts.GROUP_HELP)

    async def _tell(self, bot: Bot, person: incoming.Incoming, text: str) -> None:
        """Post `text` in the group once (the outbox, under the update's id), in the
        group's language or else the sender's app language, where `person` wrote."""
        _ = self.turns.catalogs.translations(await self.turns.chat_language(person)).gettext
        chat_id, update_id = person.chat_id, person.update_id
        await self.classroom.posts.post(
            bot, chat_id, update_id, [escape(_(text))], place=person.place
        )

    async def on_migration(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The group became a supergroup: its session and votes move to the new chat id.
        Telegram then says the bot joined the supergroup, often after the migration: a
        group that had read the bot's help when it added the bot read it all again. The
        supergroup is noted in the database (`Storage.migrated_into`), for every process."""
        message, chat = update.message, update.effective_chat
        if message is None or chat is None:
            return
        storage = self.turns.storage
        if message.migrate_to_chat_id:
            await storage.migrated_into(message.migrate_to_chat_id)
            await self.classroom.migrated(chat.id, message.migrate_to_chat_id)
        elif message.migrate_from_chat_id:
            await storage.migrated_into(chat.id)

    async def on_session_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        sender, parts = (
            incoming.person(update, self.threads),
            incoming.command_parts(update.message),
        )
        if sender is None or parts is None:
            return
        name, argument = parts
        language = await self.turns.chat_language(sender)
        await self.classroom.command(
            context.bot,
            sender.chat_id,
            sender.user_id,
            name,
            argument[:MAX_ARGUMENT],
            language,
            sender.update_id,
            place=sender.place,
        )

    async def on_channel_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command sent in a group on behalf of a channel: Telegram names the channel,
        not the person, so the bot cannot tell who sent it (an admin, or anyone who may
        post as that channel). It was ignored in silence — a teacher's /quiz did nothing
        at all. The sender is told to send it as themselves, once (the outbox, under the
        update's id)."""
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or incoming.command_parts(message) is None:
            return
        where = incoming.topic(message, self.threads)
        person = incoming.Incoming(update.update_id, chat.id, chat.id, None, False, place=where)
        await self._tell(context.bot, person, texts.SENT_AS_A_CHANNEL)

    async def on_thread_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A channel's post copied to its discussion group (its comments' root), or a
        message in a thread of replies: is it in a post's comments? (`incoming.topic`)"""
        if isinstance(update.effective_message, Message):
            message, storage = update.effective_message, self.turns.storage
            await incoming.learn_comment_thread(message, storage, self.threads)

    async def on_edited_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A session command edited after it was sent — "/quiz hfs 2 3" put right to
        "/quiz hfs 2 30", "/stpo" to "/stop": Telegram sends the edit, which was ignored
        in silence, and the teacher waited for a quiz of 30 seconds a question that
        never came (the lobby said 10), or for a stop. The edit changes nothing, and says
        so, once (the outbox, under the update's id), in the topic it was written in; an
        edit into any other command of the bot's too (a "/quiz" edited into "/help" got
        no word, where the command sent anew is answered)."""
        message, chat, user = update.edited_message, update.effective_chat, update.effective_user
        if message is None or chat is None:
            return
        parts = incoming.command_parts(message)
        if parts is None:  # another bot's
            return
        language_code = user.language_code if user is not None else None
        where = incoming.topic(message, self.threads)
        person = incoming.Incoming(
            update.update_id, chat.id, chat.id, language_code, False, place=where
        )
        await self._tell(context.bot, person, texts.EDITED_COMMAND)

    async def on_session_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A tap on a session's button: the lobby's Start."""
        query, sender = update.callback_query, incoming.person(update, self.threads)
        if query is None or sender is None:
            return
        language = await self.turns.chat_language(sender)
        await self.classroom.command(
            context.bot,
            sender.chat_id,
            sender.user_id,
            BEGIN,
            "",
            language,
            sender.update_id,
            callback_id=query.id,
            tapped=query.message.message_id if query.message else None,
        )

    async def run_due_sessions(self, bot: Bot) -> None:
        """One pass of the schedule: every quiz or case study whose next step is due moves on.

        A group busy in this process right now — sending its poll, which Telegram may
        hold back for up to a minute once the group's messages are spent — is left to
        the next pass rather than waited for, so the other groups move on time; so do
        they when one group's step fails. That group, the oldest due, came first on
        every pass, and its failure held every other group's session back."""
        failed: Exception | None = None
        for chat_id in await self.classroom.due():
            if self.locks.busy(chat_id):
                continue
            try:
                async with self.locks.hold(chat_id):
                    await self.classroom.advance(bot, chat_id)
            except Exception as exc:  # one group's failure must not hold the others back
                failed = failed or exc
        if failed is not None:
            raise failed  # logged by the error handler, as a job's failure
