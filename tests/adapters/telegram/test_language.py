"""Choosing the language: explicit choice, then Telegram's language, then English; groups too."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.i18n import Catalogs
from bot.storage.base import ConversationKey
from tests.adapters.telegram.harness import BENIGN_TAPS, BotHarness
from tests.conftest import LOCALES

CATALOGS = Catalogs(LOCALES)
GROUP = -100777
ADMIN, MEMBER = 501, 502


def tr(language: str, message: str) -> str:
    return CATALOGS.translations(language).gettext(message)


def first_question(content: Content, language: str) -> str:
    return tr(language, content.dialog.question(content.dialog.start).text)


async def test_telegram_language_is_used_with_region_fallback(
    harness: BotHarness, content: Content
) -> None:
    for user_id, code, expected in [
        (11, "de", "de"),
        (12, "es-419", "es"),
        (13, "ru", "ru"),
        (14, "pt-BR", "en"),
        (15, "", "en"),
    ]:
        replies = await harness.user(user_id, code).send("/start")
        assert first_question(content, expected) in replies[-1], (code, replies[-1])


async def test_language_keyboard_names_each_language_in_itself(harness: BotHarness) -> None:
    user = harness.user(21, "de")
    (prompt,) = await user.send("/language")
    assert prompt == tr("de", texts.LANGUAGE_PROMPT)
    assert user.keyboard() == ["Deutsch", "English", "Español", "Русский"]


async def test_explicit_choice_wins_and_survives_a_restart(
    harness: BotHarness, content: Content, tmp_path: Path
) -> None:
    user = harness.user(31, "de")
    await user.send("/start")
    await user.send("/language")
    saved, asked = await user.click("Español")
    assert saved == tr("es", texts.LANGUAGE_SET)
    assert first_question(content, "es") in asked  # the open question, now in Spanish
    assert harness.telegram.edits(31)[-1]["text"] == tr("es", texts.LANGUAGE_PROMPT)
    replies = await user.send("/restart")
    assert first_question(content, "es") in replies[-1]

    async with await harness.restart(content, first_update_id=1000) as again:
        (help_text,) = await again.user(31, "de").send("/help")
        assert help_text == f"{tr('es', texts.HELP)}\n\n{tr('es', texts.TEACHER_HELP)}"


async def test_command_menu_and_description_in_every_language(harness: BotHarness) -> None:
    menus = {
        (c.params["scope"]["type"], c.params.get("language_code")): [
            d["description"] for d in c.params["commands"]
        ]
        for c in harness.telegram.calls_of("setMyCommands")
    }
    shown = {
        "default": texts.COMMANDS,
        "all_group_chats": texts.MEMBER_COMMANDS,
        "all_chat_administrators": texts.GROUP_COMMANDS,
    }
    assert {code for _scope, code in menus} == {None, "de", "es", "ru"}
    for code in ("de", "es", "ru"):
        for scope, commands in shown.items():
            assert menus[scope, code] == [tr(code, d) for _name, d in commands]
        assert menus["default", code] != [d for _name, d in texts.COMMANDS]
    described = {
        c.params.get("language_code"): c.params["description"]
        for c in harness.telegram.calls_of("setMyDescription")
    }
    assert described["ru"] == tr("ru", texts.DESCRIPTION) != described[None]


async def test_regression_the_bots_profile_had_no_short_description(harness: BotHarness) -> None:
    """Telegram shows a bot's short description on its profile page and under a shared
    link to it: spasmbot's was empty, in every language, and a patient sent the link
    by a friend read nothing of what it does. Set in every shipped language, within
    Telegram's 120 characters."""
    shown = {
        c.params.get("language_code"): c.params["short_description"]
        for c in harness.telegram.calls_of("setMyShortDescription")
    }
    assert set(shown) == {None, "de", "es", "ru"}
    assert shown[None] == texts.SHORT_DESCRIPTION
    for code in ("de", "es", "ru"):
        assert shown[code] == tr(code, texts.SHORT_DESCRIPTION) != shown[None]
    assert all(0 < len(text) <= 120 for text in shown.values()), shown


async def test_about_states_the_retention_period_in_the_users_language(
    harness: BotHarness,
) -> None:
    (about,) = await harness.user(41, "ru").send("/about")
    ngettext = CATALOGS.translations("ru").ngettext
    assert texts.retention(ngettext, 180) in about
    assert "180" in about


