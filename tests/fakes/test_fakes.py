"""The Bot API fakes work with the real PTB stack, in-process and over loopback HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.fakes.bot_api import (
    INCOMING_MESSAGE_ID_BASE,
    FakeBotApiServer,
    FakeRequest,
    FakeTelegram,
    UploadedFile,
)

TOKEN = "123:ABC"
# PTB's own RetryAfter.__init__ warns about the coming int -> timedelta switch.
PTB_RETRY_AFTER_DEPRECATION = pytest.mark.filterwarnings(
    "ignore::telegram.warnings.PTBDeprecationWarning"
)
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])


def retry_seconds(exc: RetryAfter) -> float:
    """``RetryAfter.retry_after`` in seconds, whatever PTB_TIMEDELTA says (and without warnings)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


@pytest.fixture
def tg() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, request=FakeRequest(tg), get_updates_request=FakeRequest(tg)) as bot:
        yield bot


# ---------------------------------------------------------------- FakeRequest (in-process)


async def test_initialize_asks_get_me(tg: FakeTelegram, bot: Bot) -> None:
    assert [call.method for call in tg.calls] == ["getMe"]
    assert bot.id == FakeTelegram.bot_id == 777
    assert bot.username == "spasmbot_test_bot"
    assert bot.bot.is_bot and bot.bot.can_join_groups


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


