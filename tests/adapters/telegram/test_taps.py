"""Taps that change nothing, and choose-all-that-apply questions shown again, as the user
sees them through the real PTB stack."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.adapters.telegram import texts
from bot.i18n import Catalogs
from tests.adapters.telegram.harness import BENIGN_TAPS, BotHarness, ChatUser
from tests.conftest import LOCALES

#: The taps that lead to the triggers question (choose all that apply).
TO_TRIGGERS = BENIGN_TAPS[:-2]


def toasts(harness: BotHarness) -> list[str | None]:
    return [c.params.get("text") for c in harness.telegram.calls_of("answerCallbackQuery")]


def ticked(markup: dict[str, Any]) -> list[str]:
    return [
        b["text"] for row in markup["inline_keyboard"] for b in row if b["text"].startswith("✓ ")
    ]


async def at_triggers(alice: ChatUser) -> None:
    await alice.send("/start")
    for label in TO_TRIGGERS:
        await alice.click(label)
    assert "Done ✔" in alice.keyboard()


async def test_regression_an_old_button_after_forget_said_already_answered(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    old_tap = alice.click_update("None of these")
    await alice.send("/forget")
    await alice.click("Yes, delete everything")
    before = len(alice.texts())
    await harness.feed(old_tap)
    said = alice.texts()[before:]
    assert toasts(harness)[-1] is None  # answered, with the reason said in the chat
    assert said == [texts.DELETED_TAP]
    assert "/start" in said[0]
    assert await harness.count("conversations") == 0  # the tap started nothing


async def test_regression_ticks_were_not_shown_when_the_question_was_asked_again(
    harness: BotHarness, alice: ChatUser
) -> None:
    await at_triggers(alice)
    await alice.click("Stress or anxiety")
    await alice.send("purple elephant")  # not understood: the question again
    assert ticked(alice.received()[-1]["reply_markup"]) == ["✓ Stress or anxiety"]
    await alice.send("/start")  # welcome back: the question again
    assert ticked(alice.received()[-1]["reply_markup"]) == ["✓ Stress or anxiety"]
    await alice.send("/language")
    await alice.click("Deutsch")  # the question again, in German
    assert len(ticked(alice.received()[-1]["reply_markup"])) == 1
    await alice.click(next(b for b in alice.keyboard() if b.startswith("✓ ")))  # unticked
    assert ticked(harness.telegram.edits(alice.user_id)[-1]["reply_markup"]) == []


async def test_regression_done_after_back_from_a_ticked_question_was_refused(
    harness: BotHarness, alice: ChatUser
) -> None:
    await at_triggers(alice)
    await alice.click("Stress or anxiety")
    await alice.send("/back")  # to the body clues, also choose all that apply
    assert ticked(alice.received()[-1]["reply_markup"]) == []
    await alice.click("Cramps or twitches elsewhere")
    replies = await alice.click("Done ✔")
    assert "Does any of these apply to you?" in replies[-1]  # the next question
    assert harness.telegram.edits(alice.user_id)[-1]["text"].endswith(
        "<b>Cramps or twitches elsewhere</b>"
    )


async def test_regression_done_with_nothing_ticked_said_already_answered(
    harness: BotHarness, alice: ChatUser
) -> None:
    await at_triggers(alice)
    assert await alice.click("Done ✔") == []
    assert toasts(harness)[-1] == "Tick at least one answer first, or choose “None of these”."


async def test_regression_a_button_of_the_consultation_before_restart_answered_the_new_one(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    old_tap = alice.click_update("Face, arm, speech or sight")  # the first safety question
    await alice.send("/restart")
    before = len(alice.received())
    await harness.feed(old_tap)
    assert len(alice.received()) == before  # no emergency advice from an old keyboard
    assert harness.telegram.edits(alice.user_id) == []
    assert toasts(harness)[-1] == texts.EARLIER_TAP  # never answered in this consultation
    await alice.click("None of these")  # the new question's buttons work
    assert "Which of these describes it best?" in alice.texts()[-1]


async def test_regression_a_button_of_a_finished_consultation_answered_the_next_one(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    old_tap = alice.click_update("None of these")
    await alice.send("/restart")
    for label in BENIGN_TAPS:
        await alice.click(label)
    assert alice.texts()[-1].startswith("🟢")
    await alice.send("/start")  # a new consultation after the advice
    before = len(alice.received())
    await harness.feed(old_tap)
    assert len(alice.received()) == before
    assert toasts(harness)[-1] == texts.EARLIER_TAP


async def test_regression_a_button_of_a_question_undone_by_back_said_earlier_consultation(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    await alice.click("None of these")
    old_tap = alice.click_update("One eyelid twitches")
    await harness.feed(old_tap)  # answered: the next question
    await alice.send("/back")  # "Which of these describes it best?" again, a new message
    before = len(alice.received())
    await harness.feed(old_tap)  # the first message's button, whose answer /back undid
    assert len(alice.received()) == before
    assert toasts(harness)[-1] == texts.BROKEN_TAP  # not "from an earlier consultation"
    await alice.click("One eyelid twitches")  # the question shown again still works
    assert "How long" in alice.texts()[-1]


STORY = "my left eyelid has twitched for 5 days since I started methylphenidate, lots of coffee"


async def at_pre_ticked(alice: ChatUser) -> None:
    """The story's first message (no /start), then the taps to "other features", a
    choose-all question the story answered in part (a medicine, not the rest)."""
    replies = await alice.send(STORY)
    assert "safety check" in replies[-1]  # the story does not answer the safety check
    # the safety check, the throat after a new medicine (clinical round 74), closing, nerves
    for label in ("None of these", "No", "No", "None of these"):
        await alice.click(label)
    assert ticked(alice.received()[-1]["reply_markup"]) == ["✓ Began after a medicine"]


async def test_a_choose_all_question_a_story_answered_in_part_shows_its_ticks(
    harness: BotHarness, alice: ChatUser
) -> None:
    await at_pre_ticked(alice)
    await alice.click("✓ Began after a medicine")  # unticked in place
    assert ticked(harness.telegram.edits(alice.user_id)[-1]["reply_markup"]) == []
    assert await alice.click("Done ✔") == []  # nothing ticked now
    await alice.click("Red or painful eye")
    await alice.click("✓ Began after a medicine")  # the same button: ticked again
    await alice.click("Done ✔")
    assert harness.telegram.edits(alice.user_id)[-1]["text"].endswith(
        "→ <b>Red or painful eye, Began after a medicine</b>"
    )

    bob = harness.user(1002)
    await at_pre_ticked(bob)
    await bob.send("an urge comes first and I can hold it back")  # typed: adds to the tick
    summary = (await bob.send("/summary"))[0]
    assert "Other features: Began after a medicine, An urge first, I can hold it" in summary

    carol = harness.user(1003)
    await at_pre_ticked(carol)
    await carol.click("None of these")  # nothing else: the tick stays
    assert harness.telegram.edits(carol.user_id)[-1]["text"].endswith(
        "→ <b>Began after a medicine</b>"
    )


async def test_regression_a_double_tap_on_forget_said_everything_was_deleted_twice(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Two taps on "Yes, delete everything" within 100 ms (before Telegram showed the
    prompt without its buttons) said "Done: everything ... was deleted" twice; a tap on
    "No, keep it" in that moment said "Nothing was deleted" of what had just been
    deleted. A prompt is answered once; a later tap on it is told so in a toast."""
    await alice.send("/start")
    await alice.click("None of these")
    await alice.send("/forget")
    yes, again, no = (
        alice.click_update(label)
        for label in ("Yes, delete everything", "Yes, delete everything", "No, keep it")
    )
    before = len(alice.received())
    await asyncio.gather(harness.feed(yes), harness.feed(again), harness.feed(no))
    assert alice.texts()[before:] == [texts.FORGOTTEN]
    assert toasts(harness)[-2:] == [texts.STALE_CALLBACK, texts.STALE_CALLBACK]
    assert await harness.count("conversations") == 0
    await alice.send("/forget")  # a new prompt is answered as ever
    assert await alice.click("No, keep it") == [texts.FORGET_KEPT]


