"""A private consultation through the real PTB stack, as the user sees it."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.storage.base import ConversationKey
from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN, BotHarness, ChatUser

DANGER_WORDS = "my face suddenly droops on one side"


async def stored_state(harness: BotHarness, user_id: int) -> str | None:
    conversation = await harness.storage.load(ConversationKey(user_id, user_id))
    return conversation.state if conversation else None


async def test_command_menus_are_registered_for_private_chats_and_groups(
    harness: BotHarness,
) -> None:
    menus = {
        c.params.get("scope", {}).get("type", "default"): c.params["commands"]
        for c in harness.telegram.calls_of("setMyCommands")
        if "language_code" not in c.params
    }
    assert [c["command"] for c in menus["default"]] == [name for name, _ in texts.COMMANDS]
    for_admins = [c["command"] for c in menus["all_chat_administrators"]]
    assert for_admins == [name for name, _ in texts.GROUP_COMMANDS]
    assert "case" in for_admins and "start" not in for_admins
    for_members = [c["command"] for c in menus["all_group_chats"]]
    assert for_members == [name for name, _ in texts.MEMBER_COMMANDS]


async def test_whole_consultation_by_taps(harness: BotHarness, alice: ChatUser) -> None:
    replies = await alice.send("/start")
    assert "education, not a diagnosis" in replies[0]
    assert "safety check" in replies[1]
    assert "None of these" in alice.keyboard()
    for label in BENIGN_TAPS:
        await alice.click(label)
    final = alice.texts()[-1]
    assert final.startswith("🟢")
    assert "myokymia" in final.lower()
    # every tap edited its question to show the answer, and every tap was answered
    edits = harness.telegram.edits(alice.user_id)
    assert len(edits) == len(BENIGN_TAPS)
    assert edits[1]["text"].endswith("→ <b>One eyelid twitches</b>")
    assert "reply_markup" not in edits[1]
    assert len(harness.telegram.calls_of("answerCallbackQuery")) == len(BENIGN_TAPS)
    assert all(m["parse_mode"] == "HTML" for m in alice.received())
    assert await stored_state(harness, alice.user_id) == "finished"


async def test_keyboards_fit_phones(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    for message in alice.received():
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            assert len(row) <= 8
            for button in row:
                assert len(button["callback_data"].encode()) <= 64


async def test_typed_answers_and_danger_words(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    await alice.send("none of these")
    assert await stored_state(harness, alice.user_id) == "location"
    replies = await alice.send("my face is drooping on one side")
    assert replies[-1].startswith("🔴")
    assert "112" in replies[-1]


async def test_unknown_text_re_asks_with_a_hint(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    replies = await alice.send("purple elephant")
    assert "did not understand" in replies[0]
    assert "safety check" in replies[1]
    assert await stored_state(harness, alice.user_id) == "danger_screen"


async def test_old_keyboard_tap_is_answered_and_changes_nothing(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    old_tap = alice.click_update("Not sure")
    await alice.click("None of these")
    before = len(alice.received())
    await harness.feed(old_tap)
    assert len(alice.received()) == before
    answer = harness.telegram.calls_of("answerCallbackQuery")[-1]
    assert answer.params["text"].startswith("This question was already answered.")
    assert await stored_state(harness, alice.user_id) == "location"


@pytest.mark.parametrize(
    "data", ["a:0:danger_screen:nope", "garbage", "a:0:x:y", "l:nope", "x" * 64]
)
async def test_forged_button_data_changes_nothing(
    harness: BotHarness, alice: ChatUser, data: str
) -> None:
    await alice.send("/start")
    before = len(alice.received())
    await harness.feed(harness.telegram.callback_update(alice.user_id, data, 2))
    answers = harness.telegram.calls_of("answerCallbackQuery")
    assert answers, "every callback query is answered"
    assert await stored_state(harness, alice.user_id) == "danger_screen"
    assert len(alice.received()) <= before + 2  # at most a short note (unknown topic)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("sticker", "only read text"), ("photo", "only read text"), ("edited", "edited message")],
)
async def test_media_and_edits_get_a_polite_answer(
    harness: BotHarness, alice: ChatUser, kind: str, expected: str
) -> None:
    await alice.send("/start")
    tg = harness.telegram
    payload = {
        "sticker": lambda: tg.sticker_update(alice.user_id),
        "photo": lambda: tg.photo_update(alice.user_id),
        "edited": lambda: tg.edited_message_update(alice.user_id, "one eyelid"),
    }[kind]()
    before = len(alice.received())
    await harness.feed(payload)
    reply, *prompt = alice.texts()[before:]
    assert expected in reply
    assert len(prompt) <= 1  # at most the open question again
    assert await stored_state(harness, alice.user_id) == "danger_screen"


async def test_regression_an_edit_after_forget_pointed_to_back_with_nothing_to_go_back_to(
    harness: BotHarness, alice: ChatUser
) -> None:
    """An earlier message edited once the consultation was deleted (/forget, the retention
    purge) got "If you meant a different answer, use /back": /back then said there was no
    earlier answer, and nothing said how to go on."""
    await alice.send("/start")
    await alice.click("None of these")
    await alice.send("/forget")
    await alice.click("Yes, delete everything")
    tg = harness.telegram
    before = len(alice.received())
    await harness.feed(tg.edited_message_update(alice.user_id, "my eyelid twitches"))
    (answer,) = alice.texts()[before:]
    assert "/start" in answer and "/back" not in answer
    assert await stored_state(harness, alice.user_id) is None
    before = len(alice.received())
    await harness.feed(tg.edited_message_update(alice.user_id, DANGER_WORDS))
    assert "112" in alice.texts()[before]


@pytest.mark.parametrize("kind", ["caption", "edited"])
async def test_regression_danger_in_a_caption_or_an_edit_was_not_read(
    harness: BotHarness, alice: ChatUser, kind: str
) -> None:
    """A photo captioned, or a message edited, to say the face droops gets the emergency advice."""
    await alice.send("/start")
    tg, words = harness.telegram, DANGER_WORDS
    payload = (
        tg.photo_update(alice.user_id, caption=words)
        if kind == "caption"
        else tg.edited_message_update(alice.user_id, words)
    )
    before = len(alice.received())
    await harness.feed(payload)
    assert any("112" in text for text in alice.texts()[before:])
    assert await stored_state(harness, alice.user_id) == "finished"


async def test_a_typed_story_is_noted_and_its_questions_skipped(
    harness: BotHarness, alice: ChatUser
) -> None:
    replies = await alice.send("my left eyelid has twitched for about 5 days, lots of coffee")
    assert any(text.startswith("<b>Noted:</b>") or "Noted:" in text for text in replies)
    await alice.click("None of these")
    # where it is and how long were in the story: the next question is about closing
    assert await stored_state(harness, alice.user_id) == "closure"


async def test_channel_post_gets_a_polite_answer(harness: BotHarness) -> None:
    await harness.feed(harness.telegram.channel_post_update(-100500, "/start"))
    (message,) = harness.telegram.sent(-100500)
    assert "private chats" in message["text"]


async def test_regression_every_post_of_a_channel_the_bot_admins_got_the_bots_notice(
    harness: BotHarness,
) -> None:
    """The bot made an admin of a channel (to post there, or by mistake) answered each of
    the channel's posts, its news and announcements, with "I only work in private chats",
    for every subscriber to read under each one. It now answers only a post that speaks to
    it: a command, or its @username; the rest of the channel's posts are not its business."""
    tg = harness.telegram
    await harness.feed(tg.my_chat_member_update(-100500, "administrator", 7, channel=True))
    for post in ("Today's news: the clinic opens at 9", "Second post", "Third post"):
        await harness.feed(tg.channel_post_update(-100500, post))
    assert tg.sent(-100500) == []
    await harness.feed(tg.channel_post_update(-100500, f"@{tg.username} what do you do?"))
    (message,) = tg.sent(-100500)
    assert "private chats" in message["text"]


