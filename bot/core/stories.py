"""Conversation stories: consultations written in YAML that must play as told.

A story is what a maintainer (not a programmer) writes to pin down behaviour:
"tap none, tap one_eyelid, ... → self-care, myokymia". Stories run against the
real engine and renderer, and double as a coverage map of the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from bot.core import events
from bot.core.conversation import FINISHED, Conversation
from bot.core.engine import Engine
from bot.core.loader import DialogError, read_yaml, validate_model
from bot.core.model import END, UrgencyField
from bot.core.problems import Path_, Positions, Problem, did_you_mean
from bot.core.render import Message, Renderer
from bot.core.render_checks import failing_template
from bot.core.replies import Reply

Command = Literal["back", "restart", "why", "summary"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expect(_Strict):
    """What must hold after a step."""

    state: str | None = Field(
        default=None,
        description="The question asked now (its id), or `finished` once the outcome is shown.",
    )
    text: str | None = Field(
        default=None, description="A fragment the bot's replies to this step must contain."
    )
    absent: str | None = Field(
        default=None,
        description="A fragment the bot's replies to this step must not contain: what the "
        "person never said, or advice that does not fit.",
    )


class Step(_Strict):
    """One thing the user does: exactly one of `tap`, `say` or `command`."""

    tap: str | None = Field(
        default=None, description="Tap the option with this id on the question asked now."
    )
    say: str | None = Field(default=None, description="Type this text instead of tapping.")
    command: Command | None = Field(default=None, description="Send /back, /restart, ...")
    expect: Expect | None = Field(default=None, description="What must hold after this step.")

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        given = [name for name in ("tap", "say", "command") if getattr(self, name) is not None]
        if not given:
            raise ValueError("a step needs one of tap, say or command")
        if len(given) > 1:
            raise ValueError(f"a step takes one of tap, say or command, not {' and '.join(given)}")
        return self


def _step_kind(value: Any) -> str:
    """A mapping is a full step; anything else is the option id to tap."""
    return "step" if isinstance(value, dict | Step) else "tap"


#: A step as written: `none` (tap that option) or `{say: "..."}` and the like.
#: Tagged, so a mistake in a step is reported once, not once per way to read it.
StepOrTap = Annotated[
    Annotated[str, Tag("tap")] | Annotated[Step, Tag("step")], Discriminator(_step_kind)
]


class ExpectedOutcome(_Strict):
    """What the consultation must conclude once the steps are played."""

    urgency: UrgencyField
    patterns: list[str] = Field(
        min_length=1, description="The outcome ids shown, highest urgency first."
    )


class Story(_Strict):
    name: str = Field(description="What the story is about; shown when it fails.")
    steps: list[StepOrTap] = Field(
        description="An option id to tap, or a mapping with one of tap, say or command."
    )
    outcome: ExpectedOutcome | None = None
    language: str = Field(default="en", description="The language the story is played in.")


class StoryFile(_Strict):
    """A file of conversation stories under `dialogs/tests/`."""

    dialog: str = Field(description="The dialog the stories play, e.g. `consultation`.")
    stories: list[Story]


def check_stories(path: Path) -> tuple[StoryFile | None, Positions, list[Problem]]:
    """The story file, or every YAML and schema problem in it at its line."""
    data, positions, problems = read_yaml(path)
    if problems:
        return None, positions, problems
    stories, problems = validate_model(StoryFile, data, positions)
    return stories, positions, problems


def load_stories(path: Path) -> StoryFile:
    """The story file; raises `DialogError` listing its problems."""
    stories, _positions, problems = check_stories(path)
    if stories is None:
        raise DialogError(problems)
    return stories


@dataclass(frozen=True)
class Failure:
    """Something that went otherwise than the story says, and where in the story."""

    #: The part of the story it concerns, e.g. ("steps", 2) or ("outcome",).
    where: Path_
    text: str
    #: What would fix the story, where the failure says (a misspelt option id).
    fix: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass
class StoryResult:
    story: Story
    failures: list[Failure] = field(default_factory=list)
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


#: The day every story is played on, as the understanding checks are read on one: a
#: story that tells a date ("since the 2nd", «с Нового года») ends the same any day.
STORY_DAY = date(2026, 12, 4)


def play(engine: Engine, renderer: Renderer, story: Story) -> StoryResult:
    engine = engine.on(STORY_DAY)
    result = StoryResult(story)
    if renderer.catalogs.resolve(story.language) != story.language:
        # Its replies would be English, and its expected texts would not be found.
        result.failures.append(
            Failure(
                ("language",),
                f"no compiled catalog for {story.language!r}: run `make i18n-compile` "
                "(or `make validate`, which compiles them first)",
            )
        )
        return result
    conversation: Conversation | None
    conversation, replies = engine.handle(None, events.Start(), story.language)
    if _show(renderer, replies, story.language, result, ("name",), "the welcome: ") is None:
        return result
    for index, raw in enumerate(story.steps):
        number, where = index + 1, ("steps", index)
        step = Step(tap=raw) if isinstance(raw, str) else raw
        if conversation is None:  # pragma: no cover - Start always creates one
            result.failures.append(Failure(where, f"step {number}: no conversation"))
            return result
        result.visited_questions.add(conversation.state)
        event: events.Event
        if step.tap is not None:
            event = events.Choose(conversation.state, step.tap, conversation.step)
        elif step.say is not None:
            event = events.Typed(step.say)
        else:
            assert step.command is not None  # a Step holds exactly one of the three
            event = _COMMANDS[step.command]
        before = conversation
        before_state = conversation.state
        conversation, replies = engine.handle(conversation, event, story.language)
        answered = step.tap is not None or step.say is not None
        if answered and conversation is not None and conversation.step > before.step:
            after = END if conversation.state == FINISHED else conversation.state
            if conversation.assessment is None or conversation.assessment.danger is None:
                result.transitions.add((before_state, after))
        shown = _show(renderer, replies, story.language, result, where, f"step {number}: ")
        if shown is None:
            return result
        text = "\n".join(m.text for m in shown)
        if step.tap is not None and conversation == before:  # the engine refused the tap
            result.failures.append(_not_an_option(engine, where, number, step.tap, before_state))
            return result
        if step.expect is not None and conversation is not None:
            expect = step.expect
            if expect.state is not None and conversation.state != expect.state:
                result.failures.append(
                    Failure(
                        (*where, "expect", "state"),
                        f"step {number}: expected state {expect.state!r}, "
                        f"got {conversation.state!r}",
                    )
                )
            if expect.text is not None and expect.text not in text:
                result.failures.append(
                    Failure(
                        (*where, "expect", "text"),
                        f"step {number}: expected the reply to contain {expect.text!r}; "
                        f"it said:\n{text}",
                    )
                )
            if expect.absent is not None and expect.absent in text:
                result.failures.append(
                    Failure(
                        (*where, "expect", "absent"),
                        f"step {number}: expected the reply not to contain {expect.absent!r}; "
                        f"it said:\n{text}",
                    )
                )
    if conversation is not None and conversation.assessment is not None:
        result.outcomes = conversation.assessment.outcomes
        result.danger = conversation.assessment.danger
    if story.outcome is not None:
        expected = story.outcome
        assessment = conversation.assessment if conversation else None
        if assessment is None:
            state = conversation.state if conversation else None
            result.failures.append(
                Failure(("outcome",), f"expected an outcome, but the consultation is at {state!r}")
            )
        else:
            if assessment.urgency != expected.urgency:
                result.failures.append(
                    Failure(
                        ("outcome", "urgency"),
                        f"urgency: expected {expected.urgency.key}, got {assessment.urgency.key}",
                    )
                )
            if list(assessment.outcomes) != expected.patterns:
                result.failures.append(
                    Failure(
                        ("outcome", "patterns"),
                        f"patterns: expected {expected.patterns}, got {list(assessment.outcomes)}",
                    )
                )
    return result


def _not_an_option(engine: Engine, where: Path_, number: int, tap: str, state: str) -> Failure:
    """A tap the question on screen has no option for: its options, and the likely one."""
    text = f"step {number}: {tap!r} is not an option of question {state!r}"
    if not engine.dialog.has_question(state):  # finished: no question is on screen
        return Failure(where, text, "the consultation has ended here: remove this step")
    options = [o.id for o in engine.dialog.question(state).options]
    asked_elsewhere = [q.id for q in engine.dialog.questions if tap in {o.id for o in q.options}]
    fix = did_you_mean(tap, options) + "tap one of: " + ", ".join(options)
    if asked_elsewhere and not did_you_mean(tap, options):
        # the option exists: a step before this one is likely missing, or one too many
        where_else = ", ".join(asked_elsewhere[:3]) + (", ..." if len(asked_elsewhere) > 3 else "")
        fix += f"; {tap!r} answers {where_else}: is a step before it missing or one too many?"
    return Failure(where, text, fix)


def _show(
    renderer: Renderer,
    replies: list[Reply],
    language: str,
    result: StoryResult,
    where: Path_,
    prefix: str,
) -> list[Message] | None:
    """The messages the replies make, or None (and a failure) if a template fails."""
    try:
        shown = [m for r in replies for m in renderer.render(r, language)]
    except Exception as exc:  # a template that fails only when it runs
        place = failing_template(exc)
        at = f" ({place[0]}:{place[1]})" if place else ""
        result.failures.append(
            Failure(
                where,
                f"{prefix}the reply fails to render in {language!r}: "
                f"{type(exc).__name__}: {exc}{at}",
            )
        )
        return None
    result.messages.extend(shown)
    return shown
