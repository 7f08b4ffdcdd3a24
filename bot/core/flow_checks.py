"""Checks of the flow that a schema cannot express, for `spasmbot validate`.

Each finds a mistake a maintainer can easily make and a user would suffer
from: a loop with no way out, a rule that can never fire because an earlier one
always wins, a consultation that does not start with the danger screen, a
button whose data would not fit Telegram's 64 bytes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bot.core import buttons
from bot.core.conditions import ConditionError, compile_condition
from bot.core.model import END, MESSAGE_MAX_CHARS, Dialog
from bot.core.problems import Positions, Problem

#: Rule checks enumerate answer combinations; beyond this many they give up quietly.
MAX_COMBINATIONS = 50_000
#: A step number with this many digits is far beyond any real consultation.
STEP_DIGITS = 4


def flow_problems(dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    yield from _danger_screen_first(dialog, pos)
    yield from _cycles_without_exit(dialog, pos)
    yield from _shadowed_rules(dialog, pos)
    yield from _telegram_limits(dialog, pos)


def _danger_screen_first(dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    if not dialog.has_question(dialog.start):
        return
    first = dialog.question(dialog.start)
    if not any(option.danger for option in first.options):
        yield pos.problem(
            ("start",),
            f"the first question {first.id!r} is not a danger screen: none of its options "
            "has `danger:`",
            "start with the emergency signs question, so danger is ruled out first",
        )


def _cycles_without_exit(dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    """Questions from which no chain of rules, whatever the answers, reaches `end`."""
    known = {q.id for q in dialog.questions}
    finishes = {END}
    changed = True
    while changed:
        changed = False
        for question in dialog.questions:
            if question.id not in finishes and any(r.goto in finishes for r in question.next):
                finishes.add(question.id)
                changed = True
    for index, question in enumerate(dialog.questions):
        if question.id not in finishes and all(r.goto in known for r in question.next):
            yield pos.problem(
                ("questions", index, "next"),
                f"question {question.id!r} is in a loop that can never finish",
                f"give one of the questions in the loop a rule that leads on to {END!r}",
            )


def _shadowed_rules(dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    """A rule that never applies because the rules above it always match first."""
    choices = {q.id: [None, *(o.id for o in q.options)] for q in dialog.questions}
    for qi, question in enumerate(dialog.questions):
        compiled = []
        for rule in question.next:
            try:
                compiled.append(compile_condition(rule.when) if rule.when else None)
            except ConditionError:
                return  # reported by the loader
        names = sorted(
            {n for c in compiled if c is not None for n in c.names if n in choices} | {question.id}
        )
        space = [choices[n] for n in names]
        size = 1
        for values in space:
            size *= len(values)
        if size > MAX_COMBINATIONS:
            continue
        used = [False] * len(compiled)
        for combination in itertools.product(*space):
            answers = dict(zip(names, combination, strict=True))
            for ri, condition in enumerate(compiled):
                if condition is None or condition(answers):
                    used[ri] = True
                    break
            if all(used):
                break
        for ri, was_used in enumerate(used):
            if not was_used:
                yield pos.problem(
                    ("questions", qi, "next", ri),
                    f"question {question.id!r}: rule {ri + 1} never applies, because the rules "
                    "above it always match first",
                    "reorder the rules (most specific first) or remove this one",
                    severity="warning",
                )


def _telegram_limits(dialog: Dialog, pos: Positions) -> Iterator[Problem]:
    step = int("9" * STEP_DIGITS)
    for qi, question in enumerate(dialog.questions):
        for oi, option in enumerate(question.options):
            data = buttons.choice_data(question.id, option.id, step)
            if len(data.encode()) > buttons.MAX_BYTES:
                yield pos.problem(
                    ("questions", qi, "options", oi, "id"),
                    f"button data {data!r} is {len(data.encode())} bytes; Telegram allows "
                    f"{buttons.MAX_BYTES}",
                    "shorten the question id or the option id",
                )
        for field in ("text", "why"):
            text = getattr(question, field)
            if len(text) > MESSAGE_MAX_CHARS:
                yield pos.problem(
                    ("questions", qi, field),
                    f"question {question.id!r}: {field} is {len(text)} characters; a Telegram "
                    f"message holds {MESSAGE_MAX_CHARS}",
                    "shorten it",
                )
    for ti, topic in enumerate(dialog.learn):
        data = buttons.learn_data(topic.id)
        if len(data.encode()) > buttons.MAX_BYTES:
            yield pos.problem(
                ("learn", ti, "id"),
                f"button data {data!r} is too long for Telegram",
                "shorten the topic id",
            )