async def test_regression_an_edited_channel_post_was_answered_again_in_the_channel(
    harness: BotHarness,
) -> None:
    """Each edit of a channel post put another "I only work in private chats" into the
    channel, for all its subscribers to read."""
    post = harness.telegram.channel_post_update(-100500, "/help")
    await harness.feed(post)
    edited = {**post["channel_post"], "text": "/help edited", "edit_date": 1}
    await harness.feed({"edited_channel_post": edited})
    assert len(harness.telegram.sent(-100500)) == 1


async def test_group_start_points_to_a_private_chat(harness: BotHarness) -> None:
    await harness.feed(harness.telegram.message_update(-2002, "/start", user_id=55))
    (message,) = harness.telegram.sent(-2002)
    (button,) = message["reply_markup"]["inline_keyboard"][0]
    assert button["url"] == "https://t.me/spasmbot_test_bot?start="
    assert await harness.count("conversations") == 0


async def test_forget_asks_then_deletes_everything(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    await alice.click("None of these")
    replies = await alice.send("/forget")
    assert "cannot be undone" in replies[0]
    assert await stored_state(harness, alice.user_id) == "location"
    await alice.click("Yes, delete everything")
    assert "deleted" in alice.texts()[-1]
    for table in ("conversations", "users", "outbox"):
        assert await harness.count(table, "user_id = ?", alice.user_id) == 0, table


async def test_forget_can_be_declined(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    await alice.send("/forget")
    await alice.click("No, keep it")
    assert alice.texts()[-1] == "Nothing was deleted."
    assert await stored_state(harness, alice.user_id) == "danger_screen"


async def test_help_about_summary_why_back_learn(harness: BotHarness, alice: ChatUser) -> None:
    assert "Tap the buttons" in (await alice.send("/help"))[0]
    assert "education, not a diagnosis" in (await alice.send("/about"))[0]
    await alice.send("/start")
    await alice.click("None of these")
    assert "Why we ask" in (await alice.send("/why"))[0]
    assert "Emergency signs: None of these" in (await alice.send("/summary"))[0]
    back = await alice.send("/back")
    assert "Going back" in back[0] and "safety check" in back[1]
    topics = await alice.send("/learn")
    assert "read about" in topics[0]
    await alice.click("Hemifacial spasm")
    assert "ephaptic" in alice.texts()[-1]
    assert "I don't know that command" in (await alice.send("/frobnicate"))[0]


async def test_deep_link_opens_a_learn_topic(harness: BotHarness, alice: ChatUser) -> None:
    replies = await alice.send("/start learn_synkinesis")
    assert "Synkinesis" in replies[0]


async def test_user_text_is_escaped_and_never_echoed(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    for reply in await alice.send("<b>bold</b> & <a href='x'>"):
        assert "<a href='x'>" not in reply and "<b>bold" not in reply


async def test_redelivered_update_changes_nothing(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    tap = alice.click_update("None of these")
    update_id = await harness.feed(tap)
    count = len(alice.received())
    await harness.feed(tap, update_id=update_id)
    assert len(alice.received()) == count
    assert await stored_state(harness, alice.user_id) == "location"


async def test_huge_and_odd_unicode_text(harness: BotHarness, alice: ChatUser) -> None:
    await alice.send("/start")
    for text in ["x" * 4096, "\u202e\u200b😀" * 500, "Ｎｏｎｅ ｏｆ ｔｈｅｓｅ"]:
        replies = await alice.send(text)
        assert replies, "the bot never goes silent"
    assert await stored_state(harness, alice.user_id) == "location"


async def test_message_text_and_token_never_logged(
    harness: BotHarness, alice: ChatUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "my secret symptom words"
    await alice.send("/start")
    await alice.send(secret)
    harness.telegram.fail("sendMessage", error="forbidden")
    await alice.send(secret)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert secret not in logged
    assert TOKEN not in logged
    assert json.dumps(secret)[1:-1] not in logged


async def test_every_update_is_logged_with_its_id_and_chat_type_only(
    harness: BotHarness, alice: ChatUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.adapters.telegram.ordering")
    update_id = await harness.feed(harness.telegram.message_update(alice.user_id, "eyelid"))
    (record,) = [r for r in caplog.records if getattr(r, "update_id", None) == update_id]
    assert record.chat_type == "private" and record.kind == "message"  # type: ignore[attr-defined]
    assert "eyelid" not in record.getMessage()


async def test_several_triggers_are_ticked_in_place_then_done(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Coffee *and* short sleep: both can be given, each ✓ shown on the same message."""
    await alice.send("/start")
    for label in BENIGN_TAPS[:7]:
        await alice.click(label)
    tg = harness.telegram
    question_id, coffee = alice.button("Lots of coffee, energy drinks")
    sent_before = len(alice.received())
    await harness.feed(tg.callback_update(alice.user_id, coffee, question_id))

    def keyboard_of(edit: dict[str, Any]) -> dict[str, str]:
        rows = edit["reply_markup"]["inline_keyboard"]
        return {b["text"]: b["callback_data"] for row in rows for b in row}

    ticked = tg.edits(alice.user_id)[-1]
    assert ticked["message_id"] == question_id
    buttons = keyboard_of(ticked)
    assert "✓ Lots of coffee, energy drinks" in buttons and "Done ✔" in buttons
    await harness.feed(
        tg.callback_update(alice.user_id, buttons["Poor sleep or tiredness"], question_id)
    )
    buttons = keyboard_of(tg.edits(alice.user_id)[-1])
    assert {"✓ Lots of coffee, energy drinks", "✓ Poor sleep or tiredness"} <= set(buttons)
    assert len(alice.received()) == sent_before  # ticks send nothing new
    await harness.feed(tg.callback_update(alice.user_id, buttons["Done ✔"], question_id))
    outcome = alice.texts()[-1]
    assert outcome.startswith("🟢")
    assert "poor sleep" in outcome and "coffee" in outcome
    summary = (await alice.send("/summary"))[-1]
    triggers = next(line for line in summary.splitlines() if line.startswith("• Possible triggers"))
    assert "Lots of coffee, energy drinks" in triggers and "Poor sleep or tiredness" in triggers


@pytest.mark.parametrize(
    ("language", "first", "none_of_these", "understood"),
    [
        ("en", "my left eyelid has twitched for 2 weeks", "None of these", "Sorry"),
        ("ru", "у меня дёргается левое веко две недели", "Ничего из этого", "Извините"),
    ],
)
async def test_regression_the_answered_safety_check_pasted_back_was_the_emergency(
    harness: BotHarness, language: str, first: str, none_of_these: str, understood: str
) -> None:
    """The safety check copied from the chat and pasted back once it was answered (its
    lines and the "→ None of these" under it) was read as the person telling every sign
    on it: the emergency advice, the consultation ended. It tells nothing: the question
    on screen is asked again. One line of it pasted still tells that sign."""
    user = harness.user(1301, language)
    await user.send("/start")
    await user.send(first)
    check = user.texts()[-1]
    await user.click(none_of_these)
    question = user.texts()[-1]
    pasted = f"{check}\n\n→ {none_of_these}"
    replies = await user.send(pasted)
    assert not any("🔴" in text for text in replies)
    assert replies[0].startswith(understood)
    assert replies[-1] == question and user.keyboard()  # asked again, buttons live
    line = check.splitlines()[2].lstrip("• ")  # one sign of it: still that sign
    assert "🔴" in (await user.send(line))[0]


async def test_regression_an_edit_after_the_advice_of_someone_elses_emergency_said_only_the_warning(
    harness: BotHarness,
) -> None:
    """An edit that puts someone else's emergency into an earlier message, once the advice
    is given: the warning to call for them ended with "answer the questions below for
    them", and nothing came below, nor what the edit did (a plain edit is told the
    consultation is finished). The warning comes first, then that notice."""
    user = harness.user(1302)
    first = harness.telegram.message_update(user.user_id, "/start")
    await harness.feed(first)
    for label in BENIGN_TAPS:
        await user.click(label)
    assert "SELF-CARE" in user.texts()[-1]
    edit = harness.telegram.edited_message_update(
        user.user_id,
        "my dad is here, his face droops and he slurs",
        message_id=first["message"]["message_id"],
    )
    before = len(user.texts())
    await harness.feed(edit)
    replies = user.texts()[before:]
    assert len(replies) == 2
    assert replies[0].startswith("🔴 You described emergency signs in someone else")
    assert replies[1].startswith("This consultation is finished.")


@pytest.mark.parametrize(
    ("language", "first", "correction", "stands"),
    [
        (
            "en",
            "my left eyelid has been twitching for 3 days",
            "sorry, it's the right eye not the left",
            "What you put right does not change my advice",
        ),
        (
            "es",
            "me tiembla el párpado izquierdo desde hace 3 días",
            "perdón, es el ojo derecho, no el izquierdo",
            "Lo que ha corregido no cambia mi recomendación",
        ),
    ],
)
async def test_regression_a_correction_after_the_advice_that_keeps_it_did_not_say_it_stands(
    harness: BotHarness, language: str, first: str, correction: str, stands: str
) -> None:
    """An answer put right after the advice that leaves it as it was ("sorry, it's the
    right eye not the left"): it was noted, and then only "This consultation is
    finished" was said, not whether the advice above holds with the change."""
    user = harness.user(1303, language)
    await user.send("/start")
    await user.send(first)
    words = {"en": ("none of these", "no", "none", "none", "none", "stress")}
    words["es"] = ("ninguno", "no", "no", "ninguno", "ninguno", "estrés")
    for reply in words[language]:
        await user.send(reply)
    assert "🟢" in user.texts()[-1]
    replies = await user.send(correction)
    assert len(replies) == 2, replies
    assert replies[1].startswith(stands)


@pytest.mark.parametrize(
    ("language", "danger"),
    [
        ("en", "my face dro\u200bops on one side"),
        ("en", "my face droo\u00adps on one side, my arm went num\u2060b"),
        ("ru", "у меня лицо пере\u200dкосило"),
        ("es", "se me ca\u200cyó la cara de un lado"),
        ("de", "mein Gesicht häng\ufefft auf einer Seite"),
    ],
)
async def test_regression_an_invisible_character_inside_a_word_hid_the_danger_sign(
    harness: BotHarness, language: str, danger: str
) -> None:
    """A zero-width space (or joiner, soft hyphen, word joiner, BOM) inside a word, as
    pasted text and some keyboards leave it, split the word: 'my face dro\u200bops on one
    side' was 'Sorry, I did not understand that' — the emergency never came."""
    user = harness.user(1001, language)
    await user.send("/start")
    await user.click(user.keyboard()[-2])  # none of the safety check's signs
    plain = danger.translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u00ad\u2060\ufeff")))
    other = harness.user(1002, language)
    await other.send("/start")
    await other.click(other.keyboard()[-2])
    assert any("🔴" in reply for reply in await other.send(plain)), "the words alone tell it"
    replies = await user.send(danger)
    assert any("🔴" in reply for reply in replies), replies


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
async def test_regression_forget_said_it_deletes_only_the_answers_and_settings(
    harness: BotHarness, language: str
) -> None:
    """/forget asked 'Delete everything stored about you (your answers and your
    settings)?' and then deleted a member's name and votes in group quizzes, their
    homework, and a teacher's own quizzes with every student's results; and 'everything
    … was deleted' of messages Telegram keeps in the chats. The question now names all of
    it, and both say that messages already sent stay where they are."""
    person = harness.user(7070, language_code=language)
    (question,) = await person.send("/forget")
    catalog = harness.spasmbot.turns.catalogs.translations(language)
    assert question == catalog.gettext(texts.FORGET_CONFIRM)
    if language == "en":
        for words in ("name and votes", "homework", "quizzes you made", "already sent"):
            assert words in question, words
    else:
        assert question != texts.FORGET_CONFIRM  # translated
    await person.click(catalog.gettext(texts.FORGET_YES))
    done = person.texts()[-1]
    assert done == catalog.gettext(texts.FORGOTTEN)
    assert language != "en" or "already sent stay" in done


async def test_thirty_messages_in_ten_seconds_are_each_answered_in_order(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A patient who sends 30 messages in 10 seconds (pasting notes line by line, the
    answers among them): every one is read, in the order sent; the answers among them
    move the consultation on as typed, and each line the bot cannot use gets its reply
    after the reply to the line before. (Telegram's one message a second per chat is
    kept by the sending limits: `test_pacing.py`.)"""
    await alice.send("/start")
    tg = harness.telegram
    lines = [f"note {n}" for n in range(30)]
    lines[5], lines[20] = "none of these", "one eyelid"  # the safety check, then "what moves"
    start = int(tg.clock()) + 5
    before = len(alice.received())
    for number, line in enumerate(lines):
        await harness.feed(tg.message_update(alice.user_id, line, date=start + number // 3))
    said = [text[:20] for text in alice.texts()[before:]]
    safety, what, how_long = "First, a quick safet", "Which of these descr", "How long has it been"
    unclear, sorry = "Thank you. For this ", "Sorry, I did not und"
    # Each line's reply in turn: five unclear lines at the safety check, its answer,
    # fourteen lines not understood, the answer to "what moves", nine more.
    assert said == [
        *[unclear, safety] * 5,
        what,
        *[sorry, what] * 14,
        how_long,
        *[sorry, how_long] * 9,
    ]
    assert await stored_state(harness, alice.user_id) not in ("danger_screen", "location")


@pytest.mark.parametrize("kind", ["sticker", "gif", "forwarded poll"])
async def test_a_sticker_a_gif_or_a_forwarded_poll_at_a_question_leaves_it_open(
    harness: BotHarness, alice: ChatUser, kind: str
) -> None:
    """A sticker, a GIF (Telegram sends an animation with a document beside it) or a
    poll forwarded from another chat (built with every field PTB 22 requires) at the
    second question: one polite line, the question kept, its buttons still answering it."""
    await alice.send("/start")
    await alice.click("None of these")
    tg = harness.telegram
    if kind == "sticker":
        update = tg.sticker_update(alice.user_id)
    elif kind == "gif":
        clip = {"file_id": "gif-1", "file_unique_id": "gif-u1", "duration": 2}
        update = tg.attachment_update(
            alice.user_id, "animation", {**clip, "width": 240, "height": 240}
        )
        update["message"]["document"] = {**clip, "mime_type": "video/mp4", "file_name": "a.mp4"}
        del update["message"]["document"]["duration"]
    else:
        update = tg.forwarded_poll_update(alice.user_id, "Is it a stroke?", ["Yes", "No"])
    before = len(alice.received())
    await harness.feed(update)
    said = alice.texts()[before:]
    assert said and "only read text" in said[0]
    assert len(said) <= 2  # at most the open question again
    assert await stored_state(harness, alice.user_id) == "location"
    await alice.click("One eyelid twitches")
    assert await stored_state(harness, alice.user_id) != "location"


async def test_summary_and_why_amid_unfinished_ticks_keep_them(
    harness: BotHarness, alice: ChatUser
) -> None:
    """/summary and /why sent while a choose-all-that-apply question has a tick not yet
    Done: each answers, the ticks are neither taken as an answer nor lost, and Done on
    the question afterwards takes them."""
    await alice.send("/start")
    for label in BENIGN_TAPS[:7]:
        await alice.click(label)
    tg = harness.telegram
    question_id, coffee = alice.button("Lots of coffee, energy drinks")
    await harness.feed(tg.callback_update(alice.user_id, coffee, question_id))
    state = await stored_state(harness, alice.user_id)
    summary = (await alice.send("/summary"))[-1]
    assert "Lots of coffee" not in summary  # not answered yet
    assert (await alice.send("/why"))[-1].startswith("<b>Why we ask</b>")
    assert await stored_state(harness, alice.user_id) == state
    rows = tg.edits(alice.user_id)[-1]["reply_markup"]["inline_keyboard"]
    done = {b["text"]: b["callback_data"] for row in rows for b in row}["Done ✔"]
    await harness.feed(tg.callback_update(alice.user_id, done, question_id))
    assert alice.texts()[-1].startswith("🟢") and "coffee" in alice.texts()[-1]


async def test_a_message_edited_twice_at_the_safety_check_keeps_the_emergency(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Words typed at the safety check, edited to tell a warning sign, then edited again
    (the same sign told more, or taken back): the first edit brings the emergency advice,
    the second that advice in short (it repeated all of it), and nothing a later edit
    says takes it back."""
    await alice.send("/start")
    tg = harness.telegram
    typed = tg.message_update(alice.user_id, "my eyelid twitches")
    message_id = typed["message"]["message_id"]
    await harness.feed(typed)
    for words in ("my face droops on one side", "my face droops and I can't speak"):
        before = len(alice.received())
        edit = tg.edited_message_update(alice.user_id, words, message_id=message_id)
        await harness.feed(edit)
        said = alice.texts()[before:]
        assert any("🔴" in text for text in said), words
        if words.endswith("speak"):  # the second edit: the advice in short, once
            assert len(said) == 1 and "In short" in said[0] and "Why this happens" not in said[0]
    state = await stored_state(harness, alice.user_id)
    before = len(alice.received())
    await harness.feed(
        tg.edited_message_update(alice.user_id, "just a twitch", message_id=message_id)
    )
    assert "🔴" in "".join(alice.texts()[before:])
    assert await stored_state(harness, alice.user_id) == state


async def test_regression_thirty_unreadable_messages_got_thirty_sorry_replies(
    harness: BotHarness, alice: ChatUser
) -> None:
    """30 lines in 10 seconds at one question, none of them an answer: each got "Sorry,
    I did not understand" and the question again, 60 messages paced over about a minute.
    Lines sent before the bot's last such reply was shown are answered by it (Telegram's
    one message a second per chat: about two seconds a reply here), a danger sign among
    them still brings the emergency, and a line sent once the reply could be read gets
    its own."""
    await alice.send("/start")
    await alice.click("None of these")
    tg = harness.telegram
    start = int(tg.clock()) + 5
    tg.advance(start - tg.clock())
    before = len(alice.received())
    for number in range(30):
        line = f"note {number}"
        date = start + number // 3
        shown = len(alice.received())
        await harness.feed(tg.message_update(alice.user_id, line, date=date))
        if len(alice.received()) > shown:
            tg.advance(2)  # the reply and the question again, a second apart
    said = [text[:20] for text in alice.texts()[before:]]
    sorry, what = "Sorry, I did not und", "Which of these descr"
    assert said == [sorry, what] * (len(said) // 2)
    assert 2 <= len(said) // 2 <= 6, said
    assert await stored_state(harness, alice.user_id) == "location"
    assert await harness.count("applied_updates") >= 30  # every line read
    # a danger sign typed in the same second as the last lines, before the reply to them
    danger = tg.message_update(alice.user_id, "my face droops on one side", date=start + 9)
    before = len(alice.received())
    await harness.feed(danger)
    assert any(text.startswith("🔴") for text in alice.texts()[before:]), alice.texts()[before:]


async def test_a_line_sent_after_the_sorry_was_shown_gets_its_own(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Words not understood, typed once the bot's "Sorry, I did not understand" could be
    read, are answered again: the bot never goes silent."""
    await alice.send("/start")
    await alice.click("None of these")
    first = await alice.send("note one")
    second = await alice.send("note two")
    assert first[0].startswith("Sorry") and second[0].startswith("Sorry")
