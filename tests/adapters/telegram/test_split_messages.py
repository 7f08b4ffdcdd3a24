"""A long message the Telegram app cut in parts, sent within the same second."""

from __future__ import annotations

from tests.adapters.telegram.harness import BotHarness, ChatUser

#: A story past 3/4 of Telegram's 4096 characters, as the app's first part of it.
FIRST_PART = ("My left eyelid has been twitching for about a week. " * 10 + "\n\n") * 8
REST = "I drink lots of coffee and I have been under a lot of stress at work."


def on_screen(harness: BotHarness, user: ChatUser) -> list[str]:
    """The texts the chat shows: what the bot sent, less what it deleted."""
    deleted = {c.params["message_id"] for c in harness.telegram.calls_of("deleteMessage")}
    return [m["text"] for n, m in enumerate(user.received(), 1) if n not in deleted]


async def test_regression_a_long_message_cut_in_parts_showed_the_question_twice(
    harness: BotHarness, alice: ChatUser
) -> None:
    """A patient pasted a long story; the app sent it as two messages in one second. The
    first part was noted and the safety check asked again; the rest was noted too and
    the whole safety check asked once more, right under its first copy. The question
    now stands once, after both notes, with its buttons."""
    await alice.send("/start")
    safety = alice.texts()[-1]
    tg = harness.telegram
    date = int(tg.clock()) + 5
    for part in (FIRST_PART, REST):
        await harness.feed(tg.message_update(alice.user_id, part, date=date))
    shown = on_screen(harness, alice)
    assert shown.count(safety) == 2, "the /start's copy, and one after the story"
    assert shown[-1] == safety and "None of these" in alice.keyboard()
    noted = [text for text in shown if text.startswith("<b>Noted:</b>")]
    assert len(noted) == 2 and "coffee" in noted[1]
