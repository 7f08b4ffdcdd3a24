"""FakeBotApiServer: the same fake over loopback HTTP, through PTB's real HTTPXRequest."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from tests.fakes.bot_api import FakeBotApiServer, UploadedFile
from tests.fakes.ptb import KEYBOARD, PTB_RETRY_AFTER_DEPRECATION, TOKEN, retry_seconds


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


def test_wait_for(server: FakeBotApiServer) -> None:
    tg = server.telegram
    threading.Timer(0.05, tg.push_update, args=(tg.message_update(5, "x"),)).start()
    server.wait_for(lambda t: t.pending_updates == 1, timeout=2)
    tg.handle("sendMessage", {"chat_id": 5, "text": "visible in the report"})
    with pytest.raises(AssertionError, match="visible in the report"):
        server.wait_for(lambda t: t.texts(5)[1] == "never", timeout=0.1)


async def test_regression_the_loopback_fakes_clock_could_not_be_moved(
    server: FakeBotApiServer, http_bot: Bot
) -> None:
    """A poll's close, a tap long after its button was shown: flows that hang on time could
    not be tested over the loopback fake without waiting in real time (its clock was
    time.time, and taps and membership changes were dated by it whatever clock a test
    gave). `advance` moves Telegram's clock: the poll closes, the dates move with it."""
    tg = server.telegram
    message = await http_bot.send_poll(-100, "Which nerve?", ["VII", "V"], open_period=30)
    assert message.poll is not None
    poll_id, shown_at = message.poll.id, message.date.timestamp()
    tg.poll_answer_update(poll_id, 7, [0])  # taken while it is open
    tg.advance(31)
    assert not tg.poll_open(poll_id)
    with pytest.raises(AssertionError, match="refuses a vote"):
        tg.poll_answer_update(poll_id, 8, [1])
    with pytest.raises(BadRequest, match="already been closed"):
        await http_bot.stop_poll(-100, message.message_id)
    tap = tg.callback_update(5, "yes", 1)["callback_query"]["message"]["date"]
    joined = tg.my_chat_member_update(-100, "member")["my_chat_member"]["date"]
    assert tap >= shown_at + 31 - 60 and joined >= shown_at + 31
    later = await http_bot.send_message(5, "later")
    assert later.date.timestamp() >= shown_at + 31
