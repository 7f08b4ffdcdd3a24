"""Quiz sessions in Telegram groups: native quiz polls, explanations and leaderboards.

`/quiz` (admins) starts a session; every question is a non-anonymous quiz
poll with `open_period`. When a poll's time is up the longer explanation and
the leaders follow, then the next question. The schedule lives in SQLite
(`due_at`), so after a restart a running quiz continues on time. Nothing here
asks anyone about their own health: it only teaches.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.adapters.telegram import texts
from bot.adapters.telegram.posting import post
from bot.core import quiz
from bot.core.render import escape
from bot.core.teaching import QuizBank, QuizQuestion
from bot.i18n import Catalogs
from bot.storage.teaching import TeachingStore

log = logging.getLogger(__name__)

MEDALS = ("🥇", "🥈", "🥉")


class QuizHost:
    def __init__(
        self,
        bank: Callable[[], QuizBank],
        store: TeachingStore,
        catalogs: Catalogs,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.bank = bank
        self.store = store
        self.catalogs = catalogs
        self.clock = clock

    # -- commands ------------------------------------------------------------------

    async def start(
        self, bot: Bot, chat_id: int, user_id: int, argument: str, language: str
    ) -> bool:
        """`/quiz [topic] [count] [seconds]`; the classroom checked that nothing runs.

        False if `argument` was not understood: the usage was shown instead."""
        _ = self.catalogs.translations(language).gettext
        bank = self.bank()
        try:
            request = quiz.parse_request(argument, bank)
        except quiz.QuizRequestError:
            topics = "\n".join(f"• {t.id}: {_(t.title)}" for t in bank.topics)
            await self._say(bot, chat_id, f"{_(texts.QUIZ_USAGE)}\n{topics}")
            return False
        questions = quiz.pick_questions(bank, request)
        session = quiz.QuizSession(chat_id, language, questions, request.seconds, user_id)
        ngettext = self.catalogs.translations(language).ngettext
        await self._say(bot, chat_id, texts.quiz_started(ngettext, len(questions), request.seconds))
        await self._ask(bot, session)
        return True

    async def command(self, bot: Bot, chat_id: int, name: str) -> None:
        """/next, /pause, /stop or /score for the running quiz."""
        session = await self.store.load(chat_id)
        if session is None:
            return
        if name == "score":
            await self._leaders(bot, session, final=False)
        elif name == "next":
            await self._next_now(bot, session)
        elif name == "pause":
            await self._toggle_pause(bot, session)
        elif name == "stop":
            await self._finish(bot, session, stopped=True)

    async def _toggle_pause(self, bot: Bot, session: quiz.QuizSession) -> None:
        _ = self.catalogs.translations(session.language).gettext
        if session.phase is quiz.Phase.PAUSED:
            session.phase = quiz.Phase.BREAK
            session.due_at = self.clock()
            await self.store.save(session)
            await self._say(bot, session.chat_id, _(texts.QUIZ_RESUMED))
            return
        if session.paused_phase is not None:  # a second /pause before the question closed
            session.paused_phase = None
            await self.store.save(session)
            await self._say(bot, session.chat_id, _(texts.QUIZ_RESUMED))
            return
        session.paused_phase = session.phase  # asking: pause once this question closes
        if session.phase is quiz.Phase.BREAK:
            session.phase, session.due_at = quiz.Phase.PAUSED, None
        await self.store.save(session)
        await self._say(bot, session.chat_id, _(texts.QUIZ_PAUSED))

    async def _next_now(self, bot: Bot, session: quiz.QuizSession) -> None:
        if session.phase is quiz.Phase.ASKING:
            await self._close(bot, session, pause_after=False)
        await self._ask_next(bot, session)

    # -- the schedule ----------------------------------------------------------------

    async def advance(self, bot: Bot, chat_id: int) -> None:
        """Move a session whose time is up; the caller holds the chat's lock."""
        session = await self.store.load(chat_id)
        if session is None or session.due_at is None or session.due_at > self.clock():
            return
        if session.phase is quiz.Phase.ASKING:
            await self._close(bot, session, pause_after=session.paused_phase is not None)
        else:
            await self._ask_next(bot, session)

    async def _ask_next(self, bot: Bot, session: quiz.QuizSession) -> None:
        if session.last:
            await self._finish(bot, session, stopped=False)
            return
        session.index += 1
        session.paused_phase = None
        await self._ask(bot, session)

    async def _ask(self, bot: Bot, session: quiz.QuizSession) -> None:
        question = self._question(session)
        _ = self.catalogs.translations(session.language).gettext
        correct = list(quiz.correct_indexes(question))
        number = f"{session.index + 1}/{len(session.questions)}"
        extra: dict[str, Any] = {"correct_option_ids": correct}
        if len(correct) > 1:
            extra["allows_multiple_answers"] = True
        now = self.clock()
        message = await bot.send_poll(
            session.chat_id,
            f"{number} {_(question.question)}"[:300],
            [_(o.text) for o in question.options],
            is_anonymous=False,
            type="quiz",
            explanation=_(question.explanation),
            open_period=session.seconds,
            **extra,
        )
        poll_id = message.poll.id if message.poll else f"{session.chat_id}:{session.index}"
        session.phase, session.opened_at = quiz.Phase.ASKING, now
        session.due_at = now + session.seconds
        session.poll_id, session.poll_message_id = poll_id, message.message_id
        await self.store.add_poll(poll_id, session.chat_id, session.index, now, session.due_at)
        await self.store.save(session)

    async def _close(self, bot: Bot, session: quiz.QuizSession, pause_after: bool) -> None:
        now = self.clock()
        await self.store.close_poll(session.chat_id, session.index, now)
        if session.poll_message_id is not None and session.due_at and now < session.due_at:
            try:  # closed early by /next: end the poll for everyone too
                await bot.stop_poll(session.chat_id, session.poll_message_id)
            except TelegramError as exc:
                log.info("could not stop a quiz poll: %s", type(exc).__name__)
        question = self._question(session)
        _ = self.catalogs.translations(session.language).gettext
        right = ", ".join(_(o.text) for o in question.options if o.id in question.correct)
        details = (
            f"<b>{escape(_(texts.QUIZ_ANSWER))}:</b> {escape(right)}\n\n"
            f"{escape(_(question.details))}"
        )
        await self._say(bot, session.chat_id, details, html=True)
        await self._leaders(bot, session, final=False)
        session.phase = quiz.Phase.PAUSED if pause_after else quiz.Phase.BREAK
        session.due_at = None if pause_after else now + quiz.BREAK_SECONDS
        await self.store.save(session)

    async def _finish(self, bot: Bot, session: quiz.QuizSession, stopped: bool) -> None:
        _ = self.catalogs.translations(session.language).gettext
        if session.phase is quiz.Phase.ASKING:
            await self.store.close_poll(session.chat_id, session.index, self.clock())
        if stopped:
            await self._say(bot, session.chat_id, _(texts.QUIZ_STOPPED))
        await self._leaders(bot, session, final=True)
        await self.store.end(session.chat_id)

    # -- words ---------------------------------------------------------------------

    def _question(self, session: quiz.QuizSession) -> QuizQuestion:
        bank = self.bank()
        return next(q for q in bank.questions if q.id == session.question_id)

    async def _leaders(self, bot: Bot, session: quiz.QuizSession, final: bool) -> None:
        translations = self.catalogs.translations(session.language)
        _ = translations.gettext
        answers = await self.store.answers(session.chat_id)
        names = await self.store.players(session.chat_id)
        ranked = quiz.standings(self.bank(), session, answers, names)
        heading = _(texts.QUIZ_FINAL) if final else _(texts.QUIZ_TOP)
        shown = ranked if final else ranked[: quiz.LEADERBOARD_SIZE]
        lines = [f"<b>{escape(heading)}</b>"]
        if not shown:
            lines.append(escape(_(texts.QUIZ_NOBODY)))
        for place, standing in enumerate(shown, start=1):
            medal = MEDALS[place - 1] if place <= len(MEDALS) else f"{place}."
            score = texts.quiz_score(translations.ngettext, standing.correct)
            lines.append(f"{medal} {escape(standing.name)} — {escape(score)}")
        if final:
            lines += ["", escape(_(texts.QUIZ_THANKS))]
        await self._say(bot, session.chat_id, "\n".join(lines), html=True)

    async def _say(self, bot: Bot, chat_id: int, text: str, html: bool = False) -> None:
        await post(bot, chat_id, text, html)