@PTB_RETRY_AFTER_DEPRECATION
async def test_retry_after_raises_with_seconds(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("sendMessage", error="retry_after", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(5, "too fast")
    assert retry_seconds(caught.value) == 7

    await bot.send_message(5, "later")  # only one failure was queued
    assert tg.texts(5) == ["later"]
    assert [call.error for call in tg.calls_of("sendMessage")] == ["retry_after", None]


async def test_forbidden_and_bad_requests(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("sendMessage", error="forbidden")
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(5, "hi")

    tg.fail("editMessageText", error="bad_request")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("same", chat_id=5, message_id=1)

    tg.fail("editMessageText", error="not_found")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("gone", chat_id=5, message_id=1)

    tg.fail("deleteMessage", error="bad_request", description="Bad Request: custom")
    with pytest.raises(BadRequest, match=r"(?i)custom"):
        await bot.delete_message(5, 1)

    assert tg.sent() == [] and tg.edits() == []


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


async def test_a_failure_can_start_after_some_calls_went_through(
    tg: FakeTelegram, bot: Bot
) -> None:
    tg.fail("sendMessage", error="network", after=1)
    await bot.send_message(5, "first")
    with pytest.raises(NetworkError):
        await bot.send_message(5, "second")
    await bot.send_message(5, "second")
    assert tg.texts(5) == ["first", "second"]
    assert [call.error for call in tg.calls_of("sendMessage")] == [None, "network", None]


def test_fail_rejects_unknown_errors(tg: FakeTelegram) -> None:
    with pytest.raises(ValueError, match="unknown error"):
        tg.fail("sendMessage", error="flaky")


async def test_get_updates_and_offset(tg: FakeTelegram, bot: Bot) -> None:
    assert tg.push_update(tg.message_update(5, "/start")) == 1
    assert tg.push_update(tg.callback_update(5, "yes", message_id=1)) == 2

    updates = await bot.get_updates()
    assert [update.update_id for update in updates] == [1, 2]
    assert all(isinstance(update, Update) for update in updates)
    message = updates[0].message
    assert message is not None and message.text == "/start"
    assert message.from_user is not None and message.from_user.id == 5
    assert message.from_user.language_code == "en"
    assert message.message_id > INCOMING_MESSAGE_ID_BASE
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    query = updates[1].callback_query
    assert query is not None and query.data == "yes"
    assert query.message is not None and query.message.message_id == 1

    again = await bot.get_updates(offset=2)  # confirms update 1
    assert [update.update_id for update in again] == [2]
    assert await bot.get_updates(offset=3) == ()
    assert tg.pending_updates == 0


async def test_get_updates_long_poll_wakes_on_push(tg: FakeTelegram, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.05, tg.push_update, tg.message_update(5, "hi"))
    started = time.monotonic()
    updates = await bot.get_updates(timeout=30)
    assert [update.update_id for update in updates] == [1]
    assert time.monotonic() - started < 0.8


async def test_get_updates_long_poll_is_capped(tg: FakeTelegram, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=30) == ()
    assert 0.9 <= time.monotonic() - started < 2.5


async def test_offset_is_confirmed_when_the_poll_arrives(tg: FakeTelegram, bot: Bot) -> None:
    tg.push_updates([tg.message_update(5, "one"), tg.message_update(5, "two")])
    poll = asyncio.create_task(bot.get_updates(offset=3, timeout=1))
    await asyncio.sleep(0.05)
    # Like Telegram: confirmed on arrival, so a bot killed mid-poll never sees them again.
    assert tg.pending_updates == 0
    assert tg.counts["getUpdates"] == 1 and tg.calls_of("getUpdates") == []
    tg.push_update(tg.message_update(5, "three"))
    assert [update.update_id for update in await poll] == [3]


@PTB_RETRY_AFTER_DEPRECATION
async def test_failing_get_updates_does_not_long_poll(tg: FakeTelegram, bot: Bot) -> None:
    tg.fail("getUpdates", error="retry_after", retry_after=2)
    started = time.monotonic()
    with pytest.raises(RetryAfter):
        await bot.get_updates(timeout=30)
    assert time.monotonic() - started < 0.5


async def test_drop_pending_updates(tg: FakeTelegram, bot: Bot) -> None:
    tg.push_update(tg.message_update(5, "old"))
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


def _update_builders(tg: FakeTelegram) -> dict[str, dict[str, Any]]:
    return {
        "message": tg.message_update(5, "hello", user_id=9, language_code="ru"),
        "group_message": tg.message_update(-100123, "/start@spasmbot_test_bot"),
        "callback_query": tg.callback_update(5, "data", 3),
        "sticker": tg.sticker_update(5),
        "photo": tg.photo_update(5),
        "edited_message": tg.edited_message_update(5, "fixed"),
        "channel_post": tg.channel_post_update(-100999, "news"),
        "poll_answer": tg.poll_answer_update("poll-1", 5, [0, 2]),
        "blocked": tg.my_chat_member_update(5, "kicked"),
        "promoted": tg.my_chat_member_update(-100123, "administrator"),
        "restricted": tg.my_chat_member_update(-100123, "restricted"),
    }


async def test_every_update_builder_parses(tg: FakeTelegram, bot: Bot) -> None:
    for update in _update_builders(tg).values():
        tg.push_update(update)
    updates = {
        name: update
        for name, update in zip(_update_builders(tg), await bot.get_updates(), strict=True)
    }

    message = updates["message"].message
    assert message is not None and message.from_user is not None
    assert (message.from_user.id, message.from_user.language_code) == (9, "ru")
    group = updates["group_message"].effective_chat
    assert group is not None and group.type == "supergroup"
    assert updates["group_message"].effective_user is not None
    assert updates["callback_query"].callback_query is not None
    sticker_message = updates["sticker"].message
    assert sticker_message is not None and sticker_message.sticker is not None
    photo_message = updates["photo"].message
    assert photo_message is not None and len(photo_message.photo) == 2
    edited = updates["edited_message"].edited_message
    assert edited is not None and edited.text == "fixed"
    post = updates["channel_post"].channel_post
    assert post is not None and post.chat.type == "channel" and post.text == "news"
    answer = updates["poll_answer"].poll_answer
    assert answer is not None and answer.option_ids == (0, 2) and answer.poll_id == "poll-1"
    blocked = updates["blocked"].my_chat_member
    assert blocked is not None and isinstance(blocked.new_chat_member, ChatMemberBanned)
    promoted = updates["promoted"].my_chat_member
    assert promoted is not None
    assert isinstance(promoted.new_chat_member, ChatMemberAdministrator)
    assert updates["restricted"].my_chat_member is not None


async def test_polls_members_and_misc_methods(tg: FakeTelegram, bot: Bot) -> None:
    poll_message = await bot.send_poll(5, "How often?", ["Daily", "Weekly"], is_anonymous=False)
    assert poll_message.poll is not None
    assert [option.text for option in poll_message.poll.options] == ["Daily", "Weekly"]
    assert poll_message.poll.is_anonymous is False

    tg.admins.add((-100123, 9))
    assert isinstance(await bot.get_chat_member(-100123, 9), ChatMemberAdministrator)
    assert isinstance(await bot.get_chat_member(-100123, 10), ChatMemberMember)
    assert len(await bot.get_chat_administrators(-100123)) == 1
    assert (await bot.get_chat(5)).type == "private"

    assert await bot.answer_callback_query("1") is True
    assert await bot.set_my_commands([("start", "Start")]) is True
    assert await bot.get_my_commands() == ()
    assert await bot.set_my_description("d") is True
    assert await bot.delete_message(5, 1) is True
    assert await bot.set_chat_menu_button() is True
    assert await bot.send_chat_action(5, "typing") is True
    assert await bot.set_webhook("https://example.org/hook") is True
    assert await bot.delete_webhook() is True
    assert await bot.do_api_request("someFutureMethod") is True
    assert (await bot.send_sticker(5, "sticker-file-id")).message_id == 2


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


# ---------------------------------------------------------------- FakeBotApiServer (HTTP)


@pytest.fixture
def server() -> Iterator[FakeBotApiServer]:
    with FakeBotApiServer() as server:
        yield server


@pytest.fixture
async def http_bot(server: FakeBotApiServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        yield bot


async def test_http_get_me_and_send_message(server: FakeBotApiServer, http_bot: Bot) -> None:
    tg = server.telegram
    assert server.base_url == f"http://127.0.0.1:{server.port}/bot"
    assert http_bot.username == "spasmbot_test_bot"
    assert tg.calls_of("getMe")

    first = await http_bot.send_message(5, "42", reply_markup=KEYBOARD)
    second = await http_bot.send_message(5, "true")
    assert (first.message_id, second.message_id) == (1, 2)
    assert first.reply_markup == KEYBOARD
    assert tg.texts(5) == ["42", "true"]  # strings stay strings over the wire
    params = tg.sent(5)[0]
    assert params["chat_id"] == 5
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"


async def test_http_get_updates(server: FakeBotApiServer, http_bot: Bot) -> None:
    tg = server.telegram
    tg.push_update(tg.message_update(5, "/start"))
    tg.push_update(tg.message_update(5, "second"))
    updates = await http_bot.get_updates(timeout=1)
    assert [update.update_id for update in updates] == [1, 2]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert [u.update_id for u in await http_bot.get_updates(offset=2, timeout=1)] == [2]

    timer = threading.Timer(0.1, tg.push_update, args=(tg.message_update(5, "late"),))
    timer.start()
    started = time.monotonic()
    late = await http_bot.get_updates(offset=3, timeout=1)
    timer.join()
    assert [update.update_id for update in late] == [3]
    assert time.monotonic() - started < 0.9


@PTB_RETRY_AFTER_DEPRECATION
async def test_http_errors_map_to_ptb_exceptions(server: FakeBotApiServer, http_bot: Bot) -> None:
    tg = server.telegram
    tg.fail("sendMessage", error="retry_after", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await http_bot.send_message(5, "flood")
    assert retry_seconds(caught.value) == 3

    tg.fail("sendMessage", error="forbidden")
    with pytest.raises(Forbidden):
        await http_bot.send_message(5, "blocked")

    tg.fail("sendMessage", error="network")
    with pytest.raises(NetworkError):
        await http_bot.send_message(5, "dropped")

    await http_bot.send_message(5, "fine")
    assert tg.texts(5) == ["fine"]
    assert [call.error for call in tg.calls_of("sendMessage")] == [
        "retry_after",
        "forbidden",
        "network",
        None,
    ]


async def test_http_timeout_is_held_until_client_gives_up(server: FakeBotApiServer) -> None:
    tg = server.telegram
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(TOKEN, base_url=server.base_url, request=request) as bot:
        tg.fail("sendMessage", error="timeout")
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await bot.send_message(5, "slow")
        assert time.monotonic() - started >= 0.25
        await bot.send_message(5, "fast")
    assert tg.texts(5) == ["fast"]
    assert tg.calls_of("sendMessage")[0].error == "timeout"


async def test_http_multipart_upload(server: FakeBotApiServer, http_bot: Bot) -> None:
    await http_bot.send_document(5, b"\x00binary\xff", filename="a.bin", caption="42")
    (call,) = server.telegram.calls_of("sendDocument")
    upload = call.params["document"]
    assert isinstance(upload, UploadedFile)
    assert upload.content == b"\x00binary\xff" and upload.filename == "a.bin"
    assert call.params["caption"] == "42" and call.params["chat_id"] == 5


async def test_http_accepts_json_bodies(server: FakeBotApiServer) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{server.base_url}{TOKEN}/sendMessage", json={"chat_id": 7, "text": "json"}
        )
        missing = await client.post(f"http://127.0.0.1:{server.port}/nonsense")
    assert response.status_code == 200
    assert response.json()["result"]["text"] == "json"
    assert server.telegram.texts(7) == ["json"]
    assert missing.status_code == 404


async def test_wait_until_reports_calls(tg: FakeTelegram, bot: Bot) -> None:
    asyncio.get_running_loop().call_later(0.05, tg.push_update, tg.message_update(5, "x"))
    await tg.wait_until(lambda t: t.pending_updates == 1, timeout=2)
    await bot.send_message(5, "visible in the report")
    with pytest.raises(AssertionError, match="visible in the report"):
        await tg.wait_until(lambda t: t.texts(5)[1] == "never", timeout=0.05)


def test_wait_for(server: FakeBotApiServer) -> None:
    tg = server.telegram
    threading.Timer(0.05, tg.push_update, args=(tg.message_update(5, "x"),)).start()
    server.wait_for(lambda t: t.pending_updates == 1, timeout=2)
    tg.handle("sendMessage", {"chat_id": 5, "text": "visible in the report"})
    with pytest.raises(AssertionError, match="visible in the report"):
        server.wait_for(lambda t: t.texts(5)[1] == "never", timeout=0.1)
