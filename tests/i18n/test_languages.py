"""Russian, Spanish and German: the whole consultation, complete and within Telegram's limits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache

import pytest
from babel.messages.pofile import read_po

from bot.adapters.telegram import layout, texts
from bot.assistant import Content
from bot.core import events, replies
from bot.core.buttons import MAX_BYTES
from bot.core.model import LABEL_MAX_CHARS, MESSAGE_MAX_CHARS
from bot.core.render import Message
from bot.i18n import status
from tests.conftest import LOCALES, play_all

LANGUAGES = ["ru", "es", "de"]
#: Checks that hold for the English source too.
ALL_LANGUAGES = ["en", *LANGUAGES]
#: How each language names the conditions; the catalogs must use these terms.
MEDICAL_TERMS = {
    "ru": {"Hemifacial spasm": "гемифациальный спазм", "Blepharospasm (both eyes)": "блефароспазм"},
    "es": {"Hemifacial spasm": "espasmo hemifacial", "Blepharospasm (both eyes)": "blefaroespasmo"},
    "de": {
        "Hemifacial spasm": "spasmus hemifacialis",
        "Blepharospasm (both eyes)": "blepharospasmus",
    },
}
#: The emergency numbers of each language's main audience, besides 112.
EMERGENCY_NUMBERS = {"ru": {"112", "103"}, "es": {"112", "911"}, "de": {"112"}}


@cache
def source_sentences() -> frozenset[str]:
    """English catalog messages long enough that seeing one means a translation is missing."""
    with (LOCALES / "spasmbot.pot").open("rb") as file:
        template = read_po(file)
    return frozenset(m.id for m in template if isinstance(m.id, str) and len(m.id.split()) >= 4)


def played(content: Content, language: str) -> list[tuple[str, tuple[str, ...], list[Message]]]:
    """Every story played in `language`, but for those typed in a language of their own
    (`language: de`), which are played in that one."""
    return [(r.story.name, r.outcomes, r.messages) for r in play_all(content, language)]


def own_language(content: Content) -> dict[str, str]:
    """Story name → the language a story is typed in, where it names one."""
    return {
        r.story.name: r.story.language
        for r in play_all(content, "en")
        if "language" in r.story.model_fields_set
    }


def gettext(content: Content, language: str) -> Callable[[str], str]:
    return content.renderer.gettext(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_current(language: str) -> None:
    found = status.language_status(LOCALES, language)
    assert (found.missing, found.fuzzy) == ([], [])
    assert found.translated == found.total > 500


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_story_reads_in_the_language_with_the_same_outcome(
    content: Content, language: str
) -> None:
    english = {name: outcomes for name, outcomes, _ in played(content, "en")}
    sentences = source_sentences()
    typed_in = own_language(content)
    for name, outcomes, messages in played(content, language):
        assert outcomes == english[name], name
        if typed_in.get(name, language) != language:
            continue  # typed in English or another language: read and answered in that one
        for message in messages:
            for part in layout.split_text(message.text):  # as the Telegram adapter sends it
                assert len(part) <= MESSAGE_MAX_CHARS, (name, message.kind)
                for tag in ("b", "i", "a"):
                    assert part.count(f"<{tag}>") + part.count(f"<{tag} ") == part.count(
                        f"</{tag}>"
                    ), (name, tag)
            assert not re.search(r"\{\{|\}\}|%\(|\{%", message.text), message.text[:200]
            plain = re.sub(r"<[^>]*>", "", message.text)
            left = [s for s in sentences if s in plain]
            assert left == [], (name, left)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_buttons_fit_phones_and_callback_data(content: Content, language: str) -> None:
    _ = gettext(content, language)
    for question in content.dialog.questions:
        (message,) = content.renderer.render(replies.Ask(question.id, 99), language)
        options = message.buttons[: len(question.options)]
        assert len(message.buttons) == len(question.options) + question.multiple  # + Done
        for button, option in zip(options, question.options, strict=True):
            assert button.label == _(option.label)
            assert 0 < len(button.label) <= LABEL_MAX_CHARS, button.label
            assert len(button.data.encode()) <= MAX_BYTES
        markup = layout.keyboard(message.buttons)
        assert all(len(row) <= 8 for row in markup["inline_keyboard"])
    for topic in content.dialog.learn:
        assert len(_(topic.title)) <= 40, _(topic.title)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_typed_translated_answers_and_danger_words_are_understood(
    content: Content, language: str
) -> None:
    engine, dialog = content.engine, content.dialog
    _ = gettext(content, language)
    start, _replies = engine.handle(None, events.Start(), language)
    assert start is not None
    for question in dialog.questions:
        at_question = replace(start, state=question.id)
        for option in question.options:
            after, _r = engine.handle(at_question, events.Typed(_(option.label)), language)
            assert after is not None
            if option.danger:  # typed or tapped, a danger answer gives the emergency advice
                assert after.assessment is not None, _(option.label)
                assert after.assessment.danger == option.danger, _(option.label)
            else:
                assert after.answers.get(question.id) == option.id, (question.id, _(option.label))
    for sign in dialog.danger_signs:
        for keyword in sign.keywords:
            after, _r = engine.handle(start, events.Typed(f"… {_(keyword)} …"), language)
            assert after is not None and after.assessment is not None, _(keyword)
            assert after.assessment.danger == sign.id, (_(keyword), after.assessment.danger)


@pytest.mark.parametrize("language", LANGUAGES)
def test_medical_terms_and_emergency_numbers(content: Content, language: str) -> None:
    _ = gettext(content, language)
    for english, term in MEDICAL_TERMS[language].items():
        assert term in _(english).lower(), _(english)
    for emergency in (
        "EMERGENCY: call 112 (or your local emergency number, e.g. 911, 999) now.",
        "Call 112 (or 911 in North America, 999 in the UK, 103 in Russia) now, or go to the "
        "nearest emergency department.",
    ):
        numbers = set(re.findall(r"\d+", _(emergency)))
        assert numbers >= EMERGENCY_NUMBERS[language], _(emergency)


@pytest.mark.parametrize("language", LANGUAGES)
def test_command_menu_fits_telegram(content: Content, language: str) -> None:
    translations = content.renderer.catalogs.translations(language)
    for _name, description in texts.COMMANDS:
        assert 3 <= len(translations.gettext(description)) <= 256
        assert translations.gettext(description) != description
    assert len(translations.gettext(texts.DESCRIPTION)) <= 512
    one, many = (texts.retention(translations.ngettext, n) for n in (1, 5))
    assert "1" in one and "5" in many and one != many
