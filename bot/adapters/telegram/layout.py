"""Rendered messages as Bot API calls: keyboards, edits, and the 4096 limit.

The calls are plain JSON so they can wait in the outbox and be replayed
after a restart exactly as they would have been sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from telegram import ReplyParameters
from telegram.constants import MessageLimit, ParseMode

from bot.core.group_session import MAIN, Place
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


#: A tag or a character reference of Telegram HTML: a cut never goes inside one.
_PIECE = re.compile(r"<[^<>]*>|&#?\w+;")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), of the HTML source: at least the
    shown text's (an emoji is two, where `len` counts one)."""
    return len(text.encode("utf-16-le")) // 2


def _open_tags(text: str) -> list[str]:
    """The opening tags still open at the end of `text`, outermost first."""
    opened: list[tuple[str, str]] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            opened.append((name, match.group(0)))
            continue
        for index in range(len(opened) - 1, -1, -1):
            if opened[index][0] == name:
                del opened[index:]
                break
    return [tag for _, tag in opened]


def _closers(opened: list[str]) -> str:
    return "".join(f"</{_TAG.match(tag).group(2)}>" for tag in reversed(opened))  # type: ignore[union-attr]


def _cut(text: str, window: int) -> tuple[int, int]:
    """Where to end a part of `text` within its first `window` characters, and where the next
    begins: at a paragraph break, else a line break, else a space, else anywhere, but never
    inside a tag or a character reference (`&amp;`)."""
    for separator in ("\n\n", "\n", " "):
        at = text.rfind(separator, 0, window + 1)
        while at > 0 and _inside_piece(text, at):
            at = text.rfind(separator, 0, at)
        if at > 0:
            return at, at + len(separator)
    at = window
    for piece in _PIECE.finditer(text, max(0, window - 4096)):
        if piece.start() < at < piece.end():
            at = piece.start()
        if piece.start() >= at:
            break
    at = at if at > 0 else window  # a "tag" as long as the limit: not ours, cut it
    return at, at


def _inside_piece(text: str, at: int) -> bool:
    start = max(text.rfind("<", 0, at), text.rfind("&", 0, at))
    if start < 0:
        return False
    piece = _PIECE.match(text, start)
    return piece is not None and piece.end() > at


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """`text` (Telegram HTML) as parts that each fit Telegram's limit (`telegram_length`).

    Cut at paragraph breaks, else line breaks, else between words; never inside a tag or
    a character reference, and a tag open at a cut is closed there and opened again at
    the start of the next part (Telegram refuses HTML whose tags do not match)."""
    if telegram_length(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while telegram_length(rest) > limit:
        window = limit
        while True:
            end, start = _cut(rest, min(window, len(rest)))
            # an emoji is two of Telegram's units: the window is in characters
            while end > 1 and telegram_length(rest[:end]) > window:
                end, start = _cut(rest, end - 1)
            opened = _open_tags(rest[:end])
            part = rest[:end].rstrip() + _closers(opened)
            if telegram_length(part) <= limit or window <= limit // 2:
                break
            window -= telegram_length(part) - limit
        if part.strip():
            parts.append(part)
        following = rest[start:].lstrip("\n")
        rest = "".join(opened) + following
    if rest.strip():
        parts.append(rest)
    return parts


def where(place: Place) -> dict[str, Any]:
    """The Bot API parameters that post into `place`: a forum topic (without its id
    Telegram posts to a forum's "General", or a private chat's main topic), or a channel
    post's comments, whose root (the post's copy in the discussion group) each post
    replies to — which is how a comment is made (see `incoming.topic`)."""
    if place.comments_on is not None:
        return {
            "reply_parameters": {
                "message_id": place.comments_on,
                "allow_sending_without_reply": True,
            }
        }
    if place.topic is not None:
        return {"message_thread_id": place.topic}
    return {}


def ptb_where(place: Place) -> dict[str, Any]:
    """`where` as keyword arguments of PTB's `Bot.send_*` methods."""
    if place.comments_on is not None:
        return {
            "reply_parameters": ReplyParameters(place.comments_on, allow_sending_without_reply=True)
        }
    return where(place)


def in_place(calls: list[Call], place: Place) -> list[Call]:
    """`calls`, each message or file posting into `place` (`where`) unless it names its
    own: in a private chat with topics (Bot API 9.3), a patient who wrote in a topic read
    every answer in the chat's main topic. Edits stay where their message is."""
    if place == MAIN:
        return calls
    return [
        {**call, "params": {**call["params"], **where(place)}}
        if call["method"].startswith("send") and "message_thread_id" not in call["params"]
        else call
        for call in calls
    ]


def send(
    chat_id: int, text: str, markup: dict[str, Any] | None = None, place: Place = MAIN
) -> list[Call]:
    """`text` as messages of at most 4096 characters, `markup` under the last; `place`:
    the forum topic or comment thread to post in (`where`)."""
    parts = split_text(text)
    calls: list[Call] = []
    for number, part in enumerate(parts, start=1):
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "text": part,
            "parse_mode": ParseMode.HTML.value,
            "link_preview_options": {"is_disabled": True},
        }
        params.update(where(place))
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
