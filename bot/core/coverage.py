"""Which parts of a dialog the conversation stories visit.

A maintainer who adds an outcome or a danger sign must also add a story that
reaches it: `spasmbot test-dialogs` fails until one does. Questions and
transitions are reported too, so gaps in the flow are visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.model import Dialog
from bot.core.stories import StoryResult


@dataclass(frozen=True)
class Coverage:
    questions: dict[str, bool]
    transitions: dict[tuple[str, str], bool]
    outcomes: dict[str, bool]
    danger_signs: dict[str, bool]

    @classmethod
    def of(cls, dialog: Dialog, results: Iterable[StoryResult]) -> Coverage:
        questions = {q.id: False for q in dialog.questions}
        transitions = {(q.id, rule.goto): False for q in dialog.questions for rule in q.next}
        outcomes = {o.id: False for o in dialog.outcomes}
        dangers = {d.id: False for d in dialog.danger_signs}
        for result in results:
            for qid in result.visited_questions:
                questions[qid] = True
            for edge in result.transitions:
                if edge in transitions:
                    transitions[edge] = True
            for oid in result.outcomes:
                outcomes[oid] = True
            if result.danger is not None:
                dangers[result.danger] = True
        return cls(questions, transitions, outcomes, dangers)

    def missing_required(self) -> list[str]:
        """Outcomes and danger signs no story reaches: each needs one."""
        return [f"outcome {o}" for o, hit in self.outcomes.items() if not hit] + [
            f"danger sign {d}" for d, hit in self.danger_signs.items() if not hit
        ]

    def report(self, detailed: bool = False) -> list[str]:
        lines = []
        for name, part in (
            ("questions", self.questions),
            ("transitions", self.transitions),
            ("outcomes", self.outcomes),
            ("danger signs", self.danger_signs),
        ):
            hit = sum(part.values())
            percent = 100.0 * hit / len(part) if part else 100.0
            lines.append(f"{name:<13}{hit:>4}/{len(part):<4}{percent:6.1f}%")
            if detailed:
                lines.extend(
                    f"    not covered: {_label(k)}" for k, seen in part.items() if not seen
                )
        return lines


def _label(key: str | tuple[str, str]) -> str:
    return key if isinstance(key, str) else f"{key[0]} → {key[1]}"
