"""A finished quiz's results: the hardest questions, and a row per player."""

from __future__ import annotations

import csv
import io

from bot.core import quiz_results
from bot.core.group_session import GroupSession, Kind
from bot.core.quiz import Answer
from tests.core.test_quiz import BANK


def played() -> tuple[GroupSession, list[Answer]]:
    session = GroupSession(Kind.QUIZ, -1, "en", 30, 1, round=2)
    session.questions = ["hfs_0", "hfs_1", "hfs_2"]
    session.shown = [["a", "b"], ["b", "a"], ["a", "b"]]  # "b" is right: 1, 0, 1
    answers = [Answer(1, 0, (1,), 2.0), Answer(1, 1, (0,), 3.0), Answer(1, 2, (0,), 4.0)]
    answers += [Answer(2, 0, (1,), 1.0), Answer(2, 1, (1,), 1.0)]
    return session, answers


def test_the_hardest_are_those_fewest_got_right() -> None:
    session, answers = played()
    results = quiz_results.by_question(BANK, session, answers)
    assert [(r.number, r.answered, r.right) for r in results] == [(1, 2, 2), (2, 2, 1), (3, 1, 0)]
    assert [r.number for r in quiz_results.hardest(results)] == [3, 2]  # all right: not hard


def test_every_player_gets_a_row_best_first() -> None:
    session, answers = played()
    text = quiz_results.players_csv(
        BANK, session, answers, {1: "Ann"}, ("Player", "Correct", "Seconds"), lambda n: f"Q{n}"
    )
    assert list(csv.reader(io.StringIO(text))) == [
        ["Player", "Correct", "Seconds", "Q1", "Q2", "Q3"],
        ["Ann", "2", "5.0", "1", "1", "0"],
        ["2", "1", "1.0", "1", "0", ""],
    ]
