"""Updates shaped as real Telegram clients send them: albums, photos sent as files, deep
links typed in a group. Each test drives the real PTB stack through the fake Bot API."""

from __future__ import annotations

from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.i18n import Catalogs
from bot.storage.base import ConversationKey
from tests.adapters.telegram.harness import BENIGN_TAPS, BotHarness, ChatUser
from tests.conftest import LOCALES

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


#: The safety check's answers a forwarded message must not give.
SAFETY_CHECK = "danger_screen"


async def test_regression_someone_elses_forwarded_no_passed_the_safety_check(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A message forwarded from someone else was taken as the user's own answer: Bob's
    "No" (from another chat) answered the safety check "None of these", and his "my
    eyelid twitches" the next question. A forward is read for danger signs, answers
    nothing, and says so, with the question again."""
    await alice.send("/start")
    tg = harness.telegram
    before = len(alice.received())
    await harness.feed(tg.forwarded_update(alice.user_id, "No"))
    notice, question = alice.texts()[before:]
    assert "forwarded" in notice and "own words" in notice
    assert "safety check" in question
    assert await stored_state(harness, alice.user_id) == SAFETY_CHECK
    await alice.click("None of these")
    before = len(alice.received())
    await harness.feed(tg.forwarded_update(alice.user_id, "my eyelid twitches"))
    assert "forwarded" in alice.texts()[before]
    assert await stored_state(harness, alice.user_id) == "location"


async def test_a_forwarded_message_is_still_read_for_danger_signs(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Dad's own words forwarded ("my face droops") are an emergency, and someone else's
    signs told in a forward ("his face droops") get what to do for him; the user's own
    earlier message forwarded is theirs, an answer like any typed one."""
    tg = harness.telegram
    await alice.send("/start")
    before = len(alice.received())
    await harness.feed(tg.forwarded_update(alice.user_id, DANGER))
    assert any("112" in text for text in alice.texts()[before:])
    assert await stored_state(harness, alice.user_id) == "finished"

    bob = harness.user(1002)
    await bob.send("/start")
    await bob.click("None of these")
    before = len(bob.received())
    await harness.feed(tg.forwarded_update(bob.user_id, "his face droops and he slurs"))
    warning, notice, _question = bob.texts()[before:]
    assert "someone else" in warning and "forwarded" in notice
    assert await stored_state(harness, bob.user_id) == "location"

    carol = harness.user(1003)
    await carol.send("/start")
    own = tg.forwarded_update(carol.user_id, "No", origin=tg.origin_user(carol.user_id))
    await harness.feed(own)
    assert await stored_state(harness, carol.user_id) == "location"


async def test_regression_the_bots_own_safety_check_forwarded_back_was_an_emergency(
    harness: BotHarness, alice: ChatUser
) -> None:
    """The safety check forwarded back to the bot (to ask about it, or by mistake) was
    read as the user's words: it lists face drooping and slurred speech, so the bot gave
    the emergency advice and ended the consultation."""
    (*_greeting, check) = await alice.send("/start")
    tg = harness.telegram
    bots = tg.origin_user(tg.bot_id, tg.first_name)
    before = len(alice.received())
    await harness.feed(tg.forwarded_update(alice.user_id, check, origin=bots))
    (answer,) = alice.texts()[before:]
    assert "my own messages" in answer and "112" not in answer
    assert await stored_state(harness, alice.user_id) == SAFETY_CHECK
    fresh = harness.user(1002)
    await harness.feed(tg.forwarded_update(fresh.user_id, check, origin=bots))
    (answer,) = fresh.texts()
    assert "/start" in answer
    assert await stored_state(harness, fresh.user_id) is None


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("location", {"latitude": 52.52, "longitude": 13.40}),
        ("contact", {"phone_number": "+4930123456", "first_name": "Dad", "user_id": 77}),
        ("dice", {"emoji": "🎲", "value": 3}),
    ],
)
async def test_voice_location_contact_mid_consultation_get_an_answer_and_change_nothing(
    harness: BotHarness, alice: ChatUser, kind: str, value: dict[str, Any]
) -> None:
    await alice.send("/start")
    await alice.click("None of these")
    before = len(alice.received())
    await harness.feed(harness.telegram.attachment_update(alice.user_id, kind, value))
    (answer,) = alice.texts()[before:]
    assert "only read text" in answer and "answer the question" in answer
    assert await stored_state(harness, alice.user_id) == "location"


