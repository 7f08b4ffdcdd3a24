"""Which of a chat's question keyboards still take taps, as the user sees them through
the real PTB stack: only the open question's newest copy."""

from __future__ import annotations

import pytest

from bot.assistant import Content
from bot.core import buttons, events
from tests.adapters.telegram.harness import BotHarness, ChatUser


def live_questions(harness: BotHarness, chat: int) -> list[int]:
    """Ids of the bot's messages in `chat` that still show a question's buttons: sent with
    them, and not edited since without them (a tap's mark, a keyboard taken away)."""
    live = {
        number
        for number, message in enumerate(harness.telegram.sent(chat), start=1)
        if _asks(message.get("reply_markup"))
    }
    for call in harness.telegram.calls:
        edited = call.method in ("editMessageText", "editMessageReplyMarkup")
        if edited and call.error is None and call.params.get("chat_id") == chat:
            if _asks(call.params.get("reply_markup")):
                live.add(int(call.params["message_id"]))
            else:
                live.discard(int(call.params["message_id"]))
    return sorted(live)


def _asks(markup: object) -> bool:
    """Whether a keyboard answers a consultation's question (a choice or a tick)."""
    if not isinstance(markup, dict):
        return False
    return any(
        isinstance(buttons.parse(button.get("callback_data", "")), events.Choose | events.Toggle)
        for row in markup.get("inline_keyboard", [])
        for button in row
    )


