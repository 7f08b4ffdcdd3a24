"""FakeRequest runs PTB in process: calls answered, failures raised as HTTPXRequest would."""

from __future__ import annotations

import pytest
from telegram import Bot, Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes

from tests.fakes.bot_api import FakeRequest, FakeTelegram, UploadedFile
from tests.fakes.ptb import TOKEN


async def test_initialize_asks_get_me(tg: FakeTelegram, bot: Bot) -> None:
    assert [call.method for call in tg.calls] == ["getMe"]
    assert bot.id == FakeTelegram.bot_id == 777
    assert bot.username == "spasmbot_test_bot"
    assert bot.bot.is_bot and bot.bot.can_join_groups


async def test_transport_failures(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("sendMessage", error="timeout", times=2)
    for _ in range(2):
        with pytest.raises(TimedOut):
            await bot.send_message(5, "lost")

    tg.fail("sendMessage", error="network")
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(5, "lost")
    assert not isinstance(caught.value, TimedOut)

    await bot.send_message(5, "delivered")
    assert tg.texts(5) == ["delivered"]
    assert [call.error for call in tg.calls_of("sendMessage")] == [
        "timeout",
        "timeout",
        "network",
        None,
    ]


async def test_uploads_are_recorded_as_files(tg: FakeTelegram, bot: Bot) -> None:
    await bot.send_document(5, b"%PDF-1.4 fake", filename="leaflet.pdf", caption="Read me")
    (call,) = tg.calls_of("sendDocument")
    upload = call.params["document"]
    assert isinstance(upload, UploadedFile)
    assert upload.content == b"%PDF-1.4 fake" and upload.filename == "leaflet.pdf"
    assert call.params["caption"] == "Read me"


async def test_record_calls_off_still_counts(tg: FakeTelegram) -> None:
    request = FakeRequest(tg, record_calls=False)
    async with Bot(TOKEN, request=request, get_updates_request=request) as bot:
        for _ in range(3):
            await bot.send_message(5, "fast")
    assert tg.calls == []
    assert tg.counts["sendMessage"] == 3 and tg.counts["getMe"] == 1


async def _reply_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Welcome!")


async def test_application_polls_and_replies(tg: FakeTelegram) -> None:
    app = (
        Application.builder()
        .token(TOKEN)
        .request(FakeRequest(tg))
        .get_updates_request(FakeRequest(tg))
        .build()
    )
    app.add_handler(CommandHandler("start", _reply_start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=5)
        tg.push_update(tg.message_update(5, "/start"))
        await tg.wait_until(lambda t: t.texts(5), timeout=5)
        await app.updater.stop()
        await app.stop()
    assert tg.texts(5) == ["Welcome!"]
    assert tg.pending_updates == 0  # the final getUpdates confirmed the update