VOICE = {"file_id": "v1", "file_unique_id": "v1u", "duration": 4}
VIDEO_NOTE = {"file_id": "n1", "file_unique_id": "n1u", "length": 240, "duration": 4}
AUDIO = {"file_id": "a1", "file_unique_id": "a1u", "duration": 40, "mime_type": "audio/mpeg"}


@pytest.mark.parametrize(
    ("language", "kind", "value", "said"),
    [
        ("en", "voice", VOICE, "can't listen"),
        ("en", "video_note", VIDEO_NOTE, "can't listen"),
        ("en", "audio", AUDIO, "can't listen"),
        ("ru", "voice", VOICE, "не могу прослушать"),
        ("es", "video_note", VIDEO_NOTE, "No puedo escuchar"),
        ("de", "audio", AUDIO, "nicht anhören"),
    ],
)
async def test_regression_a_voice_message_was_told_only_text_is_read_the_question_out_of_sight(
    harness: BotHarness, language: str, kind: str, value: dict[str, Any], said: str
) -> None:
    """A patient who spoke their answer (a voice message, a round video message, an audio
    file) at a question got "I can only read text messages and button taps. Please answer
    the question", never told the bot cannot listen, and the question it meant was above
    the recording, out of sight on a phone. Now told so in the chat's language, the open
    question (with its buttons, the old ones closed) shown again; the answer is still
    open. With no question open, how to begin."""
    person = harness.user(6100, language)
    await person.send("/start")
    await person.click(person.keyboard()[4])  # "None of these", in any language
    question = person.texts()[-1]
    before = len(person.received())
    await harness.feed(harness.telegram.attachment_update(person.user_id, kind, value))
    notice, again = person.texts()[before:]
    assert said in notice and "only read text" not in notice
    assert again == question and person.keyboard()
    assert await stored_state(harness, person.user_id) == "location"
    await person.click(person.keyboard()[0])  # the question shown again is answered as ever
    assert await stored_state(harness, person.user_id) != "location"
    nobody = harness.user(6101, language)
    first = harness.telegram.attachment_update(nobody.user_id, kind, value)
    first["message"]["from"]["language_code"] = language
    await harness.feed(first)
    (answer,) = nobody.texts()
    assert said in answer and "/start" in answer


@pytest.mark.parametrize(
    ("language", "said"), [("ru", "пересланное"), ("es", "reenvió"), ("de", "weitergeleitete")]
)
async def test_a_forward_is_answered_in_the_persons_language(
    harness: BotHarness, language: str, said: str
) -> None:
    user = harness.user(1001, language)
    await user.send("/start")
    before = len(user.received())
    await harness.feed(harness.telegram.forwarded_update(user.user_id, "No", None, language))
    notice, _question = user.texts()[before:]
    assert said in notice
    assert await stored_state(harness, user.user_id) == SAFETY_CHECK


@pytest.mark.parametrize(
    "caption",
    [f"/start {DANGER}", f"/summary {DANGER}", f"/start@SpasmBot_Test_Bot\n{DANGER}"],
)
async def test_regression_a_danger_sign_captioned_after_a_command_was_not_read(
    harness: BotHarness, caption: str
) -> None:
    """A photo of the face captioned "/start my face suddenly droops on one side" got "I
    can only read text messages and button taps", the danger sign never read: a caption
    beginning with "/" was dropped whole. Telegram runs no command from a caption; the
    words after it are read as any caption's are. "/start" alone still gets the notice."""
    person = harness.user(5100)
    update = harness.telegram.photo_update(person.user_id, caption=caption)
    command_length = len(caption.split(maxsplit=1)[0])
    update["message"]["caption_entities"] = [
        {"type": "bot_command", "offset": 0, "length": command_length}
    ]
    await harness.feed(update)
    assert any("112" in text for text in person.texts()), person.texts()
    assert await stored_state(harness, person.user_id) == "finished"
    plain = harness.user(5101)
    await harness.feed(harness.telegram.photo_update(plain.user_id, caption="/start"))
    (answer,) = plain.texts()
    assert "only read text" in answer


