"""Button data: which conversation step a tap belongs to, in at most 64 bytes.

Telegram limits callback data to 64 bytes and replays whatever an old or
forged keyboard carries, so the data names the question and the step it was
shown at; the engine ignores a tap whose step has passed.
"""

from __future__ import annotations

from bot.core import events

MAX_BYTES = 64
_SEP = ":"


def choice_data(question: str, option: str, step: int) -> str:
    return _SEP.join(("a", str(step), question, option))


def toggle_data(question: str, option: str, step: int) -> str:
    """A tick on a choose-all-that-apply question (or its Done button)."""
    return _SEP.join(("t", str(step), question, option))


def learn_data(topic: str) -> str:
    return _SEP.join(("l", topic))


def parse(data: str) -> events.Choose | events.Toggle | events.Learn | None:
    """The event a button stands for, or None for data we never made."""
    if len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(_SEP)
    if (
        len(parts) == 4
        and parts[0] in ("a", "t")
        and parts[1].isascii()
        and parts[1].isdigit()
        and all(parts[2:])
    ):
        kind = events.Choose if parts[0] == "a" else events.Toggle
        return kind(question=parts[2], option=parts[3], step=int(parts[1]))
    if len(parts) == 2 and parts[0] == "l" and parts[1]:
        return events.Learn(parts[1])
    return None
