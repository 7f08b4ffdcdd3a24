"""The open question's buttons: only its newest copy in a chat takes taps.

A tap closes its own question (the answer's mark replaces the buttons), but a
question answered in words, asked again after a reply not understood, asked
anew after /back, /start or /language, or left open by an emergency typed in a
message kept its buttons: the chat showed a live-looking keyboard under every
such question, and a tap on one was answered "This question was already
answered", even of a question nobody answered. So the id Telegram gives each
chat's newest question keyboard is remembered, and a turn that shows a newer
question, or ends or deletes the consultation, also takes that keyboard away: a
cosmetic edit, after the turn's own messages, that may fail without loss.

Kept in memory: after a restart, or for a chat another process served last, the
old buttons stay until tapped; the refused tap takes them away
(`actions._closed_keyboard`). Which message shows the open question is also kept
with the conversation (`Storage.question_shown`), so that a Reply to an older one
is told apart after a restart too (`earlier`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from bot.adapters.telegram.layout import COSMETIC, Call
from bot.core import buttons, events

#: Chats whose newest question keyboard is remembered (the least recently shown go first).
REMEMBERED_CHATS = 10_000
#: What a question's button does: choose an answer, or tick one.
ANSWERS = (events.Choose, events.Toggle)


def asks(call: Call) -> bool:
    """Whether `call` sends a new message with a consultation question's buttons."""
    if call["method"] != "sendMessage":
        return False
    markup = call["params"].get("reply_markup")
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return any(
        isinstance(buttons.parse(str(button.get("callback_data", ""))), ANSWERS)
        for row in rows
        for button in row
    )


class QuestionKeyboards:
    def __init__(self, size: int = REMEMBERED_CHATS) -> None:
        self.size = size
        self._open: OrderedDict[int, int] = OrderedDict()
        #: Each chat's open question: its step, when Telegram first showed it (its
        #: clock, seconds; a question asked again keeps that) and whether an answer
        #: brought it up (not the first question seen here).
        self._asked: dict[int, tuple[int, int, bool]] = {}
        #: Each chat's newest copy of its open question: its step and when Telegram
        #: showed it (a question asked again after words not understood: that copy's).
        self._newest: dict[int, tuple[int, int]] = {}

    def delivered(self, chat_id: int, call: Call, answer: Any) -> None:
        """Note what Telegram took: a question's keyboard shown (its message id), or
        the remembered one taken away."""
        params = call["params"]
        if asks(call) and isinstance(answer, dict) and isinstance(answer.get("message_id"), int):
            self._open[chat_id] = answer["message_id"]
            self._open.move_to_end(chat_id)
            self._note_asked(chat_id, call, answer.get("date"))
            while len(self._open) > self.size:
                oldest = self._open.popitem(last=False)[0]
                self._asked.pop(oldest, None)
                self._newest.pop(oldest, None)
        elif call["method"] == "editMessageReplyMarkup" and self._open.get(chat_id) == params.get(
            "message_id"
        ):
            del self._open[chat_id]
            self._asked.pop(chat_id, None)
            self._newest.pop(chat_id, None)

    def _note_asked(self, chat_id: int, call: Call, date: Any) -> None:
        steps = [
            parsed.step
            for row in call["params"]["reply_markup"]["inline_keyboard"]
            for button in row
            if isinstance(parsed := buttons.parse(str(button.get("callback_data", ""))), ANSWERS)
        ]
        before = self._asked.get(chat_id)
        if not steps or not isinstance(date, int):
            self._asked.pop(chat_id, None)
            self._newest.pop(chat_id, None)
            return
        self._newest[chat_id] = (steps[0], date)
        if before is None:
            self._asked[chat_id] = (steps[0], date, False)
        elif before[0] != steps[0]:
            self._asked[chat_id] = (steps[0], date, True)

    def sent_before_asked(self, chat_id: int, step: int, sent_at: float | None) -> bool:
        """Whether words dated `sent_at` (Telegram's clock) were sent no later than the
        open question, at `step`, was first shown, an answer having brought it up: written
        before it could be read, for the question before it (False when which question is
        open is not known here: after a restart, another process).

        The patient on a phone and a desktop: "None of these" tapped on one and typed on
        the other in the same second answered the question the tap brought up, unseen.
        Telegram dates messages in whole seconds; nobody reads a question and answers it
        within the second it was shown."""
        asked = self._asked.get(chat_id)
        if asked is None or sent_at is None:
            return False
        asked_step, asked_at, moved = asked
        return moved and asked_step == step and sent_at <= asked_at

    def sent_before_shown_again(self, chat_id: int, step: int, sent_at: float | None) -> bool:
        """Whether words dated `sent_at` were sent no later than the newest copy of the
        open question, at `step`, was shown (False when not known here)."""
        newest = self._newest.get(chat_id)
        if newest is None or sent_at is None:
            return False
        shown_step, shown_at = newest
        return shown_step == step and sent_at <= shown_at

    def shown(self, chat_id: int) -> int | None:
        """The message showing the chat's open question keyboard, if known here."""
        return self._open.get(chat_id)

    def earlier(self, chat_id: int, message_id: int, stored: int | None = None) -> bool:
        """Whether `message_id` came before the open question's newest copy: the one
        known here or `stored` with the conversation (after a restart, or shown by
        another process), whichever is newer; False when neither is known."""
        known = [shown for shown in (self._open.get(chat_id), stored) if shown is not None]
        return bool(known) and message_id < max(known)

    def superseded(
        self,
        chat_id: int,
        calls: Sequence[Call],
        tapped: int | None,
        ended: bool,
        repeated: bool = False,
    ) -> list[Call]:
        """The call that takes the remembered keyboard away, when this turn's `calls`
        show a newer question or the consultation `ended` (finished or deleted);
        none when the tapped message is that keyboard (the tap's mark closes it).
        `repeated`: the turn asks the same question again, unread (the rest of a long
        message the app cut in parts): its earlier copy is deleted, not kept bare."""
        shown = self._open.get(chat_id)
        if shown is None or shown == tapped or not (ended or any(map(asks, calls))):
            return []
        params = {"chat_id": chat_id, "message_id": shown}
        method = "deleteMessage" if repeated and not ended else "editMessageReplyMarkup"
        return [{"method": method, "params": params, COSMETIC: True}]


#: Prompts whose answer is remembered (the oldest answered go first).
REMEMBERED_PROMPTS = 10_000


class AnsweredPrompts:
    """The adapter's own one-shot prompts (/forget's "Yes, delete everything" or "No,
    keep it") already answered, by chat and message. Two taps within 100 ms, before
    Telegram shows the prompt without its buttons, both reached the bot: "everything
    was deleted" was said twice, or "Nothing was deleted" of what had just been. In
    memory, as the question keyboards: a prompt answered on another process, or before
    a restart, has lost its buttons already."""

    def __init__(self, size: int = REMEMBERED_PROMPTS) -> None:
        self.size = size
        self._answered: OrderedDict[tuple[int, int], None] = OrderedDict()

    def answered(self, chat_id: int, message_id: int | None) -> bool:
        return message_id is not None and (chat_id, message_id) in self._answered

    def answer(self, chat_id: int, message_id: int | None) -> None:
        if message_id is None:
            return
        self._answered[chat_id, message_id] = None
        while len(self._answered) > self.size:
            self._answered.popitem(last=False)