async def group_send(harness: BotHarness, user_id: int, text: str, code: str = "en") -> list[str]:
    before = len(harness.telegram.sent(GROUP))
    await harness.feed(
        harness.telegram.message_update(GROUP, text, user_id=user_id, language_code=code)
    )
    return [m["text"] for m in harness.telegram.sent(GROUP)[before:]]


async def group_tap(harness: BotHarness, user_id: int, label: str) -> None:
    for number, message in reversed(list(enumerate(harness.telegram.sent(GROUP), start=1))):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    await harness.feed(
                        harness.telegram.callback_update(
                            GROUP, button["callback_data"], number, user_id=user_id
                        )
                    )
                    return
    raise AssertionError(f"no button {label!r} in the group")


async def test_only_group_admins_change_the_group_language(harness: BotHarness) -> None:
    tg = harness.telegram
    tg.admins.add((GROUP, ADMIN))

    (refused,) = await group_send(harness, MEMBER, "/language")
    assert refused == tr("en", texts.GROUP_LANGUAGE_ADMINS_ONLY)

    (prompt,) = await group_send(harness, ADMIN, "/language")
    assert prompt == tr("en", texts.GROUP_LANGUAGE_PROMPT)
    await group_tap(harness, MEMBER, "Deutsch")  # a member taps the admin's keyboard
    toast = tg.calls_of("answerCallbackQuery")[-1].params["text"]
    assert toast == tr("en", texts.GROUP_LANGUAGE_ADMINS_ONLY)
    assert await group_send(harness, MEMBER, "/help") == [tr("en", texts.GROUP_HELP)]

    await group_tap(harness, ADMIN, "Deutsch")
    assert tg.sent(GROUP)[-1]["text"] == tr("de", texts.GROUP_LANGUAGE_SET)
    # Everyone in the group now reads German, whatever their own app language.
    assert await group_send(harness, MEMBER, "/help", code="es") == [tr("de", texts.GROUP_HELP)]
    # A member's private chat keeps their own language.
    (private_help,) = await harness.user(MEMBER, "es").send("/help")
    assert private_help == f"{tr('es', texts.HELP)}\n\n{tr('es', texts.TEACHER_HELP)}"


async def test_regression_a_language_chosen_mid_consultation_left_the_question_untranslated(
    harness: BotHarness, content: Content
) -> None:
    """After "Язык сохранён." the chat ended on the open question in English, with its
    English buttons: the question the person was answering is asked again, translated."""
    user = harness.user(41, "en")
    await user.send("/start")
    await user.click("None of these")
    question = tr("ru", content.dialog.question("location").text)
    await user.send("/language")
    saved, asked = await user.click("Русский")
    assert saved == tr("ru", texts.LANGUAGE_SET)
    assert question in asked
    russian = [tr("ru", option.label) for option in content.dialog.question("location").options]
    assert user.keyboard() == russian
    await user.click(russian[0])  # the translated buttons answer it
    conversation = await harness.storage.load(ConversationKey(41, 41))
    assert conversation is not None and conversation.state != "location"


async def test_regression_a_language_chosen_at_the_advice_only_said_language_saved(
    harness: BotHarness,
) -> None:
    """A patient who read the advice in English, the language they read less well, chose
    Русский with /language days later and got "Язык сохранён." and nothing else: nothing
    of their consultation in the language they chose. The summary of their answers and
    the advice given comes next, in it; nothing is asked and the consultation stays done."""
    user = harness.user(43, "en")
    await user.send("/start")
    for label in BENIGN_TAPS:
        await user.click(label)
    harness.telegram.advance(3 * 86400)
    await user.send("/language")
    said = await user.click("Русский")
    assert said[0] == tr("ru", texts.LANGUAGE_SET)
    assert len(said) == 2, said
    assert tr("ru", "Summary of my answers, for my doctor") in said[1]
    assert tr("ru", "self-care") in said[1]
    assert user.keyboard() == []
    conversation = await harness.storage.load(ConversationKey(43, 43))
    assert conversation is not None and conversation.finished


async def test_a_language_chosen_with_no_consultation_open_only_says_so(
    harness: BotHarness,
) -> None:
    user = harness.user(42, "en")
    await user.send("/language")
    assert await user.click("Deutsch") == [tr("de", texts.LANGUAGE_SET)]


