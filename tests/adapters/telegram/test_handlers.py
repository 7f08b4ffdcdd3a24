"""Which update goes where: PTB's handlers and filters, as a user sees their effect."""

from __future__ import annotations

import pytest
from telegram import Update

from bot.adapters.telegram import texts
from bot.adapters.telegram.handlers import routes
from bot.storage.base import ConversationKey
from tests.adapters.telegram.harness import BENIGN_TAPS, BotHarness, ChatUser
from tests.adapters.telegram.test_polling_errors import HANDLED

GROUP = -2003


async def state(harness: BotHarness, user: ChatUser) -> str | None:
    conversation = await harness.storage.load(ConversationKey(user.user_id, user.user_id))
    return conversation.state if conversation else None


async def test_an_edited_command_is_an_edit_not_a_command(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    await alice.click("None of these")
    edited = harness.telegram.edited_message_update(alice.user_id, "/restart")
    edited["edited_message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 8}]
    before = len(alice.received())
    await harness.feed(edited)
    assert alice.texts()[before:] == [texts.EDITED]
    assert await state(harness, alice) == "location"


async def test_a_command_in_a_photos_caption_is_not_run(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    await alice.click("None of these")
    before = len(alice.received())
    await harness.feed(harness.telegram.photo_update(alice.user_id, caption="/restart"))
    assert alice.texts()[before:] == [texts.UNSUPPORTED]
    assert await state(harness, alice) == "location"


async def test_a_command_for_another_bot_gets_no_answer(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start@other_bot")
    await harness.feed(harness.telegram.message_update(GROUP, "/help@other_bot", user_id=5))
    assert alice.received() == [] and harness.telegram.sent(GROUP) == []


async def test_group_chatter_and_photos_get_no_answer(harness: BotHarness) -> None:
    await harness.feed(harness.telegram.message_update(GROUP, "my eyelid twitches", user_id=5))
    await harness.feed(harness.telegram.photo_update(GROUP, user_id=5))
    assert harness.telegram.sent(GROUP) == []


async def test_another_bots_message_gets_no_answer(harness: BotHarness, alice: ChatUser) -> None:
    payload = harness.telegram.message_update(GROUP, "/help", user_id=6)
    payload["message"]["from"]["is_bot"] = True
    await harness.feed(payload)
    assert harness.telegram.sent(GROUP) == []


async def test_help_in_a_group_is_the_groups_help(harness: BotHarness) -> None:
    await harness.feed(harness.telegram.message_update(GROUP, "/help", user_id=5))
    (message,) = harness.telegram.sent(GROUP)
    assert message["text"] == texts.GROUP_HELP


@pytest.mark.parametrize("when", ["first", "after the advice"])
@pytest.mark.parametrize("kind", ["sticker", "voice"])
async def test_regression_a_sticker_with_no_question_open_was_told_to_answer_the_question(
    harness: BotHarness, alice: ChatUser, when: str, kind: str
) -> None:
    """A voice message or a sticker as the first message, or after the advice, was told
    "Please answer the question with the buttons or in words": there was none to
    answer, and nothing said how to begin."""
    if when == "after the advice":
        await alice.send("/start")
        for label in BENIGN_TAPS:
            await alice.click(label)
    tg = harness.telegram
    payload = tg.sticker_update(alice.user_id)
    if kind == "voice":
        del payload["message"]["sticker"]
        payload["message"]["voice"] = {"file_id": "v", "file_unique_id": "vu", "duration": 4}
    before = len(alice.received())
    await harness.feed(payload)
    said = texts.UNHEARD_NOTHING_OPEN if kind == "voice" else texts.UNSUPPORTED_NOTHING_OPEN
    assert alice.texts()[before:] == [said]
    assert "/start" in said
    assert await state(harness, alice) == (None if when == "first" else "finished")


async def test_regression_quiz_in_a_private_chat_was_an_unknown_command(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A teacher trying their quiz with /quiz CODE in the private chat (where /help tells
    of /quiz CODE) was told "I don't know that command": it is said where it works."""
    for command in ("/quiz ABC234", "/case", "/stop", "/score"):
        assert await alice.send(command) == [texts.GROUP_ONLY_COMMAND]
    assert await alice.send("/frobnicate") == [texts.UNKNOWN_COMMAND]
    assert await state(harness, alice) is None


@pytest.mark.parametrize("origin", ["someone else", "the user"])
async def test_regression_a_forwarded_restart_threw_the_consultation_away(
    harness: BotHarness, alice: ChatUser, origin: str
) -> None:
    """A forwarded message keeps its entities, so a "/restart" forwarded from another chat
    (a friend's message, a chat with another bot) ran as the user's command: every answer
    given was thrown away and the safety check asked again. A forward is words to read,
    never a command."""
    await alice.send("/start")
    await alice.click("None of these")
    tg = harness.telegram
    sender = tg.origin_user(55, "Bob") if origin == "someone else" else tg.origin_user(1001)
    before = len(alice.received())
    await harness.feed(tg.forwarded_update(alice.user_id, "/restart", sender))
    notice, question = alice.texts()[before:]
    assert "forwarded" in notice and "safety check" not in question
    assert await state(harness, alice) == "location"
    await harness.feed(tg.forwarded_update(alice.user_id, "/forget", sender))
    assert "Delete everything" not in alice.texts()[-2]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (
            "pinned_message",
            {
                "message_id": 2,
                "date": 1,
                "chat": {"id": 1001, "type": "private"},
                "from": {"id": 1, "is_bot": True, "first_name": "Spasmbot"},
                "text": "Which of these describes it best?",
            },
        ),
        ("message_auto_delete_timer_changed", {"message_auto_delete_time": 86400}),
    ],
)
async def test_regression_a_message_pinned_in_a_private_chat_was_told_to_answer_the_question(
    harness: BotHarness, alice: ChatUser, kind: str, value: dict[str, object]
) -> None:
    """Pinning the bot's question (or setting the chat's auto-delete timer) is a service
    message Telegram sends the bot: it was answered 'I can only read text messages and
    button taps. Please answer the question…', as if the person had sent a sticker."""
    await alice.send("/start")
    await alice.click("None of these")
    before = len(alice.received())
    await harness.feed(harness.telegram.attachment_update(alice.user_id, kind, value))
    assert alice.texts()[before:] == []
    assert await state(harness, alice) == "location"
    assert await alice.send("only one side of my face") != []


#: Updates that carry a message, and the others the bot could be sent.
MESSAGE_KINDS = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CHANNEL_POST,
    Update.EDITED_CHANNEL_POST,
    Update.BUSINESS_MESSAGE,
    Update.EDITED_BUSINESS_MESSAGE,
]


def _samples(harness: BotHarness, kind: str) -> list[Update]:
    """Updates of `kind` carrying a command, a reply and plain words, in a private chat
    and in a group: whatever a handler's filters look at beside the update's type."""
    tg = harness.telegram
    payloads = [
        tg.message_update(42, "/start"),
        tg.message_update(42, "my face twitches"),
        tg.message_update(GROUP, "/quiz", user_id=5),
        tg.message_update(GROUP, "/help", user_id=5),
    ]
    reply = tg.message_update(GROUP, "/score", user_id=5)
    reply["message"]["reply_to_message"] = tg.message_update(GROUP, "a post", user_id=5)["message"]
    payloads.append(reply)
    return [Update.de_json({"update_id": 1, kind: p["message"]}, harness.app.bot) for p in payloads]


def test_regression_the_update_types_asked_of_telegram_were_read_from_ptbs_insides(
    harness: BotHarness,
) -> None:
    """What the bot asks Telegram for (`allowed_updates`) was worked out from PTB's own
    attributes (`and_filter`, the class names of `filters.UpdateType`): a PTB upgrade that
    renamed them would have changed the list silently, and updates a handler waits for
    would never have come. Each handler now names the update types it needs beside it
    (`handlers.routes`); the list is theirs, and no handler takes an update of a type
    it did not name (public `check_update`)."""
    assert harness.spasmbot.allowed_updates == HANDLED
    bot = harness.spasmbot
    table = routes(bot.turns, bot.groups, bot.teachers, bot.homeworks, bot.outage)
    registered = [handler for group in harness.app.handlers.values() for handler in group]
    assert [type(h) for h in registered] == [
        type(r.handler) for r in sorted(table, key=lambda r: r.group)
    ]
    for route in table:
        for kind in MESSAGE_KINDS:
            if kind in route.updates:
                continue
            for update in _samples(harness, kind):
                assert not route.handler.check_update(update), (route, kind)