async def test_regression_a_question_answered_in_words_kept_its_buttons_live(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Typed answers left every earlier question with its buttons (a tap marks its
    question and closes them): after a few answers in words the chat held a keyboard
    under each question, and a copy under each "Sorry, I did not understand"; once a
    typed danger sign ended the consultation, the open question's buttons said "This
    question was already answered" of a question nobody answered."""
    await alice.send("/start")
    await alice.send("none of these")  # the safety check, answered in words
    assert live_questions(harness, alice.user_id) == [len(alice.received())]
    await alice.send("purple elephant")  # not understood: the question again
    assert live_questions(harness, alice.user_id) == [len(alice.received())]
    await alice.click("One eyelid twitches")  # a tap on the newest copy still works
    assert "How long" in alice.texts()[-1]
    assert live_questions(harness, alice.user_id) == [len(alice.received())]

    old_tap = alice.click_update("Less than 2 weeks")
    await alice.send("my face droops on one side and my arm is numb")
    assert alice.texts()[-1].startswith("🔴")
    assert live_questions(harness, alice.user_id) == []  # nothing left to tap
    await harness.feed(old_tap)  # a tap already on its way when the keyboard went
    assert alice.texts()[-1].startswith("🔴")


async def test_a_tapped_question_is_only_marked_and_other_keyboards_stay(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A tap closes its own question with the answer's mark, and nothing else is edited
    for it; keyboards that are not a question's (a language's) are left as they are."""
    await alice.send("/start")
    await alice.click("None of these")
    assert harness.telegram.calls_of("editMessageReplyMarkup") == []
    await alice.send("/language")
    await alice.send("one eyelid")  # answered in words under the language keyboard
    assert "How long" in alice.texts()[-1]
    await alice.click("Deutsch")  # the language keyboard still works: the question in German
    assert "Wie lange" in alice.texts()[-1]
    assert live_questions(harness, alice.user_id) == [len(alice.received())]


async def test_buttons_telegram_will_not_take_away_are_left_without_a_word(
    harness: BotHarness, alice: ChatUser
) -> None:
    """The question above was deleted (or is too old to edit): its buttons stay, and
    nothing is sent in its place (the taking away is cosmetic)."""
    await alice.send("/start")
    harness.telegram.fail("editMessageReplyMarkup", error="not_found")
    replies = await alice.send("none of these")
    assert [r.split("?")[0] for r in replies] == ["Which of these describes it best"]
    assert harness.telegram.calls_of("editMessageReplyMarkup")[-1].error == "not_found"


async def test_regression_an_old_keyboard_left_by_a_restart_stayed_and_said_already_answered(
    harness: BotHarness, alice: ChatUser, content: Content
) -> None:
    """Which keyboard to take away is remembered per process: after a restart (or on a
    chat another process served last) a question left open by a typed emergency kept its
    buttons, and a tap on one said "This question was already answered" of a question
    nobody answered, as often as it was tapped. A refused tap on an old question now takes
    its buttons away, and says the consultation is finished when it is."""
    await alice.send("/start")
    old_tap = alice.click_update("None of these")
    async with await harness.restart(content, first_update_id=100) as again:
        alice = again.user(alice.user_id)
        await alice.send("my face droops on one side and my arm is numb")
        assert alice.texts()[-1].startswith("🔴")
        await again.feed(old_tap)
        assert live_questions(again, alice.user_id) == []
        toast = again.telegram.calls_of("answerCallbackQuery")[-1].params["text"]
        assert toast.startswith("This consultation is finished.")

        await alice.send("/restart")  # a forged answer to the open question leaves its buttons
        message_id, data = alice.button("None of these")
        forged = data.rsplit(":", 1)[0] + ":nope"
        await again.feed(again.telegram.callback_update(alice.user_id, forged, message_id))
        assert live_questions(again, alice.user_id) == [len(alice.received())]


async def test_regression_a_reply_to_an_earlier_question_silently_answered_the_open_one(
    harness: BotHarness, alice: ChatUser
) -> None:
    """Telegram's Reply on the safety check ("no"), sent while a later question was open,
    answered that later question "No" without a word: the chat moved on to the next
    question as if the person had meant it. Taken as the open question's answer (the
    bot answers one question at a time), it now says so, and how to change it."""
    await alice.send("/start")
    safety_check = len(alice.received())
    for label in ("None of these", "One eyelid twitches", "Less than 2 weeks"):
        await alice.click(label)
    replied = harness.telegram.reply_update(
        alice.user_id, "no", to=safety_check, quoted="First, a quick safety check."
    )
    before = len(alice.received())
    await harness.feed(replied)
    note, question = alice.texts()[before:]
    assert "earlier message" in note and "/back" in note
    assert question.startswith("Have you noticed")
    # a reply to the open question itself is its answer, as ever: no note
    open_question = len(alice.received())
    replied["message"]["reply_to_message"]["message_id"] = open_question
    replied["message"]["text"] = "None of these"
    replied["message"]["date"] += 60
    before = len(alice.received())
    await harness.feed(replied)
    assert [t for t in alice.texts()[before:] if "earlier message" in t] == []


@pytest.mark.parametrize("said", ["yes, this one", "yes, my face drooped yesterday"])
async def test_regression_a_danger_sign_replied_to_an_earlier_question_was_called_an_answer(
    harness: BotHarness, alice: ChatUser, said: str
) -> None:
    """A patient at "How long has it been going on?" replied to the safety check they had
    passed, quoting "face drooping" (or telling it), "yes": above the emergency advice
    they read "I took this as your answer to [the newest question]. To change an earlier
    answer, use /back", though nothing was answered and /back undoes nothing of an
    emergency. The emergency advice now comes alone."""
    (*_greeting, check) = await alice.send("/start")
    safety_check = len(alice.received())
    for label in ("None of these", "One eyelid twitches"):
        await alice.click(label)
    reply = harness.telegram.reply_update(alice.user_id, said, to=safety_check, quoted=check)
    if said == "yes, this one":
        start = check.index("face drooping")
        reply["message"]["quote"] = {"text": "face drooping", "position": start, "is_manual": True}
    before = len(alice.received())
    await harness.feed(reply)
    (advice,) = alice.texts()[before:]
    assert advice.startswith("🔴") and "EMERGENCY" in advice


async def test_regression_words_replied_to_an_earlier_question_were_just_not_understood(
    harness: BotHarness, alice: ChatUser
) -> None:
    """At "How long has it been going on?" a patient replied to the safety check they had
    passed, quoting "face drooping", "no, not this": they got only "Sorry, I did not
    understand that", as if their words to that question were unreadable. They are now
    told first that the earlier question is answered, that answers go to the newest one,
    and that /back changes an earlier answer; the question follows, and nothing moved."""
    (*_greeting, check) = await alice.send("/start")
    safety_check = len(alice.received())
    for label in ("None of these", "One eyelid twitches"):
        await alice.click(label)
    reply = harness.telegram.reply_update(
        alice.user_id, "no, not this", to=safety_check, quoted=check
    )
    start = check.index("face drooping")
    reply["message"]["quote"] = {"text": "face drooping", "position": start, "is_manual": True}
    before = len(alice.received())
    await harness.feed(reply)
    note, *_sorry, question = alice.texts()[before:]
    assert "earlier question" in note and "/back" in note
    assert question.startswith("How long has it been going on?")
    assert "Less than 2 weeks" in alice.keyboard()  # still open, nothing answered


async def test_a_stale_open_question_id_left_by_a_rollback_never_called_the_open_question_earlier(
    harness: BotHarness, alice: ChatUser, content: Content
) -> None:
    """A newer release kept the open question's message; an older one then ran (it keeps
    none) and asked on; the newer one again, restarted, holds a stale, smaller id. A Reply
    on the question now open is its answer, with no "earlier message" note: the id kept
    only ever grows, and an id older than the open question's cannot make it "earlier"."""
    await alice.send("/start")
    stale = len(alice.received())
    for label in ("None of these", "One eyelid twitches"):
        await alice.click(label)  # as the older release would: the new ids not kept
    open_question = len(alice.received())
    await harness.storage.statements.execute(
        "UPDATE conversations SET question_message_id = ? WHERE user_id = ?",
        stale,
        alice.user_id,
    )
    async with await harness.restart(content, first_update_id=100) as again:
        alice = again.user(alice.user_id)
        replied = again.telegram.reply_update(
            alice.user_id, "Less than 2 weeks", to=open_question, quoted="How long?"
        )
        before = len(alice.received())
        await again.feed(replied)
        assert [t for t in alice.texts()[before:] if "earlier message" in t] == []
        assert len(alice.received()) > before  # answered, the next question asked
