"""What a user did, independent of where they did it (Telegram, terminal, test)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Start:
    """`/start`, with an optional deep-link payload such as `learn_hfs`."""

    payload: str = ""


@dataclass(frozen=True)
class Restart:
    pass


@dataclass(frozen=True)
class Choose:
    """A tap on an answer button, shown at `step` for `question`."""

    question: str
    option: str
    step: int


@dataclass(frozen=True)
class Toggle:
    """A tap on a choose-all-that-apply question: tick or untick `option`, or `done`."""

    question: str
    option: str
    step: int


@dataclass(frozen=True)
class Typed:
    """Free text typed by the user: a message, a photo's caption, or an edited message."""

    text: str
    #: An earlier message, edited: read for danger signs, but it answers nothing.
    edited: bool = False
    #: What the message quotes of the bot's own (Telegram's Reply with a part selected):
    #: the bot's words, not the person's. The engine reads them with `text` only when the
    #: person's words take them up ("yes, this", "this is happening now").
    quoted: str = ""


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Why:
    pass


@dataclass(frozen=True)
class Summary:
    pass


@dataclass(frozen=True)
class Learn:
    """Read about a topic; no topic lists them all."""

    topic: str = ""


Event = Start | Restart | Choose | Toggle | Typed | Back | Why | Summary | Learn
