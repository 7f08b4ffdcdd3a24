"""A teacher's own quiz: a YAML or CSV file sent to the bot, checked like a dialog file.

A teacher who is not a programmer writes questions in a text file (the bot's
`/template` is a filled example), sends it in a private chat, and gets back
every problem at its place, as `spasmbot validate` reports a dialog's:
`line:column: message (fix: ...)`. YAML is read with the dialog loader's
machinery (`read_yaml_text`, `Positions`); a CSV file's cells get the same
positions (line, column number). The checks are Telegram's poll limits — the
quiz bank's (`teaching.POLL_*`) — and the quiz's own: a right option that
exists, at least one question, not too many.

The problems are returned as msgids with values, so the adapter says them in
the teacher's language. A sound file becomes a `TeacherQuiz`, which runs as a
`QuizBank` of one topic (`bank`): the group quiz and the homework need
nothing else. Pure: no I/O.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import yaml
from pydantic import BeforeValidator, StringConstraints, ValidationError

from bot.core.loader import read_yaml_text
from bot.core.model import Strict
from bot.core.problems import Path_, Positions
from bot.core.teaching import (
    POLL_EXPLANATION_LINE_FEEDS,
    POLL_EXPLANATION_MAX,
    POLL_OPTION_MAX,
    POLL_OPTIONS_MAX,
    POLL_QUESTION_MAX,
    QuizBank,
    QuizOption,
    QuizQuestion,
    QuizTopic,
)
from bot.i18n import N_

#: A file larger than this is refused before it is downloaded.
FILE_MAX_BYTES = 64 * 1024
QUESTIONS_MAX = 50
TITLE_MAX = 100
#: What a quiz file may be called: YAML or CSV.
YAML_SUFFIXES = (".yml", ".yaml")
CSV_SUFFIXES = (".csv",)
#: A quiz's code: no 0/O, 1/I/L, so it reads and types without doubt.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_PATTERN = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
#: The topic id every teacher's question has in its bank.
OWN_TOPIC = "own"
#: The CSV columns, as the first row names them ("option 1" … "option 12").
CSV_COLUMNS = ("question", "correct", "explanation")
CSV_OPTION = "option"

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


def _option_numbers(value: Any) -> Any:
    """`correct: 2`, `correct: [1, 3]`, or a CSV cell "1;3" (also "1, 3", "1 3")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return [value]
    if isinstance(value, str):
        parts = [p for p in re.split(r"[;,\s]+", value.strip()) if p]
        return [int(p) if p.isdigit() else p for p in parts]
    return value


class TeacherQuestion(Strict):
    question: Text
    options: list[Text]
    correct: Annotated[list[int], BeforeValidator(_option_numbers)]
    explanation: Text


class TeacherQuiz(Strict):
    """A teacher's quiz as checked: the poll limits are kept by `check`."""

    title: Text
    questions: list[TeacherQuestion]

    def bank(self, code: str) -> QuizBank:
        """The quiz as a bank of one topic: questions q1, q2, …; options o1, o2, …"""
        questions = [
            QuizQuestion(
                id=f"q{number}",
                topic=OWN_TOPIC,
                question=question.question,
                options=[
                    QuizOption(id=f"o{index}", text=text)
                    for index, text in enumerate(question.options, start=1)
                ],
                correct=[f"o{index}" for index in sorted(set(question.correct))],
                explanation=question.explanation,
                details=question.explanation,
            )
            for number, question in enumerate(self.questions, start=1)
        ]
        topic = QuizTopic(id=OWN_TOPIC, title=self.title)
        return QuizBank(kind="quiz", version=code, topics=[topic], questions=questions)


@dataclass(frozen=True)
class FileProblem:
    """One problem at its place: `message` and `fix` are msgids, filled from `values`;
    `question` is the question's number (from 1) when the problem is in one."""

    line: int
    column: int
    message: str
    fix: str
    question: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