async def test_regression_a_double_tap_on_a_language_asked_the_open_question_twice(
    harness: BotHarness, content: Content
) -> None:
    """Both taps of a double tap on "Deutsch" said "Sprache gespeichert." and asked the
    open question again: two copies of it with live buttons. The language already chosen
    changes nothing: the second tap is answered with a toast, and the group's likewise."""
    user = harness.user(44, "en")
    await user.send("/start")
    await user.click("None of these")
    await user.send("/language")
    first, second = user.click_update("Deutsch"), user.click_update("Deutsch")
    before = len(user.received())
    await harness.feed(first)
    await harness.feed(second)
    question = tr("de", content.dialog.question("location").text)
    said = user.texts()[before:]
    assert said[0] == tr("de", texts.LANGUAGE_SET)
    assert [text for text in said if question in text] == [said[1]]  # asked once
    assert len(said) == 2
    toast = harness.telegram.calls_of("answerCallbackQuery")[-1].params.get("text")
    assert toast == tr("de", texts.LANGUAGE_SET)
    await user.click(tr("de", "One eyelid twitches"))  # the question's buttons answer it
    conversation = await harness.storage.load(ConversationKey(44, 44))
    assert conversation is not None and conversation.state != "location"

    tg = harness.telegram
    tg.admins.add((GROUP, ADMIN))
    await group_send(harness, ADMIN, "/language")
    await group_tap(harness, ADMIN, "Español")
    await group_tap(harness, ADMIN, "Español")
    assert [m["text"] for m in tg.sent(GROUP)].count(tr("es", texts.GROUP_LANGUAGE_SET)) == 1


@pytest.mark.parametrize("language", ["ru", "es", "de"])
async def test_regression_a_deep_link_naming_a_language_began_in_the_apps_language(
    harness: BotHarness, content: Content, language: str
) -> None:
    """A clinic's leaflet link `t.me/<bot>?start=ru` opened by a patient whose Telegram
    app is in English began the consultation in English, and every answer after it stayed
    English: the link's language is the chat's, until /language chooses another."""
    user = harness.user(61, "en")
    welcome = await user.send(f"/start {language}")
    assert first_question(content, language) in welcome[-1]
    options = content.dialog.question(content.dialog.start).options
    assert user.keyboard() == [tr(language, option.label) for option in options]
    await user.click(user.keyboard()[-2])  # none of these, in the link's language
    assert tr(language, content.dialog.question("location").text) in user.texts()[-1]
    await user.send("/language")
    await user.click("English")
    assert user.texts()[-1] == content.dialog.question("location").text


async def test_a_deep_link_naming_a_language_keeps_a_language_chosen_before(
    harness: BotHarness, content: Content
) -> None:
    user = harness.user(62, "en")
    await user.send("/language")
    await user.click("Deutsch")
    await user.send("/start ru")
    assert first_question(content, "de") in user.texts()[-1]


async def test_regression_a_consultation_begun_on_a_russian_phone_went_on_in_english_on_the_desktop(
    harness: BotHarness, content: Content
) -> None:
    """The same patient on two devices: the phone's app in Russian, the desktop's in
    English (Telegram sends each app's language with its updates). The consultation
    begun on the phone went on in English as soon as the desktop answered: the next
    question, the /summary and the advice in another language than the ones above."""
    phone, desktop = harness.user(3003, "ru"), harness.user(3003, "en")
    await phone.send("/start")
    await phone.click(tr("ru", "None of these"))
    typed = await desktop.send("одно веко дёргается")
    assert typed and all("Which" not in t and "How long" not in t for t in typed), typed
    assert tr("ru", "Less than 2 weeks") in desktop.keyboard()
    tapped = desktop.click_update(tr("ru", "Less than 2 weeks"))
    before = len(desktop.received())
    await harness.feed(tapped)
    (question,) = desktop.texts()[before:]
    assert not question.isascii(), question  # a Russian question, not English
    summary = await desktop.send("/summary")
    assert summary and not any(text.isascii() for text in summary), summary


async def test_regression_tapping_the_language_in_use_left_its_buttons_and_no_question(
    harness: BotHarness, content: Content
) -> None:
    """A patient who had chosen Deutsch, wondering whether it was kept, sent /language
    mid-consultation and tapped Deutsch: only the pop-up "Sprache gespeichert." came;
    the chat ended on the language buttons, the open question out of sight above them.
    The language in use, chosen again from a keyboard newer than the question, is taken
    as a changed one is: said in the chat, the buttons closed, the question asked again;
    a double tap or an older keyboard still gets only the pop-up."""
    user = harness.user(45, "en")
    await user.send("/language")
    await user.click("Deutsch")
    await user.send("/start")
    await user.click(tr("de", "None of these"))
    question = tr("de", content.dialog.question("location").text)
    await user.send("/language")
    keyboard = len(user.received())  # its message id: Telegram numbers a chat's messages
    saved, asked = await user.click("Deutsch")
    assert saved == tr("de", texts.LANGUAGE_SET)
    assert question in asked
    assert user.keyboard() == [
        tr("de", option.label) for option in content.dialog.question("location").options
    ]
    closed = [e for e in harness.telegram.edits(45) if e["message_id"] == keyboard]
    assert closed and not closed[-1].get("reply_markup")
    # The same keyboard tapped again: the question is on screen already.
    before = len(user.received())
    await harness.feed(harness.telegram.callback_update(45, "lang:de", keyboard))
    assert user.received()[before:] == []


