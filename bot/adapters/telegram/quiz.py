"""Quizzes in Telegram groups: the bank's questions as native quiz polls, and a board.

Each round is a quiz poll with its options shuffled for that poll and the
short explanation in the poll itself. When it closes one message follows: the
answer, the longer explanation and the leaders — the final board, after the
last question. With the poll, two messages a question: well within a group's
20 a minute.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from typing import Any

from bot.adapters.telegram import spreadsheet, texts
from bot.adapters.telegram.group_sessions import Report, RoundPoll, RoundResult, Votes
from bot.core import group_polls, quiz, quiz_results
from bot.core.group_session import GroupSession, Kind
from bot.core.render import escape
from bot.core.teacher_quiz import TeacherQuiz
from bot.core.teaching import QuizBank, QuizQuestion
from bot.i18n import Catalogs
from bot.storage.teacher_quizzes import StoredQuiz

MEDALS = ("🥇", "🥈", "🥉")
#: A teacher's quizzes as banks, by the JSON the session keeps (a session's rounds read
#: the same quiz again and again).
OWN_BANKS_KEPT = 32


def own_bank(code: str, data: str, cache: dict[tuple[str, str], QuizBank]) -> QuizBank:
    key = (code, data)
    bank = cache.get(key)
    if bank is None:
        if len(cache) >= OWN_BANKS_KEPT:
            cache.clear()
        bank = cache[key] = TeacherQuiz.model_validate_json(data).bank(code)
    return bank


def kept_bank(data: str, cache: dict[tuple[str, str], QuizBank]) -> QuizBank:
    """A bank quiz's questions as the session kept them when it began."""
    key = ("", data)
    bank = cache.get(key)
    if bank is None:
        if len(cache) >= OWN_BANKS_KEPT:
            cache.clear()
        bank = cache[key] = QuizBank.model_validate_json(data)
    return bank


def as_written(text: str) -> str:
    """A teacher's own words: shown as written, never looked up in the catalogs."""
    return text


def quiz_words(by_teacher: bool, catalogs: Catalogs, language: str) -> Callable[[str], str]:
    """How a quiz's questions are said: the bank's translated, a teacher's as written."""
    return as_written if by_teacher else catalogs.translations(language).gettext


