"""Conversation stories: consultations written in YAML that must play as told.

A story is what a maintainer (not a programmer) writes to pin down behaviour:
"tap none, tap one_eyelid, ... → self-care, myokymia". Stories run against the
real engine and renderer, and double as a coverage map of the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.core import events
from bot.core.conversation import FINISHED, Conversation
from bot.core.engine import Engine
from bot.core.model import END
from bot.core.render import Message, Renderer

Command = Literal["back", "restart", "why", "summary"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expect(_Strict):
    state: str | None = None
    text: str | None = None


class Step(_Strict):
    tap: str | None = None
    say: str | None = None
    command: Command | None = None
    expect: Expect | None = None


class ExpectedOutcome(_Strict):
    urgency: str
    patterns: list[str] = Field(min_length=1)


class Story(_Strict):
    name: str
    steps: list[str | Step]
    outcome: ExpectedOutcome | None = None
    language: str = "en"


class StoryFile(_Strict):
    dialog: str
    stories: list[Story]


def load_stories(path: Path) -> StoryFile:
    return StoryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass
class StoryResult:
    story: Story
    failures: list[str] = field(default_factory=list)
    visited_questions: set[str] = field(default_factory=set)
    outcomes: tuple[str, ...] = ()
    danger: str | None = None
    #: (question, next question or `end`) for every answer that moved the conversation on.
    transitions: set[tuple[str, str]] = field(default_factory=set)
    #: Everything the bot showed, in order: for diffs, and for checks of every language.
    messages: list[Message] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


_COMMANDS: dict[str, events.Event] = {
    "back": events.Back(),
    "restart": events.Restart(),
    "why": events.Why(),
    "summary": events.Summary(),
}


def play(engine: Engine, renderer: Renderer, story: Story) -> StoryResult:
    result = StoryResult(story)
    conversation: Conversation | None
    conversation, replies = engine.handle(None, events.Start(), story.language)
    result.messages.extend(m for r in replies for m in renderer.render(r, story.language))
    for number, raw in enumerate(story.steps, start=1):
        step = Step(tap=raw) if isinstance(raw, str) else raw
        if conversation is None:  # pragma: no cover - Start always creates one
            result.failures.append(f"step {number}: no conversation")
            return result
        result.visited_questions.add(conversation.state)
        event: events.Event
        if step.tap is not None:
            event = events.Choose(conversation.state, step.tap, conversation.step)
        elif step.say is not None:
            event = events.Say(step.say)
        elif step.command is not None:
            event = _COMMANDS[step.command]
        else:
            result.failures.append(f"step {number}: give one of tap, say or command")
            return result
        before = conversation
        before_state = conversation.state
        conversation, replies = engine.handle(conversation, event, story.language)
        answered = step.tap is not None or step.say is not None
        if answered and conversation is not None and conversation.step > before.step:
            after = END if conversation.state == FINISHED else conversation.state
            if conversation.assessment is None or conversation.assessment.danger is None:
                result.transitions.add((before_state, after))
        shown = [m for r in replies for m in renderer.render(r, story.language)]
        result.messages.extend(shown)
        text = "\n".join(m.text for m in shown)
        if step.tap is not None and conversation == before:  # the engine refused the tap
            result.failures.append(
                f"step {number}: {step.tap!r} is not an option of question {before_state!r}"
            )
            return result
        if step.expect is not None and conversation is not None:
            if step.expect.state is not None and conversation.state != step.expect.state:
                result.failures.append(
                    f"step {number}: expected state {step.expect.state!r}, "
                    f"got {conversation.state!r}"
                )
            if step.expect.text is not None and step.expect.text not in text:
                result.failures.append(
                    f"step {number}: expected the reply to contain {step.expect.text!r}; "
                    f"it said:\n{text}"
                )
    if conversation is not None and conversation.assessment is not None:
        result.outcomes = conversation.assessment.outcomes
        result.danger = conversation.assessment.danger
    if story.outcome is not None:
        assessment = conversation.assessment if conversation else None
        if assessment is None:
            state = conversation.state if conversation else None
            result.failures.append(f"expected an outcome, but the consultation is at {state!r}")
        else:
            if assessment.urgency.key != story.outcome.urgency:
                result.failures.append(
                    f"urgency: expected {story.outcome.urgency}, got {assessment.urgency.key}"
                )
            if list(assessment.outcomes) != story.outcome.patterns:
                result.failures.append(
                    f"patterns: expected {story.outcome.patterns}, got {list(assessment.outcomes)}"
                )
    return result
