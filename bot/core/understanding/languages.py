"""Loading and checking `dialogs/language/*.yml` against the dialog they describe.

A lexicon names questions, options and danger signs by id; a typo there would
silently stop the bot from understanding something, so every id is checked
and reported at its `file:line:column`, like the dialog itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.core.loader import DialogError, read_yaml, validate_model
from bot.core.model import Dialog
from bot.core.problems import Positions, Problem, did_you_mean
from bot.core.understanding.lexicon import Lexicon
from bot.core.understanding.text import STEMMERS

FOLDER = "language"


def lexicon_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def check_lexicon(path: Path, dialog: Dialog | None) -> tuple[Lexicon | None, list[Problem]]:
    data, positions, problems = read_yaml(path)
    if problems:
        return None, problems
    lexicon, problems = validate_model(Lexicon, data, positions)
    if lexicon is None:
        return None, problems
    found = list(_file_problems(path, lexicon, positions))
    if dialog is not None:
        found += list(_references(lexicon, dialog, positions))
    return lexicon, found


def _file_problems(path: Path, lexicon: Lexicon, pos: Positions) -> Iterator[Problem]:
    if lexicon.language != path.stem:
        yield pos.problem(
            ("language",),
            f"language {lexicon.language!r} in a file named {path.name}",
            f"set language: {path.stem}, or rename the file",
        )
    if lexicon.language not in STEMMERS:
        yield pos.problem(
            ("language",),
            f"no stemmer for {lexicon.language!r}",
            "use one of: " + ", ".join(sorted(STEMMERS)),
        )


def _references(lexicon: Lexicon, dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    signs = {d.id for d in dialog.danger_signs}
    concerns = {c.id for c in dialog.concerns}
    for section, phrases in (
        ("danger", lexicon.danger),
        ("suggests", lexicon.suggests),
        ("lookalikes", lexicon.lookalikes),
        ("denials", lexicon.denials),
    ):
        for sign in phrases:
            if sign not in signs and not (section == "lookalikes" and sign in concerns):
                yield pos.key_problem(
                    (section, sign),
                    f"{section}: unknown danger sign {sign!r}",
                    did_you_mean(sign, signs) + "use one of: " + ", ".join(sorted(signs)),
                )
    for concern in lexicon.concerns:
        if concern not in concerns:
            yield pos.key_problem(
                ("concerns", concern),
                f"concerns: unknown concern {concern!r}",
                did_you_mean(concern, concerns)
                + "use an id under `concerns:` in the dialog: "
                + (", ".join(sorted(concerns)) or "(none yet: add it there first)"),
            )
    checks = [q.id for q in dialog.questions if q.signs]
    for asked in lexicon.parts_asked:
        if asked not in checks:
            yield pos.key_problem(
                ("parts_asked", asked),
                f"parts_asked: {asked!r} is no question about danger signs",
                did_you_mean(asked, checks) + "use one of: " + ", ".join(checks),
            )
    for section, answers in (
        ("answers", lexicon.answers),
        ("with_medicine", lexicon.with_medicine),
        ("named", lexicon.named),
    ):
        yield from _answer_references(section, answers, dialog, pos)
    named = set(lexicon.medicines)
    for name in sorted(set(dialog.supplements) - named):
        yield pos.problem(
            ("medicines",),
            f"the dialog's supplement {name!r} is a medicine this language does not name",
            f"add {name}: [the ways people write it] under medicines",
        )
    for question in dialog.questions:
        for option in question.options:
            for name in sorted(set(option.medicines) - named):
                # the dialog names it; a lexicon without it would never choose the answer
                yield pos.problem(
                    ("medicines",),
                    f"option {question.id}.{option.id} is chosen by medicine {name!r}, "
                    f"which this language does not name",
                    f"add {name}: [the ways people write it] under medicines",
                )


def _answer_references(
    section: str, answers: dict[str, dict[str, list[str]]], dialog: Dialog, pos: Positions
) -> Iterator[Problem]:
    for question, options in answers.items():
        if not dialog.has_question(question):
            ids = [q.id for q in dialog.questions]
            yield pos.key_problem(
                (section, question),
                f"{section}: unknown question {question!r}",
                did_you_mean(question, ids) + "use a question id of the dialog: " + ", ".join(ids),
            )
            continue
        known = {o.id for o in dialog.question(question).options}
        # A question that takes one answer: a phrase under two of its options is read as
        # one of them only (under two of a choose-all question's, it chooses both).
        single = not dialog.question(question).multiple
        listed: dict[str, str] = {}  # phrase -> the first option it is listed under
        for option, phrases in options.items():
            if option not in known:
                yield pos.key_problem(
                    (section, question, option),
                    f"{section}: question {question!r} has no option {option!r}",
                    did_you_mean(option, known) + "use one of: " + ", ".join(sorted(known)),
                )
            for index, phrase in enumerate(phrases):
                first = listed.setdefault(phrase, option)
                if single and first != option:
                    yield pos.problem(
                        (section, question, option, index),
                        f"{section}: {phrase!r} is listed under both {first!r} and {option!r} "
                        f"of question {question!r}; the reader takes it for one of them only",
                        "keep it under the option it means",
                        severity="warning",
                    )


def load_lexicons(folder: Path, dialog: Dialog | None = None) -> dict[str, Lexicon]:
    """Every language's lexicon; `DialogError` lists every problem found."""
    lexicons: dict[str, Lexicon] = {}
    errors: list[Problem] = []
    for path in lexicon_files(folder):
        lexicon, problems = check_lexicon(path, dialog)
        errors += [p for p in problems if p.severity == "error"]
        if lexicon is not None:
            lexicons[lexicon.language] = lexicon
    if errors:
        raise DialogError(errors)
    return lexicons
