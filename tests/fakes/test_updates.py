"""Every update the fake builds parses as PTB's Update."""

from __future__ import annotations

from typing import Any

from telegram import Bot, ChatMemberAdministrator, ChatMemberBanned

from tests.fakes.bot_api import FakeTelegram


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
