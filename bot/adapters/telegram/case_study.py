"""Case studies in Telegram groups: the consultation, answered by the group's votes.

`/case ID` (admins) posts a fictional patient's story, then each question of
the same consultation dialog the bot holds in private chats as a regular,
non-anonymous poll. When the vote closes the majority answer (a tie or no
votes: "not sure") is given to the engine, which picks the next question —
or the outcome, shown next to the one the story was written for, with the
discussion and the pattern's explanation.

The group answers for the person in the story, never for themselves: the
bot asks nothing about members' own health, and the conversation lives only
in the session row, deleted when the case ends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Bot

from bot.adapters.telegram import texts
from bot.adapters.telegram.poll_host import PollHost
from bot.adapters.telegram.posting import GroupPosts
from bot.assistant import Consultation
from bot.core import case_study, events, group_polls, replies
from bot.core.case_study import CaseSession, Phase
from bot.core.model import NOT_SURE, Question, Urgency
from bot.core.render import URGENCY_MARKERS, URGENCY_NAMES, escape
from bot.core.teaching import POLL_QUESTION_MAX, CaseBook, CaseStudy
from bot.i18n import Catalogs
from bot.storage.teaching import TeachingStore

log = logging.getLogger(__name__)


class CaseRequestError(ValueError):
    """`/case` arguments that name no case."""


def parse_request(argument: str, book: CaseBook) -> tuple[CaseStudy, int, int | None]:
    """`/case ID [seconds]`: the case, how long each vote stays open, and the seconds
    asked for (None: none)."""
    words = argument.split()
    numbers = [int(w) for w in words if w.isdigit()]
    names = [w.lower() for w in words if not w.isdigit()]
    case = next((c for c in book.cases if names and c.id == names[0]), None)
    if case is None or len(names) != 1 or len(numbers) > 1:
        raise CaseRequestError(argument)
    asked = numbers[0] if numbers else None
    if asked is None:
        return case, case_study.DEFAULT_SECONDS, None
    return case, max(case_study.MIN_SECONDS, min(case_study.MAX_SECONDS, asked)), asked


class CaseHost(PollHost):
    def __init__(
        self,
        consultation: Callable[[], Consultation],
        store: TeachingStore,
        catalogs: Catalogs,
        posts: GroupPosts,
        clock: Callable[[], float],
    ) -> None:
        super().__init__(posts, clock)
        self.consultation = consultation
        self.store = store
        self.catalogs = catalogs

    # -- commands ------------------------------------------------------------------

    async def start(
        self, bot: Bot, chat_id: int, user_id: int, argument: str, language: str, turn: int
    ) -> bool:
        """`/case ID [seconds]`; the classroom checked that nothing else runs.

        False if `argument` named no case: the usage was shown instead."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        consultation = self.consultation()
        book = consultation.cases
        if book is None:
            raise RuntimeError("no case studies: dialogs/cases.yml is missing")
        try:
            case, seconds, asked = parse_request(argument, book)
        except CaseRequestError:
            cases = "\n".join(f"• {c.id}: {_(c.title)}" for c in book.cases)
            await self.post(bot, chat_id, None, turn, escape(f"{_(texts.CASE_USAGE)}\n{cases}"))
            return False
        conversation = consultation.engine.new_conversation()
        session = CaseSession(chat_id, language, case.id, seconds, user_id, conversation)
        session.turn_base = group_polls.session_turns(turn)
        how = _(texts.CASE_HOW) % {"answer": self._not_sure_label(session, _)}
        note = texts.vote_length(translations.ngettext, asked, seconds)
        how = " ".join(filter(None, [how, note]))
        story = f"<b>{escape(_(case.title))}</b>\n\n{escape(_(case.story))}\n\n<i>{escape(how)}</i>"
        await self._ask(bot, session, turn, [story])
        return True

    async def command(self, bot: Bot, chat_id: int, name: str, turn: int) -> None:
        """/next, /pause, /stop or /score for the running case study."""
        session = await self.store.load_case(chat_id)
        if session is None:
            return
        _ = self.catalogs.translations(session.language).gettext
        if name == "score":
            await self.post(bot, chat_id, None, turn, self._answers_so_far(session))
        elif name == "stop":
            if session.phase is Phase.VOTING:
                await self.stop_poll(bot, chat_id, session.poll_message_id, session.closes_at)
            stopped = escape(_(texts.CASE_STOPPED))
            await self.post(bot, chat_id, None, turn, stopped, self._answers_so_far(session))
            await self.store.end(chat_id)
        elif name == "next":
            session.pause_after = False
            if session.phase is Phase.VOTING:
                await self._count(bot, session, turn)
            else:
                await self._ask(bot, session, turn, [])
        elif name == "pause":
            if session.phase is Phase.PAUSED:
                await self._ask(bot, session, turn, [escape(_(texts.CASE_RESUMED))])
                return
            session.pause_after = not session.pause_after
            await self.store.save_case(session)
            text = texts.CASE_PAUSED if session.pause_after else texts.CASE_RESUMED
            await self.post(bot, chat_id, None, turn, escape(_(text)))

    # -- the schedule ----------------------------------------------------------------

    async def advance(self, bot: Bot, chat_id: int) -> None:
        """Count a vote whose time is up; the caller holds the chat's lock."""
        session = await self.store.load_case(chat_id)
        if session is None or session.due_at is None or session.due_at > self.clock():
            return
        await self._count(bot, session, None)

    async def _ask(self, bot: Bot, session: CaseSession, turn: int | None, lead: list[str]) -> None:
        """Post the next question's poll, after `lead` (Telegram HTML) and, when the
        question is too long for a poll, its whole text — in one message."""
        _ = self.catalogs.translations(session.language).gettext
        question = self._question(session)
        text = _(texts.CASE_POLL) % {"question": _(question.text)}
        if len(text) > POLL_QUESTION_MAX:  # the whole question as a message, its title in the poll
            title = _(texts.CASE_POLL) % {"question": _(question.title)}
            lead = [*lead, f"<b>{escape(title)}</b>\n{escape(_(question.text))}"]
            text = title
        if lead:
            await self.post(bot, session.chat_id, session, turn, "\n\n".join(lead))
        sent = await self.send_poll(
            bot, session.chat_id, text, [_(o.label) for o in question.options], session.seconds
        )
        session.round += 1
        session.phase = Phase.VOTING
        session.opened_at, session.closes_at = sent.window.opened_at, sent.window.closes_at
        session.due_at = sent.window.counted_at
        session.poll_id, session.poll_message_id = sent.poll_id, sent.message_id
        session.options = [o.id for o in question.options]
        await self.store.add_poll(sent.poll_id, session.chat_id, session.round, sent.window)
        await self.store.save_case(session)

    async def _count(self, bot: Bot, session: CaseSession, turn: int | None) -> None:
        """Close the vote, give the majority answer to the engine, and go on."""
        await self.stop_poll(bot, session.chat_id, session.poll_message_id, session.closes_at)
        translations = self.catalogs.translations(session.language)
        _ = translations.gettext
        ballots = [a.options for a in await self.store.answers(session.chat_id, session.round)]
        result = case_study.tally(len(session.options), ballots)
        question = self._question(session)
        dangers = {o.id for o in question.options if o.danger is not None}
        answer = case_study.group_answer(session.options, result, dangers)
        label = _(next((o.label for o in question.options if o.id == answer), answer))
        if result.winner is not None:
            votes = result.counts[result.winner]
            said = texts.case_chosen(translations.ngettext, label, votes, result.voters)
        elif answer in dangers:
            said = _(texts.CASE_TIE_DANGER) % {"answer": label}
        else:
            said = _(texts.CASE_TIE if result.voters else texts.CASE_NO_VOTES) % {"answer": label}
        said = escape(said)

        engine = self.consultation().engine
        choose = events.Choose(question.id, answer, session.conversation.step)
        after, out = engine.handle(session.conversation, choose, session.language)
        if after is not None:
            session.conversation = after
        conclusion = next((r for r in out if isinstance(r, replies.Conclude)), None)
        if conclusion is not None:
            await self.post(
                bot, session.chat_id, session, turn, said, *self._conclusion(session, conclusion)
            )
            await self.store.end(session.chat_id)
        elif session.pause_after:
            session.phase, session.due_at, session.pause_after = Phase.PAUSED, None, False
            await self.post(bot, session.chat_id, session, turn, said)
            await self.store.save_case(session)
        else:
            await self._ask(bot, session, turn, [said])

    # -- words ---------------------------------------------------------------------

    def _conclusion(self, session: CaseSession, conclusion: replies.Conclude) -> list[str]:
        """Where the votes led, next to what the story was written for, with the advice."""
        consultation = self.consultation()
        reached = conclusion.assessment.outcomes
        _ = self.catalogs.translations(session.language).gettext
        case = self._case(session)
        assessment = session.conversation.assessment
        urgency = assessment.urgency if assessment is not None else None
        lines = [f"<b>{escape(_(texts.CASE_REACHED))}</b>", self._patterns(reached, _, urgency)]
        if case is not None:
            match = set(reached) == set(case.expected)
            lines += [
                "",
                f"<b>{escape(_(texts.CASE_EXPECTED))}</b>",
                self._patterns(tuple(case.expected), _, None),
                "",
                ("✅ " if match else "🔍 ")
                + escape(_(texts.CASE_MATCH if match else texts.CASE_DIFFERENT)),
                "",
                f"<b>{escape(_(texts.CASE_DISCUSSION))}</b>",
                escape(_(case.discussion)),
            ]
        lines += ["", f"<i>{escape(_(texts.CASE_LEARN_MORE))}</i>"]
        posts = ["\n".join(lines)]
        if conclusion.assessment.urgency is Urgency.EMERGENCY:
            # A danger answer: the whole emergency advice, word for word as in a private
            # chat. Most emergencies have no /learn topic, so the topic alone left the
            # group with a headline and nothing on what to do.
            rendered = consultation.renderer.render(conclusion, session.language)
            return posts + [message.text for message in rendered]
        topic = next(
            (t for oid in reached for t in consultation.dialog.learn if t.outcome == oid), None
        )
        if topic is not None:  # the pattern the group reached, explained as /learn does
            teach = consultation.renderer.render(replies.Teach(topic.id), session.language)
            posts += [message.text for message in teach]
        return posts

    def _patterns(
        self, outcome_ids: tuple[str, ...], _: Callable[[str], str], urgency: Urgency | None
    ) -> str:
        dialog = self.consultation().dialog
        outcomes = [
            dialog.outcome(oid) for oid in outcome_ids if oid in {o.id for o in dialog.outcomes}
        ]
        level = urgency or max((o.urgency for o in outcomes), default=Urgency.ROUTINE)
        names = "; ".join(_(o.pattern) for o in outcomes)
        return (
            f"{URGENCY_MARKERS[level.key]} {escape(_(URGENCY_NAMES[level.key]))} — {escape(names)}"
        )

    def _answers_so_far(self, session: CaseSession) -> str:
        """The questions the group's votes answered so far (Telegram HTML)."""
        _ = self.catalogs.translations(session.language).gettext
        dialog = self.consultation().dialog
        conversation = session.conversation
        case = self._case(session)
        lines = [f"<b>{escape(_(case.title) if case else session.case_id)}</b>"]
        answered = [q for q in conversation.history if dialog.has_question(q)]
        if not answered:
            lines.append(escape(_(texts.CASE_NO_ANSWERS)))
        else:
            lines.append(escape(_(texts.CASE_ANSWERS)) + ":")
        for question_id in answered:
            question = dialog.question(question_id)
            chosen = conversation.answers.get(question_id)
            label = next((o.label for o in question.options if o.id == chosen), chosen or "")
            lines.append(f"• {escape(_(question.title))}: {escape(_(label))}")
        return "\n".join(lines)

    def _question(self, session: CaseSession) -> Question:
        return self.consultation().dialog.question(session.conversation.state)

    def _case(self, session: CaseSession) -> CaseStudy | None:
        """The session's story; None if a reload removed it mid-session."""
        book = self.consultation().cases
        cases = book.cases if book is not None else []
        return next((c for c in cases if c.id == session.case_id), None)

    def _not_sure_label(self, session: CaseSession, _: Callable[[str], str]) -> str:
        question = self._question(session)
        return _(next((o.label for o in question.options if o.id == NOT_SURE), NOT_SURE))