class QuizLesson:
    kind = Kind.QUIZ
    break_seconds = float(quiz.BREAK_SECONDS)
    lobby = True
    stopped = texts.QUIZ_STOPPED
    paused = texts.QUIZ_PAUSED
    resumed = texts.QUIZ_RESUMED

    def __init__(
        self, bank: Callable[[], QuizBank], catalogs: Catalogs, rng: random.Random | None = None
    ) -> None:
        self.bank = bank
        self.catalogs = catalogs
        self.rng = rng or random.Random()
        self._banks: dict[tuple[str, str], QuizBank] = {}

    def bank_of(self, session: GroupSession) -> QuizBank:
        """The questions the session asks: the bank's, or a teacher's own quiz."""
        if session.own_quiz:
            return own_bank(session.quiz_code, session.own_quiz, self._banks)
        if session.bank:
            return kept_bank(session.bank, self._banks)
        return self.bank()  # a session begun before quizzes kept their questions

    def _content(self, session: GroupSession) -> Callable[[str], str]:
        return quiz_words(bool(session.own_quiz), self.catalogs, session.language)

    def begin_own(
        self, chat_id: int, user_id: int, own: StoredQuiz, argument: str, language: str
    ) -> tuple[GroupSession, list[str]] | str:
        """`/quiz CODE [questions] [seconds]`: a teacher's quiz, from its first question
        (all of them unless fewer are asked for), labelled as the teacher's."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        bank = own.quiz.bank(own.code)
        numbers = [int(word) for word in argument.split() if word.isdigit()]
        if len(numbers) != len(argument.split()) or len(numbers) > 2:
            return escape(_(texts.OWN_QUIZ_USAGE))
        count = numbers[0] if numbers else len(bank.questions)
        asked = numbers[1] if len(numbers) > 1 else None
        seconds = quiz.DEFAULT_SECONDS if asked is None else asked
        seconds = max(quiz.MIN_SECONDS, min(quiz.MAX_SECONDS, seconds))
        questions = [q.id for q in bank.questions][: max(1, count)]
        session = GroupSession(Kind.QUIZ, chat_id, language, seconds, user_id)
        session.questions = questions
        session.quiz_code, session.own_quiz = own.code, own.quiz.model_dump_json()
        ngettext = translations.ngettext
        started = texts.quiz_started(ngettext, len(questions), seconds)
        note = texts.vote_length(ngettext, asked, seconds)
        label = _(texts.OWN_QUIZ_LABEL) % {"title": own.quiz.title}
        intro = escape(" ".join(filter(None, [started, note])))
        return session, [f"<b>{escape(label)}</b>\n\n{intro}"]

    def begin(
        self, chat_id: int, user_id: int, argument: str, language: str, last: GroupSession | None
    ) -> tuple[GroupSession, list[str]] | str:
        """`/quiz [topic] [count] [seconds]`, or `/quiz again` (the group's last quiz, for
        another class): the session and what it says first."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        bank = self.bank()
        if argument.strip().lower() == quiz.AGAIN:
            known = {q.id for q in bank.questions}
            if last is None or not set(last.questions) <= known:  # none, or a reload changed it
                return escape(_(texts.QUIZ_NOTHING_TO_REPLAY))
            argument = f"{len(last.questions)} {last.seconds}"
            replay: list[str] | None = last.questions
        else:
            replay = None
        try:
            request = quiz.parse_request(argument, bank)
        except quiz.QuizRequestError:
            topics = "\n".join(f"• {t.id}: {_(t.title)}" for t in bank.topics)
            return escape(f"{_(texts.QUIZ_USAGE)}\n{topics}\n\n{_(texts.OWN_QUIZ_USAGE)}")
        questions = replay or quiz.pick_questions(bank, request, self.rng)
        session = GroupSession(Kind.QUIZ, chat_id, language, request.seconds, user_id)
        session.questions = questions
        asked = [q for q in bank.questions if q.id in set(questions)]
        session.bank = bank.model_copy(update={"questions": asked}).model_dump_json()
        ngettext = translations.ngettext
        started = texts.quiz_started(ngettext, len(questions), request.seconds)
        note = texts.vote_length(ngettext, request.asked_seconds, request.seconds)
        return session, [escape(" ".join(filter(None, [started, note])))]

    def ask(self, session: GroupSession) -> RoundPoll:
        question = self._question(session)
        _ = self._content(session)
        shown = group_polls.shuffled([o.id for o in question.options], self.rng)
        labels = {o.id: _(o.text) for o in question.options}
        correct = list(quiz.correct_indexes(question, shown))
        extra: dict[str, Any] = {
            "type": "quiz",
            "correct_option_ids": correct,
            "explanation": _(question.explanation),
        }
        if len(correct) > 1:
            extra["allows_multiple_answers"] = True
        number = f"{session.round + 1}/{len(session.questions)}"
        text = f"{number} {_(question.question)}"
        return RoundPoll(text, shown, [labels[option] for option in shown], extra=extra)

    def count(self, session: GroupSession, votes: Votes) -> RoundResult:
        question = self._question(session)
        _ = self.catalogs.translations(session.language).gettext
        said = self._content(session)
        details = f"{self._right_answers(question, said, _)}\n\n{escape(said(question.details))}"
        last = session.round >= len(session.questions) - 1
        board = self._board(session, votes, final=last, upto=session.round)
        if not last:
            return RoundResult([f"{details}\n\n{board}"])
        hardest = self._hardest(session, votes)
        message = "\n\n".join(filter(None, [details, board, hardest]))
        report = self.report(session, votes, session.round)
        return RoundResult([message], finished=True, report=report)

    @staticmethod
    def _right_answers(
        question: QuizQuestion, said: Callable[[str], str], _: Callable[[str], str]
    ) -> str:
        """The right answer after "Answer:"; several, each on a line of its own (options
        read as sentences of their own: run together they read as one). `said`: how the
        quiz's own words are said (a teacher's as written)."""
        right = [escape(said(o.text)) for o in question.options if o.id in question.correct]
        heading = f"<b>{escape(_(texts.QUIZ_ANSWER))}:</b>"
        if len(right) == 1:
            return f"{heading} {right[0]}"
        return "\n".join([heading, *(f"• {answer}" for answer in right)])

    def _hardest(self, session: GroupSession, votes: Votes) -> str:
        """Which questions fewest got right, for the group to go over."""
        translations = self.catalogs.translations(session.language)
        results = quiz_results.by_question(self.bank_of(session), session, votes.answers)
        hardest = quiz_results.hardest(results)
        if not hardest:
            return ""
        parts = [
            translations.gettext(texts.QUIZ_QUESTION_RIGHT)
            % {"number": r.number, "percent": r.percent_right}
            for r in hardest
        ]
        return escape(translations.gettext(texts.QUIZ_HARDEST) % {"questions": "; ".join(parts)})

    def report(
        self, session: GroupSession, votes: Votes, upto: int, stopped: bool = False
    ) -> Report:
        """Every player's row for the questions up to round `upto`, as CSV, and how many
        got each right, for the admin who ran the quiz (`stopped`: with /stop)."""
        translations = self.catalogs.translations(session.language)
        _ = translations.gettext
        bank = self.bank_of(session)
        columns = (_(texts.RESULTS_PLAYER), _(texts.RESULTS_CORRECT), _(texts.RESULTS_SECONDS))
        content = quiz_results.players_csv(
            bank,
            session,
            votes.answers,
            spreadsheet.names_as_text(votes.names),
            columns,
            lambda number: _(texts.RESULTS_QUESTION) % {"number": number},
            upto,
        )
        lines = [
            _(texts.RESULTS_QUESTION_LINE)
            % {
                "number": r.number,
                "right": r.right,
                "answered": r.answered,
                "percent": r.percent_right,
            }
            if r.answered
            else _(texts.RESULTS_NOBODY_ANSWERED) % {"number": r.number}
            for r in quiz_results.by_question(bank, session, votes.answers, upto)
        ]
        count = len(session.questions)
        summary = [
            _(texts.RESULTS_STOPPED) % {"asked": len(lines), "count": count} if stopped else "",
            _(texts.RESULTS_BY_QUESTION),
            *lines,
        ]
        caption = _(texts.RESULTS_CAPTION)
        return Report("quiz-results.csv", content, caption, "\n".join(filter(None, summary)))

    def standing(self, session: GroupSession, votes: Votes, final: bool) -> str:
        upto = session.round if final else session.closed_through
        return self._board(session, votes, final, upto)

    def _question(self, session: GroupSession) -> QuizQuestion:
        question_id = session.questions[session.round]
        return next(q for q in self.bank_of(session).questions if q.id == question_id)

    def _board(self, session: GroupSession, votes: Votes, final: bool, upto: int) -> str:
        """The leaders (everyone, when `final`), as Telegram HTML; a place without a
        correct answer gets no medal. Members with the same score in the same time (to
        a tenth of a second, as shown) share a place, in the order of their names; where
        time alone parts the same score, the time is shown beside it."""
        translations = self.catalogs.translations(session.language)
        _ = translations.gettext
        ranked = quiz.standings(self.bank_of(session), session, votes.answers, votes.names, upto)
        placed = places(ranked)
        heading = _(texts.QUIZ_FINAL) if final else _(texts.QUIZ_TOP)
        shown = placed if final else [p for p in placed if p[0] <= quiz.LEADERBOARD_SIZE]
        more = 0 if final else max(0, len(shown) - quiz.LEADERBOARD_SIZE)
        shown = shown[: len(shown) - more]  # a tie at the last place shown: named in number
        parted = _parted_by_time(ranked)
        lines = [f"<b>{escape(heading)}</b>"]
        if not shown:
            lines.append(escape(_(texts.QUIZ_NOBODY)))
        for place, standing in shown:
            medal = MEDALS[place - 1] if place <= len(MEDALS) and standing.correct else f"{place}."
            score = texts.quiz_score(translations.ngettext, standing.correct)
            if standing.correct in parted:
                score = texts.quiz_score_in(_, score, _tenths(standing.seconds), session.language)
            lines.append(f"{medal} {escape(isolated(standing.name))} — {escape(score)}")
        if more:
            lines.append(escape(texts.quiz_tied_more(translations.ngettext, more)))
        if final:
            lines += ["", escape(_(texts.QUIZ_THANKS))]
        return "\n".join(lines)


