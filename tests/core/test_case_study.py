"""Case studies: what a group's votes mean, and stories that lead where they say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.assistant import Content
from bot.core import case_study
from bot.core.content import check_teaching
from bot.core.engine import Engine
from bot.core.model import NOT_SURE
from bot.core.teaching import CaseStudy
from tests.conftest import DIALOGS

OPTIONS = ["yes", "no", NOT_SURE]


@pytest.mark.parametrize(
    ("ballots", "answer"),
    [
        ([[0], [0], [1]], "yes"),
        ([[1]], "no"),
        ([[2], [2], [0]], NOT_SURE),
        ([[0], [1]], NOT_SURE),  # a tie
        ([], NOT_SURE),  # nobody voted
        ([[0], [], [7], [-1]], "yes"),  # a retracted vote and forged indexes count for nothing
    ],
)
def test_the_majority_answers_and_anything_else_is_not_sure(
    ballots: list[list[int]], answer: str
) -> None:
    result = case_study.tally(len(OPTIONS), ballots)
    assert case_study.group_answer(OPTIONS, result) == answer


DANGER_SCREEN = ["stroke", "seizure", "breathing", "none", NOT_SURE]
DANGERS = {"stroke", "seizure", "breathing"}


@pytest.mark.parametrize(
    ("ballots", "answer"),
    [
        ([[1], [2]], "seizure"),  # split between two danger answers
        ([[2], [4]], "breathing"),  # a danger answer against "not sure"
        ([[0], [1], [4]], "stroke"),
        ([[0], [3]], NOT_SURE),  # against "none of these": asked sign by sign
        ([[3], [3], [0]], "none"),  # a clear majority stands
    ],
)
def test_a_vote_split_between_danger_answers_counts_as_danger(
    ballots: list[list[int]], answer: str
) -> None:
    result = case_study.tally(len(DANGER_SCREEN), ballots)
    assert case_study.group_answer(DANGER_SCREEN, result, DANGERS) == answer


def test_a_tally_counts_voters() -> None:
    result = case_study.tally(3, [[0], [0], [2]])
    assert result.counts == (2, 0, 1) and result.voters == 3 and result.winner == 0


def test_every_shipped_story_reaches_its_expected_outcome(content: Content, engine: Engine) -> None:
    assert content.cases is not None and len(content.cases.cases) >= 6
    for case in content.cases.cases:
        assert case_study.play_reference(engine, case) == tuple(case.expected), case.id


def test_a_story_missing_an_answer_is_reported(engine: Engine) -> None:
    story = CaseStudy(
        id="short",
        title="T",
        story="S",
        expected=["myokymia"],
        discussion="D",
        answers={"danger_screen": "none"},
    )
    with pytest.raises(case_study.StoryPathError, match="'location'"):
        case_study.play_reference(engine, story)


def test_the_validator_catches_a_story_the_dialog_no_longer_supports(tmp_path: Path) -> None:
    shutil.copytree(DIALOGS, tmp_path / "dialogs")
    cases = tmp_path / "dialogs" / "cases.yml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("other_signs: none", "other_signs: pain", 1), encoding="utf-8")
    _model, _positions, problems = check_teaching(cases)
    (problem,) = problems
    assert problem.severity == "error"
    assert "lead to ['trigeminal_neuralgia', 'myokymia']" in problem.message
    assert problem.line == 1 + text[: text.index("expected: [myokymia]")].count("\n")
