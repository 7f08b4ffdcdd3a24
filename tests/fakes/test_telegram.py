"""FakeTelegram answers polls, chat members and the methods it has no handler for."""

from __future__ import annotations

from telegram import Bot, ChatMemberAdministrator, ChatMemberMember

from tests.fakes.bot_api import FakeTelegram


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
