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

from collections.abc import Callable

from bot.adapters.telegram import texts
from bot.adapters.telegram.group_sessions import RoundPoll, RoundResult, Votes
from bot.assistant import Content
from bot.core import case_study, events, replies
from bot.core.conversation import Conversation
from bot.core.group_session import GroupSession, Kind
from bot.core.model import NOT_SURE, Question, Urgency
from bot.core.render import escape
from bot.core.teaching import POLL_QUESTION_MAX, CaseBook, CaseStudy
from bot.i18n import Catalogs


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


class CaseLesson:
    kind = Kind.CASE
    #: The next question follows the count at once, in the same message.
    break_seconds = 0.0
    #: The story is the lobby: the first question follows it at once.
    lobby = False
    stopped = texts.CASE_STOPPED
    paused = texts.CASE_PAUSED
    resumed = texts.CASE_RESUMED

    def __init__(self, content: Callable[[], Content], catalogs: Catalogs) -> None:
        self.content = content
        self.catalogs = catalogs

    def begin(
        self, chat_id: int, user_id: int, argument: str, language: str, last: GroupSession | None
    ) -> tuple[GroupSession, list[str]] | str:
        """`/case ID [seconds]`: the session and its story."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        content = self.content()
        book = content.cases
        if book is None:
            raise RuntimeError("no case studies: dialogs/cases.yml is missing")
        try:
            case, seconds, asked = parse_request(argument, book)
        except CaseRequestError:
            cases = "\n".join(f"• {c.id}: {_(c.title)}" for c in book.cases)
            return escape(f"{_(texts.CASE_USAGE)}\n{cases}")
        session = GroupSession(Kind.CASE, chat_id, language, seconds, user_id)
        session.case_id, session.conversation = case.id, content.engine.new_conversation()
        how = _(texts.CASE_HOW) % {"answer": self._not_sure_label(session, _)}
        note = texts.vote_length(translations.ngettext, asked, seconds)
        how = " ".join(filter(None, [how, note]))
        story = f"<b>{escape(_(case.title))}</b>\n\n{escape(_(case.story))}\n\n<i>{escape(how)}</i>"
        return session, [story]

    def ask(self, session: GroupSession) -> RoundPoll:
        """The consultation's current question; when too long for a poll, its whole text
        goes before the poll and its title in it."""
        _ = self.catalogs.translations(session.language).gettext
        self._carry_over(session)
        question = self._question(session)
        text = _(texts.CASE_POLL) % {"question": _(question.text)}
        lead: list[str] = []
        if len(text) > POLL_QUESTION_MAX:
            title = _(texts.CASE_POLL) % {"question": _(question.title)}
            lead.append(f"<b>{escape(title)}</b>\n{escape(_(question.text))}")
            text = title
        options = [o.id for o in question.options]
        return RoundPoll(text, options, [_(o.label) for o in question.options], lead)

    def count(self, session: GroupSession, votes: Votes) -> RoundResult:
        """The majority's answer goes to the engine: the next question, or the outcome."""
        translations = self.catalogs.translations(session.language)
        _ = translations.gettext
        asked = self._conversation(session).state
        conclusion = self._carry_over(session)
        if conclusion is not None:  # the answers kept reach the advice: nothing left to ask
            return RoundResult(self._conclusion(session, conclusion), True)
        if self._conversation(session).state != asked:  # the question voted on is gone
            return RoundResult([escape(_(texts.CASE_QUESTIONS_UPDATED))], with_next=True)
        ballots = [a.options for a in votes.of_round(session.round)]
        result = case_study.tally(len(session.options), ballots)
        question = self._question(session)
        dangers = {o.id for o in question.options if o.danger is not None}
        answer = case_study.group_answer(session.options, result, dangers)
        label = _(next((o.label for o in question.options if o.id == answer), answer))
        if result.winner is not None:
            votes_for = result.counts[result.winner]
            said = texts.case_chosen(translations.ngettext, label, votes_for, result.voters)
        elif answer in dangers:
            said = _(texts.CASE_TIE_DANGER) % {"answer": label}
        else:
            said = _(texts.CASE_TIE if result.voters else texts.CASE_NO_VOTES) % {"answer": label}

        conversation = self._conversation(session)
        choose = events.Choose(question.id, answer, conversation.step)
        engine = self.content().engine
        after, out = engine.handle(conversation, choose, session.language)
        if after is not None:
            session.conversation = after
        conclusion = next((r for r in out if isinstance(r, replies.Conclude)), None)
        if conclusion is not None:
            return RoundResult([escape(said), *self._conclusion(session, conclusion)], True)
        return RoundResult([escape(said)], with_next=True)

    def standing(self, session: GroupSession, votes: Votes, final: bool) -> str:
        """The questions the group's votes answered so far (Telegram HTML)."""
        _ = self.catalogs.translations(session.language).gettext
        content = self.content()
        conversation = self._conversation(session)
        case = self._case(session)
        answered = [
            (q, conversation.answers.get(q, ""))
            for q in conversation.history
            if content.dialog.has_question(q)
        ]
        title = _(case.title) if case else session.case_id
        return content.renderer.case_answers(title, answered, session.language).text

    def report(self, session: GroupSession, votes: Votes, upto: int, stopped: bool = False) -> None:
        """A case study's votes are the group's, not anyone's marks: nothing to report."""
        return None

    # -- words ---------------------------------------------------------------------

    def _conclusion(self, session: GroupSession, conclusion: replies.Conclude) -> list[str]:
        """Where the votes led, next to what the story was written for, with the advice."""
        content = self.content()
        reached = conclusion.assessment.outcomes
        urgency = conclusion.assessment.urgency
        _ = self.catalogs.translations(session.language).gettext
        case = self._case(session)
        expected = case.expected if case is not None else None
        discussion = _(case.discussion) if case is not None else ""
        result = content.renderer.case_result(
            reached, urgency, expected, discussion, session.language
        )
        posts = [result.text]
        if urgency is Urgency.EMERGENCY:
            # A danger answer: the whole emergency advice, word for word as in a private
            # chat. Most emergencies have no /learn topic, so the topic alone left the
            # group with a headline and nothing on what to do.
            rendered = content.renderer.render(conclusion, session.language)
            return posts + [message.text for message in rendered]
        topic = next((t for oid in reached for t in content.dialog.learn if t.outcome == oid), None)
        if topic is not None:  # the pattern the group reached, explained as /learn does
            teach = content.renderer.render(replies.Teach(topic.id), session.language)
            posts += [message.text for message in teach]
        return posts

    @staticmethod
    def _conversation(session: GroupSession) -> Conversation:
        assert session.conversation is not None, "a case study holds its consultation"
        return session.conversation

    def _carry_over(self, session: GroupSession) -> replies.Conclude | None:
        """The consultation moved over to the dialog now served, as a private chat's is on
        its next message: a reload that renamed or removed the question the group was on
        left the poll's count failing on every pass, and the class waiting in silence.
        The conclusion, when the answers kept end the consultation."""
        moved, conclusion = self.content().engine.carry_over(self._conversation(session))
        session.conversation = moved
        return conclusion

    def _question(self, session: GroupSession) -> Question:
        return self.content().dialog.question(self._conversation(session).state)

    def _case(self, session: GroupSession) -> CaseStudy | None:
        """The session's story; None if a reload removed it mid-session."""
        book = self.content().cases
        cases = book.cases if book is not None else []
        return next((c for c in cases if c.id == session.case_id), None)

    def _not_sure_label(self, session: GroupSession, _: Callable[[str], str]) -> str:
        question = self._question(session)
        return _(next((o.label for o in question.options if o.id == NOT_SURE), NOT_SURE))
