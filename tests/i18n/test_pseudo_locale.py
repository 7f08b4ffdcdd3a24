"""Nothing a user sees bypasses gettext: everything shows up in the pseudo-locale.

Every catalog message is replaced by an accented version ("Ŵĥý ŵé ášķ"), so a
plain ASCII English word left on screen is a string that never went through
gettext. Only proper names shown as they are (source titles, the names of
languages in their own language) may remain.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.terminal import TerminalChat
from bot.assistant import Assistant, Content
from bot.core import replies
from bot.core.conversation import Assessment
from bot.core.model import Urgency
from bot.core.render import NOTICES, TYPED_NOTICES, Message, Surface
from bot.core.understanding.languages import FOLDER, load_lexicons
from bot.storage import ConversationKey
from bot.storage.sqlite import SQLiteStorage
from tests.adapters.telegram.group import Clock, poll_id, tap_start, tick, vote
from tests.adapters.telegram.harness import BotHarness
from tests.conftest import DIALOGS, LOCALES, play_all
from tests.i18n.pseudo import PSEUDO, build, english_words

#: Shown as they are in every language, by design.
NATIVE_NAMES = {"English", "Deutsch", "Español", "Русский"}


@pytest.fixture(scope="module")
def pseudo_locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(LOCALES / "spasmbot.pot", tmp_path_factory.mktemp("locales"))


@pytest.fixture(scope="module")
def pseudo_content(pseudo_locales: Path) -> Content:
    return Content.load(DIALOGS, pseudo_locales)


@pytest.fixture(scope="module")
def allowed(pseudo_content: Content) -> set[str]:
    # A medicine a person named is noted by its name in the person's language, in English
    # for a language without a lexicon ("metformin", "botox").
    medicines = {
        word
        for lexicon in load_lexicons(DIALOGS / FOLDER).values()
        for name in [*lexicon.medicines, *lexicon.medicine_names().values()]
        for word in name.split()
    }
    return {s.title for s in pseudo_content.dialog.sources} | NATIVE_NAMES | {PSEUDO} | medicines


def leftovers(messages: list[Message], allowed: set[str]) -> list[tuple[str, list[str]]]:
    found = []
    for message in messages:
        for text in (message.text, *(b.label for b in message.buttons)):
            words = english_words(text, allowed)
            if words:
                found.append((text[:80], words))
    return found


def test_pseudo_locale_is_shipped(pseudo_content: Content) -> None:
    assert pseudo_content.renderer.catalogs.resolve(PSEUDO) == PSEUDO


def test_every_story_screen_is_translated(pseudo_content: Content, allowed: set[str]) -> None:
    played = play_all(pseudo_content, PSEUDO, every=True)
    shown = [m for result in played for m in result.messages]
    assert len(shown) > 300
    assert {m.kind for m in shown} >= {"question", "chosen", "outcome", "why", "notice"}
    assert leftovers(shown, allowed) == []


def test_every_question_outcome_topic_and_notice_is_translated(
    pseudo_content: Content, allowed: set[str]
) -> None:
    dialog, renderer = pseudo_content.dialog, pseudo_content.renderer
    batch: list[replies.Reply] = [replies.Notify(notice) for notice in NOTICES]
    for question in dialog.questions:
        batch.append(replies.Ask(question.id, 0))
        batch.append(replies.Explain(question.id))
        batch.extend(replies.Chosen(question.id, o.id, 0) for o in question.options)
    for outcome in dialog.outcomes:
        assessment = Assessment(outcome.urgency, (outcome.id,), (), None)
        batch.append(replies.Conclude(assessment, ()))
    batch.append(replies.Teach())
    batch.extend(replies.Teach(topic.id) for topic in dialog.learn)
    answers = tuple((q.id, q.options[0].id) for q in dialog.questions)
    batch.append(replies.Recap(answers, Assessment(Urgency.URGENT, ("unclear_pattern",), (), None)))
    shown = [m for reply in batch for m in renderer.render(reply, PSEUDO)]
    typed = [replies.Notify(notice) for notice in TYPED_NOTICES]  # the terminal's wording
    shown += [m for reply in typed for m in renderer.render(reply, PSEUDO, Surface.TERMINAL)]
    assert leftovers(shown, allowed) == []


@pytest.fixture
async def pseudo_bot(
    pseudo_content: Content, pseudo_locales: Path, tmp_path: Path
) -> AsyncIterator[BotHarness]:
    async with BotHarness(
        pseudo_content, tmp_path / "bot.sqlite3", locales=pseudo_locales
    ) as running:
        yield running


async def test_telegram_menus_and_answers_are_translated(
    pseudo_bot: BotHarness, allowed: set[str]
) -> None:
    tg = pseudo_bot.telegram
    user = pseudo_bot.user(7, language_code=PSEUDO)
    for text in ["/start", "/help", "/about", "/why", "/learn", "/summary", "/nonsense"]:
        await user.send(text)
    await user.send("/language")
    await user.click(PSEUDO)
    await user.send("/forget")
    forget = tg.sent(user.user_id)[-1]["reply_markup"]["inline_keyboard"]
    await user.click(forget[1][0]["text"])  # keep it
    for payload in (tg.sticker_update(7), tg.photo_update(7), tg.edited_message_update(7, "x")):
        await pseudo_bot.feed(payload)
    await pseudo_bot.feed(tg.callback_update(7, "a:0:danger_screen:none", 2))  # stale
    await pseudo_bot.feed(tg.message_update(-300, "/start", user_id=8, language_code=PSEUDO))
    await user.send("/forget")
    await user.click(tg.sent(7)[-1]["reply_markup"]["inline_keyboard"][0][0]["text"])

    texts = [m["text"] for m in tg.sent(7)] + [m["text"] for m in tg.sent(-300)]
    texts += [m["text"] for m in tg.edits(7)]
    texts += [
        b["text"]
        for m in tg.sent(7) + tg.sent(-300)
        for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
    ]
    texts += [c.params["text"] for c in tg.calls_of("answerCallbackQuery") if c.params.get("text")]
    commands = [c for c in tg.calls_of("setMyCommands") if c.params.get("language_code") == PSEUDO]
    assert commands, "the command menu is registered in every shipped language"
    assert len(commands) == 3, "the menus of private chats, groups' members and their admins"
    texts += [c["description"] for menu in commands for c in menu.params["commands"]]
    (description,) = [
        c for c in tg.calls_of("setMyDescription") if c.params.get("language_code") == PSEUDO
    ]
    texts.append(description.params["description"])
    assert len(texts) > 25
    assert [(t[:80], english_words(t, allowed)) for t in texts if english_words(t, allowed)] == []


async def test_terminal_notes_are_translated(
    pseudo_content: Content, tmp_path: Path, allowed: set[str]
) -> None:
    storage = SQLiteStorage(tmp_path / "t.sqlite3")
    await storage.open()
    out = io.StringIO()
    try:
        chat = TerminalChat(
            Assistant(pseudo_content, storage), ConversationKey(1, 1), PSEUDO, out=out
        )
        for line in ["/help", "/nope", "", "/forget"]:
            await chat.turn(line)
    finally:
        await storage.close()
    assert out.getvalue().strip()
    assert english_words(out.getvalue(), allowed) == []


async def test_group_quiz_texts_and_polls_are_translated(
    pseudo_content: Content,
    pseudo_locales: Path,
    tmp_path: Path,
    allowed: set[str],
) -> None:
    group, admin = -100999, 77
    async with BotHarness(pseudo_content, tmp_path / "bot.sqlite3", locales=pseudo_locales) as bot:
        assert bot.spasmbot.classroom is not None
        tg = bot.telegram
        tg.admins.add((group, admin))

        async def say(user: int, text: str) -> None:
            await bot.feed(tg.message_update(group, text, user_id=user, language_code=PSEUDO))

        await say(5, "/quiz")  # not an admin
        await say(admin, "/score")  # nothing running
        await say(admin, "/quiz nonsense")  # usage, with the topics
        await say(admin, "/quiz 2 10")
        await tap_start(bot, group, admin)  # the lobby's Start
        session = await bot.spasmbot.classroom.store.load(group)
        assert session is not None and session.poll_id is not None
        await bot.feed(tg.poll_answer_update(session.poll_id, 5, [0]))
        await say(admin, "/pause")
        await say(admin, "/pause")
        await say(admin, "/next")
        await say(5, "/score")
        await say(admin, "/stop")

        polls = [c.params for c in tg.calls_of("sendPoll")]
        texts = [m["text"] for m in tg.sent(group)]
        texts += [p["question"] for p in polls] + [p["explanation"] for p in polls]
        texts += [o if isinstance(o, str) else o["text"] for p in polls for o in p["options"]]
    assert len(polls) == 2 and len(texts) > 15
    names = {tg.user(5)["first_name"]}
    assert pseudo_content.quiz is not None  # topic ids are what people type after /quiz
    names |= {part for t in pseudo_content.quiz.topics for part in t.id.split("_")}
    leftovers = [(t[:80], english_words(t, allowed | names)) for t in texts]
    assert [item for item in leftovers if item[1]] == []


async def test_group_case_study_texts_and_polls_are_translated(
    pseudo_content: Content,
    pseudo_locales: Path,
    tmp_path: Path,
    allowed: set[str],
) -> None:
    group, admin = -100998, 78
    clock = Clock(1_800_000_000.0)
    async with BotHarness(pseudo_content, tmp_path / "bot.sqlite3", locales=pseudo_locales) as bot:
        assert bot.spasmbot.classroom is not None
        bot.spasmbot.classroom.clock = clock
        tg = bot.telegram
        tg.admins.add((group, admin))

        async def say(user: int, text: str) -> None:
            await bot.feed(tg.message_update(group, text, user_id=user, language_code=PSEUDO))

        await say(admin, "/help")
        await say(5, "/case")  # not an admin
        await say(admin, "/case nonsense")  # usage, with the cases
        await say(admin, "/case office_worker_eyelid 30")
        await say(5, "/score")
        poll = await poll_id(bot, group)
        await vote(bot, poll, 5, [4])
        await vote(bot, poll, 6, [4])
        await tick(bot, clock, 31)  # a majority
        await vote(bot, await poll_id(bot, group), 5, [0])
        await vote(bot, await poll_id(bot, group), 6, [1])
        await say(admin, "/pause")
        await tick(bot, clock, 31)  # a tie, then the case waits
        await say(admin, "/pause")
        await say(admin, "/next")  # nobody voted
        await say(5, "/score")
        await say(admin, "/stop")
        await say(admin, "/case spreading_one_side 30")
        await vote(bot, await poll_id(bot, group), 5, [0])
        await tick(bot, clock, 31)  # the emergency outcome, the expected one, the discussion

        polls = [c.params for c in tg.calls_of("sendPoll")]
        texts = [m["text"] for m in tg.sent(group)]
        texts += [p["question"] for p in polls]
        texts += [o if isinstance(o, str) else o["text"] for p in polls for o in p["options"]]
    assert len(polls) == 5 and len(texts) > 25
    assert pseudo_content.cases is not None  # case ids are what people type after /case
    names = {part for c in pseudo_content.cases.cases for part in c.id.split("_")}
    names |= {"case", "quiz", "next", "pause", "stop", "score", "language", "learn"}
    found = [(t[:80], english_words(t, allowed | names)) for t in texts]
    assert [item for item in found if item[1]] == []
