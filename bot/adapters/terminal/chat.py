"""The consultation as a conversation of typed lines: commands, answers, replies.

Each line is a command (`/why`, `/back`, ...) or an answer; the reply is
written as wrapped text (see `screen`) or, with `--json`, as one JSON object
per bot message, flushed as it is written. Answers here are always typed, so
the notices use the terminal's wording (`Surface.TERMINAL`): nothing says "tap".
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import TextIO

from bot.adapters.terminal.screen import Screen, to_plain
from bot.assistant import Assistant, Turn
from bot.core import events, replies
from bot.core.render import Message, Surface, escape
from bot.i18n import N_
from bot.storage.base import ConversationKey

HELP = N_(
    "Answer with the number or the words of an option. Commands: /back, /restart, /why, "
    "/summary, /learn [topic], /forget, /help, /quit"
)
FORGOTTEN = N_("Everything stored about you was deleted. Send /start to begin again.")
UNKNOWN_COMMAND = N_("Unknown command.")
EMPTY_LINE = N_("Please type an answer, or /help.")


def pick_language(code: str, shipped: list[str]) -> str | None:
    """The shipped language `code` asks for ("de", "de-AT", "pt_BR"), or None."""
    tag = code.replace("_", "-")
    for candidate in (tag, tag.split("-")[0].lower()):
        if candidate in shipped:
            return candidate
    return None


@dataclass
class TerminalChat:
    assistant: Assistant
    key: ConversationKey
    language: str = "en"
    as_json: bool = False
    #: Read when the chat starts, not when this module was imported.
    out: TextIO = field(default_factory=lambda: sys.stdout)
    #: Write "→ answer" after each answer: for piped input, whose lines are not on screen.
    echo_answers: bool = False
    screen: Screen = field(init=False)
    #: With --json: what was understood from the line being answered.
    _understood: dict[str, object] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.screen = Screen.on(self.out)

    def _(self, message: str) -> str:
        return self.assistant.content.renderer.gettext(self.language)(message)

    def show(self, turn: Turn) -> None:
        for message in turn.messages:
            if self.as_json:
                if message.kind != "chosen":  # the answer given is in the caller's input
                    self._json(message, turn)
            elif message.kind == "chosen":
                if self.echo_answers:
                    self._echo_answer(message)
            else:
                self.screen.paragraphs(message.text, accent=message.urgency)
                self.screen.choices([button.label for button in message.buttons])
        self.out.flush()

    def _echo_answer(self, message: Message) -> None:
        """ "→ label" for the answer just recorded: the renderer's own last line of the
        answered question (several answers listed; a carer's worded for them)."""
        self.screen.paragraphs(message.text.rsplit("\n\n", 1)[-1])

    def _json(self, message: Message, turn: Turn) -> None:
        record: dict[str, object] = {
            "kind": message.kind,
            "state": message.question or turn.state,
            "text": to_plain(message.text),
            "options": [b.label for b in message.buttons],
        }
        if message.kind == "outcome":
            record["urgency"] = message.urgency
            record["pattern"] = list(message.outcomes)
        if self._understood is not None:
            record["understood"] = self._understood
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def note(self, text: str) -> None:
        if self.as_json:
            self.out.write(
                json.dumps({"kind": "notice", "state": None, "text": text, "options": []}) + "\n"
            )
        else:
            self.screen.paragraphs(escape(text))
        self.out.flush()

    async def begin(self) -> None:
        """Welcome, or welcome back with the open question."""
        self.show(await self._handle(events.Start()))

    async def turn(self, line: str) -> bool:
        """Handle one input line; False when the user wants to quit."""
        text = line.strip()
        command, _, argument = text.partition(" ")
        simple: dict[str, events.Event] = {
            "/back": events.Back(),
            "/restart": events.Restart(),
            "/why": events.Why(),
            "/summary": events.Summary(),
            "/start": events.Start(argument.strip()),
        }
        if command in ("/quit", "/exit"):
            return False
        if command == "/help":
            self.note(self._(HELP))
            return True
        if command == "/forget":
            await self.assistant.forget(self.key.user_id)
            self.note(self._(FORGOTTEN))
            return True
        if command == "/learn":
            event: events.Event = events.Learn(argument.strip())
        elif command in simple:
            event = simple[command]
        elif command.startswith("/"):
            self.note(f"{self._(UNKNOWN_COMMAND)} {self._(HELP)}")
            return True
        elif not text:
            self.note(self._(EMPTY_LINE))
            return True
        else:
            event = events.Typed(text)
        turn = await self._handle(event)
        if isinstance(event, events.Typed):
            # What the bot took from the line, on each message it answered with (--json).
            engine = self.assistant.content.engine
            self._understood = engine.read(event.text, self.language).to_dict()
        self.show(turn)
        self._understood = None
        if isinstance(event, events.Why):
            self._ask_again(turn)
        return True

    async def _handle(self, event: events.Event) -> Turn:
        return await self.assistant.take_turn(self.key, event, self.language, Surface.TERMINAL)

    def _ask_again(self, turn: Turn) -> None:
        """After "why we ask", the question's answers again: in a terminal they scrolled away."""
        conversation = turn.conversation
        if conversation is None or conversation.finished:
            return  # after the outcome, /why explains the advice; there is no question
        if not any(m.kind == "why" for m in turn.messages):
            return
        ask = replies.Ask(
            conversation.state, conversation.step, for_someone_else=conversation.for_someone_else
        )
        renderer = self.assistant.content.renderer
        self.show(Turn(renderer.render(ask, self.language, Surface.TERMINAL), conversation))