@pytest.mark.parametrize(
    ("said", "answer", "state"),
    [
        ("yes, this one", "112", "finished"),
        ("no, not this", "other signs", SAFETY_CHECK),
    ],
)
async def test_regression_a_reply_quoting_a_danger_sign_of_the_safety_check_was_not_understood(
    harness: BotHarness, alice: ChatUser, said: str, answer: str, state: str
) -> None:
    """A patient replied to the safety check quoting one of its signs (Telegram's quote:
    "face drooping" selected, Reply) with "yes, this one": they were told "Sorry, I did
    not understand that", the sign they pointed at unread. What is quoted of the bot's
    message is read with the words, as if typed in quotation marks."""
    (*_greeting, check) = await alice.send("/start")
    tg = harness.telegram
    reply = tg.reply_update(alice.user_id, said, to=len(alice.received()), quoted=check)
    start = check.index("face drooping")
    reply["message"]["quote"] = {"text": "face drooping", "position": start, "is_manual": True}
    before = len(alice.received())
    await harness.feed(reply)
    assert answer in alice.texts()[before]
    assert await stored_state(harness, alice.user_id) == state


GIF_BOT = {"id": 140267078, "is_bot": True, "first_name": "GIF Search", "username": "gif"}
GIF = {"file_id": "gif-file", "file_unique_id": "gif-unique", "file_name": "giphy.mp4"}


