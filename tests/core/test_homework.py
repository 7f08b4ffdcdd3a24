"""Homework: each student's own option order, read back in the quiz's order for results."""

from __future__ import annotations

import random

from bot.core import homework, quiz_results
from bot.core.homework import Attempt
from bot.core.teacher_quiz import TEMPLATE_YAML, read_quiz_file

QUIZ, _ = read_quiz_file("a.yml", TEMPLATE_YAML.encode())
assert QUIZ is not None
BANK = QUIZ.bank("v1")


def test_answers_in_a_shuffled_order_are_scored_and_summed_up_in_the_quizs_order() -> None:
    questions = homework.questions_of(BANK, None)
    right = homework.begin(BANK, "CODE", questions, random.Random(1))
    wrong = homework.begin(BANK, "CODE", questions, random.Random(2))
    shown = right.shown[0]
    assert right.answer(BANK, [shown.index("o2")], 5.0)
    both = [right.shown[1].index("o1"), right.shown[1].index("o2")]
    assert right.answer(BANK, both, 9.0) and right.finished and right.score(BANK) == 2
    assert not wrong.answer(BANK, [wrong.shown[0].index("o1")], 1.0)
    attempts = [Attempt(1, "Ann", right), Attempt(2, "Bo", wrong)]
    session, answers, names = homework.as_quiz(BANK, questions, attempts)
    results = quiz_results.by_question(BANK, session, answers)
    assert [(r.number, r.answered, r.percent_right) for r in results] == [(1, 2, 50), (2, 1, 100)]
    table = quiz_results.players_csv(
        BANK, session, answers, names, ("Player", "Correct", "Seconds"), lambda n: f"Q{n}"
    )
    assert table.splitlines()[1:] == ["Ann,2,14.0,1,1", "Bo,0,0.0,0,"]


def test_homework_survives_its_round_trip_through_storage() -> None:
    taken = homework.begin(BANK, "topic", homework.questions_of(BANK, None))
    taken.toggle(1)
    assert homework.from_json(homework.to_json(taken)) == taken
