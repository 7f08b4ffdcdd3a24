"""The YAML conversation stories in dialogs/tests/ pass and cover every outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.assistant import Consultation
from bot.core.stories import Story, load_stories, play
from tests.conftest import DIALOGS

STORY_FILE = load_stories(DIALOGS / "tests" / "consultation.yml")


@pytest.mark.parametrize("story", STORY_FILE.stories, ids=lambda s: s.name)
def test_story(consultation: Consultation, story: Story) -> None:
    result = play(consultation.engine, consultation.renderer, story)
    assert result.passed, "\n".join(result.failures)


def test_stories_reach_every_outcome_and_every_danger_sign(consultation: Consultation) -> None:
    reached: set[str] = set()
    dangers: set[str] = set()
    for story in STORY_FILE.stories:
        result = play(consultation.engine, consultation.renderer, story)
        reached.update(result.outcomes)
        if result.danger:
            dangers.add(result.danger)
    dialog = consultation.dialog
    assert reached == {o.id for o in dialog.outcomes}
    assert dangers == {d.id for d in dialog.danger_signs}


def test_a_failing_story_says_what_differs(consultation: Consultation, tmp_path: Path) -> None:
    story = Story(name="wrong", steps=["none", "one_eyelid"], outcome=None)
    story = story.model_copy(update={"steps": ["none", "both_eyes_typo"]})
    result = play(consultation.engine, consultation.renderer, story)
    assert not result.passed
    assert "'both_eyes_typo' is not an option of question 'location'" in result.failures[0]