# -- what the problems say (msgids, translated by the adapter) ----------------------
NOT_TEXT = N_("this is not a text file")
NOT_TEXT_FIX = N_("save the quiz as plain text in UTF-8, as a .yml or .csv file")
EMPTY = N_("the file is empty")
EMPTY_FIX = N_("start from the example that /template sends")
TOO_BIG = N_("the file has %(size)d KB; a quiz file may have %(limit)d KB")
TOO_BIG_FIX = N_("split it into two quizzes")
YAML_SYNTAX = N_("the YAML cannot be read: %(problem)s")
YAML_SYNTAX_FIX = N_("check the indentation and the quotes on this line")
YAML_ALIAS = N_("anchors and aliases (& and *) are not allowed here")
YAML_ALIAS_FIX = N_("write each text out in full")
YAML_SHAPE = N_("the file must start with title: and questions:")
YAML_SHAPE_FIX = N_("compare it with the example that /template sends")
CSV_HEADER = N_("the first row must name the columns: %(columns)s")
CSV_HEADER_FIX = N_("copy the first row of the CSV example that /template describes")
CSV_UNKNOWN_COLUMN = N_("unknown column “%(column)s”")
CSV_UNKNOWN_COLUMN_FIX = N_("rename it to one of: %(columns)s, or delete it")
MISSING = N_("%(field)s is missing")
MISSING_FIX = N_("add it")
EXTRA = N_("unknown field “%(field)s”")
EXTRA_FIX = N_("remove it or check its spelling; the fields are: %(fields)s")
EMPTY_TEXT = N_("%(field)s is empty")
EMPTY_TEXT_FIX = N_("write it")
TOO_LONG = N_("%(field)s has %(length)d characters; Telegram allows %(limit)d")
TOO_LONG_FIX = N_("shorten it")
WRONG_FORM = N_("%(field)s should be %(form)s")
WRONG_FORM_FIX = N_("compare it with the example that /template sends")
FORM_TEXT = N_("a text")
FORM_LIST = N_("a list")
FORM_NUMBERS = N_("option numbers, such as 2 or 1;3")
NO_QUESTIONS = N_("the quiz has no questions")
NO_QUESTIONS_FIX = N_("add at least one question")
TOO_MANY_QUESTIONS = N_("the quiz has %(count)d questions; at most %(limit)d fit in one")
FEW_OPTIONS = N_("a poll needs %(least)d to %(limit)d options; this question has %(count)d")
FEW_OPTIONS_FIX = N_("add options")
MANY_OPTIONS = N_("a poll can have at most %(limit)d options; this question has %(count)d")
MANY_OPTIONS_FIX = N_("remove some")
REPEATED_OPTION = N_("option %(number)d is the same as option %(other)d")
REPEATED_OPTION_FIX = N_("make every option different")
NO_CORRECT = N_("no correct option is given")
NO_CORRECT_FIX = N_("write the number of the right option, e.g. correct: 2")
NOT_AN_OPTION = N_(
    "correct names option %(number)d, which is not there (the options are numbered 1 to %(count)d)"
)
NOT_AN_OPTION_FIX = N_("number the options from 1, in the order they are written")
LINE_FEEDS = N_("the explanation has %(count)d line breaks; Telegram allows %(limit)d")
LINE_FEEDS_FIX = N_("join its lines")
#: A problem pydantic found that none of the above names: its own English words.
OTHER = N_("%(field)s: %(problem)s")
OTHER_FIX = N_("compare it with the example that /template sends")

#: How the fields are named in the problems (the file's own words, not translated).
FIELDS = ("title", "questions", "question", "options", "correct", "explanation")


def read_quiz_file(name: str, content: bytes) -> tuple[TeacherQuiz | None, list[FileProblem]]:
    """The quiz in a file called `name`, or every problem in it, in file order.

    `name` ends in .yml, .yaml or .csv (the adapter refuses other files first).
    """
    if len(content) > FILE_MAX_BYTES:
        return None, [too_big(len(content))]
    text = _text(content)
    if text is None:
        return None, [FileProblem(1, 1, NOT_TEXT, NOT_TEXT_FIX)]
    if not text.strip():
        return None, [FileProblem(1, 1, EMPTY, EMPTY_FIX)]
    title = _title_from(name)
    if name.lower().endswith(CSV_SUFFIXES):
        data, positions, found = _read_csv(text, title)
    else:
        data, positions, found = _read_yaml(text, title)
    if found or positions is None:
        return None, found
    return check(data, positions)


