"""Reading a person's update: each meaning in a field of its own."""

from __future__ import annotations

from bot.adapters.telegram import incoming
from bot.adapters.telegram.incoming import Action
from bot.core import events
from tests.adapters.telegram.harness import BotHarness

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
