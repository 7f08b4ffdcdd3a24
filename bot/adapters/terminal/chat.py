"""`spasmbot chat`: the consultation in a terminal, for people, scripts and tests.

Reads one line at a time from stdin (a TTY or a pipe), so a script can drive a
whole consultation; `--json` prints one JSON object per bot message, flushed
as it is written.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import sys
from dataclasses import dataclass
from typing import TextIO

from bot.assistant import Assistant, Turn
from bot.core import events
from bot.core.render import Message
from bot.i18n import N_
from bot.storage.base import ConversationKey

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"</?(b|i|u|s|code|pre|blockquote)>")

HELP = N_(
    "Answer with the number or the words of an option. Commands: /back, /restart, /why, "
    "/summary, /learn [topic], /forget, /help, /quit"
)
FORGOTTEN = N_("Everything stored about you was deleted. Send /start to begin again.")
UNKNOWN_COMMAND = N_("Unknown command.")
EMPTY_LINE = N_("Please type an answer, or /help.")


def to_plain(text: str) -> str:
    """Telegram HTML to terminal text."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))


@dataclass
class TerminalChat:
    assistant: Assistant
    key: ConversationKey
    language: str = "en"
    as_json: bool = False
    out: TextIO = sys.stdout

    def _(self, message: str) -> str:
        return self.assistant.consultation.renderer.gettext(self.language)(message)

    def show(self, turn: Turn) -> None:
        for message in turn.messages:
            if message.kind == "chosen":
                continue  # the terminal already shows what the user typed
            if self.as_json:
                self._json(message, turn)
            else:
                self._text(message)
        self.out.flush()

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
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def _text(self, message: Message) -> None:
        self.out.write("\n" + to_plain(message.text) + "\n")
        for number, button in enumerate(message.buttons, start=1):
            self.out.write(f"  {number}. {button.label}\n")

    def note(self, text: str) -> None:
        if self.as_json:
            self.out.write(
                json.dumps({"kind": "notice", "state": None, "text": text, "options": []}) + "\n"
            )
        else:
            self.out.write("\n" + text + "\n")
        self.out.flush()

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
            event = events.Say(text)
        self.show(await self.assistant.handle(self.key, event, self.language))
        return True

    async def run(self, source: TextIO = sys.stdin) -> None:
        self.show(await self.assistant.handle(self.key, events.Start(), self.language))
        while True:
            if not self.as_json and source.isatty():
                self.out.write("> ")
                self.out.flush()
            line = await asyncio.to_thread(source.readline)
            if not line:
                break
            if not await self.turn(line):
                break
