"""A teacher's quiz file: every problem at its line and column, Telegram's poll limits,
and the quiz as a bank of one topic."""

from __future__ import annotations

from bot.core import teacher_quiz as tq
from bot.core.teacher_quiz import FileProblem, read_quiz_file


def where(problems: list[FileProblem]) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message % {**p.values}) for p in problems]


def question(number: int, options: int = 2, correct: str = "1") -> str:
    choices = ", ".join(f"o{n}" for n in range(options))
    return (
        f"  - question: Q{number}?\n    options: [{choices}]\n"
        f"    correct: {correct}\n    explanation: Because.\n"
    )


def test_both_examples_are_quizzes_with_the_same_questions() -> None:
    from_yaml, problems = read_quiz_file("a.yml", tq.TEMPLATE_YAML.encode())
    from_csv, more = read_quiz_file("a.csv", tq.TEMPLATE_CSV.encode())
    assert problems == more == [] and from_yaml is not None and from_csv is not None
    assert from_yaml.questions == from_csv.questions


def test_telegrams_poll_limits_are_checked_at_their_places() -> None:
    text = "title: T\nquestions:\n" + question(1, options=13) + question(2, correct="[1, 3]")
    text += "  - question: Q3?\n    options: [a, A]\n    correct: 1\n"
    text += '    explanation: "one\\ntwo\\nthree\\nfour"\n'
    _quiz, problems = read_quiz_file("a.yml", text.encode())
    assert where(problems) == [
        (4, 65, "a poll can have at most 12 options; this question has 13"),  # the 13th
        (9, 14, "correct names option 3, which is not there (the options are numbered 1 to 2)"),
        (12, 18, "option 2 is the same as option 1"),
        (14, 18, "the explanation has 3 line breaks; Telegram allows 2"),
    ]


def test_more_than_fifty_questions_are_refused_at_the_fifty_first() -> None:
    text = "title: T\nquestions:\n" + "".join(question(n) for n in range(51))
    _quiz, problems = read_quiz_file("a.yml", text.encode())
    assert where(problems) == [(203, 5, "the quiz has 51 questions; at most 50 fit in one")]


def test_a_yaml_bomb_is_refused_before_it_is_expanded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
        for n in range(20)
    )
    _quiz, problems = read_quiz_file("a.yml", bomb.encode())
    assert where(problems) == [(2, 8, "anchors and aliases (& and *) are not allowed here")]


def test_a_csv_names_its_cells_by_line_and_column_and_reads_quoted_line_breaks() -> None:
    text = (
        "question,option 1,option 2,correct,explanation\n"
        '"Two\nlines?",a,b,1,ok\n'
        "Third line?,a,,2,ok\n"
    )
    _quiz, problems = read_quiz_file("a.csv", text.encode())
    assert where(problems) == [
        (4, 2, "a poll needs 2 to 12 options; this question has 1"),
        (4, 4, "correct names option 2, which is not there (the options are numbered 1 to 1)"),
    ]


def test_a_csv_without_the_columns_says_which_it_needs() -> None:
    _quiz, problems = read_quiz_file("a.csv", b"frage,antwort\nx,y\n")
    assert [p.message for p in problems] == [tq.CSV_HEADER]
    text = b"question,correct,explanation,option 1,option 2,hint\nx,1,y,a,b,z\n"
    _quiz, problems = read_quiz_file("a.csv", text)
    assert where(problems) == [(1, 6, "unknown column \u201chint\u201d")]
    _quiz, problems = read_quiz_file("a.csv", b"question,correct\nx,y\n")
    assert [p.message for p in problems] == [tq.CSV_HEADER]


def test_the_quiz_becomes_a_bank_of_one_topic_with_its_right_options() -> None:
    quiz, _ = read_quiz_file("a.yml", tq.TEMPLATE_YAML.encode())
    assert quiz is not None
    bank = quiz.bank("v1")
    assert [q.id for q in bank.questions] == ["q1", "q2"]
    assert bank.questions[0].correct == ["o2"] and bank.questions[1].correct == ["o1", "o2"]
    assert bank.topics[0].title == "The facial nerve, week 3"


def test_codes_read_without_doubt() -> None:
    code = tq.new_code()
    assert tq.as_code(code.lower()) == code
    assert tq.as_code("ABC10O") is None and tq.as_code("again") is None
