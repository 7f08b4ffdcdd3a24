"""What a content maintainer sees when a dialog, a lexicon or a story is wrong.

Each test is a mistake made on purpose while following docs/maintaining-dialogs.md,
and the message that was unclear: the place, and a fix that names what to write.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import cli
from bot.assistant import Content
from bot.core.loader import check_dialog, read_yaml_text
from bot.core.problems import Positions
from bot.core.stories import Story, play
from bot.core.understanding.languages import check_lexicon
from tests.conftest import DIALOGS, one_story_file
from tests.core.test_loader import TEMPLATE, VALID, line_of


def write_dialog(tmp_path: Path, dialog: str = VALID, template: str = TEMPLATE) -> Path:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.html.j2").write_text(template, encoding="utf-8")
    path = tmp_path / "mini.yml"
    path.write_text(dialog, encoding="utf-8")
    return path


def test_regression_duplicate_key_named_the_line_of_its_value_not_of_its_key() -> None:
    """'side' given twice said "first on line 3": the line below the first `side:`."""
    text = "answers:\n  side:\n    left: [left]\n  location:\n    one_eyelid: [eyelid]\n  side:\n"
    _data, _positions, problems = read_yaml_text(text, Positions("en.yml"))
    [problem] = problems
    assert (problem.line, problem.column) == (6, 3)
    assert problem.message == "'side' is given twice (first on line 2)"


def test_regression_unknown_filter_in_a_branch_not_taken_passed_validate(tmp_path: Path) -> None:
    """jinja2 looks a filter up only when its branch runs: a misspelt one passed validate
    (and a live reload), and failed for the people whose answers took that branch."""
    template = TEMPLATE.replace(
        "{% macro todo() %}",
        "{% macro todo() %}\n{% if answers.first == 'never' %}{{ answers.first|uper }}{% endif %}",
    )
    _dialog, problems = check_dialog(write_dialog(tmp_path, template=template))
    [problem] = problems
    assert problem.file.endswith("t.html.j2")
    assert problem.line == line_of(template, "|uper")
    assert problem.message == "template 't.html.j2': unknown filter 'uper'"
    assert problem.fix.startswith("did you mean 'upper'? ")


def test_regression_trans_block_mistake_had_a_generic_fix(tmp_path: Path) -> None:
    """`{% endtrnas %}` said "control structures in translatable sections are not
    allowed", and `{{ a.b }}` inside a trans block "expected token 'end of print
    statement'", both with the fix "fix the template's syntax on this line"."""
    for broken in (
        "{% trans %}Hello{% endtrnas %}",
        "{% trans %}Hello {{ answers.first }}{% endtrans %}",
    ):
        template = TEMPLATE.replace("{% macro fits() %}x", "{% macro fits() %}" + broken)
        _dialog, problems = check_dialog(write_dialog(tmp_path, template=template))
        [problem] = problems
        assert problem.line == line_of(template, broken)
        assert "close each {% trans %} with {% endtrans %}" in problem.fix
        assert "plain {{ name }} placeholders" in problem.fix


def test_regression_misspelt_question_id_got_no_suggestion(tmp_path: Path) -> None:
    """`goto: secnd` said "use 'end' or a question id", naming none."""
    _dialog, problems = check_dialog(
        write_dialog(tmp_path, VALID.replace("goto: second", "goto: secnd"))
    )
    [problem] = problems
    assert problem.message == "unknown question 'secnd'"
    assert problem.fix == "did you mean 'second'? use 'end' or a question id"


