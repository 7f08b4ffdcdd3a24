"""Every loader check names the file, line and column, and all are reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.loader import DialogError, Problem, check_dialog, load_dialog

TEMPLATE = """
{% macro fits() %}x{% endmacro %}{% macro explain() %}x{% endmacro %}
{% macro todo() %}{% endmacro %}{% macro warnings() %}{% endmacro %}
{% macro doctor() %}x{% endmacro %}
"""

VALID = """\
id: mini
version: "1"
title: Mini
start: first
fallback: plain
danger_signs:
  - id: stroke
    title: Stroke
    outcome: alarm
questions:
  - id: first
    title: First
    text: Where?
    why: Because.
    options:
      - id: eye
        label: Eye
      - id: face
        label: Face
        danger: stroke
      - id: not_sure
        label: Not sure
    next:
      - when: first == "eye"
        goto: second
      - goto: end
  - id: second
    title: Second
    text: How long?
    why: Because.
    options:
      - id: short
        label: Short
      - id: not_sure
        label: Not sure
    next:
      - goto: end
outcomes:
  - id: alarm
    pattern: Alarm
    urgency: emergency
    template: t.html.j2
  - id: twitch
    pattern: Twitch
    urgency: self_care
    when: second == "short"
    template: t.html.j2
  - id: plain
    pattern: Plain
    urgency: routine
    template: t.html.j2
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.html.j2").write_text(TEMPLATE)
    path = tmp_path / "mini.yml"
    path.write_text(text)
    return path


def problems(tmp_path: Path, text: str) -> list[Problem]:
    return check_dialog(write(tmp_path, text))[1]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_valid_dialog_loads(tmp_path: Path) -> None:
    dialog = load_dialog(write(tmp_path, VALID))
    assert [q.id for q in dialog.questions] == ["first", "second"]


@pytest.mark.parametrize(
    ("old", "new", "message", "fragment"),
    [
        ("goto: second", "goto: third", "unknown question 'third'", "goto: third"),
        ('when: first == "eye"', 'when: frist == "eye"', "unknown answer 'frist'", "frist"),
        ('when: first == "eye"', 'when: first == "ear"', "has no option 'ear'", "ear"),
        ('when: first == "eye"', 'when: first == "eye" and', "does not compile", "and"),
        ("urgency: self_care", "urgency: soon", "unknown urgency", "soon"),
        ("    urgency: routine\n", "", "urgency: Field required", "id: plain"),
        (
            "template: t.html.j2\n  - id: plain",
            "template: gone.html.j2\n  - id: plain",
            "'gone.html.j2' does not exist",
            "gone.html.j2",
        ),
        (
            "      - id: not_sure\n        label: Not sure\n    next:\n      - goto: end",
            "      - id: long\n        label: Long\n    next:\n      - goto: end",
            "has no 'not sure' option",
            "    options:\n      - id: short",
        ),
        (
            "    why: Because.\n    options:\n      - id: short",
            "    options:\n      - id: short",
            "why: Field required",
            "- id: second",
        ),
        (
            "      - goto: end\noutcomes",
            '      - when: second == "short"\n        goto: end\noutcomes',
            "dead end",
            'when: second == "short"',
        ),
        ("goto: second", "goto: end", "'second' can never be reached", "- id: second"),
        ("danger: stroke", "danger: strok", "unknown danger sign 'strok'", "danger: strok"),
        ("label: Eye", "label: no", "put the text in quotes", "label: no"),
        (
            "    title: Second\n",
            "    title: Second\n    dates: {question: first, option: ear}\n",
            "no question 'first' with an option 'ear'",
            "dates: {question: first, option: ear}",
        ),
    ],
)
def test_each_problem_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, message: str, fragment: str
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    found = problems(tmp_path, text)
    assert any(message in p.message or message in p.fix for p in found), found
    hit = next(p for p in found if message in p.message or message in p.fix)
    expected_line = line_of(text, fragment.splitlines()[-1]) if "\n" not in fragment else None
    if expected_line is not None:
        assert hit.line == expected_line, (hit, expected_line)
    assert hit.file.endswith("mini.yml")
    assert str(hit).startswith(f"{hit.file}:{hit.line}:{hit.column}: error:")


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("goto: second", "goto: third").replace("danger: stroke", "danger: strok")
    with pytest.raises(DialogError) as caught:
        load_dialog(write(tmp_path, text))
    messages = [p.message for p in caught.value.problems]
    assert any("third" in m for m in messages)
    assert any("strok" in m for m in messages)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = VALID.replace("title: Mini", "title: [Mini")
    (problem,) = problems(tmp_path, text)
    assert "YAML syntax" in problem.message
    assert problem.line >= line_of(text, "title: [Mini")


