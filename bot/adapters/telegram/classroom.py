"""A group's teaching sessions: one quiz or case study at a time, for its admins to run.

The classroom decides who may do what (admins start, skip, pause and stop;
anyone may ask for the score), then hands the command to the one session
host, which runs quizzes and case studies alike: one schedule and one vote
path serve both.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import Bot
from telegram.error import ChatMigrated, Forbidden

from bot.adapters.telegram import texts
from bot.adapters.telegram.admins import is_group_admin
from bot.adapters.telegram.case_study import CaseLesson
from bot.adapters.telegram.delivery import answer_tap, take_buttons_away
from bot.adapters.telegram.group_sessions import Lesson, SessionHost, held
from bot.adapters.telegram.posting import GroupPosts
from bot.adapters.telegram.quiz import QuizLesson
from bot.assistant import Content
from bot.core import quiz
from bot.core.group_session import MAIN, Kind, Place
from bot.core.render import escape
from bot.core.teacher_quiz import as_code
from bot.core.teaching import QuizBank
from bot.i18n import Catalogs
from bot.metrics import Metrics
from bot.storage.teacher_quizzes import TeacherQuizStore
from bot.storage.teaching import TeachingStore, saving

log = logging.getLogger(__name__)

#: Commands only a group's admins may give.
FACILITATOR_COMMANDS = frozenset({"quiz", "case", "next", "pause", "stop", "begin"})
#: How long after a start the schedule waits before it closes any poll, so that votes
#: Telegram delivers again (cast while the bot was down) are counted first.
REDELIVERY_SECONDS = 3.0
#: The commands that start a session, and the kind they start.
STARTS: dict[str, Kind] = {"quiz": Kind.QUIZ, "case": Kind.CASE}


class Classroom:
    def __init__(
        self,
        content: Callable[[], Content],
        store: TeachingStore,
        catalogs: Catalogs,
        posts: GroupPosts,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
    ) -> None:
        self.content = content
        self.store = store
        self.posts = posts
        self.catalogs = catalogs
        #: Replaceable in tests; the host reads it through `now`.
        self.clock = clock
        self.metrics = metrics or Metrics()
        #: Teachers' own quizzes, run by `/quiz CODE`.
        self.own_quizzes = TeacherQuizStore(store.sql)
        #: When the schedule may first move a session (see `started`).
        self._schedule_from = 0.0
        self.quizzes = QuizLesson(self._bank, catalogs)
        lessons: list[Lesson] = [self.quizzes, CaseLesson(content, catalogs)]
        self.host = SessionHost(lessons, store, catalogs, posts, self.now, self.own_quizzes)

    def now(self) -> float:
        return self.clock()

    async def session_language(self, chat_id: int) -> str | None:
        """The language of the session running in the group, if one runs."""
        session = await self.store.load(chat_id)
        return session.language if session is not None else None

    def _bank(self) -> QuizBank:
        bank = self.content().quiz
        if bank is None:
            raise RuntimeError("no quiz questions: dialogs/quiz.yml is missing")
        return bank

    def offers(self, kind: Kind) -> bool:
        """Whether the loaded content has what `/quiz` or `/case` needs."""
        content = self.content()
        return (content.quiz if kind is Kind.QUIZ else content.cases) is not None

    async def command(
        self,
        bot: Bot,
        chat_id: int,
        user_id: int,
        name: str,
        argument: str,
        language: str,
        update_id: int,
        callback_id: str | None = None,
        place: Place = MAIN,
        tapped: int | None = None,
    ) -> None:
        """A group command (update `update_id`), or a tap on a session's button
        (`callback_id`: refusals are its toast) under message `tapped`, a lobby: an
        admin's tap starts the session, or finds it started or ended, and the lobby's
        Start goes (it stayed beside the running polls and after /stop, answering
        every tap with a notice); a student's tap leaves it for the admin. Answers
        go to the forum topic the command was given in (`place`), a session's posts to
        the topic it was started in.

        Once per update: what a command changes is committed with its update id
        (`SessionHost`), so one Telegram delivers again — the bot crashed before
        confirming it — is recognised here and does nothing, not even its Bot API
        calls (a poll stopped, a poll sent)."""
        _ = self.catalogs.translations(language).gettext
        toast: str | None = None
        done_with: int | None = None  # the tapped lobby, once an admin tapped it

        async def say(text: str) -> None:
            nonlocal toast
            if callback_id is not None:
                toast = _(text)
            else:
                await self.posts.post(bot, chat_id, update_id, [escape(_(text))], place=place)

        try:
            if await self.posts.applied(chat_id, update_id):
                return
            if name in FACILITATOR_COMMANDS and not await is_group_admin(bot, chat_id, user_id):
                await say(texts.TEACHING_ADMINS_ONLY)
                return
            done_with = tapped
            running = await self.store.kind(chat_id)
            starts = STARTS.get(name)
            if starts is not None:
                if running is not None:
                    await say(texts.SESSION_ALREADY_RUNNING)
                elif not self.offers(starts):
                    await say(texts.GROUP_HELP)
                elif (
                    starts is Kind.QUIZ
                    and await self._start_own(
                        bot, chat_id, user_id, argument, language, update_id, place
                    )
                ) or await self.host.start(
                    bot, starts, chat_id, user_id, argument, language, update_id, place
                ):
                    self.metrics.group_sessions.labels(starts.value).inc()
            elif running is None:
                await say(texts.NOTHING_RUNNING)
            elif not await self.host.command(bot, chat_id, name, update_id, place):
                await say(texts.SESSION_STARTED)
        except ChatMigrated as exc:
            await self.store.migrate_chat(chat_id, exc.new_chat_id)
        except Forbidden:
            await self.removed(bot, chat_id)
        finally:
            if callback_id is not None:
                await answer_tap(bot, callback_id, toast)
            if done_with is not None:
                await take_buttons_away(bot, chat_id, done_with)

    async def _start_own(
        self,
        bot: Bot,
        chat_id: int,
        user_id: int,
        argument: str,
        language: str,
        turn: int,
        place: Place = MAIN,
    ) -> bool:
        """`/quiz CODE …` (a teacher's own quiz), or `/quiz again` after one: started, or
        said why not. False when `argument` names no teacher's quiz (a topic, a number)."""
        words = argument.split()
        first = words[0].lower() if words else ""
        bank = self.content().quiz
        if not first or (bank is not None and first in {t.id for t in bank.topics}):
            return False
        rest = " ".join(words[1:])
        if first == quiz.AGAIN:
            last = await self.store.last(chat_id, Kind.QUIZ)
            if last is None or not last.quiz_code:
                return False
            code, rest = last.quiz_code, f"{len(last.questions)} {last.seconds}"
        else:
            found = as_code(first)
            if found is None:
                return False
            code = found
        _ = self.catalogs.translations(language).gettext
        own = await self.own_quizzes.get(code)
        if own is None:
            unknown = _(texts.OWN_QUIZ_UNKNOWN) % {"code": code}
            await self.posts.post(bot, chat_id, turn, [escape(unknown)], place=place)
            return True
        begun = self.quizzes.begin_own(chat_id, user_id, own, rest, language)
        if isinstance(begun, str):
            await self.posts.post(bot, chat_id, turn, [begun], place=place)
            return True
        await self.own_quizzes.used(code)
        await self.host.open(bot, *begun, turn, place)
        return True

    async def replied_to_poll(
        self, bot: Bot, chat_id: int, replied_to: int, update_id: int
    ) -> None:
        """A member answered the group's message `replied_to` with a Reply. Students
        replied "2" or "B" to a quiz's poll, were answered nothing and scored nothing: a
        Reply to the open poll tells the class, once a round (`GroupSession.tell_to_tap`),
        that only a tap in the poll counts. Any other Reply is not the bot's to answer."""
        session = await self.store.load(chat_id)
        if session is None or not session.tell_to_tap(replied_to):
            return
        _ = self.catalogs.translations(session.language).gettext
        notice = [escape(_(texts.REPLY_IS_NO_VOTE))]
        try:
            await self.posts.post(
                bot, chat_id, update_id, notice, writes=saving(session), place=session.place
            )
        except ChatMigrated as exc:
            await self.store.migrate_chat(chat_id, exc.new_chat_id)

    async def vote(self, poll_id: str, user_id: int, name: str, options: list[int]) -> None:
        """A member's vote (or changed or retracted vote). Telegram delivers only votes
        cast while the poll was open.

        A vote for a poll the bot does not know — an ended session's, or the first copy
        of a poll sent again after its send was cut short (`SessionHost._send_again`) —
        is not counted: the class was told which poll counts."""
        counted = await self.store.record_answer(poll_id, user_id, name, options, self.clock())
        if not counted:
            log.info("a vote in a poll of no running session was not counted")

    async def due(self) -> list[int]:
        """The groups whose session has a step due — none in the first seconds after a
        start: the votes Telegram kept while the bot was down come in first, and count."""
        now = self.clock()
        if now < self._schedule_from:
            return []
        return await self.store.due(now)

    def started(self) -> None:
        """The process starts: the schedule waits `REDELIVERY_SECONDS` from now."""
        self._schedule_from = self.clock() + REDELIVERY_SECONDS

    async def advance(self, bot: Bot, chat_id: int) -> None:
        """Move a session whose time is up; the caller holds the chat's lock."""
        try:
            await self.host.advance(bot, chat_id)
        except ChatMigrated as exc:
            await self.store.migrate_chat(chat_id, exc.new_chat_id)
        except Forbidden:
            await self.removed(bot, chat_id)

    async def migrated(self, old: int, new: int) -> None:
        await self.store.migrate_chat(old, new)

    async def may_post_again(self, bot: Bot, chat_id: int) -> None:
        """The bot may send polls in the group again (Telegram's my_chat_member): a session
        waiting since its poll was refused goes on at once. Restricted mid-quiz, the bot's
        notice that the session waits for /next was refused too, and made an admin again
        it waited, in silence, for a /next nobody knew to send."""
        self.host.may_post_again(chat_id)
        session = await self.store.load(chat_id)
        if session is None or not held(session):
            return
        log.info("the bot may send polls in a group again; its waiting session goes on")
        session.due_at = self.clock()
        await self.store.save(session)
        await self.advance(bot, chat_id)

    async def removed(self, bot: Bot, chat_id: int, title: str | None = None) -> None:
        """The bot left or was removed from the group (named `title`, if known): its
        session ends, and whoever started it is told (`SessionHost.removed`)."""
        await self.host.removed(bot, chat_id, title)
