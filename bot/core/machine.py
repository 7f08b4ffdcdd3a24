"""The consultation's flow as one `transitions` state machine per dialog version.

Its states are the dialog's questions and `finished` (the advice is shown).
Every change of a consultation's state is one of its triggers:

- `answer`: the question on screen was answered. The dialog's `next` rules are
  its transitions, tried in order, each guarded by its `when`; `goto: end`
  leads to `finished`.
- `danger`: a danger sign — a danger answer, danger words typed at any point,
  or "not sure" about a sign the person had mentioned — from any state to
  `finished`.
- `possible_<sign>` (e.g. `possible_stroke`): a sign mentioned with doubt, from
  any question to the question that asks about that sign alone.
- `resume`: that question answered "no", back to the question it interrupted.
- `restart`: from any state to the first question.

Two steps restore what was recorded rather than move through the flow: `back`
returns to the question answered last (the conversation's history), and a
conversation stored under an older dialog version is replayed through this
machine's `answer` from the first question (see `Engine`).

Built once per dialog version and shared by every conversation: a
conversation is not registered with the machine (that would cost memory and
time per user); each step borrows the machine with a short-lived cursor. It is
a `GraphMachine` so that `spasmbot graph` draws this very machine (see
`diagram`); it moves cursors with plain transitions, as no cursor has a graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transitions import EventData, Transition
from transitions.extensions import GraphMachine

from bot.core.conditions import Choices, Condition, compile_condition
from bot.core.conversation import FINISHED
from bot.core.model import END, Dialog

ANSWER = "answer"
DANGER = "danger"
RESUME = "resume"
RESTART = "restart"


def possible_trigger(sign: str) -> str:
    """The trigger that asks about danger sign `sign`, mentioned with doubt."""
    return f"possible_{sign}"


class _Cursor:
    """One conversation while the machine moves it: its state, and what guards read."""

    def __init__(
        self, state: str, answers: Mapping[str, str | None] | None = None, resume: str | None = None
    ) -> None:
        self.state = state
        self.answers = answers or {}
        self.resume = resume


class _When:
    """A `next` rule's condition; drawn as the condition the maintainer wrote."""

    def __init__(self, condition: Condition) -> None:
        self.condition = condition

    def __call__(self, event: EventData) -> bool:
        cursor = event.model
        assert isinstance(cursor, _Cursor)
        return self.condition(cursor.answers)

    def __str__(self) -> str:
        return self.condition.source


class _Interrupted:
    """`resume` goes back to `question` when the check interrupted that question."""

    def __init__(self, question: str) -> None:
        self.question = question

    def __call__(self, event: EventData) -> bool:
        cursor = event.model
        assert isinstance(cursor, _Cursor)
        return cursor.resume == self.question

    def __str__(self) -> str:
        return f"interrupted {self.question}"


#: How the drawing colours outcomes, by urgency (the colours of the bot's 🟢🟡🟠🔴
#: markers), and the box that stands for every question.
DRAWING_STYLES: dict[str, dict[str, str]] = {
    "self_care": {"fillcolor": "#d4edda", "color": "#28a745", "style": "filled"},
    "routine": {"fillcolor": "#fff3cd", "color": "#d4a017", "style": "filled"},
    "urgent": {"fillcolor": "#ffe0b2", "color": "#fd7e14", "style": "filled"},
    "emergency": {"fillcolor": "#f8d7da", "color": "#dc3545", "style": "filled"},
    "danger": {"fillcolor": "#ffffff", "color": "#dc3545", "style": "filled"},
}


class _Flow(GraphMachine):
    """A machine that can be drawn, moving models that have no graph of their own."""

    # A GraphMachine's own transitions restyle the moved model's graph; cursors have none.
    transition_cls = Transition  # type: ignore[assignment]


class DialogMachine:
    """The shared machine of one dialog version, and a method per trigger."""

    def __init__(self, dialog: Dialog) -> None:
        self.dialog = dialog
        questions = [q.id for q in dialog.questions]
        self._questions = frozenset(questions)
        self._multiple = {q.id for q in dialog.questions if q.multiple}
        self.machine = _Flow(
            model=None,
            states=[*questions, FINISHED],
            initial=dialog.start,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
            title=dialog.title,
            show_conditions=True,
            graph_engine="mermaid",  # the drawing chooses its own; this imports the least
        )
        styles: dict[str, Any] = GraphMachine.style_attributes
        node_styles = {**styles["node"], **DRAWING_STYLES}
        self.machine.style_attributes = {**styles, "node": node_styles}
        everywhere: list[Any] = [*questions, FINISHED]
        add = self.machine.add_transition
        for question in dialog.questions:
            for rule in question.next:
                guards: list[Any] = (
                    [] if rule.when is None else [_When(compile_condition(rule.when))]
                )
                to = FINISHED if rule.goto == END else rule.goto
                add(ANSWER, question.id, to, conditions=guards)
        add(DANGER, everywhere, FINISHED)
        checks = dict.fromkeys(d.check for d in dialog.danger_signs if d.check)
        for sign in dialog.danger_signs:
            if sign.check:
                # also once the advice is given: "actually my wife said my mouth drooped"
                add(possible_trigger(sign.id), everywhere, sign.check)
        for check in checks:
            for interrupted in everywhere:
                back_to: list[Any] = [_Interrupted(interrupted)]
                add(RESUME, check, interrupted, conditions=back_to)
        add(RESTART, everywhere, dialog.start)

    @property
    def initial(self) -> str:
        """Where every consultation begins: the danger screen."""
        return self.dialog.start

    def answer(self, state: str, answers: Mapping[str, str]) -> str:
        """The question after `state` once it is answered as in `answers`, or `finished`."""
        return self._fire(ANSWER, _Cursor(state, self.context(answers)))

    def danger(self, state: str) -> str:
        return self._fire(DANGER, _Cursor(state))

    def possible(self, sign: str, state: str) -> str:
        """The question that asks about `sign` alone."""
        return self._fire(possible_trigger(sign), _Cursor(state))

    def resume(self, state: str, interrupted: str) -> str:
        """Back from the check question `state` to the question it `interrupted`."""
        return self._fire(RESUME, _Cursor(state, resume=interrupted))

    def restart(self, state: str) -> str:
        return self._fire(RESTART, _Cursor(state))

    def context(self, answers: Mapping[str, str]) -> dict[str, str]:
        """The answers as conditions see them: those to the dialog's questions, a
        choose-all-that-apply question's as `Choices` (a condition sees a question it
        names but that was skipped as none)."""
        return {
            qid: Choices(answer) if qid in self._multiple else answer
            for qid, answer in answers.items()
            if qid in self._questions
        }

    def _fire(self, trigger: str, cursor: _Cursor) -> str:
        if not self.machine.events[trigger].trigger(cursor):
            # The loader makes every question's last rule unconditional.
            raise RuntimeError(f"{trigger!r} leads nowhere from {cursor.state!r}")
        return cursor.state
