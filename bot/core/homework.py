"""Homework: a quiz a student takes alone, at their own pace, from a teacher's link.

Pure. The link names a topic of the bank or a teacher's code; the student
agrees that the teacher sees their name and score, then answers one question
at a time (each question's options shuffled for them), reads the explanation
after each, and gets a score at the end. Answers are kept by question and
option id, so the teacher's results (`quiz_results`, as for a group quiz)
read them in the quiz's own order whatever order each student saw.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from bot.core import quiz
from bot.core.group_session import GroupSession, Kind
from bot.core.quiz import Answer
from bot.core.teaching import QuizBank, QuizQuestion

#: The deep-link payload of a homework link: `quiz_` and a topic or a code.
LINK_PREFIX = "quiz_"


@dataclass
class Homework:
    #: A topic id of the bank, or a teacher's code.
    quiz: str
    #: The bank's version when the student started: a changed quiz starts over.
    version: str
    questions: list[str]
    #: Each question's option ids, in the order this student sees them.
    shown: list[list[str]]
    #: The question being asked, from 0 (= len(questions): finished).
    round: int = 0
    consented: bool = False
    #: Question id → the option ids chosen, and the seconds it took.
    answers: dict[str, list[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    #: The options ticked so far in a question with more than one right answer.
    picked: list[int] = field(default_factory=list)
    #: When the current question was sent (Unix time).
    asked_at: float = 0.0

    @property
    def finished(self) -> bool:
        return self.round >= len(self.questions)

    def fits(self, bank: QuizBank) -> bool:
        """Whether `bank` still asks this homework as the student began it: its version,
        and every question with the options shown. A reload may rename, remove or change
        a built-in topic's question and keep the version; the homework then looked its
        question up in vain and the student got an error on every tap and link."""
        options = {q.id: {o.id for o in q.options} for q in bank.questions}
        return bank.version == self.version and all(
            options.get(question_id) == set(shown)
            for question_id, shown in zip(self.questions, self.shown, strict=True)
        )

    def question(self, bank: QuizBank) -> QuizQuestion:
        question_id = self.questions[self.round]
        return next(q for q in bank.questions if q.id == question_id)

    def asked(self, now: float) -> None:
        self.picked = []
        self.asked_at = now

    def toggle(self, option: int) -> None:
        self.picked = sorted(set(self.picked) ^ {option})

    def answer(self, bank: QuizBank, options: Sequence[int], now: float) -> bool:
        """Answer the current question with `options` (their places as shown); whether
        that was right. The next question is then the current one."""
        question = self.question(bank)
        shown = self.shown[self.round]
        self.answers[question.id] = [shown[i] for i in sorted(set(options))]
        self.seconds[question.id] = round(max(0.0, now - self.asked_at), 1)
        right = quiz.is_correct(question, sorted(set(options)), shown)
        self.round += 1
        self.picked = []
        return right

    def score(self, bank: QuizBank) -> int:
        questions = {q.id: q for q in bank.questions}
        return sum(
            1
            for question_id, chosen in self.answers.items()
            if question_id in questions and set(chosen) == set(questions[question_id].correct)
        )


def questions_of(bank: QuizBank, topic: str | None) -> list[str]:
    """The homework's questions in the bank's order: a topic's, or all (a teacher's quiz)."""
    return [q.id for q in bank.questions if topic is None or q.topic == topic]


def begin(
    bank: QuizBank, name: str, questions: list[str], rng: random.Random | None = None
) -> Homework:
    """A new homework over `questions`, each with its options in a new order."""
    rng = rng or random.Random()
    by_id = {q.id: q for q in bank.questions}
    shown = []
    for question_id in questions:
        options = [o.id for o in by_id[question_id].options]
        rng.shuffle(options)
        shown.append(options)
    return Homework(name, bank.version, questions, shown)


def to_json(homework: Homework) -> str:
    return json.dumps(asdict(homework), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Homework:
    return Homework(**json.loads(text))


@dataclass(frozen=True)
class Attempt:
    """One student's homework, as the teacher's results read it."""

    user_id: int
    name: str
    homework: Homework


def as_quiz(
    bank: QuizBank, questions: list[str], attempts: Iterable[Attempt]
) -> tuple[GroupSession, list[Answer], dict[int, str]]:
    """Every student's answers as the answers of one quiz over `questions` in the bank's
    order, so that a group quiz's results (`quiz_results`) serve the homework too."""
    session = GroupSession(Kind.QUIZ, 0, "", 0, 0, round=max(0, len(questions) - 1))
    session.questions = questions
    by_id = {q.id: q for q in bank.questions}
    answers: list[Answer] = []
    names: dict[int, str] = {}
    for attempt in attempts:
        names[attempt.user_id] = attempt.name
        for number, question_id in enumerate(questions):
            chosen = attempt.homework.answers.get(question_id)
            if chosen is None or question_id not in by_id:
                continue
            order = [o.id for o in by_id[question_id].options]
            places = tuple(sorted(order.index(o) for o in chosen if o in order))
            seconds = attempt.homework.seconds.get(question_id, 0.0)
            answers.append(Answer(attempt.user_id, number, places, seconds))
    return session, answers, names
