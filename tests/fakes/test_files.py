"""The fake Telegram's files: a document update, getFile and the download through PTB."""

from __future__ import annotations

from telegram import Bot, Update

from tests.fakes.bot_api import FakeRequest, FakeTelegram


async def test_a_sent_document_downloads_through_ptb_as_its_bytes() -> None:
    tg = FakeTelegram()
    bot = Bot("123:ABC", request=FakeRequest(tg))
    async with bot:
        payload = tg.files.document_update(42, b"title: x\n", "q.yml", caption="ABC234")
        update = Update.de_json({"update_id": 1, **payload}, bot)
        assert update is not None and update.message is not None
        document = update.message.document
        assert document is not None and document.file_name == "q.yml"
        assert update.message.caption == "ABC234" and update.message.text is None
        file = await bot.get_file(document.file_id)
        assert bytes(await file.download_as_bytearray()) == b"title: x\n"
        assert tg.files.downloads == 1


async def test_an_unknown_file_id_is_refused_as_telegram_does() -> None:
    tg = FakeTelegram()
    status, body = tg.handle("getFile", {"file_id": "nope"})
    assert status == 400 and "invalid file_id" in body["description"]