async def test_regression_every_refused_tap_said_the_question_was_already_answered(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A button of the question open at /restart (never answered), and forged data (an
    option the question has not, a step not reached, over 64 bytes, another format) were
    all told "This question was already answered"; each is now told what is true, in
    the person's language."""
    await alice.send("/start")
    await alice.click("None of these")
    never_answered = alice.click_update("One eyelid twitches")
    await alice.send("/restart")
    await harness.feed(never_answered)
    assert toasts(harness)[-1] == texts.EARLIER_TAP
    answered = alice.click_update("None of these")
    await alice.click("None of these")
    await harness.feed(answered)  # answered in this consultation: /back asks it again
    assert toasts(harness)[-1] == texts.ANSWERED_TAP
    message_id, data = alice.button("One eyelid twitches")
    step = data.split(":")[1]
    for forged in (
        data.rsplit(":", 1)[0] + ":bogus",
        data.replace(f":{step}:", ":999:"),
        data + ":" + "x" * 64,
        "v2:" + data,
    ):
        await harness.feed(harness.telegram.callback_update(alice.user_id, forged, message_id))
        assert toasts(harness)[-1] == texts.BROKEN_TAP, forged
    await alice.click("One eyelid twitches")  # the real button still works
    assert "How long" in alice.texts()[-1]

    boris = harness.user(1005, "ru")
    await boris.send("/start")
    old = boris.click_update(boris.keyboard()[-1])
    await boris.send("/restart")
    await harness.feed(old)
    assert (
        toasts(harness)[-1]
        == "Эта кнопка — из прежней консультации. Пожалуйста, ответьте на последний вопрос."
    )


async def test_regression_a_tap_on_the_phone_and_words_typed_on_the_desktop_answered_two_questions(
    harness: BotHarness, alice: ChatUser
) -> None:
    """The patient on a phone and a desktop: "None of these" tapped on the phone and
    "none of these" typed on the desktop in the same second, for the same question. The
    typed words answered the question the tap brought up before it was on either screen
    ("Numbness or weakness: None of these" in /summary, never asked), without a word."""
    await alice.send("/start")
    for label in BENIGN_TAPS[:4]:
        await alice.click(label)
    assert "None of these" in alice.keyboard()
    tapped = alice.click_update("None of these")
    typed = harness.telegram.message_update(alice.user_id, "none of these")
    before = len(alice.received())
    await harness.feed(tapped)
    after_tap = alice.texts()[before:]
    await harness.feed(typed)
    said, again = alice.texts()[before + len(after_tap) :]
    assert "sent before the question below appeared" in said
    assert again == after_tap[-1]  # the question the tap brought up, still open
    summary = "\n".join(await alice.send("/summary"))
    assert summary.count("None of these") == 2, summary  # safety check, the tapped one
    # typed once the question can be read, the same words answer it
    replies = await alice.send("none of these")
    assert replies[-1] != again and "sent before" not in replies[0]


async def test_a_danger_sign_typed_on_the_desktop_as_the_phone_tapped_is_still_read(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    for label in BENIGN_TAPS[:4]:
        await alice.click(label)
    tapped = alice.click_update("None of these")
    typed = harness.telegram.message_update(alice.user_id, "my face suddenly droops on one side")
    await harness.feed(tapped)
    before = len(alice.received())
    await harness.feed(typed)
    assert any("112" in text for text in alice.texts()[before:])


@pytest.mark.parametrize("language", ["en", "de"])
async def test_regression_the_already_answered_toast_did_not_say_how_to_change_the_answer(
    harness: BotHarness, language: str
) -> None:
    """A patient who tapped another answer on a question they had answered, meaning to
    change it, read only "This question was already answered": nothing said that /back
    asks it again. The toast now says so, in their language; nothing changed."""
    patient = harness.user(6001, language)
    _ = Catalogs(LOCALES).translations(language).gettext
    await patient.send("/start")
    changed_mind = patient.click_update(_("Not sure"))
    await patient.click(_("None of these"))
    before = len(patient.received())
    await harness.feed(changed_mind)
    assert len(patient.received()) == before
    (toast,) = toasts(harness)[-1:]
    assert toast is not None and "/back" in toast
    assert toast == _(texts.ANSWERED_TAP)
    assert (toast != texts.ANSWERED_TAP) is (language != "en")


async def test_regression_a_danger_sign_tapped_late_on_the_safety_check_got_only_a_toast(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A patient who answered the safety check "None of these" and then tapped "Face, arm,
    speech or sight" on the same check (the sign began since, or the first tap was a slip)
    read only the toast "already answered": the emergency was never given. Now it is."""
    await alice.send("/start")
    late = alice.click_update("Face, arm, speech or sight")
    await alice.click("None of these")
    before = len(alice.received())
    await harness.feed(late)
    assert any("112" in text for text in alice.texts()[before:])
    await alice.send("/summary")
    assert "Emergency signs mentioned: Signs of a stroke" in alice.texts()[-1]
