"""A case study in a group: the consultation dialog, answered by the group's votes.

Pure: the Telegram adapter posts the polls and stores the votes; this module
decides what a vote means. Each question of the *same* consultation the bot
holds in private chats becomes a poll; the option with the most votes is the
group's answer. A tie, or a poll nobody voted in, counts as "not sure" — the
answer that never lowers the urgency — so an undecided group is steered the
safe way, exactly as an undecided person would be; a tie between danger
answers, or a danger answer and "not sure", counts as the danger answer.

The reference path of a case (`answers` in `dialogs/cases.yml`) is played
through the engine by the validator, so a change to the consultation that
breaks a story is caught before a group sees it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.core import events
from bot.core.engine import Engine
from bot.core.model import NOT_SURE
from bot.core.teaching import CaseStudy

DEFAULT_SECONDS = 60
MIN_SECONDS = 15
MAX_SECONDS = 600


@dataclass(frozen=True)
class Tally:
    """How a poll's votes fell, and the answer they make."""

    counts: tuple[int, ...]
    #: The option index with strictly the most votes; None for a tie or no votes.
    winner: int | None
    #: The option indexes that share the most votes (none when nobody voted).
    leaders: tuple[int, ...] = ()

    @property
    def voters(self) -> int:
        return sum(self.counts)


def tally(option_count: int, ballots: Iterable[Sequence[int]]) -> Tally:
    """Count single-choice ballots (option indexes); votes for unknown options are dropped."""
    counter: Counter[int] = Counter()
    for ballot in ballots:
        for index in ballot[:1]:
            if 0 <= index < option_count:
                counter[index] += 1
    counts = tuple(counter[i] for i in range(option_count))
    best = max(counts, default=0)
    leaders = [i for i, count in enumerate(counts) if count == best]
    winner = leaders[0] if best > 0 and len(leaders) == 1 else None
    return Tally(counts, winner, tuple(leaders) if best > 0 else ())


def group_answer(options: Sequence[str], result: Tally, dangers: Collection[str] = ()) -> str:
    """The option id the group chose: the majority's, else "not sure".

    A tie between danger answers, or between a danger answer and "not sure", is a
    danger answer (the first of them): nobody in the lead ruled the sign out, so the
    group is treated as an unsure person who mentioned it would be. A tie with a
    calm answer ("none of these") stays "not sure", which asks about each sign.
    """
    if result.winner is not None:
        return options[result.winner]
    leading = [options[i] for i in result.leaders]
    danger = next((o for o in leading if o in dangers), None)
    if danger is not None and all(o in dangers or o == NOT_SURE for o in leading):
        return danger
    return NOT_SURE


class StoryPathError(ValueError):
    """The story's reference answers do not lead through the dialog."""


def play_reference(engine: Engine, case: CaseStudy) -> tuple[str, ...]:
    """The outcomes the story's reference answers reach, highest urgency first."""
    conversation = engine.new_conversation()
    seen: set[str] = set()
    while not conversation.finished:
        question = conversation.state
        if question in seen:
            raise StoryPathError(f"the answers loop back to question {question!r}")
        seen.add(question)
        option = case.answers.get(question)
        if option is None:
            raise StoryPathError(f"the story does not say how to answer {question!r}")
        choose = events.Choose(question, option, conversation.step)
        after, _replies = engine.handle(conversation, choose)
        if after is None or after.step == conversation.step:
            raise StoryPathError(f"question {question!r} has no option {option!r}")
        conversation = after
    assert conversation.assessment is not None
    return conversation.assessment.outcomes