def write_lexicon(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "en.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_regression_unknown_id_in_a_lexicon_was_reported_below_its_key(
    tmp_path: Path, content: Content
) -> None:
    """An unknown question written as a key was reported on the line after it (where its
    options start) with the fix "use a question id of the dialog", naming none; danger
    signs were listed in a different order on every run."""
    text = (
        "language: en\n"
        "danger:\n"
        "  stroek:\n"
        "    - face droop\n"
        "concerns:\n"
        "  chest_pian: [heart pain]\n"
        "answers:\n"
        "  sidee:\n"
        "    left: [left]\n"
        "  location:\n"
        "    one_eyelid_: [eyelid]\n"
    )
    _lexicon, problems = check_lexicon(write_lexicon(tmp_path, text), content.dialog)
    # (this lexicon names no medicines either: that is reported too, at line 1)
    by_line = {p.line: p for p in problems if "this language does not name" not in p.message}
    assert sorted(by_line) == [3, 6, 8, 11]
    assert [by_line[line].column for line in (3, 6, 8, 11)] == [3, 3, 3, 5]
    assert by_line[3].message == "danger: unknown danger sign 'stroek'"
    assert by_line[3].fix == (
        "did you mean 'stroke'? use one of: breathing, eyelid_vision, seizure, stroke"
    )
    assert by_line[6].message == "concerns: unknown concern 'chest_pian'"
    assert by_line[6].fix.startswith("did you mean 'chest_pain'? use an id under `concerns:`")
    assert by_line[8].message == "answers: unknown question 'sidee'"
    assert by_line[8].fix.startswith("did you mean 'side'? use a question id of the dialog: ")
    assert "location, side" in by_line[8].fix
    assert by_line[11].message == "answers: question 'location' has no option 'one_eyelid_'"
    assert by_line[11].fix.startswith("did you mean 'one_eyelid'? use one of: ")


def test_parts_asked_names_a_danger_check_with_its_line(tmp_path: Path, content: Content) -> None:
    """The parts a check asks about are read only at a danger check: a maintainer who
    writes another question, or a typo, is told where and which checks there are."""
    text = (
        "language: en\n"
        "parts_asked:\n"
        "  check_strok: [arm, leg]\n"
        "  location: [face]\n"
        "  check_stroke: [arm, leg]\n"
    )
    _lexicon, problems = check_lexicon(write_lexicon(tmp_path, text), content.dialog)
    by_line = {p.line: p for p in problems if "this language does not name" not in p.message}
    assert sorted(by_line) == [3, 4]
    assert by_line[3].message == "parts_asked: 'check_strok' is no question about danger signs"
    assert by_line[3].fix.startswith("did you mean 'check_stroke'? use one of: danger_screen")
    assert by_line[4].message == "parts_asked: 'location' is no question about danger signs"


def test_regression_a_phrase_under_two_options_of_one_question_passed_validate_silently(
    tmp_path: Path, content: Content
) -> None:
    """ "left eye blink" added under both_eyes while "left eye" stays one_eyelid's passed
    `validate` with no word, and never took effect (Telegram review 31): a phrase under two
    options of a question that takes one is a warning at the second; under two of a
    choose-all question's options it chooses both, and is no problem."""
    text = (
        "language: en\n"
        "answers:\n"
        "  location:\n"
        "    one_eyelid: [left eye blink]\n"
        "    both_eyes: [both eyes, left eye blink]\n"
        "  body_clues:\n"
        "    cramps: [hands cramp]\n"
        "    tingling: [hands cramp]\n"
    )
    _lexicon, problems = check_lexicon(write_lexicon(tmp_path, text), content.dialog)
    [warning] = [p for p in problems if "listed under both" in p.message]
    assert warning.severity == "warning"
    assert (warning.line, warning.column) == (5, 28)
    assert warning.message.startswith(
        "answers: 'left eye blink' is listed under both 'one_eyelid' and 'both_eyes'"
    )


