"""A quiz in a group: which questions, whose answers count, who leads.

Pure: the session runs as every group session does (`group_session`); the
Telegram adapter sends the polls and stores the rows; this module decides. A
member's score is the number of questions answered correctly; ties
go to whoever answered their correct questions faster in total. An answer
changed before the poll closes replaces the earlier one; a retracted answer
counts as none; an answer after the close is ignored.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.core.group_session import GroupSession
from bot.core.teaching import QuizBank, QuizQuestion

#: `/quiz again`: the group's last quiz once more, for another class.
AGAIN = "again"
DEFAULT_COUNT = 5
MAX_COUNT = 30
DEFAULT_SECONDS = 30
MIN_SECONDS = 10
MAX_SECONDS = 600
#: The pause between a question's explanation and the next question.
BREAK_SECONDS = 8
LEADERBOARD_SIZE = 5


@dataclass(frozen=True)
class Answer:
    user_id: int
    #: The round (the question's place in the quiz, from 0) the answer belongs to.
    round: int
    options: tuple[int, ...]
    seconds: float


@dataclass(frozen=True)
class Standing:
    user_id: int
    name: str
    correct: int
    seconds: float = field(compare=False)


class QuizRequestError(ValueError):
    """`/quiz` arguments that do not make sense; the message says what to write."""


@dataclass(frozen=True)
class QuizRequest:
    topic: str | None
    count: int
    seconds: int
    #: The seconds the admin asked for, if any (the quiz says so when it uses others).
    asked_seconds: int | None = None


def parse_request(argument: str, bank: QuizBank) -> QuizRequest:
    """`/quiz [topic] [count] [seconds]`, in any order: the word is the topic."""
    topic: str | None = None
    numbers: list[int] = []
    for word in argument.split():
        if word.isdigit():
            numbers.append(int(word))
        elif word.lower() in {t.id for t in bank.topics}:
            topic = word.lower()
        else:
            raise QuizRequestError(word)
    count = numbers[0] if numbers else DEFAULT_COUNT
    asked = numbers[1] if len(numbers) > 1 else None
    if len(numbers) > 2 or not 1 <= count <= MAX_COUNT:
        raise QuizRequestError(argument)
    seconds = DEFAULT_SECONDS if asked is None else max(MIN_SECONDS, min(MAX_SECONDS, asked))
    return QuizRequest(topic, count, seconds, asked)


def pick_questions(
    bank: QuizBank, request: QuizRequest, rng: random.Random | None = None
) -> list[str]:
    """`count` questions of the topic (or of all topics, spread evenly), in random order."""
    rng = rng or random.Random()
    pool = [q for q in bank.questions if request.topic in (None, q.topic)]
    if request.topic is None:  # round-robin over topics so a short quiz still spans them
        by_topic: dict[str, list[QuizQuestion]] = {}
        for question in pool:
            by_topic.setdefault(question.topic, []).append(question)
        for questions in by_topic.values():
            rng.shuffle(questions)
        topics = list(by_topic)
        rng.shuffle(topics)
        pool = []
        while any(by_topic.values()):
            for topic in topics:
                if by_topic[topic]:
                    pool.append(by_topic[topic].pop())
    else:
        rng.shuffle(pool)
    return [q.id for q in pool[: request.count]]


def correct_indexes(question: QuizQuestion, shown: Sequence[str] | None = None) -> tuple[int, ...]:
    """Where the right options stand in the poll (`shown`: its order; None: the bank's)."""
    order = list(shown) if shown is not None else [o.id for o in question.options]
    return tuple(i for i, option in enumerate(order) if option in question.correct)


def is_correct(
    question: QuizQuestion, options: Sequence[int], shown: Sequence[str] | None = None
) -> bool:
    return tuple(sorted(options)) == correct_indexes(question, shown)


def standings(
    bank: QuizBank,
    session: GroupSession,
    answers: Iterable[Answer],
    names: dict[int, str],
    upto: int | None = None,
) -> list[Standing]:
    """Everyone who answered questions up to round `upto` (default: the current one),
    best first: most correct, then least total time; each answer scored by the order
    its poll showed the options in."""
    questions = {q.id: q for q in bank.questions}
    last = session.round if upto is None else upto
    correct: dict[int, int] = {}
    seconds: dict[int, float] = {}
    for answer in answers:
        if answer.round > last or answer.round >= len(session.questions):
            continue
        question = questions.get(session.questions[answer.round])
        correct.setdefault(answer.user_id, 0)
        seconds.setdefault(answer.user_id, 0.0)
        shown = session.shown[answer.round] if answer.round < len(session.shown) else None
        if question is not None and is_correct(question, answer.options, shown):
            correct[answer.user_id] += 1
            seconds[answer.user_id] += answer.seconds
    ranked = sorted(correct, key=lambda user: (-correct[user], seconds[user], user))
    return [
        Standing(user, names.get(user, str(user)), correct[user], seconds[user]) for user in ranked
    ]
