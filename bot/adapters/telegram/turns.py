"""One turn: a person's update committed with its replies, then the replies delivered.

    snapshot (has this update been applied? the conversation, the language)
    → permitted (a reload by an admin only, a group setting by the group's admins)
    → decide (`actions.py`: engine event or adapter action → Bot API calls)
    → commit (state + update_id + calls in one transaction; decided again if the
      database changed under it)
    → answer the button tap → deliver the calls (`delivery.py`), oldest waiting first

Exactly once: a redelivered update finds itself applied and changes nothing.
Every storage call of a person's turn is in this module: the turn, the outbox
(delivered, waiting, a user who blocked the bot: a finished consultation's replies
held for a day, sent first when they write again) and the retention purge. The
flows beside the consultation keep their own: a group's posts
(`posting.GroupPosts`), its sessions and votes (`bot/storage/teaching.py`),
teachers' quizzes and homework (`private_replies.PrivateReplies`,
`bot/storage/teacher_quizzes.py`), and the threads of comments under a
channel's posts (`incoming.learn_comment_thread`); all of them send through
`Turns.deliver`. The caller holds the chat's lock (`ordering.py`) for a turn
and for a delivery.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

import orjson
from telegram import Bot

from bot.adapters.telegram import layout, texts
from bot.adapters.telegram.actions import Actions, Decision
from bot.adapters.telegram.admins import is_group_admin
from bot.adapters.telegram.delivery import Delivery, Result, answer_tap
from bot.adapters.telegram.incoming import FORGET_BUTTONS, Action, Incoming
from bot.adapters.telegram.keyboards import AnsweredPrompts, QuestionKeyboards, asks
from bot.adapters.telegram.ordering import ChatLocks
from bot.adapters.telegram.quiz import isolated
from bot.adapters.telegram.reload import Reloading
from bot.adapters.telegram.split_messages import SplitMessages
from bot.core import events
from bot.core.conversation import Conversation
from bot.core.render import escape
from bot.i18n import Catalogs
from bot.metrics import Metrics
from bot.storage import sql
from bot.storage.base import (
    ConversationKey,
    Pending,
    Purged,
    Snapshot,
    SnapshotOutdated,
    Storage,
    TurnRecord,
    pending_calls,
)
from bot.storage.sql import Row

log = logging.getLogger(__name__)

#: How often one update is decided again because the database changed under it
#: (see `SnapshotOutdated`) before it is given up as an error: each time somebody
#: else must have written between its read and the next batch.
DECISIONS_PER_UPDATE = 5
#: Actions that change what a whole group sees: only its admins may take them.
GROUP_SETTINGS = frozenset({Action.LANGUAGE_ASK, Action.LANGUAGE_SET})
#: In place of a name on a board waiting to be posted, once its owner used /forget.
FORGOTTEN_NAME = "…"
#: Answers to a prompt that is answered once (`keyboards.AnsweredPrompts`).
ONE_SHOT = frozenset(FORGET_BUTTONS.values())
#: The same words again this soon after (Telegram dates messages in whole seconds) are
#: Send tapped twice: nobody reads the question the first brought up and answers it in
#: the same words within a second.
DOUBLE_SEND_SECONDS = 1


class DoubleSends:
    """Each private chat's last words read, to tell Send tapped twice (or a message the
    app sent twice on a bad connection) from an answer to the next question.

    Answered as typed, the second "No" answered the question the first brought up,
    before it could be read ("Other nerve symptoms: None of these", never asked).
    Kept in memory, the words as a hash only (no message text is kept): a double tap
    arrives within a second. With several processes, the conversation's step tells
    whether anything was handled in between elsewhere.
    """

    def __init__(self, size: int = 10_000) -> None:
        self._last: OrderedDict[int, tuple[int, int, float, int | None]] = OrderedDict()
        self._size = size

    def again(self, incoming: Incoming, step: int | None) -> bool:
        """Whether `incoming` repeats the chat's last words, just sent, with the
        conversation at `step` still where those words left it."""
        last = self._last.get(incoming.chat_id)
        if last is None or not isinstance(incoming.event, events.Typed):
            return False
        update_id, words, sent_at, after = last
        return (
            incoming.sent_at is not None
            and update_id != incoming.update_id
            and words == hash(incoming.event.text.strip())
            and 0 <= incoming.sent_at - sent_at <= DOUBLE_SEND_SECONDS
            and after == step
        )

    def read(self, incoming: Incoming, before: int | None, step: int | None) -> None:
        """`incoming` was handled, taking the conversation from step `before` to `step`.
        Words that moved nothing ("Sorry, I did not understand") are answered again when
        repeated: the bot never goes silent on them."""
        self._last.pop(incoming.chat_id, None)
        if not isinstance(incoming.event, events.Typed) or incoming.sent_at is None:
            return
        if before == step:
            return
        words = hash(incoming.event.text.strip())
        self._last[incoming.chat_id] = (incoming.update_id, words, incoming.sent_at, step)
        while len(self._last) > self._size:
            self._last.popitem(last=False)


class UnclearWords:
    """Each private chat whose last reply was "Sorry, I did not understand" and the open
    question again, to answer a burst of such words once.

    A patient who pasted 30 lines in 10 seconds at one question got 30 "Sorry, I did
    not understand" replies, each with the question again, paced over a minute. Words
    the bot cannot use, sent before the question asked again after such words was shown
    (Telegram's dates), are answered by that reply: the person had not seen it yet.
    Words sent after it get their own. Only words that change nothing are held back: a
    danger sign, or an answer, in any of them changes the conversation and is answered.
    In memory (a restart answers each again).
    """

    def __init__(self, size: int = 10_000) -> None:
        self._steps: OrderedDict[int, int] = OrderedDict()
        self._size = size

    def answered_by_last_reply(
        self, keyboards: QuestionKeyboards, incoming: Incoming, step: int | None
    ) -> bool:
        """Whether `incoming`, not understood at `step`, was sent before the chat's last
        reply to words not understood at that step was shown."""
        return (
            step is not None
            and self._steps.get(incoming.chat_id) == step
            and keyboards.sent_before_shown_again(incoming.chat_id, step, incoming.sent_at)
        )

    def read(self, chat_id: int, step: int | None, not_understood: bool) -> None:
        """A turn in the chat was committed: one not understood at `step`, or another."""
        self._steps.pop(chat_id, None)
        if not_understood and step is not None:
            self._steps[chat_id] = step
            while len(self._steps) > self._size:
                self._steps.popitem(last=False)


class Turns:
    def __init__(
        self,
        storage: Storage,
        actions: Actions,
        delivery: Delivery,
        locks: ChatLocks,
        catalogs: Catalogs,
        metrics: Metrics,
        reloading: Reloading | None = None,
    ) -> None:
        self.storage = storage
        self.actions = actions
        self.delivery = delivery
        self.locks = locks
        self.catalogs = catalogs
        self.metrics = metrics
        #: None: this process cannot reload its dialogs (`/reload` is an unknown command).
        self.reloading = reloading
        #: Chats whose older replies are still waiting: they go out before anything new.
        self.backlog: set[int] = set()
        #: /forget's prompts answered already: a second tap on one is told so.
        self.prompts = AnsweredPrompts()
        #: Each chat's last words, to answer Send tapped twice once.
        self.double_sends = DoubleSends()
        #: Each chat's last reply to words not understood, to answer a burst of them once.
        self.unclear = UnclearWords()
        #: Each chat's last long message, whose later parts the app sends at once.
        self.split = SplitMessages()
        #: The language of the quiz or case study running in a group, if any (the
        #: classroom's `session_language`): the group's while none was chosen.
        self.session_language: Callable[[int], Awaitable[str | None]] | None = None
        metrics.chats_waiting.set_function(lambda: len(self.backlog))

    async def take(self, bot: Bot, incoming: Incoming) -> None:
        """Handle `incoming` exactly once; the caller holds its chat's lock."""
        key = ConversationKey(incoming.chat_id, incoming.user_id)
        snapshot = await self.storage.snapshot(incoming.update_id, key)
        language = await self._language(incoming, snapshot)
        if snapshot.applied:  # delivered again after a restart: already handled
            await self._handled_before(bot, incoming)
            return
        incoming = await self.permitted(bot, incoming)
        if incoming.private and self.double_sends.again(incoming, _step(snapshot.conversation)):
            log.info("update %s repeats the words just read; answered once", incoming.update_id)
            incoming = replace(incoming, event=None, action=Action.DOUBLE_SENT)
        if incoming.private and self._sent_before_asked(incoming, snapshot.conversation):
            log.info("update %s was sent before the open question; read only", incoming.update_id)
            assert isinstance(incoming.event, events.Typed)
            read_only = replace(incoming.event, edited=True)
            incoming = replace(incoming, event=read_only, before_question=True)
        one_shot = incoming.action in ONE_SHOT
        if one_shot and self.prompts.answered(incoming.chat_id, incoming.message_id):
            incoming = replace(incoming, action=Action.ANSWERED)
        language_tap = incoming.action is Action.LANGUAGE_SET
        if incoming.action is Action.RELOAD and self.reloading is not None:
            incoming = replace(
                incoming, reload_report=await self.reloading.reload_for_admin(language)
            )
        for _attempt in range(DECISIONS_PER_UPDATE):
            saved = snapshot.language if incoming.private else snapshot.chat_language
            decision = self.actions.decide(
                incoming,
                snapshot.conversation,
                language,
                bot.username,
                saved,
                keyboard_answered=language_tap and self._keyboard_answered(incoming, snapshot),
            )
            self._replied_to_earlier(incoming, snapshot, decision, language)
            if decision.not_understood and self.unclear.answered_by_last_reply(
                self.delivery.keyboards, incoming, _step(snapshot.conversation)
            ):
                log.info(
                    "update %s not understood, as the words before it; answered once",
                    incoming.update_id,
                )
                decision.calls = []
            if incoming.private:  # a topic of the private chat (a group's: `actions.py`)
                decision.calls = layout.in_place(decision.calls, incoming.place)
            decision.calls.extend(
                self.delivery.keyboards.superseded(
                    incoming.chat_id,
                    decision.calls,
                    incoming.message_id,
                    _ends(decision),
                    repeated=self._asks_again_unread(incoming, snapshot, decision),
                )
            )
            record = _record(incoming, snapshot, decision)
            if decision.forget:
                record.writes += await self._unnamed_waiting_posts(incoming.user_id)
            try:
                committed = await self.storage.commit(record)
                break
            except SnapshotOutdated:  # somebody else wrote meanwhile: decide it anew
                self.metrics.turns_decided_again.inc()
                snapshot = await self.storage.snapshot(incoming.update_id, key)
                language = await self._language(incoming, snapshot)
                if snapshot.applied:  # ... by another process handling this very update
                    await self._handled_before(bot, incoming)
                    return
        else:
            raise RuntimeError("the stored state kept changing under this update")
        if committed and decision.conversation is not None:
            self._count_progress(snapshot.conversation, decision.conversation)
        if committed and incoming.private:
            before = _step(snapshot.conversation)
            after = _step(decision.conversation or snapshot.conversation)
            self.double_sends.read(incoming, before, after)
            self.unclear.read(incoming.chat_id, before, decision.not_understood)
            self.split.read(incoming)
        if committed and (one_shot or language_tap):
            self.prompts.answer(incoming.chat_id, incoming.message_id)
        await answer_tap(bot, incoming.callback_id, decision.toast)
        if committed and record.reactivate:  # back after blocking the bot: what was held
            await self.deliver_waiting(bot, incoming.chat_id)  # for them goes first
        elif committed:
            items = pending_calls(record.update_id, incoming.chat_id, record.calls)
            await self.deliver(bot, incoming.chat_id, items)

    async def _unnamed_waiting_posts(self, user_id: int) -> list[tuple[str, Row]]:
        """Posts waiting in the outbox of groups where `user_id` is on the board (a
        round's leaders held back by flood control or the network), rewritten without
        their name: written with /forget's turn, they went out after it naming them."""
        writes: list[tuple[str, Row]] = []
        for chat_id, name in await self.storage.names_in_groups(user_id):
            shown = f" {escape(isolated(name))} — "
            for item in await self.storage.pending(chat_id):
                text = item.call["params"].get("text")
                if isinstance(text, str) and shown in text:
                    unnamed = text.replace(shown, f" {FORGOTTEN_NAME} — ")
                    call = {**item.call, "params": {**item.call["params"], "text": unnamed}}
                    row = (orjson.dumps(call).decode(), item.update_id, item.seq)
                    writes.append((sql.REWRITE_PENDING, row))
        return writes

    def _keyboard_answered(self, incoming: Incoming, snapshot: Snapshot) -> bool:
        """Whether the tapped keyboard (/language's) was answered before here, or the open
        question was shown after it (a tap on it answered on another process, or before a
        restart): the question is on screen below it already."""
        message, shown = incoming.message_id, snapshot.question_message_id
        if self.prompts.answered(incoming.chat_id, message):
            return True
        return message is not None and shown is not None and shown > message

    def _sent_before_asked(self, incoming: Incoming, conversation: Conversation | None) -> bool:
        """The person's own words, typed before the open question was shown: they were
        meant for the question before it, answered meanwhile. Not the rest of a long
        message the app cut in parts (`split_messages.py`): the same story goes on."""
        return (
            isinstance(incoming.event, events.Typed)
            and not incoming.event.edited
            and not self.split.continues(incoming)
            and conversation is not None
            and not conversation.finished
            and self.delivery.keyboards.sent_before_asked(
                incoming.chat_id, conversation.step, incoming.sent_at
            )
        )

    def _asks_again_unread(
        self, incoming: Incoming, snapshot: Snapshot, decision: Decision
    ) -> bool:
        """Whether this turn, the rest of a long message the app cut in parts, asks the
        question its first part was answered with again: the story was read as one, but
        the chat showed the whole question twice, one copy under the other."""
        before, after = snapshot.conversation, decision.conversation
        return (
            incoming.private
            and self.split.continues(incoming)
            and before is not None
            and after is not None
            and not after.finished
            and before.state == after.state
        )

    def _replied_to_earlier(
        self,
        incoming: Incoming,
        snapshot: Snapshot,
        decision: Decision,
        language: str,
    ) -> None:
        """Words sent with Telegram's Reply on an earlier question: said first, that they
        went to the newest question. A "no" replied to the safety check while a later
        question was open answered that question "No" without a word, the chat moving on
        as if meant; words that fit no answer there got only "Sorry, I did not understand
        that", as if unreadable. After a restart too (the open question's message is kept
        with the conversation). Not when the words told a danger sign: "I took this as your
        answer" above the emergency advice was untrue and pointed to /back."""
        replied = incoming.replied_to
        before, after = snapshot.conversation, decision.conversation
        if (
            replied is None
            or before is None
            or before.finished
            or not self.delivery.keyboards.earlier(
                incoming.chat_id, replied, snapshot.question_message_id
            )
        ):
            return
        if decision.not_understood:
            note = texts.REPLIED_TO_EARLIER_NOT_UNDERSTOOD
        elif (
            after is None
            or after.step == before.step
            or after.dangers.keys() - before.dangers.keys()
        ):
            return
        else:
            note = texts.REPLIED_TO_EARLIER
        said = self.catalogs.translations(language).gettext(note)
        decision.calls[:0] = layout.send(incoming.chat_id, escape(said))

    async def _handled_before(self, bot: Bot, incoming: Incoming) -> None:
        """An update applied before: answer its tap, and send what of the chat still waits."""
        await answer_tap(bot, incoming.callback_id)
        if incoming.chat_id in self.backlog:
            await self.deliver_waiting(bot, incoming.chat_id)

    async def permitted(self, bot: Bot, incoming: Incoming) -> Incoming:
        """`incoming`, or what the bot does instead when it is not this user's to ask:
        a reload by anyone but an admin, a group setting by anyone but the group's.
        Asks Telegram who a group's admins are; changes nothing."""
        if incoming.action is Action.RELOAD and (
            self.reloading is None or not self.reloading.may_reload(incoming.user_id)
        ):
            return replace(incoming, action=Action.UNKNOWN_COMMAND)
        if (
            not incoming.private
            and incoming.action in GROUP_SETTINGS
            and not await is_group_admin(bot, incoming.chat_id, incoming.user_id)
        ):
            return replace(incoming, action=Action.ADMINS_ONLY)
        return incoming

    async def chat_language(self, incoming: Incoming) -> str:
        """The language a group's admins chose for it, else the sender's app language."""
        key = ConversationKey(incoming.chat_id, incoming.user_id)
        snapshot = await self.storage.snapshot(incoming.update_id, key)
        return await self._language(incoming, snapshot)

    async def _language(self, incoming: Incoming, snapshot: Snapshot) -> str:
        """The language chosen for the user (private) or the group — in a group with none
        chosen, that of the quiz or case study running there — else their app's.

        A member whose app is in English was answered in English in the middle of a
        Russian teacher's quiz, in front of the class."""
        chosen = snapshot.language if incoming.private else snapshot.chat_language
        if chosen is None and not incoming.private and self.session_language is not None:
            chosen = await self.session_language(incoming.chat_id)
        return chosen or self.catalogs.resolve(incoming.language_code)

    def _count_progress(self, before: Conversation | None, after: Conversation) -> None:
        """Consultations started and finished, and the urgency of the advice given."""
        if after.finished and (before is None or not before.finished):
            self.metrics.conversations_finished.inc()
            if after.assessment is not None:
                self.metrics.outcomes.labels(after.assessment.urgency.key).inc()
        elif not after.finished and (before is None or before.finished):
            self.metrics.conversations_started.inc()

    # -- the outbox ----------------------------------------------------------------

    async def deliver(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> bool:
        """Send a committed turn's calls in order, each recorded as delivered once Telegram
        took it; the caller holds the chat's lock (a person's turn, a group session's step).

        A chat's calls are paced about a second apart, so recording them only at
        the end would let a crash in between send the earlier ones again after a
        restart: this way only the call in flight can repeat. Older replies of the
        chat still waiting go first. Whether they all went out (not blocked, not waiting).
        """
        if chat_id in self.backlog:
            return await self.deliver_waiting(bot, chat_id)
        for item in items:
            result = await self.delivery.send(bot, chat_id, item.call)
            if result is Result.BLOCKED:
                # private chat: chat id = user id
                await self.storage.deactivate(chat_id, chat_id, await self._advice_unseen(chat_id))
                return False
            if result is Result.RETRY_LATER:
                self.backlog.add(chat_id)
                return False
            await self.storage.delivered([item])
            if chat_id > 0 and asks(item.call):
                await self._question_shown(chat_id)
        return True

    async def deliver_to(self, bot: Bot, chat_id: int, items: Sequence[Pending]) -> bool:
        """`deliver` into a chat the caller does not hold (a teacher's private chat, from
        their group's update): under that chat's lock, so its own turn's replies and these
        go out one after the other, in order."""
        async with self.locks.hold(chat_id):
            return await self.deliver(bot, chat_id, items)

    async def _advice_unseen(self, chat_id: int) -> bool:
        """Whether the replies a person who blocked the bot did not get are held for their
        return: those of a finished consultation (its advice, an emergency's too, told
        once). An open one's question is asked again when they come back ("Welcome back")."""
        if chat_id <= 0:
            return False
        conversation = await self.storage.load(ConversationKey(chat_id, chat_id))
        return conversation is not None and conversation.finished

    async def _question_shown(self, chat_id: int) -> None:
        """Keep the message now showing the private chat's open question with its
        conversation (a person's chat: its id is theirs)."""
        shown = self.delivery.keyboards.shown(chat_id)
        if shown is not None:
            await self.storage.question_shown(ConversationKey(chat_id, chat_id), shown)

    async def deliver_waiting(self, bot: Bot, chat_id: int) -> bool:
        """Send whatever of the chat's is in the outbox now; the caller holds its lock.

        Read under the lock, so replies that another process sharing the
        database sent in the meantime are not sent again.
        """
        self.backlog.discard(chat_id)
        return await self.deliver(bot, chat_id, await self.storage.pending(chat_id))

    async def redeliver_all(self, bot: Bot) -> None:
        """At start-up: send every committed reply still waiting (e.g. after a crash)."""
        for chat_id in dict.fromkeys(item.chat_id for item in await self.storage.pending()):
            async with self.locks.hold(chat_id):
                await self.deliver_waiting(bot, chat_id)

    async def redeliver_backlog(self, bot: Bot) -> None:
        """Try again the chats whose replies could not go out (network, flood control)."""
        for chat_id in list(self.backlog):
            try:
                async with self.locks.hold(chat_id):
                    if chat_id in self.backlog:
                        await self.deliver_waiting(bot, chat_id)
            except Exception:
                log.exception("retrying waiting replies failed")

    async def purge_idle(self, retention_days: int) -> Purged:
        """Delete what was left idle longer than the retention period promised in /privacy.

        One log line a run, found something or not, so that the operator sees it runs:
        counts only, never an id or a name."""
        purged = await self.storage.purge_idle(time.time() - retention_days * 86400)
        log.info(
            "retention: deleted %d idle conversation(s), %d group session(s),"
            " %d teacher quiz(zes) and %d student homework(s)",
            *purged,
        )
        return purged


def _step(conversation: Conversation | None) -> int | None:
    return None if conversation is None else conversation.step


def _ends(decision: Decision) -> bool:
    """Whether the consultation ends or is deleted with this decision: its question's
    buttons, if still shown, are taken away (`keyboards.py`)."""
    return decision.forget or bool(decision.conversation and decision.conversation.finished)


def _record(incoming: Incoming, snapshot: Snapshot, decision: Decision) -> TurnRecord:
    """The storage's view of a decision: everything it writes in the turn's transaction."""
    return TurnRecord(
        incoming.update_id,
        ConversationKey(incoming.chat_id, incoming.user_id),
        conversation=decision.conversation,
        calls=decision.calls,
        forget=decision.forget,
        language=decision.language,
        chat_language=decision.chat_language,
        reactivate=not snapshot.active and not decision.forget,
        read_at=snapshot.read_at,
    )
