"""A finished quiz's results: per question how many were right, and per player a row.

Pure. The group sees which questions were hardest; the admin who ran the quiz
gets every player's row (correct answers, time, each question right or not)
as a CSV file in a private chat, to keep with the class's other marks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.core import quiz
from bot.core.group_session import GroupSession
from bot.core.quiz import Answer
from bot.core.teaching import QuizBank

#: How many of the hardest questions the group is shown.
HARDEST_SHOWN = 2


@dataclass(frozen=True)
class QuestionResult:
    #: The question's number in the quiz, from 1.
    number: int
    answered: int
    right: int

    @property
    def percent_right(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def asked(session: GroupSession, upto: int | None) -> range:
    """The rounds the results cover: all the quiz's, or those up to round `upto` (a quiz
    stopped early)."""
    count = len(session.questions)
    return range(count if upto is None else max(0, min(count, upto + 1)))


def _scored(
    bank: QuizBank, session: GroupSession, answers: Iterable[Answer], upto: int | None = None
) -> dict[tuple[int, int], bool]:
    """(player, round) → whether the answer was right, by the order its poll showed."""
    questions = {q.id: q for q in bank.questions}
    scored: dict[tuple[int, int], bool] = {}
    rounds = asked(session, upto)
    for answer in answers:
        if answer.round not in rounds:
            continue
        question = questions.get(session.questions[answer.round])
        shown = session.shown[answer.round] if answer.round < len(session.shown) else None
        if question is not None:
            scored[answer.user_id, answer.round] = quiz.is_correct(question, answer.options, shown)
    return scored


def by_question(
    bank: QuizBank, session: GroupSession, answers: Iterable[Answer], upto: int | None = None
) -> list[QuestionResult]:
    """How many answered each question (up to round `upto`) and how many were right."""
    scored = _scored(bank, session, answers, upto)
    return [
        QuestionResult(
            number + 1,
            sum(1 for (_user, n) in scored if n == number),
            sum(1 for (_user, n), right in scored.items() if n == number and right),
        )
        for number in asked(session, upto)
    ]


def hardest(results: Iterable[QuestionResult]) -> list[QuestionResult]:
    """The questions fewest got right (of those somebody answered, and somebody missed),
    hardest first."""
    answered = [r for r in results if r.answered and r.right < r.answered]
    return sorted(answered, key=lambda r: (r.percent_right, r.number))[:HARDEST_SHOWN]


def players_csv(
    bank: QuizBank,
    session: GroupSession,
    answers: list[Answer],
    names: dict[int, str],
    columns: tuple[str, str, str],
    question_column: Callable[[int], str],
    upto: int | None = None,
) -> str:
    """One row per player, best first: name, correct answers, seconds (the `columns`),
    then each question up to round `upto` (`question_column(n)`: 1 right, 0 wrong,
    empty: not answered)."""
    scored = _scored(bank, session, answers, upto)
    rounds = asked(session, upto)
    ranked = quiz.standings(bank, session, answers, names, upto=rounds.stop - 1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*columns, *(question_column(n + 1) for n in rounds)])
    for standing in ranked:
        marks = [
            "" if (standing.user_id, n) not in scored else int(scored[standing.user_id, n])
            for n in rounds
        ]
        writer.writerow([standing.name, standing.correct, round(standing.seconds, 1), *marks])
    return out.getvalue()
