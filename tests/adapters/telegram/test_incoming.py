"""Reading a person's update: each meaning in a field of its own."""

from __future__ import annotations

from bot.adapters.telegram import incoming
from bot.adapters.telegram.incoming import Action
from bot.core import events
from tests.adapters.telegram.harness import BotHarness, ChatUser

USER, GROUP = 31, -1003100


async def test_a_language_button_names_the_chosen_language(harness: BotHarness) -> None:
    update = harness.update(harness.telegram.callback_update(USER, "lang:es", message_id=4))
    tapped = incoming.tap(update)
    assert tapped is not None
    assert (tapped.action, tapped.chosen_language) == (Action.LANGUAGE_SET, "es")
    assert tapped.message_id == 4 and tapped.callback_id is not None
    assert tapped.reload_report == ""


async def test_deep_links_and_topics_go_to_the_engine(harness: BotHarness) -> None:
    update = harness.update(harness.telegram.message_update(USER, "/start learn_hfs"))
    started = incoming.engine_command(update)
    assert started is not None and started.event == events.Start("learn_hfs")
    update = harness.update(harness.telegram.message_update(USER, "/LEARN   synkinesis "))
    learning = incoming.engine_command(update)
    assert learning is not None and learning.event == events.Learn("synkinesis")


async def test_a_command_for_another_bot_is_not_read(harness: BotHarness) -> None:
    update = harness.update(harness.telegram.message_update(GROUP, "/start@other_bot", user_id=5))
    assert incoming.other_command(update) is None
    ours = f"/start@{harness.telegram.username}"
    update = harness.update(harness.telegram.message_update(GROUP, ours, user_id=5))
    pointed = incoming.other_command(update)
    assert pointed is not None and pointed.action is Action.GROUP and not pointed.private


async def test_regression_a_links_address_was_read_as_an_answer(harness: BotHarness) -> None:
    """A YouTube link pasted at "Which of these describes it best?" was noted as "Long
    reading or screen time", and 'siehe https://example.com' as 'Stress oder Angst': the
    letters of an address are not the person's words. Telegram marks them (`url`,
    `email` entities); the words around them are read as ever."""
    link = "https://www.youtube.com/watch?v=abc"
    text = f"my eyelid twitches, see {link}"
    entity = {"type": "url", "offset": text.index("https"), "length": len(link)}
    update = harness.update(harness.telegram.message_update(USER, text, entities=[entity]))
    read = incoming.message(update)
    assert read is not None and isinstance(read.event, events.Typed)
    assert "youtube" not in read.event.text and "my eyelid twitches, see" in read.event.text
    caption = harness.telegram.photo_update(USER, caption=f"😣 {link}")
    caption["message"]["caption_entities"] = [
        {"type": "url", "offset": 3, "length": len(link)}  # the emoji is two UTF-16 units
    ]
    read = incoming.message(harness.update(caption))
    assert read is not None and isinstance(read.event, events.Typed)
    assert "youtube" not in read.event.text and "😣" in read.event.text


async def test_regression_a_link_pasted_mid_consultation_noted_a_trigger(
    harness: BotHarness, alice: ChatUser
) -> None:
    await alice.send("/start")
    await alice.click("None of these")
    link = "https://www.youtube.com/watch?v=abc"
    entity = {"type": "url", "offset": 0, "length": len(link)}
    update = harness.telegram.message_update(
        alice.user_id, link, entities=[entity], date=int(harness.telegram.clock()) + 60
    )
    before = len(alice.received())
    await harness.feed(update)
    assert not any("screen time" in text for text in alice.texts()[before:])
    assert "Long reading" not in (await alice.send("/summary"))[0]