def test_regression_validate_read_a_lexicon_named_on_its_own_as_a_dialog(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`spasmbot validate dialogs/language/en.yml` reported 45 errors ("id: Field
    required", "language: Extra inputs are not permitted", ...) for a sound lexicon."""
    assert cli.main(["validate", str(DIALOGS / "language" / "en.yml")]) == 0
    out = capsys.readouterr().out
    assert "Field required" not in out
    assert "0 error(s)" in out


def test_regression_validate_read_a_story_file_as_a_dialog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A story file named to validate was read as a dialog: every dialog field missing."""
    tests = tmp_path / "tests"
    tests.mkdir()
    path = tests / "mine.yml"
    path.write_text("dialog: consultation\nstories:\n  - name: x\n    steps: [none, no]\n")
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Field required" not in out
    assert f"{path}:4:19: error: stories.0.steps.1: Input should be a valid string" in out


def test_regression_a_step_that_is_no_option_named_no_option(content: Content) -> None:
    """A misspelt tap said only "'one_eylid' is not an option of question 'location'"."""
    story = Story(name="typo", steps=["none", "one_eylid"])
    [failure] = play(content.engine, content.renderer, story).failures
    assert failure.where == ("steps", 1)
    assert failure.text == "step 2: 'one_eylid' is not an option of question 'location'"
    assert failure.fix.startswith("did you mean 'one_eyelid'? tap one of: one_eyelid, one_side")
    story = Story(name="a step too few", steps=["none", "one_eyelid", "no"])
    [failure] = play(content.engine, content.renderer, story).failures
    assert "'no' answers " in failure.fix
    assert "is a step before it missing or one too many?" in failure.fix
    story = Story(name="a step too many", steps=[{"say": "my face is drooping"}, "none"])
    [failure] = play(content.engine, content.renderer, story).failures
    assert failure.fix == "the consultation has ended here: remove this step"


def test_regression_test_dialogs_on_one_new_file_failed_for_coverage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new story file played on its own passed, yet the command failed and listed the 31
    outcomes and danger signs that only the other files reach."""
    path = one_story_file(
        tmp_path / "mine.yml", "a harmless eyelid twitch from stress", "self_care"
    )
    assert cli.main(["test-dialogs", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 passed, 0 failed" in out
    assert "not covered by any story" not in out
    assert "run `spasmbot test-dialogs` without paths" in out


def test_regression_story_file_naming_an_unknown_dialog_said_it_cannot_read_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dialog: consultaton` said "dialogs/consultaton.yml:1:1: error: cannot read the
    file: No such file or directory", and no other story file was played."""
    path = tmp_path / "mine.yml"
    path.write_text("dialog: consultaton\nstories:\n  - name: x\n    steps: [none]\n")
    assert cli.main(["test-dialogs", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1:9: error: no dialog 'consultaton' in " in out
    assert "(fix: did you mean 'consultation'? name a dialog by its file name" in out
    assert "cannot read the file" not in out
    assert "1 story file(s) with errors" in out


def test_an_answer_a_concern_rules_out_must_exist(tmp_path: Path) -> None:
    """`rules_out` names answers by id: a misspelt option is shown where it is written."""
    concern = (
        "concerns:\n  - id: withdrawal\n    title: Withdrawal\n    advice: Get help.\n"
        "    keywords: [stopped drinking]\n    rules_out:\n      first: [eyes]\n"
    )
    path = write_dialog(tmp_path, VALID.replace("questions:\n", concern + "questions:\n", 1))
    _dialog, problems = check_dialog(path)
    [problem] = problems
    assert problem.message == "'eyes' is not an option of question 'first'"
    assert problem.fix == "name one of: eye, face, not_sure"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "first: [eyes]")


def test_a_source_a_concern_names_must_exist(tmp_path: Path) -> None:
    """A concern's `sources` name sources by id: a misspelt one is shown where it is
    written, as an outcome's is (it would fail when the advice is rendered)."""
    concern = (
        "concerns:\n  - id: meningitis\n    title: Fever and a stiff neck\n"
        "    advice: Get help now.\n    sources: [nhs_meningitis]\n"
        "    keywords: [stiff neck]\n"
    )
    path = write_dialog(tmp_path, VALID.replace("questions:\n", concern + "questions:\n", 1))
    _dialog, problems = check_dialog(path)
    [problem] = problems
    assert problem.message == "unknown source 'nhs_meningitis'"
    assert problem.fix == "add it under `sources:` or fix the id"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "sources: [nhs_meningitis]")