#: Direction marks a name may carry that reach past it: embeddings, overrides, isolates.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: What in a name can turn what follows it round (Unicode's bidirectional classes).
_RIGHT_TO_LEFT = {"R", "AL", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def isolated(name: str) -> str:
    """A member's name set apart from the line around it. A name carrying a
    right-to-left override (U+202E, chosen to look odd) or written in Arabic or Hebrew
    turned the rest of its line round: '— 1 correct' read 'tcerroc 1 —', the score
    beside it seemed another's. Such a name has its own embeddings and isolates taken
    out and is shown in an isolate of its own (FSI … PDI), which ends at the name; a
    name written left to right only is shown as it is."""
    if not any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in name):
        return name
    return f"\u2068{name.translate(_BIDI_CONTROLS)}\u2069"


def _tenths(seconds: float) -> int:
    return round(seconds * 10)


def places(ranked: list[quiz.Standing]) -> list[tuple[int, quiz.Standing]]:
    """Each standing's place, best first: the same score in the same time (to a tenth of
    a second) is one place, shared (1, 1, 3), its members in the order of their names —
    not of their user ids, which only say who joined Telegram first."""

    def tie(standing: quiz.Standing) -> tuple[int, int]:
        return (-standing.correct, _tenths(standing.seconds))

    ordered = sorted(ranked, key=lambda s: (*tie(s), s.name.casefold(), s.user_id))
    result: list[tuple[int, quiz.Standing]] = []
    for index, standing in enumerate(ordered):
        same = index and tie(ordered[index - 1]) == tie(standing)
        result.append((result[-1][0] if same else index + 1, standing))
    return result


def _parted_by_time(ranked: list[quiz.Standing]) -> set[int]:
    """The scores (above none right) that members reached in different times: time
    decided their places, so it is shown."""
    times: dict[int, set[int]] = {}
    for standing in ranked:
        if standing.correct:
            times.setdefault(standing.correct, set()).add(_tenths(standing.seconds))
    return {correct for correct, seen in times.items() if len(seen) > 1}
