"""Is a mention about the person now? Negation, doubt, history, "what if", someone else.

After medspaCy's ConText (the NegEx family): cue words from the lexicon reach
forward ("no droop"), backward ("speech is fine") or across their clause
("maybe"), and stop at a clause boundary (a comma, "but", a full stop), so
"no headache, but my arm is numb" keeps the numb arm. History, hypotheticals
and another person's illness reach over the whole sentence ("my aunt had an
aneurysm and her eyelid drooped").

When cues disagree, the safer reading wins: a possible sign is asked about,
so doubt beats negation ("I don't think my face droops" is asked, not dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.understanding.lexicon import Context, ContextCues, Cues
from bot.core.understanding.phrases import Found
from bot.core.understanding.text import Text, fold

#: Precedence when several cues reach one mention: the first wins.
PRECEDENCE = (
    Context.POSSIBLE,
    Context.NEGATED,
    Context.HYPOTHETICAL,
    Context.HISTORICAL,
    Context.OTHER_PERSON,
)
#: How far these reach: a clause, or the whole sentence.
SENTENCE_WIDE = frozenset({Context.HYPOTHETICAL, Context.HISTORICAL, Context.OTHER_PERSON})
#: A year such as 2019 puts what is near it in the past.
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Cue:
    context: Context
    direction: str  # before | after | anywhere | in_questions
    first: int
    last: int


class CueIndex:
    """Every cue of one language, matched on the folded words as typed."""

    def __init__(self, cues: ContextCues) -> None:
        self._cues: list[tuple[tuple[str, ...], Context, str]] = []
        for context in PRECEDENCE:
            group: Cues = getattr(cues, context.value)
            for direction in ("before", "after", "anywhere", "in_questions"):
                for phrase in getattr(group, direction):
                    words = tuple(fold(phrase).replace("'", " ' ").split())
                    words = tuple(w for w in words if w != "'")
                    if words:
                        self._cues.append((words, context, direction))
        # Longest first: "not sure" is doubt, not the negation "not".
        self._cues.sort(key=lambda c: len(c[0]), reverse=True)

    def find(self, text: Text) -> list[Cue]:
        surfaces = [_plain(t.text) for t in text.tokens]
        taken: set[int] = set()
        found: list[Cue] = []
        for words, context, direction in self._cues:
            for start in range(len(surfaces)):
                span = _match(words, surfaces, start, text)
                if span is None or taken.intersection(span):
                    continue
                taken.update(span)
                found.append(Cue(context, direction, min(span), max(span)))
        for index, token in enumerate(text.tokens):
            if _YEAR.match(token.text) and index not in taken:
                found.append(Cue(Context.HISTORICAL, "anywhere", index, index))
        return found


def _plain(word: str) -> str:
    return word.replace("'", "")


def _match(words: tuple[str, ...], surfaces: list[str], start: int, text: Text) -> list[int] | None:
    """`words` in order from `start`, one extra word allowed between them, in one clause."""
    if surfaces[start] != _plain(words[0]):
        return None
    span = [start]
    position = start
    for word in words[1:]:
        target = _plain(word)
        for step in (1, 2):
            nxt = position + step
            if nxt < len(surfaces) and surfaces[nxt] == target:
                position = nxt
                break
        else:
            return None
        span.append(position)
    clause = text.tokens[start].clause
    if any(text.tokens[i].clause != clause for i in span):
        return None
    return span


def context_of(found: Found, cues: list[Cue], text: Text) -> Context:
    """What `found` means for the person, given the cues around it."""
    own = set(found.tokens)
    tokens = text.tokens
    clause = tokens[found.first].clause
    sentence = tokens[found.first].sentence
    in_question = text.clauses[clause].question or any(
        c.question for c in text.clauses if c.sentence == sentence
    )
    reached: set[Context] = set()
    for cue in cues:
        if own.intersection(range(cue.first, cue.last + 1)):
            continue
        cue_token = tokens[cue.first]
        if cue.context in SENTENCE_WIDE:
            if cue_token.sentence != sentence:
                continue
        elif cue_token.clause != clause:
            continue
        if cue.direction == "before" and cue.first > found.last:
            continue
        if cue.direction == "after" and cue.last < found.first:
            continue
        if cue.direction == "in_questions" and not in_question:
            continue
        reached.add(cue.context)
    for context in PRECEDENCE:
        if context in reached:
            return context
    if text.clauses[clause].question:
        return Context.POSSIBLE  # "is my smile crooked?": ask, do not assume
    return Context.AFFIRMED
