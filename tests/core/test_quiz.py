"""Quiz sessions: picking questions, reading /quiz arguments, scoring and ties."""

from __future__ import annotations

import random

import pytest

from bot.assistant import Content
from bot.core import quiz
from bot.core.group_session import GroupSession, Kind
from bot.core.teaching import QuizBank
from bot.i18n import Catalogs
from tests.conftest import LOCALES

BANK = QuizBank.model_validate(
    {
        "kind": "quiz",
        "version": "1",
        "topics": [{"id": "triggers", "title": "Triggers"}, {"id": "hfs", "title": "HFS"}],
        "questions": [
            {
                "id": f"{topic}_{n}",
                "topic": topic,
                "question": f"Question {n} about {topic}?",
                "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
                "correct": ["b"],
                "explanation": "Because B.",
                "details": "B, in more words.",
            }
            for topic in ("triggers", "hfs")
            for n in range(4)
        ],
    }
)


def session(questions: list[str]) -> GroupSession:
    return GroupSession(
        Kind.QUIZ, chat_id=-1, language="en", seconds=30, started_by=1, questions=questions
    )


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("", quiz.QuizRequest(None, quiz.DEFAULT_COUNT, quiz.DEFAULT_SECONDS)),
        ("hfs", quiz.QuizRequest("hfs", quiz.DEFAULT_COUNT, quiz.DEFAULT_SECONDS)),
        ("3 20", quiz.QuizRequest(None, 3, 20, 20)),
        ("HFS 2 45", quiz.QuizRequest("hfs", 2, 45, 45)),
        ("2 1", quiz.QuizRequest(None, 2, quiz.MIN_SECONDS, 1)),
    ],
)
def test_quiz_arguments(argument: str, expected: quiz.QuizRequest) -> None:
    assert quiz.parse_request(argument, BANK) == expected


@pytest.mark.parametrize("argument", ["nonsense", "0", "99", "1 2 3"])
def test_bad_quiz_arguments_are_refused(argument: str) -> None:
    with pytest.raises(quiz.QuizRequestError):
        quiz.parse_request(argument, BANK)


def test_a_short_quiz_spans_every_topic() -> None:
    picked = quiz.pick_questions(BANK, quiz.QuizRequest(None, 2, 30), random.Random(1))
    assert {q.split("_")[0] for q in picked} == {"triggers", "hfs"}
    only = quiz.pick_questions(BANK, quiz.QuizRequest("hfs", 10, 30), random.Random(1))
    assert sorted(only) == [f"hfs_{n}" for n in range(4)]


def test_most_correct_wins_and_ties_go_to_the_faster() -> None:
    running = session(["hfs_0", "hfs_1"])
    running.round = 1
    answers = [
        quiz.Answer(1, 0, (1,), 9.0),  # right, slow
        quiz.Answer(1, 1, (1,), 9.0),
        quiz.Answer(2, 0, (1,), 2.0),  # right, fast
        quiz.Answer(2, 1, (1,), 2.0),
        quiz.Answer(3, 0, (0,), 1.0),  # wrong
        quiz.Answer(3, 1, (1,), 1.0),
    ]
    ranked = quiz.standings(BANK, running, answers, {1: "Ann", 2: "Bo"})
    assert [(s.user_id, s.correct) for s in ranked] == [(2, 2), (1, 2), (3, 1)]
    assert ranked[0].name == "Bo" and ranked[2].name == "3"


def test_standings_ignore_questions_not_yet_asked() -> None:
    running = session(["hfs_0", "hfs_1"])
    ranked = quiz.standings(BANK, running, [quiz.Answer(1, 1, (1,), 1.0)], {})
    assert ranked == []


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
def test_the_longest_option_is_not_usually_the_right_one(content: Content, language: str) -> None:
    """Polls shuffle the options, so where the right one stands tells nothing; its length
    must not either. With four options, chance is one in four: allow up to a third."""
    assert content.quiz is not None
    _ = Catalogs(LOCALES).translations(language).gettext
    single = [q for q in content.quiz.questions if len(q.correct) == 1]
    longest_right = [
        q.id for q in single if max(q.options, key=lambda o: len(_(o.text))).id == q.correct[0]
    ]
    assert len(longest_right) <= len(single) / 3, longest_right


def test_standings_score_the_order_each_poll_showed() -> None:
    played = session(["hfs_0", "hfs_1"])
    played.shown = [["b", "a"], ["a", "b"]]  # the right option "b" stood first, then second
    answers = [quiz.Answer(1, 0, (0,), 3.0), quiz.Answer(1, 1, (1,), 4.0)]
    answers += [quiz.Answer(2, 0, (1,), 1.0), quiz.Answer(2, 1, (0,), 1.0)]
    ranked = quiz.standings(BANK, played, answers, {1: "Ann", 2: "Bo"}, upto=1)
    assert [(s.name, s.correct) for s in ranked] == [("Ann", 2), ("Bo", 0)]