async def test_words_in_a_spoiler_or_a_quote_block_are_read_as_typed(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Words the person hid as a spoiler, or set as a quote block, are their answer: the
    entities (formatting) change nothing of what is read."""
    await alice.send("/start")
    tg = harness.telegram
    spoiler = {"type": "spoiler", "offset": 0, "length": 4}
    date = int(tg.clock()) + 5
    await harness.feed(
        tg.message_update(alice.user_id, "none of these", entities=[spoiler], date=date)
    )
    assert await stored_state(harness, alice.user_id) == "location"
    quote = {"type": "expandable_blockquote", "offset": 0, "length": 19}
    words = "one eyelid twitches"
    await harness.feed(tg.message_update(alice.user_id, words, entities=[quote], date=date + 5))
    assert await stored_state(harness, alice.user_id) == "duration"


async def test_a_custom_emoji_alone_or_a_gif_from_an_inline_bot_asks_the_question_again(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A premium user's custom emoji alone, or a GIF picked with @gif, mid-consultation:
    the person is answered (never the quiz reader's "I read quizzes from .yml …" for the
    GIF's file), the question is where it was, and nothing is taken as an answer."""
    await alice.send("/start")
    tg = harness.telegram
    emoji = {"type": "custom_emoji", "offset": 0, "length": 2, "custom_emoji_id": "5368324170"}
    before = len(alice.received())
    await harness.feed(tg.message_update(alice.user_id, "👍", entities=[emoji]))
    assert alice.texts()[-1].startswith("First, a quick safety check"), alice.texts()[before:]
    gif = tg.message_update(alice.user_id, "", via_bot=GIF_BOT, date=int(tg.clock()) + 5)
    del gif["message"]["text"]
    gif["message"]["animation"] = {**GIF, "width": 320, "height": 240, "duration": 2}
    gif["message"]["document"] = {**GIF, "mime_type": "video/mp4"}
    gif["message"]["animation"]["mime_type"] = "video/mp4"
    before = len(alice.received())
    await harness.feed(gif)
    (answer,) = alice.texts()[before:]
    assert "only read text" in answer
    assert await stored_state(harness, alice.user_id) == SAFETY_CHECK


#: The taps of `BENIGN_TAPS`, and what a patient says quoting the self-care advice's
#: warning line, in English and in Russian: (language, acknowledged, taken up).
QUOTED_WARNING = [
    ("en", "ok, thanks", "this is happening now"),
    ("ru", "хорошо, спасибо", "у меня это прямо сейчас"),
]


async def advised(harness: BotHarness, user: ChatUser) -> tuple[int, str]:
    """`user` through a harmless eyelid twitch to its self-care advice: that message's id
    and its warning line (call the emergency number if the face droops ...)."""
    _ = Catalogs(LOCALES).translations(user.language_code).gettext
    await user.send("/start")
    for label in BENIGN_TAPS:
        await user.click(_(label))
    for message_id in range(len(user.received()), 0, -1):
        text = user.received()[message_id - 1]["text"]
        lines = [line for line in text.splitlines() if "112" in line]
        if lines:
            return message_id, lines[0].lstrip("• ")
    raise AssertionError(f"no warning line; last message: {user.texts()[-1:]}")


def quoting(harness: BotHarness, user: ChatUser, said: str, to: int, quote: str) -> dict:
    """`said` with Telegram's Reply on the bot's message `to`, quoting `quote` of it."""
    update = harness.telegram.reply_update(user.user_id, said, to=to, quoted=quote)
    update["message"]["from"]["language_code"] = user.language_code
    update["message"]["quote"] = {"text": quote, "position": 0, "is_manual": True}
    return update


@pytest.mark.parametrize(("language", "acknowledged", "_taken_up"), QUOTED_WARNING)
async def test_regression_ok_thanks_quoting_the_advices_warning_line_was_an_emergency(
    harness: BotHarness, language: str, acknowledged: str, _taken_up: str
) -> None:
    """A patient used Telegram's Reply on the self-care advice, quoting its warning line
    ("Call the emergency number ... if your face droops ..."), and wrote "ok, thanks": they
    got the EMERGENCY advice, and "face drooping" went on the record for /summary. The
    bot's own words, quoted, were read as the patient's; a danger sign only in the quote
    is no sign told unless the patient's own words take it up."""
    patient = harness.user(7001, language)
    advice, warning = await advised(harness, patient)
    before = len(patient.received())
    await harness.feed(quoting(harness, patient, acknowledged, advice, warning))
    assert not any("🔴" in text for text in patient.texts()[before:])
    conversation = await harness.storage.load(ConversationKey(7001, 7001))
    assert conversation is not None and conversation.dangers == {}
    if language == "en":
        assert "Emergency signs: None of these" in (await patient.send("/summary"))[-1]


@pytest.mark.parametrize(("language", "_acknowledged", "taken_up"), QUOTED_WARNING)
async def test_a_danger_sign_quoted_from_the_advice_and_taken_up_is_an_emergency(
    harness: BotHarness, language: str, _acknowledged: str, taken_up: str
) -> None:
    """The same quote with "this is happening now" (the patient's own words take the
    quoted sign up) is the emergency advice at once."""
    patient = harness.user(7002, language)
    advice, warning = await advised(harness, patient)
    before = len(patient.received())
    await harness.feed(quoting(harness, patient, taken_up, advice, warning))
    assert any(text.startswith("🔴") for text in patient.texts()[before:])


async def test_regression_the_rest_of_a_story_too_long_for_one_message_was_not_read(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A patient pasted a story of 5,000 characters: Telegram takes 4,096 in a message, so
    their app sent it as two messages in the same second. The first answered a question;
    the second, dated the second the next question appeared, was told it "was sent before
    the question below appeared" and read for danger signs only: the coffee in it was
    never noted. It is the same story going on, read as typed."""
    await alice.send("/start")
    await alice.click("None of these")
    story = "For about five days my left lower eyelid has been twitching. "
    story += "I have been working late every night on a deadline, it is tiring. " * 80
    first, rest = story[:4096], "Also I drink lots of coffee, five cups a day. " * 20
    harness.telegram.advance(5)
    sent = int(harness.telegram.clock())
    before = len(alice.received())
    await harness.feed(harness.telegram.message_update(alice.user_id, first, date=sent))
    await harness.feed(harness.telegram.message_update(alice.user_id, rest, date=sent))
    answers = alice.texts()[before:]
    assert not any(text.startswith(texts.SENT_BEFORE_THE_QUESTION[:40]) for text in answers)
    assert "Lots of coffee" in answers[-2], answers[-2:]
    summary = (await alice.send("/summary"))[-1]
    assert "Lots of coffee" in summary
