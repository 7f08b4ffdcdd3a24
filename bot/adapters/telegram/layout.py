"""Rendered messages as Bot API calls: keyboards, edits, and the 4096 limit.

The calls are plain JSON so they can wait in the outbox and be replayed
after a restart exactly as they would have been sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from telegram.constants import MessageLimit, ParseMode

from bot.core.render import Button, Message

Call = dict[str, Any]
#: Marks a call whose only job is to tidy up what the chat shows (the answered question
#: edited to show the answer): if it can no longer be made, nothing is lost.
COSMETIC = "cosmetic"
#: Two buttons share a row when both labels are this short.
PAIR_WIDTH = 16
MAX_PER_ROW = 8


def keyboard(choices: Sequence[Button]) -> dict[str, Any]:
    rows: list[list[dict[str, str]]] = []
    row: list[dict[str, str]] = []
    for choice in choices:
        button = {"text": choice.label, "callback_data": choice.data}
        short = len(choice.label) <= PAIR_WIDTH
        if row and short and len(row) < 2 and len(row[0]["text"]) <= PAIR_WIDTH:
            row.append(button)
            rows.append(row)
            row = []
            continue
        if row:
            rows.append(row)
        row = [button]
    if row:
        rows.append(row)
    assert all(len(r) <= MAX_PER_ROW for r in rows)
    return {"inline_keyboard": rows}


def url_keyboard(label: str, url: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": label, "url": url}]]}


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Cut at paragraph breaks (our markup never spans one) so each part fits."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        while len(paragraph) > limit:  # a single huge paragraph: cut at a line break
            cut = paragraph.rfind("\n", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                parts.append(current)
                current = ""
            parts.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip("\n")
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) > limit:
            parts.append(current)
            current = paragraph
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def send(
    chat_id: int, text: str, markup: dict[str, Any] | None = None, thread: int | None = None
) -> list[Call]:
    """`text` as messages of at most 4096 characters, `markup` under the last; `thread`:
    the forum topic to post in (without it Telegram posts to a forum's "General")."""
    parts = split_text(text)
    calls: list[Call] = []
    for number, part in enumerate(parts, start=1):
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "text": part,
            "parse_mode": ParseMode.HTML.value,
            "link_preview_options": {"is_disabled": True},
        }
        if thread is not None:
            params["message_thread_id"] = thread
        if markup is not None and number == len(parts):
            params["reply_markup"] = markup
        calls.append({"method": "sendMessage", "params": params})
    return calls


def edit(chat_id: int, message_id: int, text: str, markup: dict[str, Any] | None = None) -> Call:
    params: dict[str, Any] = {
        "chat_id": chat_id,
        "message_id": message_id,
        "text": split_text(text)[0],
        "parse_mode": ParseMode.HTML.value,
        "link_preview_options": {"is_disabled": True},
    }
    if markup is not None:
        params["reply_markup"] = markup
    return {"method": "editMessageText", "params": params}


def calls_for(messages: Iterable[Message], chat_id: int, tapped_message: int | None) -> list[Call]:
    """The calls that show `messages`; a tapped question is edited to show the answer.

    The edit goes last: the next question is what the user waits for, and the
    mark on the answered one is cosmetic (`COSMETIC`), so it never holds the
    question up.
    """
    calls: list[Call] = []
    marks: list[Call] = []
    for message in messages:
        if message.kind == "chosen":
            if tapped_message is not None:
                marks.append({**edit(chat_id, tapped_message, message.text), COSMETIC: True})
            continue
        if message.kind == "ticked" and tapped_message is not None:
            # A tick on a choose-all-that-apply question: the same message, its ✓ updated.
            calls.append(edit(chat_id, tapped_message, message.text, keyboard(message.buttons)))
            continue
        markup = keyboard(message.buttons) if message.buttons else None
        calls.extend(send(chat_id, message.text, markup))
    return calls + marks
