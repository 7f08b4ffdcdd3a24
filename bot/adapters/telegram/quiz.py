"""Quiz sessions in Telegram groups: native quiz polls, explanations and leaderboards.

`/quiz` (admins) starts a session; every question is a non-anonymous quiz
poll with `open_period`, its options shuffled for that poll, and its short
explanation in the poll itself. When the poll closes one message follows —
the answer, the longer explanation and the leaders (the final board after
the last question) — then the next question: two messages per question, well
within a group's 20 a minute. The schedule lives in the database (`due_at`),
so after a restart a running quiz continues on time. Nothing here asks anyone
about their own health: it only teaches.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from telegram import Bot

from bot.adapters.telegram import texts
from bot.adapters.telegram.poll_host import PollHost
from bot.adapters.telegram.posting import GroupPosts
from bot.core import group_polls, quiz
from bot.core.render import escape
from bot.core.teaching import QuizBank, QuizQuestion
from bot.i18n import Catalogs
from bot.storage.teaching import TeachingStore

MEDALS = ("🥇", "🥈", "🥉")


class QuizHost(PollHost):
    def __init__(
        self,
        bank: Callable[[], QuizBank],
        store: TeachingStore,
        catalogs: Catalogs,
        posts: GroupPosts,
        clock: Callable[[], float],
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(posts, clock)
        self.bank = bank
        self.store = store
        self.catalogs = catalogs
        self.rng = rng or random.Random()

    # -- commands ------------------------------------------------------------------

    async def start(
        self, bot: Bot, chat_id: int, user_id: int, argument: str, language: str, turn: int
    ) -> bool:
        """`/quiz [topic] [count] [seconds]`; the classroom checked that nothing runs.

        False if `argument` was not understood: the usage was shown instead."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        bank = self.bank()
        try:
            request = quiz.parse_request(argument, bank)
        except quiz.QuizRequestError:
            topics = "\n".join(f"• {t.id}: {_(t.title)}" for t in bank.topics)
            await self.post(bot, chat_id, None, turn, escape(f"{_(texts.QUIZ_USAGE)}\n{topics}"))
            return False
        questions = quiz.pick_questions(bank, request, self.rng)
        session = quiz.QuizSession(chat_id, language, questions, request.seconds, user_id)
        session.turn_base = group_polls.session_turns(turn)
        started = texts.quiz_started(translations.ngettext, len(questions), request.seconds)
        note = texts.vote_length(translations.ngettext, request.asked_seconds, request.seconds)
        await self.post(bot, chat_id, None, turn, escape(" ".join(filter(None, [started, note]))))
        await self._ask(bot, session)
        return True

    async def command(self, bot: Bot, chat_id: int, name: str, turn: int) -> None:
        """/next, /pause, /stop or /score for the running quiz."""
        session = await self.store.load_quiz(chat_id)
        if session is None:
            return
        _ = self.catalogs.translations(session.language).gettext
        if name == "score":
            board = await self._board(session, final=False, upto=session.closed_through)
            await self.post(bot, chat_id, None, turn, board)
        elif name == "next":
            if session.phase is quiz.Phase.ASKING:
                await self._close(bot, session, turn, pause_after=False)
            if session.phase is not quiz.Phase.FINISHED:
                await self._ask_next(bot, session)
        elif name == "pause":
            await self._toggle_pause(bot, session, turn)
        elif name == "stop":
            if session.phase is quiz.Phase.ASKING:
                await self.stop_poll(bot, chat_id, session.poll_message_id, session.closes_at)
            board = await self._board(session, final=True)
            await self.post(bot, chat_id, None, turn, escape(_(texts.QUIZ_STOPPED)), board)
            await self.store.end(chat_id)

    async def _toggle_pause(self, bot: Bot, session: quiz.QuizSession, turn: int) -> None:
        _ = self.catalogs.translations(session.language).gettext
        if session.phase is quiz.Phase.PAUSED:
            session.phase = quiz.Phase.BREAK
            session.due_at = self.clock()
            said = texts.QUIZ_RESUMED
        elif session.paused_phase is not None:  # a second /pause before the question closed
            session.paused_phase = None
            said = texts.QUIZ_RESUMED
        else:
            session.paused_phase = session.phase  # asking: pause once this question closes
            if session.phase is quiz.Phase.BREAK:
                session.phase, session.due_at = quiz.Phase.PAUSED, None
            said = texts.QUIZ_PAUSED
        await self.store.save_quiz(session)
        await self.post(bot, session.chat_id, None, turn, escape(_(said)))

    # -- the schedule ----------------------------------------------------------------

    async def advance(self, bot: Bot, chat_id: int) -> None:
        """Move a session whose time is up; the caller holds the chat's lock."""
        session = await self.store.load_quiz(chat_id)
        if session is None or session.due_at is None or session.due_at > self.clock():
            return
        if session.phase is quiz.Phase.ASKING:
            await self._close(bot, session, None, pause_after=session.paused_phase is not None)
        else:
            await self._ask_next(bot, session)

    async def _ask_next(self, bot: Bot, session: quiz.QuizSession) -> None:
        if session.last:  # a session saved by an older version, in the break after the last
            board = await self._board(session, final=True)
            await self.post(bot, session.chat_id, session, None, board)
            await self.store.end(session.chat_id)
            return
        session.index += 1
        session.paused_phase = None
        await self._ask(bot, session)

    async def _ask(self, bot: Bot, session: quiz.QuizSession) -> None:
        question = self._question(session)
        _ = self.catalogs.translations(session.language).gettext
        shown = group_polls.shuffled([o.id for o in question.options], self.rng)
        labels = {o.id: _(o.text) for o in question.options}
        correct = list(quiz.correct_indexes(question, shown))
        extra: dict[str, Any] = {"correct_option_ids": correct}
        if len(correct) > 1:
            extra["allows_multiple_answers"] = True
        number = f"{session.index + 1}/{len(session.questions)}"
        sent = await self.send_poll(
            bot,
            session.chat_id,
            f"{number} {_(question.question)}",
            [labels[option] for option in shown],
            session.seconds,
            type="quiz",
            explanation=_(question.explanation),
            **extra,
        )
        del session.shown[session.index :]
        session.shown.append(shown)
        session.phase = quiz.Phase.ASKING
        session.opened_at, session.closes_at = sent.window.opened_at, sent.window.closes_at
        session.due_at = sent.window.counted_at
        session.poll_id, session.poll_message_id = sent.poll_id, sent.message_id
        await self.store.add_poll(sent.poll_id, session.chat_id, session.index, sent.window)
        await self.store.save_quiz(session)

    async def _close(
        self, bot: Bot, session: quiz.QuizSession, turn: int | None, pause_after: bool
    ) -> None:
        """The question's one message: its answer and explanation, and the leaders — the
        final board, ending the quiz, after the last question."""
        await self.stop_poll(bot, session.chat_id, session.poll_message_id, session.closes_at)
        question = self._question(session)
        _ = self.catalogs.translations(session.language).gettext
        right = ", ".join(_(o.text) for o in question.options if o.id in question.correct)
        details = (
            f"<b>{escape(_(texts.QUIZ_ANSWER))}:</b> {escape(right)}\n\n"
            f"{escape(_(question.details))}"
        )
        board = await self._board(session, final=session.last, upto=session.index)
        await self.post(bot, session.chat_id, session, turn, f"{details}\n\n{board}")
        if session.last:
            session.phase, session.due_at = quiz.Phase.FINISHED, None
            await self.store.end(session.chat_id)
            return
        session.phase = quiz.Phase.PAUSED if pause_after else quiz.Phase.BREAK
        session.due_at = None if pause_after else self.clock() + quiz.BREAK_SECONDS
        await self.store.save_quiz(session)

    # -- words ---------------------------------------------------------------------

    def _question(self, session: quiz.QuizSession) -> QuizQuestion:
        bank = self.bank()
        return next(q for q in bank.questions if q.id == session.question_id)

    async def _board(self, session: quiz.QuizSession, final: bool, upto: int | None = None) -> str:
        """The leaders (everyone, when `final`), as Telegram HTML; a place without a
        correct answer gets no medal."""
        translations = self.catalogs.translations(session.language)
        _ = translations.gettext
        answers = await self.store.answers(session.chat_id)
        names = await self.store.players(session.chat_id)
        ranked = quiz.standings(self.bank(), session, answers, names, upto)
        heading = _(texts.QUIZ_FINAL) if final else _(texts.QUIZ_TOP)
        shown = ranked if final else ranked[: quiz.LEADERBOARD_SIZE]
        lines = [f"<b>{escape(heading)}</b>"]
        if not shown:
            lines.append(escape(_(texts.QUIZ_NOBODY)))
        for place, standing in enumerate(shown, start=1):
            medal = MEDALS[place - 1] if place <= len(MEDALS) and standing.correct else f"{place}."
            score = texts.quiz_score(translations.ngettext, standing.correct)
            lines.append(f"{medal} {escape(standing.name)} — {escape(score)}")
        if final:
            lines += ["", escape(_(texts.QUIZ_THANKS))]
        return "\n".join(lines)
