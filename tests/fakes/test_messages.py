"""Sent and edited messages come back as Telegram's: ids per chat, keyboards echoed."""

from __future__ import annotations

import datetime as dtm

from telegram import Bot, Message

from tests.fakes.bot_api import FakeTelegram
from tests.fakes.ptb import KEYBOARD


async def test_send_message_ids_increase_per_chat(tg: FakeTelegram, bot: Bot) -> None:
    first = await bot.send_message(5, "hello", reply_markup=KEYBOARD)
    second = await bot.send_message(5, "42")
    elsewhere = await bot.send_message(-100123, "group")

    assert isinstance(first, Message)
    assert (first.message_id, second.message_id, elsewhere.message_id) == (1, 2, 1)
    assert first.chat.id == 5 and first.chat.type == "private"
    assert elsewhere.chat.type == "supergroup"
    assert first.from_user is not None and first.from_user.id == 777
    assert first.text == "hello" and isinstance(first.date, dtm.datetime)
    assert first.reply_markup == KEYBOARD
    assert second.reply_markup is None

    assert tg.texts(5) == ["hello", "42"]  # "42" stays a string
    assert tg.sent(5)[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]
    }
    assert tg.sent(5)[0]["chat_id"] == 5
    assert [params["text"] for params in tg.sent()] == ["hello", "42", "group"]


async def test_edit_message_text(tg: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(5, "question", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("answered", chat_id=5, message_id=sent.message_id)

    assert isinstance(edited, Message)
    assert edited.message_id == sent.message_id and edited.text == "answered"
    assert edited.edit_date is not None
    assert [params["text"] for params in tg.edits(5)] == ["answered"]
    assert tg.edits(6) == []
