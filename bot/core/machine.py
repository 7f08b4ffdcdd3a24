"""The dialog's flow as a `transitions` state machine.

One machine per dialog version, built once and shared by every conversation:
a conversation is not registered with the machine (that would cost memory and
time per user); each step borrows the machine with a short-lived cursor.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from transitions import EventData, Machine

from bot.core.conditions import Choices, Condition, compile_condition
from bot.core.model import END, Dialog

_ADVANCE = "advance"


class _Cursor:
    """The state and answers of one conversation while the machine moves it."""

    def __init__(self, state: str, answers: Mapping[str, str | None]) -> None:
        self.state = state
        self.answers = answers


class _Guard:
    def __init__(self, condition: Condition) -> None:
        self.condition = condition

    def __call__(self, event: EventData) -> bool:
        cursor = event.model
        assert isinstance(cursor, _Cursor)
        return self.condition(cursor.answers)


class DialogMachine:
    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        self._question_ids = [q.id for q in dialog.questions]
        self._multiple = {q.id for q in dialog.questions if q.multiple}
        self.machine = Machine(
            model=None,
            states=[*self._question_ids, END],
            initial=dialog.start,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
        )
        for question in dialog.questions:
            for rule in question.next:
                guards: list[Any] = []
                if rule.when is not None:
                    guards.append(_Guard(compile_condition(rule.when)))
                self.machine.add_transition(_ADVANCE, question.id, rule.goto, conditions=guards)
        self._advance = self.machine.events[_ADVANCE]
        self._next_state = lru_cache(maxsize=4096)(self._next_state_uncached)

    def context(self, answers: Mapping[str, str]) -> dict[str, str | None]:
        """Every question id, answered or not: conditions see skipped ones as none, and
        the answers of a choose-all-that-apply question as `Choices`."""
        return {
            qid: Choices(answers[qid])
            if qid in self._multiple and qid in answers
            else answers.get(qid)
            for qid in self._question_ids
        }

    def next_state(self, state: str, answers: Mapping[str, str]) -> str:
        """The question after `state` given `answers`, or END.

        Many people give the same answers, so each distinct (state, answers)
        goes through the machine once; the machine never changes after it is built.
        """
        return self._next_state(state, tuple(answers.items()))

    def _next_state_uncached(self, state: str, answers: tuple[tuple[str, str], ...]) -> str:
        cursor = _Cursor(state, self.context(dict(answers)))
        if not self._advance.trigger(cursor):
            raise RuntimeError(f"no rule leads on from {state!r}")  # the loader forbids this
        return cursor.state