def test_regression_a_key_given_twice_silently_dropped_the_first(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys: a maintainer's second `course:` block in a
    lexicon made the first one's phrases vanish without a word."""
    text = VALID.replace("title: Mini", "title: Mini\ntitle: Mini again")
    (problem,) = problems(tmp_path, text)
    assert "'title' is given twice" in problem.message
    assert problem.line == line_of(text, "title: Mini again")
    assert problem.fix == "merge the two into one"


def test_regression_a_control_character_in_a_file_was_a_traceback_on_reload(
    tmp_path: Path,
) -> None:
    """A BEL pasted from a word processor made YAML refuse the file with "position 845"
    and no file, line or column: the maintainer got a traceback on /reload."""
    text = VALID.replace("title: Mini", "title: Mi\x07ni")
    (problem,) = problems(tmp_path, text)
    assert "U+0007" in problem.message
    assert (problem.line, problem.column) == (line_of(text, "title: Mi"), len("title: Mi") + 1)
    assert "delete it" in problem.fix


def test_regression_a_file_saved_as_windows_1252_was_a_traceback_on_reload(
    tmp_path: Path,
) -> None:
    """A story with "Müller" saved from an editor as Windows-1252 was a UnicodeDecodeError."""
    path = tmp_path / "consultation.yml"
    path.write_bytes(VALID.replace("title: Mini", "title: Müller").encode("cp1252"))
    _dialog, (problem,) = check_dialog(path)
    assert "not UTF-8" in problem.message
    assert problem.line == line_of(VALID, "title: Mini")
    assert problem.fix == "save the file as UTF-8"


def test_empty_file_is_reported(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path, "")
    assert "empty" in problem.message


def test_shipped_dialog_is_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    _dialog, found = check_dialog(root / "dialogs" / "consultation.yml")
    assert found == []


@pytest.mark.parametrize(
    ("old", "new", "message", "severity", "fragment"),
    [
        (
            '      - when: first == "eye"\n        goto: second\n      - goto: end',
            '      - goto: end\n      - when: first == "eye"\n        goto: second\n'
            "      - goto: end",
            "rule 2 never applies",
            "warning",
            'when: first == "eye"',
        ),
        (
            '      - when: first == "eye"\n        goto: second\n      - goto: end',
            '      - when: first != "face"\n        goto: second\n'
            '      - when: first == "eye"\n        goto: end\n      - goto: end',
            "rule 2 never applies",
            "warning",
            'when: first == "eye"',
        ),
        (
            "    next:\n      - goto: end\noutcomes",
            "    next:\n      - goto: second\noutcomes",
            "'second' is in a loop that can never finish",
            "error",
            None,
        ),
        ("        danger: stroke\n", "", "is not a danger screen", "error", "start: first"),
    ],
)
def test_flow_checks(
    tmp_path: Path, old: str, new: str, message: str, severity: str, fragment: str | None
) -> None:
    assert old in VALID, old
    text = VALID.replace(old, new, 1)
    found = [p for p in problems(tmp_path, text) if message in p.message]
    assert found, problems(tmp_path, text)
    assert found[0].severity == severity
    if fragment is not None:
        assert found[0].line == line_of(text, fragment)


def test_warnings_alone_do_not_stop_the_dialog_from_loading(tmp_path: Path) -> None:
    text = VALID.replace(
        '      - when: first == "eye"\n        goto: second\n      - goto: end',
        '      - when: first != "face"\n        goto: second\n'
        '      - when: first == "eye"\n        goto: end\n      - goto: end',
    )
    assert [p.severity for p in problems(tmp_path, text)] == ["warning"]
    assert load_dialog(write(tmp_path, text)).id == "mini"


def test_button_data_must_fit_telegram(tmp_path: Path) -> None:
    text = VALID.replace("second", "q" * 32).replace("short", "o" * 32)
    (found,) = [p for p in problems(tmp_path, text) if "Telegram allows 64" in p.message]
    assert found.line == line_of(text, "- id: " + "o" * 32)


def test_an_unknown_urgency_gets_a_fix(tmp_path: Path) -> None:
    """The urgency error was the one schema error without a `(fix: ...)`."""
    text = VALID.replace("urgency: self_care", "urgency: soon", 1)
    (problem,) = problems(tmp_path, text)
    assert problem.line == line_of(text, "urgency: soon")
    assert str(problem).endswith(
        "error: outcomes.1.urgency: unknown urgency 'soon' "
        "(fix: use one of: self_care, routine, urgent, emergency)"
    )


def lines_of(text: str, fragment: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]


def test_a_duplicate_option_id_points_at_the_duplicate(tmp_path: Path) -> None:
    """It pointed at the `options:` line, not at the option to rename."""
    short = "      - id: short\n        label: Short\n"
    text = VALID.replace(short, short + "      - id: short\n        label: Brief\n", 1)
    (found,) = [p for p in problems(tmp_path, text) if "repeats" in p.message]
    assert found.message == "option id 'short' repeats in 'second'"
    assert found.line == lines_of(text, "- id: short")[-1]


def test_a_duplicate_question_id_points_at_the_duplicate(tmp_path: Path) -> None:
    """It pointed at line 1 of the file."""
    text = VALID.replace("  - id: second\n", "  - id: first\n", 1)
    (found,) = [p for p in problems(tmp_path, text) if "more than once" in p.message]
    assert found.line == lines_of(text, "  - id: first")[-1]


def test_a_template_syntax_error_points_at_its_line_in_the_template(tmp_path: Path) -> None:
    """It pointed at the `template:` key of the dialog, without the template's line."""
    path = write(tmp_path, VALID)
    template = tmp_path / "templates" / "t.html.j2"
    template.write_text(TEMPLATE.replace("{% macro todo() %}", "{% macro todo() %}{% if %}"))
    found = check_dialog(path)[1]
    (problem,) = [p for p in found if p.file == str(template)]
    assert problem.line == 3
    assert problem.message.startswith("template 't.html.j2': ")
