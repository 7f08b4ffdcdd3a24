"""The kinds of content file under `dialogs/`, told apart by their `kind:` key.

A consultation dialog has no `kind`; the quiz bank says `kind: quiz` and the
case studies `kind: cases`. Every tool (validate, schema, the catalog
extractor) goes through here so a new file is handled the same way by all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.core.case_study import StoryPathError, play_reference
from bot.core.engine import Engine
from bot.core.loader import check_dialog, read_yaml, validate_model
from bot.core.model import Dialog
from bot.core.problems import Positions, Problem
from bot.core.teaching import CaseBook, QuizBank

MODELS: dict[str, type[BaseModel]] = {"dialog": Dialog, "quiz": QuizBank, "cases": CaseBook}


def kind_of(data: Any) -> str:
    kind = data.get("kind", "dialog") if isinstance(data, dict) else "dialog"
    return kind if kind in MODELS else "dialog"


def file_kind(path: Path) -> str:
    data, _positions, problems = read_yaml(path)
    return "dialog" if problems else kind_of(data)


def check_teaching(
    path: Path, loaded: Mapping[str, Dialog] | None = None
) -> tuple[BaseModel | None, Positions, list[Problem]]:
    """A quiz bank or case book: its schema, and its references to the consultation.

    `loaded`: dialogs the caller has already loaded and checked, by file name without
    `.yml` (the bot at start-up and on reload), so they are not read and checked again.
    """
    data, positions, problems = read_yaml(path)
    if problems:
        return None, positions, problems
    model, problems = validate_model(MODELS[kind_of(data)], data, positions)
    if model is None:
        return None, positions, problems
    name = model.dialog if isinstance(model, CaseBook) else "consultation"
    dialog = (loaded or {}).get(name)
    if dialog is None:
        dialog_path = path.parent / f"{name}.yml"
        dialog, dialog_problems = check_dialog(dialog_path)
        dialog_errors = [p for p in dialog_problems if p.severity == "error"]
        if dialog is None or dialog_errors:
            # Its references are checked against a sound dialog only: playing a case
            # through a dialog with a broken `goto` would crash instead of reporting it.
            found = positions.problem(
                ("dialog",),
                f"{dialog_path.name} does not load, so this file was not checked against it",
                f"fix the errors reported for {dialog_path.name} and its templates first",
            )
            return model, positions, [found, *dialog_errors]
    return model, positions, list(_references(model, dialog, positions))


def _references(model: BaseModel, dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    sources = {s.id for s in dialog.sources}
    if isinstance(model, QuizBank):
        for qi, question in enumerate(model.questions):
            for si, source in enumerate(question.sources):
                if source not in sources:
                    yield pos.problem(
                        ("questions", qi, "sources", si),
                        f"unknown source {source!r}",
                        "use a source id from the consultation: " + ", ".join(sorted(sources)),
                    )
    if isinstance(model, CaseBook):
        found = list(_case_references(model, dialog, pos))
        yield from found or _story_paths(model, dialog, pos)


def _case_references(book: CaseBook, dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    outcomes = {o.id for o in dialog.outcomes}
    for ci, case in enumerate(book.cases):
        for ei, outcome in enumerate(case.expected):
            if outcome not in outcomes:
                yield pos.problem(
                    ("cases", ci, "expected", ei),
                    f"unknown outcome {outcome!r}",
                    "use an outcome id of the dialog",
                )
        for question_id, option_id in case.answers.items():
            where = ("cases", ci, "answers", question_id)
            if not dialog.has_question(question_id):
                yield pos.problem(where, f"unknown question {question_id!r}", "fix the id")
            elif option_id not in {o.id for o in dialog.question(question_id).options}:
                yield pos.problem(
                    where,
                    f"question {question_id!r} has no option {option_id!r}",
                    "fix the option id",
                )


def _story_paths(book: CaseBook, dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    """Each story's reference answers, played through the engine, reach its `expected`."""
    engine = Engine(dialog)
    for ci, case in enumerate(book.cases):
        try:
            reached = play_reference(engine, case)
        except StoryPathError as exc:
            yield pos.problem(
                ("cases", ci, "answers"), str(exc), "add the answer the story implies"
            )
            continue
        if reached != tuple(case.expected):
            yield pos.problem(
                ("cases", ci, "expected"),
                f"the reference answers lead to {list(reached)}, not {case.expected}",
                "change the answers, or set expected to what they reach",
            )
