"""One person's consultation: where they are and what they answered.

Plain data, stored as JSON (never pickle) so that a stored conversation is
readable, portable between storage backends, and survives code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from bot.core.model import Urgency

FINISHED = "finished"
#: `Conversation.details` key: the person typing writes for someone else.
SOMEONE_ELSE = "someone_else"


@dataclass(frozen=True)
class Assessment:
    """What the consultation concluded: the urgency and the patterns shown."""

    urgency: Urgency
    outcomes: tuple[str, ...]
    floor_questions: tuple[str, ...] = ()
    danger: str | None = None
    #: Symptoms told that raised the urgency (`Concern.floor`): alcohol withdrawal.
    floor_concerns: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "urgency": self.urgency.key,
            "outcomes": list(self.outcomes),
            "floor_questions": list(self.floor_questions),
            "danger": self.danger,
            "floor_concerns": list(self.floor_concerns),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        return cls(
            urgency=Urgency.parse(data["urgency"]),
            outcomes=tuple(data["outcomes"]),
            floor_questions=tuple(data.get("floor_questions", ())),
            danger=data.get("danger"),
            floor_concerns=tuple(data.get("floor_concerns", ())),
        )


@dataclass
class Conversation:
    dialog_version: str
    state: str
    answers: dict[str, str] = field(default_factory=dict)
    #: Questions answered, in order: what `back` undoes.
    history: list[str] = field(default_factory=list)
    #: Grows with every change; a button carries the step it was shown at.
    step: int = 0
    assessment: Assessment | None = None
    #: Danger signs the person reported (typed or tapped) → how they meant it
    #: ("affirmed", "possible", "historical", …). Kept for the summary; `/back`
    #: never removes one.
    dangers: dict[str, str] = field(default_factory=dict)
    #: While a sign mentioned with doubt is asked about: the question to return to.
    resume: str | None = None
    #: Facts from typed text that no question holds: `duration_days`, `medicines`.
    details: dict[str, Any] = field(default_factory=dict)
    #: Answers ticked so far on a choose-all-that-apply question, before Done.
    picked: list[str] = field(default_factory=list)
    #: The days the consultation started and reached its outcome (ISO dates, e.g.
    #: "2026-12-04"), for the doctor's summary. Only the day: nothing finer is kept.
    started: str | None = None
    concluded: str | None = None
    #: The step this consultation began at (steps go on across /restart): a button
    #: shown before it is an earlier consultation's, one shown since is this one's.
    began_at: int = 0

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    @property
    def for_someone_else(self) -> bool:
        """The person typing writes for someone else ("My mum is 84 and …")."""
        return bool(self.details.get(SOMEONE_ELSE))

    def to_json(self) -> str:
        data = {
            "dialog_version": self.dialog_version,
            "state": self.state,
            "answers": self.answers,
            "history": self.history,
            "step": self.step,
            "assessment": self.assessment.to_dict() if self.assessment else None,
        }
        # Written only when used, so conversations without them stay as they were.
        if self.dangers:
            data["dangers"] = self.dangers
        if self.resume is not None:
            data["resume"] = self.resume
        if self.details:
            data["details"] = self.details
        if self.picked:
            data["picked"] = self.picked
        if self.began_at:
            data["began_at"] = self.began_at
        if self.started is not None:
            data["started"] = self.started
        if self.concluded is not None:
            data["concluded"] = self.concluded
        return orjson.dumps(data).decode()  # compact UTF-8, stored once per turn

    @classmethod
    def from_json(cls, text: str) -> Conversation:
        data = orjson.loads(text)
        assessment = data.pop("assessment", None)
        conversation = cls(**data)
        conversation.assessment = Assessment.from_dict(assessment) if assessment else None
        return conversation
