"""The one host of a group's quizzes and case studies: rounds of polls on a schedule.

A session starts on an admin's command, posts its introduction with the first
poll, and then moves on the schedule and on /next, /pause, /stop and /score.
Every round is the same: a non-anonymous poll whose window is Telegram's
(from its message date to its `close_date`), its votes counted just after the
close, one message with the result, then a break, a pause or the end. What a
round asks and what its votes mean is the lesson's (`QuizLesson`,
`CaseLesson`); how it runs is here, once.

Each step — a command, or a move of the schedule — is one turn: the session's
change and the step's posts are committed together through the outbox
(`GroupPosts`), a command's under its update id, a timer step's under the
session's next post id, so a command Telegram delivers again, or a step done
again after a crash, changes and posts nothing twice. Only then does the
round's poll go out; Telegram's answer is recorded at once (see
`group_polls` for the moment in between). Nothing here asks anyone about
their own health.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.adapters.telegram import layout, spreadsheet, texts
from bot.adapters.telegram.delivery import TOPIC_GONE
from bot.adapters.telegram.posting import GroupPosts
from bot.core import group_polls
from bot.core.group_session import MAIN, GroupSession, Kind, Phase, Place
from bot.core.quiz import Answer
from bot.core.render import Button, escape
from bot.core.teaching import POLL_QUESTION_MAX
from bot.i18n import Catalogs
from bot.storage.teacher_quizzes import TeacherQuizStore
from bot.storage.teaching import TeachingStore, ending, saving

log = logging.getLogger(__name__)

#: The lobby's Start button (a group's buttons carry no step: one lobby at a time).
START_DATA = "session:begin"
#: Telegram's words when the bot may not send polls in the group (its permissions).
POLLS_FORBIDDEN = ("not enough rights", "chat_send_polls_forbidden")


def topic_gone(error: BadRequest) -> bool:
    """Whether Telegram refused a post because its forum topic is closed or deleted."""
    message = error.message.lower()
    return any(words in message for words in TOPIC_GONE)


def polls_forbidden(error: BadRequest) -> bool:
    """Whether Telegram refused a poll because the bot may not send polls in the group."""
    message = error.message.lower()
    return any(words in message for words in POLLS_FORBIDDEN)


@dataclass(frozen=True)
class RoundPoll:
    """What a round asks: its question, its options in the order shown, and what goes
    before it (Telegram HTML, in the same message as the host's own lead)."""

    question: str
    option_ids: list[str]
    labels: list[str]
    lead: list[str] = field(default_factory=list)
    #: More `sendPoll` parameters (a quiz's type, right options and explanation).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """A file for the admin who started the session, in their private chat, and a
    summary to read without opening it."""

    filename: str
    content: str
    caption: str
    summary: str = ""


@dataclass(frozen=True)
class RoundResult:
    """What a round's votes made: the message to post, and whether the session is over."""

    texts: list[str]
    finished: bool = False
    #: Post the message with the next round's poll (no break between rounds).
    with_next: bool = False
    #: The results for whoever started the session (a finished quiz).
    report: Report | None = None


@dataclass(frozen=True)
class Votes:
    """Every vote of the session so far, and the voters' names."""

    answers: list[Answer]
    names: dict[int, str]

    def of_round(self, number: int) -> list[Answer]:
        return [a for a in self.answers if a.round == number]


class Lesson(Protocol):
    """A kind of session: what its rounds ask and what their votes mean."""

    kind: Kind
    #: The pause between a round's result and the next poll.
    break_seconds: float
    #: Whether the session waits in a lobby for an admin's Start before its first poll.
    lobby: bool
    #: The msgids the session says on /stop, /pause and when it goes on.
    stopped: str
    paused: str
    resumed: str

    def begin(
        self, chat_id: int, user_id: int, argument: str, language: str, last: GroupSession | None
    ) -> tuple[GroupSession, list[str]] | str:
        """A new session for `argument` and its introduction (Telegram HTML), or the
        usage if `argument` makes none; `last` is the group's last session of this kind."""
        ...

    def ask(self, session: GroupSession) -> RoundPoll: ...

    def count(self, session: GroupSession, votes: Votes) -> RoundResult: ...

    def standing(self, session: GroupSession, votes: Votes, final: bool) -> str:
        """How the session stands (/score), or its end (/stop), in Telegram HTML."""
        ...

    def report(
        self, session: GroupSession, votes: Votes, upto: int, stopped: bool = False
    ) -> Report | None:
        """The results of rounds up to `upto` for whoever started the session, if the
        kind has any (`stopped`: the session was stopped before its end)."""
        ...


class Step:
    """What one step of a session does, committed at once (`SessionHost._commit`): its
    posts and the session's change, under the step's turn id — a command's update id,
    or (a step of the schedule) the session's next post id — so that a command
    delivered again, or a step done again after a crash, changes nothing twice."""

    def __init__(self, turn: int | None) -> None:
        self.turn = turn
        self.texts: list[str] = []
        #: The buttons under the last text.
        self.markup: dict[str, Any] | None = None
        #: The round's poll, sent once the step is committed.
        self.poll: RoundPoll | None = None
        #: The results for whoever started the session, sent after the poll if any.
        self.report: Report | None = None
        #: Lines for another forum topic than the session's, as (text, topic).
        self.notes: list[tuple[str, Place]] = []

    def say(self, *lines: str) -> None:
        """Post `lines` (Telegram HTML) with the step; an empty one is left out."""
        self.texts.extend(line for line in lines if line)


class SessionHost:
    def __init__(
        self,
        lessons: Sequence[Lesson],
        store: TeachingStore,
        catalogs: Catalogs,
        posts: GroupPosts,
        clock: Callable[[], float],
        teachers: TeacherQuizStore | None = None,
    ) -> None:
        self.lessons = {lesson.kind: lesson for lesson in lessons}
        self.store = store
        self.catalogs = catalogs
        self.posts = posts
        self.clock = clock
        #: Where each teacher reads in their private chat with the bot (its topic).
        self.teachers = teachers
        #: Sessions (chat, first turn) whose starter was told the group refuses text.
        self.told_text_refused: set[tuple[int, int]] = set()
        #: Sessions (chat, first turn) whose lobby a closed General refused: /next in a
        #: topic starts the quiz there. In memory only: after a restart the first /next
        #: finds its poll refused in General too, which holds the session (`held`), and
        #: the /next after it moves the session to its topic as well.
        self.lost_lobbies: set[tuple[int, int]] = set()
        posts.on_text_refused = self.text_refused

    # -- commands ------------------------------------------------------------------

    async def start(
        self,
        bot: Bot,
        kind: Kind,
        chat_id: int,
        user_id: int,
        argument: str,
        language: str,
        turn: int,
        place: Place = MAIN,
    ) -> bool:
        """`/quiz …` or `/case …` (in forum topic or comments `place`); the classroom checked that
        nothing runs.

        False if `argument` was not understood: the usage was shown instead."""
        lesson = self.lessons[kind]
        last = await self.store.last(chat_id, kind)
        begun = lesson.begin(chat_id, user_id, argument, language, last)
        if isinstance(begun, str):
            await self.posts.post(bot, chat_id, turn, [begun], place=place)
            return False
        await self.open(bot, *begun, turn, place)
        return True

    async def open(
        self,
        bot: Bot,
        session: GroupSession,
        introduction: list[str],
        turn: int,
        place: Place = MAIN,
    ) -> None:
        """Post a new session's introduction: in its lobby, or with its first poll; the
        session runs in the forum topic it was started in (`place`)."""
        lesson = self.lessons[session.kind]
        session.place = place
        session.turn_base = group_polls.session_turns(turn)
        step = Step(turn)
        if lesson.lobby:
            _ = self.catalogs.translations(session.language).gettext
            session.phase, session.due_at = Phase.LOBBY, None
            step.say("\n\n".join([*introduction, f"<i>{escape(_(texts.LOBBY))}</i>"]))
            step.markup = layout.keyboard([Button(_(texts.START_BUTTON), START_DATA)])
        else:
            self._ask(session, step, introduction)
        await self._commit(bot, session, step)

    async def command(
        self, bot: Bot, chat_id: int, name: str, turn: int, place: Place = MAIN
    ) -> bool:
        """/next, /pause, /stop, /score or the lobby's Start for the running session
        (given in forum topic or comments `place`); False for a Start once the session has started.

        /score is answered in `place`; the rest goes to the session's topic. A session
        held because its topic was closed or deleted (`_hold`) goes on with /next, in
        the topic /next was given in."""
        session = await self.store.load(chat_id)
        if session is None:
            return True
        key = (chat_id, session.turn_base)
        lost_lobby = session.phase is Phase.LOBBY and key in self.lost_lobbies
        if name == "next" and (held(session) or lost_lobby):
            session.place = place
            self.lost_lobbies.discard(key)
        lesson = self.lessons[session.kind]
        _ = self.catalogs.translations(session.language).gettext
        step = Step(turn)
        if name == "score":
            # Answered where it was asked: in the session's topic, asked from another
            # (or from General), it broke into the running quiz and the asker saw nothing.
            standing = lesson.standing(session, await self._votes(session), final=False)
            await self.posts.post(bot, chat_id, turn, [standing], place=place)
            return True
        if name == "stop":
            await self._stop(bot, session, step)
        elif session.phase is Phase.LOBBY and name in ("begin", "next"):
            self._ask(session, step, [])
        elif name == "begin":  # a Start tapped again, or on an old lobby: nothing to do
            return False
        elif name == "next":
            session.pause_after = False
            if session.phase is Phase.SENDING:
                self._send_again(session, step)
            if session.phase is Phase.ASKING:
                await self._count(bot, session, step)
            if session.phase in (Phase.BREAK, Phase.PAUSED):  # skip the break too
                self._next_round(session, step, [])
        elif name == "pause":
            if session.phase is Phase.LOBBY:
                # "Will pause after this question" with none asked was untrue, and paused
                # the quiz after a first question nobody meant: the lobby already waits.
                step.say(escape(_(texts.QUIZ_LOBBY_WAITS)))
            elif session.phase is Phase.PAUSED:
                self._next_round(session, step, [escape(_(lesson.resumed))])
            elif session.phase is Phase.BREAK:
                session.phase, session.due_at = Phase.PAUSED, None
                step.say(escape(_(lesson.paused)))
            else:
                session.pause_after = not session.pause_after
                step.say(escape(_(lesson.paused if session.pause_after else lesson.resumed)))
        if name in ("pause", "next", "stop") and place != session.place:
            # Given in General, or in another topic, all of it went to the session's
            # topic, where the class reads it, and whoever sent it saw nothing happen.
            step.notes.append((escape(_(texts.DONE_IN_THE_SESSIONS_TOPIC)), place))
        await self._commit(bot, session, step)
        return True

    # -- the schedule ----------------------------------------------------------------

    async def advance(self, bot: Bot, chat_id: int) -> None:
        """Move a session whose time is up; the caller holds the chat's lock."""
        session = await self.store.load(chat_id)
        if session is None or session.due_at is None or session.due_at > self.clock():
            return
        step = Step(None)
        if session.phase is Phase.ASKING:
            await self._count(bot, session, step)
        elif session.phase is Phase.BREAK:
            self._next_round(session, step, [])
        elif session.phase is Phase.SENDING:  # found so after a restart: it was cut short
            self._send_again(session, step)
        else:
            return
        await self._commit(bot, session, step)

    # -- rounds ----------------------------------------------------------------------

    def _next_round(self, session: GroupSession, step: Step, lead: list[str]) -> None:
        session.round += 1
        self._ask(session, step, lead)

    def _ask(self, session: GroupSession, step: Step, lead: list[str]) -> None:
        """Ask the round's poll, after `lead` and the round's own lead in one message."""
        step.poll = self.lessons[session.kind].ask(session)
        step.say("\n\n".join([*lead, *step.poll.lead]))
        session.sending(self.clock())

    def _send_again(self, session: GroupSession, step: Step) -> None:
        """The round's poll once more, its send having been cut short: Telegram may have
        taken the first, whose id the bot never learnt, so its votes cannot count. The
        class is told once which poll to vote in."""
        if session.resent_round != session.round:
            session.resent_round = session.round
            _ = self.catalogs.translations(session.language).gettext
            step.say(escape(_(texts.POLL_SENT_AGAIN)))
        step.poll = self.lessons[session.kind].ask(session)
        session.sending(self.clock())

    async def _count(self, bot: Bot, session: GroupSession, step: Step) -> None:
        """Close the round's poll, count its votes, say the result, and go on."""
        await self._stop_poll(bot, session)
        lesson = self.lessons[session.kind]
        result = lesson.count(session, await self._votes(session))
        session.counted(result.finished, self.clock(), lesson.break_seconds)
        step.report = result.report
        if result.with_next and session.phase is Phase.BREAK:
            self._next_round(session, step, result.texts)
        else:
            step.say(*result.texts)

    async def _stop(self, bot: Bot, session: GroupSession, step: Step) -> None:
        """/stop: the open poll closes for everyone, the group sees the final standing,
        and whoever started the session gets the results of every question asked."""
        lesson = self.lessons[session.kind]
        _ = self.catalogs.translations(session.language).gettext
        if session.phase is Phase.ASKING:
            await self._stop_poll(bot, session)
        votes = await self._votes(session)
        if session.phase is Phase.LOBBY:
            # Nobody played: a final leaderboard of nobody and "thank you for playing"
            # read as if a quiz had been held.
            step.say(escape(_(lesson.stopped)))
        else:
            step.say(escape(_(lesson.stopped)), lesson.standing(session, votes, final=True))
        asked = session.closed_through + (session.phase is Phase.ASKING)  # it closes now
        if session.phase is not Phase.LOBBY and asked >= 0:
            step.report = lesson.report(session, votes, upto=asked, stopped=True)
        session.phase, session.due_at = Phase.FINISHED, None

    async def _commit(self, bot: Bot, session: GroupSession, step: Step) -> None:
        """Write the step — the session's change with its posts, as one turn — and send
        its posts, then its poll and its report."""
        turn = step.turn if step.turn is not None else group_polls.next_turn(session)
        finished = session.phase is Phase.FINISHED
        writes = ending(session) if finished else saving(session)
        posted = await self.posts.post(
            bot,
            session.chat_id,
            turn,
            step.texts,
            step.markup,
            writes,
            session.place,
            notes=step.notes,
        )
        if not posted:
            return  # committed before: a command delivered again
        if step.poll is not None and session.phase is Phase.SENDING:
            await self._send_poll(bot, session, step.poll)
        if step.report is not None:
            await self._send_report(bot, session, step.report)

    # -- Telegram --------------------------------------------------------------------

    async def _send_poll(self, bot: Bot, session: GroupSession, asked: RoundPoll) -> None:
        """Send the round's poll and record it at once: a crash between Telegram's answer
        and this record is the one moment a poll can go out twice (`_send_again`). A send
        that fails leaves the session due: the schedule sends the poll again."""
        try:
            message = await bot.send_poll(
                session.chat_id,
                asked.question[:POLL_QUESTION_MAX],
                asked.labels,
                is_anonymous=False,
                open_period=session.seconds,
                **layout.ptb_where(session.place),
                **asked.extra,
            )
        except (ChatMigrated, Forbidden):
            raise  # the classroom moves the session, or ends it
        except BadRequest as exc:
            # Either was sent again every second of the schedule, forever: into a closed
            # topic, or by a bot that may not send polls (and the class read that it had
            # been interrupted, above no poll).
            if topic_gone(exc):
                await self._hold(bot, session, texts.TOPIC_CLOSED_SESSION_WAITS, general=True)
            elif polls_forbidden(exc):
                await self._hold(bot, session, texts.POLLS_FORBIDDEN_SESSION_WAITS)
            else:
                log.info("could not send a group poll: %s", exc.message)
            return
        except RetryAfter as exc:  # flood control, past the rate limiter's own tries
            await self._wait_out(session, exc)
            return
        except TelegramError as exc:  # Telegram may have taken it: the schedule sends again
            log.info("could not send a group poll: %s", type(exc).__name__)
            return
        poll = message.poll
        close_date = poll.close_date.timestamp() if poll and poll.close_date else None
        window = group_polls.poll_window(message.date.timestamp(), close_date, session.seconds)
        poll_id = poll.id if poll else f"{session.chat_id}:{message.message_id}"
        session.asked(asked.option_ids, poll_id, message.message_id)
        session.opened_at, session.closes_at = window.opened_at, window.closes_at
        session.due_at = window.counted_at
        await self.store.record_poll(session, window)

    async def _wait_out(self, session: GroupSession, flood: RetryAfter) -> None:
        """Telegram refused the round's poll for flood control: a refusal, so no poll went
        out and none is to be told apart. Sent again the next second (against Telegram's
        wait) under "The bot was interrupted … vote in the one below", the class was told
        of a poll that never came. The session stays due after Telegram's `retry_after`."""
        wait = flood.retry_after
        seconds = wait if isinstance(wait, (int, float)) else wait.total_seconds()
        log.info("flood control on a group poll; sent again in %s s", seconds)
        session.resent_round = session.round
        session.due_at = self.clock() + float(seconds)
        await self.store.save(session)

    async def _hold(self, bot: Bot, session: GroupSession, why: str, general: bool = False) -> None:
        """The session's poll can go nowhere: its topic is closed or was deleted (told in
        the group's General topic: `general`), or the bot may not send polls. The session
        waits, its round not asked (nothing lost), and the group is told `why` and how to
        go on; the schedule does not send the poll again."""
        log.warning("a group session's poll was refused; it waits for /next: %s", why[:40])
        session.due_at = None
        session.resent_round = session.round  # Telegram took no poll: none to tell apart
        _ = self.catalogs.translations(session.language).gettext
        await self.posts.post(
            bot,
            session.chat_id,
            group_polls.next_turn(session),
            [escape(_(why))],
            writes=saving(session),
            place=MAIN if general else session.place,
        )

    async def text_refused(self, bot: Bot, chat_id: int) -> None:
        """The group refused the session's message: the bot may no longer send text there
        (an admin restricted it), or not in the forum's General topic, closed or hidden.
        The class reads nothing of the answers and scores, and the notice could not go
        there either: the teacher who started the session is told once, in their private
        chat, what happened and how to go on.

        A lobby lost in a closed General was told as lost rights ("make me an admin
        again"), with no way to start the quiz: the teacher now reads that its topic is
        closed and that /next in another topic goes on there, and it does."""
        general = chat_id in self.posts.delivery.general_closed
        self.posts.delivery.general_closed.discard(chat_id)
        session = await self.store.load(chat_id)
        if session is None:
            return
        key = (chat_id, session.turn_base)
        if general and session.phase is Phase.LOBBY:
            self.lost_lobbies.add(key)
        if key in self.told_text_refused:
            return
        self.told_text_refused.add(key)
        log.warning("the bot may not send text in a group mid-session; telling its starter")
        if session.started_by <= 0:  # an anonymous admin, or forgotten: nobody to tell
            return
        _ = self.catalogs.translations(session.language).gettext
        why = texts.TOPIC_CLOSED_SESSION_WAITS if general else texts.SESSION_TEXT_REFUSED
        teacher, text = session.started_by, _(why)
        try:
            await self._to_teacher(
                teacher,
                lambda where: bot.send_message(teacher, text, **where),
                "the notice of refused text",
            )
        except TelegramError as exc:
            log.info("could not tell the starter about refused text: %s", type(exc).__name__)

    async def removed(self, bot: Bot, chat_id: int, title: str | None) -> None:
        """The bot left or was removed from the group (named `title`, if known): its
        session ends, and whoever started it is told so in their private chat, with the
        results of the quiz's questions asked. They were told nothing: the quiz stopped
        in silence, and its votes were deleted with it, no file ever sent.

        The end and the notice are one turn (the outbox, under the session's next post
        id): the end was written first and the notice sent after it, so a crash between
        the two lost the notice for good — the session was gone when the update came again."""
        session = await self.store.load(chat_id)
        votes = await self._votes(session) if session is not None else None
        if session is None or votes is None:
            await self.store.end(chat_id)
            return
        log.info("the bot left a group with a running session; the session ends")
        if session.started_by <= 0:  # an anonymous admin, or forgotten: nobody to tell
            await self.store.end(chat_id)
            return
        _ = self.catalogs.translations(session.language).gettext
        if title:
            notice = _(texts.SESSION_ENDED_REMOVED) % {"group": title}
        else:
            notice = _(texts.SESSION_ENDED_REMOVED_UNNAMED)
        teacher = session.started_by
        topic = await self.teachers.topic_of(teacher) if self.teachers else None
        turn = group_polls.next_turn(session)
        told = await self.posts.tell(bot, teacher, turn, escape(notice), ending(session), topic)
        if not told:  # the teacher blocked the bot, or it waits for the network
            log.info("could not tell the starter of the removal now")
            return
        asked = session.closed_through + (session.phase is Phase.ASKING)
        if session.phase in (Phase.LOBBY, Phase.FINISHED) or asked < 0:
            return
        report = self.lessons[session.kind].report(session, votes, upto=asked, stopped=True)
        if report is not None:
            await self._send_report(bot, session, report)

    def may_post_again(self, chat_id: int) -> None:
        """The bot's rights came back: a later refusal is told again."""
        self.told_text_refused = {k for k in self.told_text_refused if k[0] != chat_id}

    async def _stop_poll(self, bot: Bot, session: GroupSession) -> None:
        """End a poll before its time (/next, /stop) for everyone, so nobody votes on."""
        if session.poll_message_id is None or self.clock() >= session.closes_at:
            return
        try:
            await bot.stop_poll(session.chat_id, session.poll_message_id)
        except TelegramError as exc:
            log.info("could not stop a group poll: %s", type(exc).__name__)

    async def _send_report(self, bot: Bot, session: GroupSession, report: Report) -> None:
        """The results, to the admin who started the session, if they have a private chat
        with the bot (Telegram lets a bot write only to people who started one)."""
        if session.started_by <= 0:  # nobody to send to
            # The teacher waited for a file that never came, told nothing. 0: whoever
            # started it asked to be forgotten (/forget) while it ran; below 0: an
            # anonymous admin (the group).
            why = texts.RESULTS_FORGOTTEN if session.started_by == 0 else texts.RESULTS_ANONYMOUS
            await self._say_results_undelivered(bot, session, why)
            return
        document = InputFile(spreadsheet.file_bytes(report.content), filename=report.filename)
        teacher = session.started_by
        try:
            await self._to_teacher(
                teacher,
                lambda where: bot.send_document(teacher, document, caption=report.caption, **where),
                "the results file",
            )
            if report.summary:
                summary = report.summary
                await self._to_teacher(
                    teacher,
                    lambda where: bot.send_message(teacher, summary, **where),
                    "the results summary",
                )
        except Forbidden as exc:  # no private chat yet, or the bot blocked
            log.info("could not send the results to the admin: %s", type(exc).__name__)
            await self._say_results_undelivered(bot, session)
        except TelegramError as exc:
            log.info("could not send the results to the admin: %s", type(exc).__name__)

    async def _to_teacher(
        self,
        teacher: int,
        send: Callable[[dict[str, Any]], Awaitable[object]],
        what: str,
    ) -> None:
        """`send` into the private chat's topic the teacher last wrote their quiz files
        and commands in (`TeacherQuizStore.topic_of`), or its main topic: a teacher who
        keeps the chat in topics read nothing where they looked. A topic deleted since
        refuses the call: it goes to the main topic, and the topic is forgotten."""
        topic = await self.teachers.topic_of(teacher) if self.teachers else None
        if topic is None:
            await self.posts.direct(lambda: send({}), what)
            return
        try:
            await self.posts.direct(lambda: send({"message_thread_id": topic}), what)
        except BadRequest as error:
            if not topic_gone(error) or self.teachers is None:
                raise
            log.info("the teacher's private topic is gone; %s sent to the main topic", what)
            await self.teachers.wrote_in(teacher, None)
            await self.posts.direct(lambda: send({}), what)

    async def _say_results_undelivered(
        self, bot: Bot, session: GroupSession, why: str = texts.RESULTS_UNDELIVERED
    ) -> None:
        """Tell the group why the admin got no results (`why`), and offer the private chat
        that lets the next ones through: otherwise the teacher waits for a file that never
        comes. Sent once, like the report itself (not through the outbox)."""
        _ = self.catalogs.translations(session.language).gettext
        markup = None
        if bot.username:
            url = f"https://t.me/{bot.username}?start="
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(_(texts.GROUP_BUTTON), url=url)]])
        try:
            await self.posts.direct(
                lambda: bot.send_message(
                    session.chat_id,
                    _(why),  # plain text, as the report's summary
                    reply_markup=markup,
                    **layout.ptb_where(session.place),
                ),
                "the notice of undelivered results",
            )
        except TelegramError as exc:
            log.info("could not tell the group about the results: %s", type(exc).__name__)

    async def _votes(self, session: GroupSession) -> Votes:
        answers = await self.store.answers(session.chat_id)
        return Votes(answers, await self.store.players(session.chat_id))


def held(session: GroupSession) -> bool:
    """Whether the session waits because its topic took no poll (`SessionHost._hold`)."""
    return session.phase is Phase.SENDING and session.due_at is None