def too_big(size: int) -> FileProblem:
    """A file of `size` bytes, over the limit (told before it is downloaded)."""
    values = {"size": -(-size // 1024), "limit": FILE_MAX_BYTES // 1024}
    return FileProblem(1, 1, TOO_BIG, TOO_BIG_FIX, values=values)


def is_quiz_file(name: str) -> bool:
    return name.lower().endswith((*YAML_SUFFIXES, *CSV_SUFFIXES))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def as_code(word: str) -> str | None:
    """`word` as a quiz code (any case), or None if it cannot be one."""
    code = word.strip().upper()
    return code if CODE_PATTERN.match(code) else None


def check(data: Any, positions: Positions) -> tuple[TeacherQuiz | None, list[FileProblem]]:
    """The quiz in `data` (read from a file, with the `positions` of its parts)."""
    try:
        quiz = TeacherQuiz.model_validate(data)
    except ValidationError as exc:
        found = [_schema_problem(err, positions) for err in exc.errors()]
        # Every problem at once: the limits of the questions that are well formed, too.
        questions = data.get("questions") if isinstance(data, dict) else None
        for qi, item in enumerate(questions if isinstance(questions, list) else []):
            try:
                question = TeacherQuestion.model_validate(item)
            except ValidationError:
                found.extend(_text_limits_of(qi, item, positions))
                continue
            found.extend(_question_limits(qi, question, positions))
        return None, _in_order(found)
    found = list(_limits(quiz, positions))
    return (None, _in_order(found)) if found else (quiz, [])


def _in_order(found: list[FileProblem]) -> list[FileProblem]:
    return sorted(_hashable(found), key=lambda p: (p.line, p.column))


def _hashable(found: list[FileProblem]) -> list[FileProblem]:
    """Each problem once (the values are compared as text)."""
    seen: set[tuple[Any, ...]] = set()
    once = []
    for problem in found:
        key = (problem.line, problem.column, problem.message, repr(problem.values))
        if key not in seen:
            seen.add(key)
            once.append(problem)
    return once


def _text(content: bytes) -> str | None:
    if b"\x00" in content:
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _title_from(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("_", " ").strip()[:TITLE_MAX] or "Quiz"


# -- YAML --------------------------------------------------------------------------


def _read_yaml(text: str, title: str) -> tuple[Any, Positions | None, list[FileProblem]]:
    positions = Positions("quiz")
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):  # a few lines could expand to gigabytes
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                return None, None, [FileProblem(line, column, YAML_ALIAS, YAML_ALIAS_FIX)]
        data, positions, problems = read_yaml_text(text, positions)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = str(getattr(exc, "problem", None) or type(exc).__name__)
        return (
            None,
            None,
            [FileProblem(line, column, YAML_SYNTAX, YAML_SYNTAX_FIX, values={"problem": problem})],
        )
    if problems:  # a syntax error the loader found at its place
        first = problems[0]
        problem = first.message.removeprefix("YAML syntax: ")
        return (
            None,
            None,
            [
                FileProblem(
                    first.line,
                    first.column,
                    YAML_SYNTAX,
                    YAML_SYNTAX_FIX,
                    values={"problem": problem},
                )
            ],
        )
    if not isinstance(data, dict):
        return None, None, [FileProblem(1, 1, YAML_SHAPE, YAML_SHAPE_FIX)]
    data.setdefault("title", title)
    return data, positions, []


# -- CSV ---------------------------------------------------------------------------


def _read_csv(text: str, title: str) -> tuple[Any, Positions | None, list[FileProblem]]:
    """Rows of question, correct, explanation, option 1, option 2, …; the first row names
    the columns (in any order). Spreadsheets in many languages save with `;`: any of
    `,`, `;` or a tab separates the cells."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    positions = Positions("quiz")
    header = next(reader, [])
    columns: dict[int, str | int] = {}
    problems: list[FileProblem] = []
    expected = ", ".join([*CSV_COLUMNS, f"{CSV_OPTION} 1", f"{CSV_OPTION} 2", "…"])
    for index, cell in enumerate(header):
        name = re.sub(r"[\s_]+", " ", cell.strip().lower())
        number = name.removeprefix(CSV_OPTION).strip()
        if name in CSV_COLUMNS:
            columns[index] = name
        elif name.startswith(CSV_OPTION) and number.isdigit() and 1 <= int(number) <= 99:
            columns[index] = int(number)
        elif name:
            problems.append(
                FileProblem(
                    1,
                    index + 1,
                    CSV_UNKNOWN_COLUMN,
                    CSV_UNKNOWN_COLUMN_FIX,
                    values={"column": cell.strip()[:40], "columns": expected},
                )
            )
    named = set(columns.values())
    if not set(CSV_COLUMNS) <= named or 1 not in named:
        return (
            None,
            None,
            [FileProblem(1, 1, CSV_HEADER, CSV_HEADER_FIX, values={"columns": expected})],
        )
    if problems:
        return None, None, problems
    positions.record_at(("title",), 1, 1)
    positions.record_at(("questions",), 2, 1)
    questions: list[dict[str, Any]] = []
    line = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            here: Path_ = ("questions", len(questions))
            positions.record_at(here, line, 1)
            question: dict[str, Any] = {}
            options: dict[int, tuple[str, int]] = {}
            for index, cell in enumerate(row):
                column = columns.get(index)
                if isinstance(column, str):
                    question[column] = cell
                    positions.record_at((*here, column), line, index + 1)
                elif isinstance(column, int) and cell.strip():
                    options[column] = (cell, index + 1)
            question["options"] = [options[n][0] for n in sorted(options)]
            first = min(options.values(), key=lambda o: o[1])[1] if options else 1
            positions.record_at((*here, "options"), line, first)
            for place, option_number in enumerate(sorted(options)):
                cell_column = options[option_number][1]
                positions.record_at((*here, "options", place), line, cell_column)
            questions.append(question)
        line = reader.line_num + 1
    return {"title": title, "questions": questions}, positions, []


# -- checks ------------------------------------------------------------------------


def _field(path: tuple[Any, ...]) -> str:
    """The file's own name for where a problem is ("options", "correct", …)."""
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "questions"


def _question_of(path: tuple[Any, ...]) -> int | None:
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        return path[1] + 1
    return None


def _schema_problem(err: Any, positions: Positions) -> FileProblem:
    path = tuple(err["loc"])
    line, column = positions.at(path)
    kind = err["type"]
    name = _field(path)
    question = _question_of(path)

    def problem(message: str, fix: str, **values: Any) -> FileProblem:
        return FileProblem(line, column, message, fix, question, {"field": name, **values})

    if kind == "missing":
        return problem(MISSING, MISSING_FIX)
    if kind == "extra_forbidden":
        return problem(EXTRA, EXTRA_FIX, fields=", ".join(FIELDS))
    if kind == "string_type":
        return problem(WRONG_FORM, WRONG_FORM_FIX, form=FORM_TEXT)
    if kind in ("list_type", "model_type", "dict_type"):
        return problem(WRONG_FORM, WRONG_FORM_FIX, form=FORM_LIST)
    if name == "correct" and kind in ("int_parsing", "int_type", "int_from_float"):
        return problem(WRONG_FORM, WRONG_FORM_FIX, form=FORM_NUMBERS)
    message = str(err.get("msg", kind))
    return problem(OTHER, OTHER_FIX, problem=message)


def _limits(quiz: TeacherQuiz, positions: Positions) -> Iterator[FileProblem]:
    """Telegram's poll limits and what makes a quiz a quiz, each at its place."""

    yield from _text_limit(positions, ("title",), quiz.title, TITLE_MAX)
    if not quiz.questions:
        yield _at(positions, ("questions",), NO_QUESTIONS, NO_QUESTIONS_FIX)
    elif len(quiz.questions) > QUESTIONS_MAX:
        yield _at(
            positions,
            ("questions", QUESTIONS_MAX),
            TOO_MANY_QUESTIONS,
            TOO_BIG_FIX,
            count=len(quiz.questions),
            limit=QUESTIONS_MAX,
        )
    for qi, question in enumerate(quiz.questions):
        yield from _question_limits(qi, question, positions)


def _at(positions: Positions, path: Path_, message: str, fix: str, **values: Any) -> FileProblem:
    line, column = positions.at(path)
    return FileProblem(line, column, message, fix, _question_of(path), values)


def _text_limit(positions: Positions, path: Path_, value: str, limit: int) -> Iterator[FileProblem]:
    name = _field(path)
    if not value:
        yield _at(positions, path, EMPTY_TEXT, EMPTY_TEXT_FIX, field=name)
    elif len(value) > limit:
        yield _at(
            positions, path, TOO_LONG, TOO_LONG_FIX, field=name, length=len(value), limit=limit
        )


#: The longest text each field may hold.
TEXT_LIMITS = {"question": POLL_QUESTION_MAX, "explanation": POLL_EXPLANATION_MAX}


def _text_limits_of(qi: int, item: Any, positions: Positions) -> Iterator[FileProblem]:
    """The lengths of a question's texts, when the question as a whole is not well formed."""
    if not isinstance(item, dict):
        return
    for name, limit in TEXT_LIMITS.items():
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            yield from _text_limit(positions, ("questions", qi, name), value.strip(), limit)
    options = item.get("options")
    for oi, option in enumerate(options if isinstance(options, list) else []):
        if isinstance(option, str) and option.strip():
            path = ("questions", qi, "options", oi)
            yield from _text_limit(positions, path, option.strip(), POLL_OPTION_MAX)


def _question_limits(
    qi: int, question: TeacherQuestion, positions: Positions
) -> Iterator[FileProblem]:
    here: Path_ = ("questions", qi)

    def at(path: Path_, message: str, fix: str, **values: Any) -> FileProblem:
        return _at(positions, path, message, fix, **values)

    def text(path: Path_, value: str, limit: int) -> Iterator[FileProblem]:
        return _text_limit(positions, path, value, limit)

    yield from text((*here, "question"), question.question, POLL_QUESTION_MAX)
    count = len(question.options)
    if count < 2:
        yield at(
            (*here, "options"),
            FEW_OPTIONS,
            FEW_OPTIONS_FIX,
            count=count,
            least=2,
            limit=POLL_OPTIONS_MAX,
        )
    elif count > POLL_OPTIONS_MAX:
        yield at(
            (*here, "options", POLL_OPTIONS_MAX),
            MANY_OPTIONS,
            MANY_OPTIONS_FIX,
            count=count,
            limit=POLL_OPTIONS_MAX,
        )
    seen: dict[str, int] = {}
    for oi, option in enumerate(question.options):
        yield from text((*here, "options", oi), option, POLL_OPTION_MAX)
        if option and option.casefold() in seen:
            yield at(
                (*here, "options", oi),
                REPEATED_OPTION,
                REPEATED_OPTION_FIX,
                number=oi + 1,
                other=seen[option.casefold()] + 1,
            )
        seen.setdefault(option.casefold(), oi)
    if not question.correct:
        yield at((*here, "correct"), NO_CORRECT, NO_CORRECT_FIX)
    for number in question.correct:
        if not 1 <= number <= count:
            yield at(
                (*here, "correct"),
                NOT_AN_OPTION,
                NOT_AN_OPTION_FIX,
                number=number,
                count=count,
            )
    yield from text((*here, "explanation"), question.explanation, POLL_EXPLANATION_MAX)
    feeds = question.explanation.count("\n")
    if feeds > POLL_EXPLANATION_LINE_FEEDS:
        yield at(
            (*here, "explanation"),
            LINE_FEEDS,
            LINE_FEEDS_FIX,
            count=feeds,
            limit=POLL_EXPLANATION_LINE_FEEDS,
        )


# -- the example ---------------------------------------------------------------------

TEMPLATE_YAML = """\
# A quiz for spasmbot. Send this file back to the bot, changed to your questions.
# Each question becomes a quiz poll: question up to 300 characters, 2 to 12
# options of up to 100 characters, explanation up to 200 characters.
# correct: the number of the right option (from 1), or several: [1, 3]
title: The facial nerve, week 3

questions:
  - question: Which cranial nerve moves the muscles of facial expression?
    options:
      - The trigeminal nerve (V)
      - The facial nerve (VII)
      - The vestibulocochlear nerve (VIII)
    correct: 2
    explanation: The facial nerve (VII) moves the face; the trigeminal nerve carries its feeling.

  - question: Which two are common triggers of an eyelid twitch?
    options:
      - Too little sleep
      - Lots of coffee
      - Reading in dim light
    correct: [1, 2]
    explanation: |-
      Tiredness and caffeine both make nerves more irritable.
      Dim light strains the eyes but does not start a twitch.
"""

TEMPLATE_CSV = """\
question,correct,explanation,option 1,option 2,option 3
Which cranial nerve moves the muscles of facial expression?,2,"The facial nerve (VII) \
moves the face; the trigeminal nerve carries its feeling.",The trigeminal nerve (V),\
The facial nerve (VII),The vestibulocochlear nerve (VIII)
Which two are common triggers of an eyelid twitch?,1;2,"Tiredness and caffeine both make \
nerves more irritable.
Dim light strains the eyes but does not start a twitch.",Too little sleep,Lots of coffee,\
Reading in dim light
"""
