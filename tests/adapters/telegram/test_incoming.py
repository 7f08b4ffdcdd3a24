"""Reading a person's update: each meaning in a field of its own."""

from __future__ import annotations

import time

from telegram import Message

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


async def test_regression_a_link_typed_without_an_entity_was_read_as_words(
    harness: BotHarness,
) -> None:
    """An address Telegram did not mark ('youtube.com/watch?v=…' from a client that sends
    no entities, 'siehe www.example.de/zucken', a caption's 'https://t.me/…') was read
    as words: 'siehe www.example.de/zucken' was noted as 'Stress oder Angst', 'mira
    youtu.be/dQw4w9WgXcQ' as 'Mucha lectura o pantallas'. What looks like a link is
    blanked as a marked one is; the words around it, and words with dots that are no
    address ('z.B.', 'т.е.', '3.5 weeks'), are read as ever."""
    typed = {
        "en": ("my eyelid twitches, see youtube.com/watch?v=abc123", "youtube"),
        "de": ("siehe www.example.de/zucken", "example"),
        "ru": ("вот видео https://t.me/joinchat/abcdef и vk.com/video123", "t.me"),
        "es": ("mira youtu.be/dQw4w9WgXcQ o escribe a ana.perez@correo.es", "youtu"),
    }
    for text, address in typed.values():
        read = incoming.message(harness.update(harness.telegram.message_update(USER, text)))
        assert read is not None and isinstance(read.event, events.Typed)
        assert address not in read.event.text and "correo" not in read.event.text
        assert read.event.text.split()[0] == text.split()[0]  # the words before it kept
    caption = harness.telegram.photo_update(USER, caption="😣 siehe https://t.me/kanal/12")
    read = incoming.message(harness.update(caption))
    assert read is not None and isinstance(read.event, events.Typed)
    assert "t.me" not in read.event.text and "siehe" in read.event.text
    started = time.perf_counter()  # word by word: 4096 characters of 'a.a.' are read at once
    incoming.without_links(read_message(harness, "a." * 2048), "a." * 2048)
    assert time.perf_counter() - started < 0.2
    for words in ("z.B. seit 3.5 Wochen", "т.е. лицо опустилось", "e.g. my face droops"):
        read = incoming.message(harness.update(harness.telegram.message_update(USER, words)))
        assert read is not None and isinstance(read.event, events.Typed)
        assert read.event.text == words


async def test_regression_a_link_typed_without_an_entity_noted_a_trigger(
    harness: BotHarness,
) -> None:
    """The whole turn, in each language: a link typed at "Which describes it best?" notes
    no trigger, in /summary or in the reply."""
    safe = {
        "en": "None of these",
        "de": "Nichts davon",
        "ru": "Ничего из этого",
        "es": "Nada de esto",
    }
    typed = {
        "en": "youtube.com/watch?v=abc123",
        "de": "siehe www.example.de/zucken",
        "ru": "вот видео youtube.com/watch?v=abc123",
        "es": "mira youtu.be/dQw4w9WgXcQ",
    }
    for number, (language, text) in enumerate(typed.items()):
        person = harness.user(2001 + number, language)
        await person.send("/start")
        await person.click(safe[language])
        replies = await person.send(text)
        summary = (await person.send("/summary"))[0]
        assert summary.count("\n•") == 2, (language, replies, summary)  # signs, started


def read_message(harness: BotHarness, text: str) -> Message:
    update = harness.update(harness.telegram.message_update(USER, text))
    assert update.message is not None
    return update.message
