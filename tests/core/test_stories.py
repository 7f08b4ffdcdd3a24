"""The YAML conversation stories in dialogs/tests/ pass and cover every outcome."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.assistant import Content
from bot.core.coverage import Coverage
from bot.core.stories import Story, load_stories, play
from tests.conftest import DIALOGS, one_story_file

STORY_FILE = load_stories(DIALOGS / "tests" / "consultation.yml")


@pytest.mark.parametrize("story", STORY_FILE.stories, ids=lambda s: s.name)
def test_story(content: Content, story: Story) -> None:
    result = play(content.engine, content.renderer, story)
    assert result.passed, "\n".join(map(str, result.failures))


def test_stories_reach_every_outcome_and_every_danger_sign(content: Content) -> None:
    reached: set[str] = set()
    dangers: set[str] = set()
    for story in STORY_FILE.stories:
        result = play(content.engine, content.renderer, story)
        reached.update(result.outcomes)
        if result.danger:
            dangers.add(result.danger)
    dialog = content.dialog
    assert reached == {o.id for o in dialog.outcomes}
    assert dangers == {d.id for d in dialog.danger_signs}


def test_a_failing_story_says_what_differs(content: Content, tmp_path: Path) -> None:
    story = Story(name="wrong", steps=["none", "one_eyelid"], outcome=None)
    story = story.model_copy(update={"steps": ["none", "both_eyes_typo"]})
    result = play(content.engine, content.renderer, story)
    assert not result.passed
    assert "'both_eyes_typo' is not an option of question 'location'" in str(result.failures[0])


def test_a_story_says_when_a_reply_has_words_it_must_not(content: Content) -> None:
    """`absent`: what the person never said must not be quoted back to them."""
    story = Story.model_validate(
        {
            "name": "told no hearing change",
            "steps": [
                "none",
                {"tap": "one_eyelid", "expect": {"absent": "have you had any of these"}},
                {"tap": "under_2_weeks", "expect": {"absent": "hearing"}},
            ],
        }
    )
    assert play(content.engine, content.renderer, story).passed
    story = Story.model_validate(
        {
            "name": "the next question is shown",
            "steps": ["none", {"tap": "one_eyelid", "expect": {"absent": "How long"}}],
        }
    )
    result = play(content.engine, content.renderer, story)
    assert "expected the reply not to contain 'How long'" in str(result.failures[0])


def test_regression_a_story_in_a_language_without_catalog_failed_on_english_text(
    content: Content,
) -> None:
    """A Russian story in a clone whose catalogs were not compiled failed step by step on
    English replies; it now says what to run."""
    story = Story(name="in French", steps=["none"], outcome=None, language="fr")
    result = play(content.engine, content.renderer, story)
    assert not result.passed
    assert "no compiled catalog for 'fr'" in str(result.failures[0])


def test_coverage_of_the_shipped_stories_is_complete(content: Content) -> None:
    results = [play(content.engine, content.renderer, s) for s in STORY_FILE.stories]
    coverage = Coverage.of(content.dialog, results)
    assert coverage.missing_required() == []
    assert all(coverage.questions.values())
    assert all(coverage.transitions.values())


def test_coverage_names_what_no_story_reaches(content: Content) -> None:
    story = Story(name="one", steps=["none", "one_eyelid", "under_2_weeks"])
    coverage = Coverage.of(content.dialog, [play(content.engine, content.renderer, story)])
    assert coverage.transitions[("danger_screen", "location")]
    assert not coverage.transitions[("location", "side")]
    assert "outcome hemifacial_spasm" in coverage.missing_required()
    assert "danger sign stroke" in coverage.missing_required()
    assert any("not covered: location → side" in line for line in coverage.report(detailed=True))


def test_test_dialogs_command_shows_failures_and_gaps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stories = one_story_file(
        tmp_path / "stories.yml", "a twitch called urgent by mistake", "urgent"
    )
    assert cli.main(["test-dialogs", str(stories)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  a twitch called urgent by mistake" in out
    assert "urgency: expected urgent, got self_care" in out
    assert "0 passed, 1 failed" in out
    # one file played alone: the gaps are counted, not failed (all stories must cover them)
    assert "outcome(s) and danger sign(s) no story in these files reaches" in out


def test_test_dialogs_command_passes_on_the_shipped_stories(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["test-dialogs"]) == 0
    assert "0 failed" in capsys.readouterr().out


def story_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stories.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_error_in_a_story_file_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It printed a raw traceback with no file name."""
    path = story_file(tmp_path, "dialog: consultation\nstories:\n  - name: x\n   steps: [none]\n")
    assert cli.main(["test-dialogs", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:4:4: error: YAML syntax: " in out
    assert "1 story file(s) with errors" in out


def test_a_schema_error_in_a_story_file_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt key, a step with two actions, `no` unquoted, an unknown urgency: each
    at its line, as `spasmbot validate` reports dialog files."""
    path = story_file(
        tmp_path,
        "dialog: consultation\n"
        "stories:\n"
        "  - name: x\n"
        "    steps:\n"
        "      - none\n"
        "      - {tap: one_eyelid, say: one eyelid}\n"
        "      - no\n"
        "      - {tap: same, expect: {stat: course}}\n"
        "    outcome: {urgency: soon, patterns: [myokymia]}\n",
    )
    assert cli.main(["test-dialogs", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        f"{path}:6:9: error: stories.0.steps.1: a step takes one of tap, say or command, "
        "not tap and say",
        f"{path}:7:9: error: stories.0.steps.2: Input should be a valid string (fix: put the "
        'text in quotes, e.g. "no" (YAML reads no/yes/on/off as true/false))',
        f"{path}:8:36: error: stories.0.steps.3.expect.stat: Extra inputs are not permitted "
        "(fix: remove this field or check its spelling)",
        f"{path}:9:24: error: stories.0.outcome.urgency: unknown urgency 'soon' "
        "(fix: use one of: self_care, routine, urgent, emergency)",
    ]


def test_a_template_failing_in_a_story_names_the_step_and_the_template_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template that fails only when rendered printed a traceback."""
    dialogs = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, dialogs)
    template = dialogs / "templates" / "patterns" / "myokymia.html.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    at = lines.index("{% macro fits() -%}") + 1
    lines.insert(at, "{{ undefined_thing.attr }}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("SPASMBOT_DIALOGS", str(dialogs))
    path = story_file(
        tmp_path,
        "dialog: consultation\n"
        "stories:\n"
        "  - name: a harmless eyelid twitch from stress\n"
        "    steps: [none, one_eyelid, under_2_weeks, 'no', none, none, none, stress]\n",
    )
    assert cli.main(["test-dialogs", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{path}:4:70: error: step 8: the reply fails to render in 'en': UndefinedError: "
        f"'undefined_thing' is undefined ({template}:{at + 1})"
    ) in out
    assert "0 passed, 1 failed" in out
