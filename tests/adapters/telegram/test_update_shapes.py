"""Updates shaped as real Telegram clients send them: albums, photos sent as files, deep
links typed in a group. Each test drives the real PTB stack through the fake Bot API."""

from __future__ import annotations

from typing import Any

from bot.storage.base import ConversationKey
from tests.adapters.telegram.harness import BotHarness, ChatUser

DANGER = "my face suddenly droops on one side"


def album(harness: BotHarness, user: ChatUser, group: str, captions: list[str | None]) -> list:
    """An album (media group) of photos as Telegram delivers it: one update per photo."""
    parts = []
    for caption in captions:
        update = harness.telegram.photo_update(user.user_id, caption=caption)
        update["message"]["media_group_id"] = group
        parts.append(update)
    return parts


async def stored_state(harness: BotHarness, user_id: int) -> str | None:
    conversation = await harness.storage.load(ConversationKey(user_id, user_id))
    return conversation.state if conversation else None


async def test_regression_each_photo_of_an_album_got_its_own_answer(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Three photos sent as one album got three "I can only read text" answers; and
    after an album captioned with a danger sign, the emergency advice was followed by
    "Send /start to begin a consultation" for each other photo."""
    await alice.send("/start")
    before = len(alice.received())
    for part in album(harness, alice, "album-1", [None, None, None]):
        await harness.feed(part)
    (answer,) = alice.texts()[before:]
    assert "only read text" in answer

    before = len(alice.received())
    for part in album(harness, alice, "album-2", [DANGER, None, None]):
        await harness.feed(part)
    (advice,) = alice.texts()[before:]
    assert "112" in advice
    assert await stored_state(harness, alice.user_id) == "finished"


async def test_regression_a_caption_on_a_later_photo_of_an_album_is_still_read(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    before = len(alice.received())
    for part in album(harness, alice, "album-3", [None, DANGER, None]):
        await harness.feed(part)
    texts = alice.texts()[before:]
    assert "only read text" in texts[0] and "112" in texts[-1]
    assert len(texts) == 2


async def test_regression_a_danger_sign_captioned_on_a_photo_sent_as_a_file_was_not_read(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A photo sent "as a file" (uncompressed: a document) captioned with a danger sign got
    "I read quizzes from .yml, .yaml or .csv files" instead of the emergency advice; one
    without a caption was told about quiz files in the middle of a consultation."""
    await alice.send("/start")
    files = harness.telegram.files
    before = len(alice.received())
    await harness.feed(
        files.document_update(alice.user_id, b"\xff\xd8", "face.jpg", None, "image/jpeg")
    )
    (answer, *_question) = alice.texts()[before:]
    assert "only read text" in answer and "quiz" not in answer
    before = len(alice.received())
    await harness.feed(
        files.document_update(alice.user_id, b"%PDF", "letter.pdf", DANGER, "application/pdf")
    )
    assert any("112" in text for text in alice.texts()[before:])
    assert await stored_state(harness, alice.user_id) == "finished"


async def test_a_teachers_quiz_file_with_a_code_or_a_wrong_file_still_goes_to_the_quiz_reader(
    harness: BotHarness, alice: ChatUser
) -> None:
    files = harness.telegram.files
    before = len(alice.received())
    await harness.feed(files.document_update(alice.user_id, b"x", "quiz.xlsx", "ABCDEF"))
    await harness.feed(files.document_update(alice.user_id, b"%PDF", "quiz.pdf"))
    assert all(".yml" in text for text in alice.texts()[before:])


def private_chat_link(message: dict[str, Any]) -> str:
    (button,) = message["reply_markup"]["inline_keyboard"][0]
    return str(button["url"])


async def test_regression_a_deep_link_typed_in_a_group_lost_its_topic(
    harness: BotHarness,
) -> None:
    """/start learn_hfs (or /learn hfs) in a group offered a private chat that began a
    consultation: the button's link dropped the topic the person asked for."""
    tg = harness.telegram
    for text in ["/start learn_hfs", "/learn@spasmbot_test_bot hfs", "/start", "/start a b!"]:
        await harness.feed(tg.message_update(-2002, text, user_id=55))
    links = [private_chat_link(m) for m in tg.sent(-2002)]
    base = "https://t.me/spasmbot_test_bot?start="
    assert links == [f"{base}learn_hfs", f"{base}learn_hfs", base, base]
    assert await harness.count("conversations") == 0