OFFER = "I can talk with you in"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("fr", "Bonjour, ma paupière saute depuis deux semaines"),
        ("uk", "Привіт, у мене сіпається повіка"),
        ("pt-BR", "Olá, minha pálpebra está tremendo"),
        ("ar", "مرحبا، جفني يرتعش"),
        ("zh-hans", "你好，我的眼皮一直在跳"),
    ],
)
async def test_regression_a_patient_writing_in_french_was_never_told_which_languages_are_spoken(
    harness: BotHarness, content: Content, code: str, words: str
) -> None:
    """A patient whose Telegram is in French (or Ukrainian, Portuguese, Arabic,
    Chinese) got the consultation in English with no word of another language, and
    each answer typed in their own language got "Sorry, I did not understand" again.
    The first reply, and each "did not understand", now offers the bot's languages
    (named in themselves, as buttons) until one is chosen; the question stays the last
    message, and a language tapped there asks it again in that language, where it was."""
    patient = harness.user(7000 + len(code), code)
    offer, *welcome = await patient.send("/start")
    assert offer.startswith(OFFER) and "Español" in offer and "Русский" in offer
    assert welcome[-1] == first_question(content, "en")
    buttons = harness.telegram.sent(patient.user_id)[0]["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in buttons] == ["Deutsch", "English", "Español", "Русский"]
    assert patient.keyboard()  # the question keeps its buttons, last
    sorry = await patient.send(words)
    assert any(said.startswith(OFFER) for said in sorry)
    assert sorry[-1] == first_question(content, "en")
    saved, asked = await patient.click("Español")
    assert saved == tr("es", texts.LANGUAGE_SET) and first_question(content, "es") in asked
    again = await patient.send(words)
    assert not any(said.startswith(OFFER) for said in again)  # chosen: offered no more
    assert again[-1] == first_question(content, "es")


@pytest.mark.parametrize("code", ["en", "en-GB", "de", "es-419", "", None])
async def test_a_patient_whose_telegram_speaks_a_shipped_language_is_offered_none(
    harness: BotHarness, code: str | None
) -> None:
    patient = harness.user(7100 + len(code or "x") + (code is None), code)  # type: ignore[arg-type]
    said = await patient.send("/start") + await patient.send("blah blah")
    assert not any(line.startswith(OFFER) for line in said)


async def test_regression_a_french_patient_doing_well_in_english_was_offered_languages_again(
    harness: BotHarness, content: Content
) -> None:
    """A patient whose Telegram is in French, offered the languages at /start, went on in
    English and answered question after question; yet each "did not understand" (a
    "hmm?" typed mid-way, a slip after /restart, after the bot's own restart too) put
    the whole offer with its four buttons above it again. Once they answered a question
    in English it is not repeated (`/language` is in the menu); a patient new to the
    bot, or deleted by /forget, is offered it at the start and with each "did not
    understand" until they answer one."""
    patient = harness.user(7300, "fr")
    offer, *_ = await patient.send("/start")
    assert offer.startswith(OFFER)
    lost = await patient.send("Bonjour")  # nothing answered yet: offered again
    assert lost[0].startswith(OFFER)
    await patient.click("None of these")
    await patient.click("One eyelid twitches")
    said = await patient.send("hmm what?")  # doing well in English: only the question
    assert not any(line.startswith(OFFER) for line in said)
    assert said[-1].startswith("How long has it been going on?")  # the open question
    said = await patient.send("/restart") + await patient.send("zzz")
    assert not any(line.startswith(OFFER) for line in said)

    # the bot process restarts
    async with await harness.restart(content, first_update_id=1000) as again:
        patient = again.user(7300, "fr")
        said = await patient.send("/start") + await patient.send("qwerty")
        assert not any(line.startswith(OFFER) for line in said)
        await patient.send("/forget")
        await patient.click(tr("en", texts.FORGET_YES))
        offer, *_ = await patient.send("/start")  # new to the bot again: offered
        assert offer.startswith(OFFER)
