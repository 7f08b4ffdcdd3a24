"""The dialog's state machine: every move of a consultation is one of its transitions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from transitions import MachineError

from bot.assistant import Content
from bot.core import events
from bot.core.conversation import FINISHED, Conversation
from bot.core.diagram import mermaid
from bot.core.engine import Engine, Result
from bot.core.machine import ANSWER, DANGER, RESTART, RESUME, DialogMachine
from tests.conftest import play_all, tap_through

Move = tuple[str, str, str]


@pytest.fixture
def moves(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Move]]:
    """Every (trigger, from, to) the machine fires, and a check on every turn: a
    conversation's state changes only by those moves (or by /back)."""
    fired: list[Move] = []
    fire = DialogMachine._fire
    handle = Engine.handle

    def recording_fire(self: DialogMachine, trigger: str, cursor: object) -> str:
        source = cursor.state  # type: ignore[attr-defined]
        dest = fire(self, trigger, cursor)  # type: ignore[arg-type]
        fired.append((trigger, source, dest))
        return dest

    def checked_handle(
        self: Engine, conversation: Conversation | None, event: events.Event, language: str = "en"
    ) -> Result:
        start = len(fired)
        after, out = handle(self, conversation, event, language)
        before = conversation.state if conversation is not None else self.machine.initial
        if after is not None and after.state != before and not isinstance(event, events.Back):
            chain = fired[start:]
            assert chain, (event, before, after.state)
            assert chain[-1][2] == after.state
        return after, out

    monkeypatch.setattr(DialogMachine, "_fire", recording_fire)
    monkeypatch.setattr(Engine, "handle", checked_handle)
    yield fired


def test_every_move_of_every_story_is_a_drawn_transition(
    content: Content, moves: list[Move]
) -> None:
    results = play_all(content)
    assert all(r.passed for r in results)
    engine = content.engine
    flow = engine.machine.machine
    # a sign mentioned with doubt, asked about, then back to the question it interrupted
    asking, _ = engine.handle(tap_through(engine, ["none"]), events.Typed("maybe my speech slurs"))
    assert asking is not None and asking.state == "check_stroke"
    resumed, _ = engine.handle(asking, events.Choose("check_stroke", "no", asking.step))
    assert resumed is not None and resumed.state == "location"
    restarted, _ = engine.handle(resumed, events.Restart())
    assert restarted is not None and restarted.state == engine.dialog.start
    triggers = {trigger for trigger, _source, _dest in moves}
    assert {ANSWER, DANGER, RESTART, RESUME, "possible_stroke"} <= triggers
    for trigger, source, dest in moves:
        assert flow.get_transitions(trigger, source, dest), (trigger, source, dest)
    drawing = mermaid(engine.machine)
    for trigger in triggers:
        assert f": {trigger}" in drawing
    # shared by every conversation: none is registered with the machine
    assert flow.models == []


def test_a_trigger_the_flow_does_not_have_is_refused(engine: Engine) -> None:
    # a sign told with doubt after the advice is asked about, then the advice is shown again
    assert engine.machine.possible("stroke", FINISHED) == "check_stroke"
    assert engine.machine.resume("check_stroke", FINISHED) == FINISHED
    with pytest.raises(MachineError):
        engine.machine.answer(FINISHED, {})  # nothing is answered after the advice
    with pytest.raises(MachineError):
        engine.machine.resume("location", "side")  # only a check question resumes
    assert engine.machine.danger(FINISHED) == FINISHED  # danger words after the advice


def test_reaching_the_outcome_is_the_last_answer(engine: Engine) -> None:
    benign = ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none"]
    before = tap_through(engine, benign)
    assert before.state == "triggers"
    answers = {**before.answers, "triggers": "stress"}
    assert engine.machine.answer("triggers", answers) == FINISHED
    assert engine.machine.restart(FINISHED) == engine.dialog.start
