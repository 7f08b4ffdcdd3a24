"""The first minutes with the bot, tried cold: a teacher adding it to a group, the
command menus a student and an admin open there."""

from __future__ import annotations

from typing import Any

from bot.adapters.telegram import texts
from bot.i18n import Catalogs
from tests.adapters.telegram.harness import BotHarness
from tests.conftest import LOCALES

GROUP = -100555
TEACHER, STUDENT = 601, 602
CATALOGS = Catalogs(LOCALES)


def membership(
    harness: BotHarness, chat: int, status: str, language: str, channel: bool = False
) -> dict[str, Any]:
    """The bot's status in `chat` made `status` by the teacher, whose app is in `language`."""
    update = harness.telegram.my_chat_member_update(chat, status, TEACHER, channel=channel)
    update["my_chat_member"]["from"]["language_code"] = language
    return update


async def test_regression_a_teacher_who_added_the_bot_to_a_group_was_told_nothing(
    harness: BotHarness,
) -> None:
    """A teacher added the bot to the class's group and nothing came: no word of what it
    does there or how to start a quiz (/quiz was nowhere but in the command menu). The
    group now reads the group's help, once, in the language of whoever added the bot;
    being made an admin afterwards says nothing again."""
    tg = harness.telegram
    await harness.feed(membership(harness, GROUP, "member", "de"))
    (greeting,) = tg.texts(GROUP)
    assert greeting == CATALOGS.translations("de").gettext(texts.GROUP_HELP)
    assert "/quiz" in greeting

    promoted = membership(harness, GROUP, "administrator", "de")
    promoted["my_chat_member"]["old_chat_member"]["status"] = "member"
    await harness.feed(promoted)
    assert len(tg.texts(GROUP)) == 1

    # Removed, then added again (as an admin at once): told again, once.
    await harness.feed(membership(harness, GROUP, "left", "en"))
    await harness.feed(membership(harness, GROUP, "administrator", "en"))
    assert tg.texts(GROUP)[1:] == [texts.GROUP_HELP]


async def test_a_bot_added_where_it_may_not_write_or_to_a_channel_posts_nothing(
    harness: BotHarness,
) -> None:
    tg = harness.telegram
    restricted = membership(harness, GROUP, "restricted", "en")
    restricted["my_chat_member"]["old_chat_member"]["status"] = "left"
    await harness.feed(restricted)
    await harness.feed(membership(harness, -100999, "administrator", "en", channel=True))
    unblocked = membership(harness, TEACHER, "member", "en")  # a private chat
    await harness.feed(unblocked)
    assert tg.sent() == []


async def test_regression_students_saw_the_admins_session_commands_in_their_group_menu(
    harness: BotHarness,
) -> None:
    """Every member of a class's group found /quiz, /next, /pause and /stop in the bot's
    command menu; a student who tapped /stop mid-quiz posted it for the class, and the
    class read "Only the group's admins can…". Members now see the commands any of them
    may use; the group's admins see them all, in every language."""
    menus: dict[tuple[str, str | None], list[str]] = {
        (c.params["scope"]["type"], c.params.get("language_code")): [
            command["command"] for command in c.params["commands"]
        ]
        for c in harness.telegram.calls_of("setMyCommands")
        if "scope" in c.params
    }
    for language in (None, "de", "es", "ru"):
        assert menus["all_group_chats", language] == ["score", "help", "privacy"]
        assert menus["all_chat_administrators", language] == [
            name for name, _ in texts.GROUP_COMMANDS
        ]
    # What a member may use is what they are never refused.
    tg = harness.telegram
    for name in menus["all_group_chats", None]:
        await harness.feed(tg.message_update(GROUP, f"/{name}", user_id=STUDENT))
    assert not any("Only the group's admins" in text for text in tg.texts(GROUP))


async def test_regression_a_group_upgraded_right_after_adding_the_bot_read_its_help_twice(
    harness: BotHarness,
) -> None:
    """A teacher added the bot to a basic group, which then became a supergroup (made
    the bot an admin, or made the history visible). Telegram tells the bot of the
    migration, then that it joined the supergroup: the class read the whole group help
    a second time, as if the bot had just been added. It is posted once."""
    tg, basic, upgraded = harness.telegram, -4001, -1004001
    await harness.feed(membership(harness, basic, "member", "en"))
    for chat, field, other in ((basic, "to", upgraded), (upgraded, "from", basic)):
        service = tg.message_update(chat, "x", user_id=TEACHER)
        del service["message"]["text"]
        service["message"][f"migrate_{field}_chat_id"] = other
        await harness.feed(service)
    await harness.feed(membership(harness, upgraded, "administrator", "en"))
    assert tg.texts(basic) == [texts.GROUP_HELP]
    assert tg.texts(upgraded) == []

    # Removed from the supergroup later and added again: introduced again.
    await harness.feed(membership(harness, upgraded, "left", "en"))
    await harness.feed(membership(harness, upgraded, "member", "en"))
    assert tg.texts(upgraded) == [texts.GROUP_HELP]
