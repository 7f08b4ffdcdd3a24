"""Commands a person reaches from Telegram's own interface, and what they say.

Telegram shows "Privacy Policy" on a bot's profile, which sends /privacy; the
command menu lists what the bot sets with `setMyCommands`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.i18n import Catalogs
from tests.adapters.telegram.harness import BotHarness, ChatUser
from tests.conftest import LOCALES

GROUP = -100777


async def test_regression_privacy_was_an_unknown_command(
    harness: BotHarness, alice: ChatUser
) -> None:
    """/privacy (Telegram's "Privacy Policy" item) answered "I don't know that command";
    nothing said what is kept, for how long, and how to delete it."""
    (reply,) = await alice.send("/privacy")
    assert "don't know" not in reply
    assert "your answers" in reply and "Nothing else you write is stored" in reply
    assert "180 days" in reply  # the retention setting
    assert "/forget deletes all of it" in reply
    assert "homework" in reply and "leaderboard" in reply

    # In a group too: any member may ask, in the group's language.
    tg = harness.telegram
    await harness.feed(tg.message_update(GROUP, f"/privacy@{tg.username}", user_id=2002))
    (in_group,) = [m["text"] for m in tg.sent(GROUP)]
    assert "/forget deletes all of it" in in_group

    # Listed in both command menus, in every language.
    for call in harness.telegram.calls_of("setMyCommands"):
        assert "privacy" in [c["command"] for c in call.params["commands"]]


async def test_privacy_says_nothing_is_deleted_by_itself_without_retention(
    content: Content, tmp_path: Path
) -> None:
    async with BotHarness(content, tmp_path / "bot.sqlite3", retention_days=0) as harness:
        (reply,) = await harness.user(1001).send("/privacy")
    assert "deleted automatically" not in reply.replace(texts.PRIVACY_NO_RETENTION, "")
    assert "until you send /forget" in reply


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_regression_privacy_without_retention_said_nothing_is_deleted_though_votes_go(
    content: Content, tmp_path: Path, language: str
) -> None:
    """With no retention period set, /privacy in a group said "Nothing is deleted
    automatically", though a group quiz's or case study's names and votes are deleted when
    it ends (as its own list says a line above). It now says what does go by itself."""
    async with BotHarness(content, tmp_path / "bot.sqlite3", retention_days=0) as harness:
        tg = harness.telegram
        update = tg.message_update(GROUP, f"/privacy@{tg.username}", user_id=2002)
        update["message"]["from"]["language_code"] = language
        await harness.feed(update)
        (reply,) = [m["text"] for m in tg.sent(GROUP)]
    _ = Catalogs(LOCALES).translations(language).gettext
    kept = reply.split("\n\n")[-1]
    assert _(texts.PRIVACY_NO_RETENTION) in kept and "/forget" in kept
    assert ("names and votes" if language == "en" else "имена и голоса") in kept.casefold()
    assert "Nothing is deleted automatically" not in reply


async def test_privacy_in_russian(harness: BotHarness) -> None:
    (reply,) = await harness.user(1003, "ru").send("/privacy")
    assert "/forget" in reply and "180" in reply
    assert "What I store" not in reply


async def test_regression_summary_before_any_answer_said_send_start_to_begin(
    harness: BotHarness, alice: ChatUser
) -> None:
    """/summary on the open first question said "Send /start to begin" though the
    consultation had begun; the question it stood at was not shown again."""
    await alice.send("/start")
    first_question = alice.texts()[-1]
    replies = await alice.send("/summary")
    assert not any("/start" in reply for reply in replies), replies
    assert "nothing to summarise yet" in replies[0]
    assert replies[-1] == first_question
    assert "None of these" in alice.keyboard()
    await alice.click("None of these")  # the question shown again is answered as usual
    assert "One eyelid twitches" in alice.keyboard()


async def test_summary_with_no_consultation_says_how_to_begin(alice: ChatUser) -> None:
    (reply,) = await alice.send("/summary")
    assert "/start" in reply


def test_privacy_is_in_the_command_menus() -> None:
    assert "privacy" in dict(texts.COMMANDS)
    assert "privacy" in dict(texts.GROUP_COMMANDS)


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
async def test_regression_help_did_not_mention_privacy(harness: BotHarness, language: str) -> None:
    """/help listed /back, /restart, /why, /summary, /learn and /forget but not /privacy:
    someone who wanted to know what is kept about them found no way from /help. Listed in
    private chats and in groups, in every language."""
    (reply,) = await harness.user(1004, language).send("/help")
    assert "/privacy" in reply
    tg = harness.telegram
    await harness.feed(tg.message_update(GROUP, "/help", user_id=2002, language_code=language))
    (in_group,) = [m["text"] for m in tg.sent(GROUP)]
    assert "/privacy" in in_group


async def test_regression_words_typed_after_start_were_never_read(
    harness: BotHarness, alice: ChatUser
) -> None:
    """ "/start my face suddenly droops and I can't speak properly" got the welcome and
    the safety check: the emergency told in the same message was never read. Words
    after /start that are no deep link are read as the first answer; words that answer
    nothing leave the start as it was; a deep link still opens its topic."""
    replies = await alice.send("/start my face suddenly droops and I can't speak properly")
    assert "EMERGENCY" in replies[-1]
    assert not any(reply.startswith("First, a quick safety check") for reply in replies)
    welcome, safety_check = await alice.send("/start hello there")
    assert welcome.startswith("Hello!") and safety_check.startswith("First, a quick safety check")
    assert len(await alice.send("/start no")) >= 2  # a one-word payload: not a deep link's words
    replies = await alice.send("/start learn_hfs")
    assert not any("EMERGENCY" in reply for reply in replies)


async def test_regression_an_edited_command_lost_the_danger_sign_added_to_it(
    harness: BotHarness, alice: ChatUser
) -> None:
    """An edit of "/start" into "/start my face droops on one side" got only "I can't
    follow edited messages": the danger sign added was silently lost."""
    await alice.send("/start")
    edited = harness.telegram.edited_message_update(
        alice.user_id, "/start my face droops on one side", message_id=1
    )
    before = len(alice.received())
    await harness.feed(edited)
    assert "EMERGENCY" in alice.texts()[before]


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", ["/summary my face droops", "/restart I can't speak properly"]),
        ("en", ["/back and my face is drooping", "/why my face is drooping"]),
        ("en", ["/hlep my face droops", "/forget my face droops"]),
        ("ru", ["/summary у меня лицо перекосило"]),
        ("es", ["/help se me durmió el brazo"]),
        ("de", ["/back mein Gesicht hängt"]),
    ],
)
async def test_regression_words_typed_after_any_command_were_never_read(
    harness: BotHarness, language: str, typed: list[str]
) -> None:
    """Round 27 read the words after /start only: "/summary my face droops", "/help my
    arm went numb", "/back and my face is drooping" ran the command and dropped the
    danger sign unread. The command runs, and the words are read for danger signs;
    /restart reads them as the first answer, as /start does."""
    for number, command in enumerate(typed):
        person = harness.user(3000 + number, language)
        await person.send("/start")
        replies = await person.send(command)
        assert len(replies) >= 2, replies  # the command's own answer, then the emergency
        assert any(
            sign in replies[-1] for sign in ("EMERGENCY", "ЭКСТРЕННО", "EMERGENCIA", "NOTFALL")
        )
    newcomer = harness.user(3100)
    help_text, emergency = await newcomer.send("/help my arm went numb")
    assert help_text.startswith("I ask a few short questions") and "EMERGENCY" in emergency


async def test_words_with_no_danger_after_a_command_add_nothing(alice: ChatUser) -> None:
    await alice.send("/start")
    (help_text,) = await alice.send("/help me please")
    assert help_text.startswith("I ask a few short questions")
    _summary, question = await alice.send("/summary please")
    assert question.startswith("First, a quick safety check")


@pytest.mark.parametrize(
    ("language", "begun", "typed", "wrong", "said"),
    [
        ("en", True, "/summary my face droops", "Here it is again", "nothing to summarise"),
        ("en", False, "/summary my face droops", "Send /start", "not answered any"),
        ("en", False, "/why my face droops", "Send /start", "no open question"),
        ("ru", True, "/summary у меня лицо перекосило", "Вот он снова", "Сводки пока нет"),
        ("es", True, "/summary se me cae la cara", "Aquí la tiene", "nada que resumir"),
        ("de", True, "/summary mein Gesicht hängt", "Hier ist sie", "nichts zusammenzufassen"),
        ("de", False, "/why mein Gesicht hängt", "Senden Sie /start", "keine Frage offen"),
    ],
)
async def test_regression_summary_with_a_danger_sign_said_here_it_is_again(
    harness: BotHarness, language: str, begun: bool, typed: str, wrong: str, said: str
) -> None:
    """ "/summary my face droops" with nothing answered said "…Here it is again." and then
    showed the emergency, not the question; with no consultation "/summary …" and "/why …"
    said "Send /start to begin." above the emergency advice. What the command says is
    kept, the pointer that is no longer true replaced by one to what follows."""
    person = harness.user(3200, language)
    if begun:
        await person.send("/start")
    replies = await person.send(typed)
    assert len(replies) >= 2, replies
    assert said in replies[0] and wrong not in replies[0], replies[0]
    assert any(
        sign in replies[-1] for sign in ("EMERGENCY", "ЭКСТРЕННО", "EMERGENCIA", "NOTFALL")
    ), replies[-1]


@pytest.mark.parametrize(
    "typed",
    [
        "/summary\nmy face suddenly droops on one side",
        "/start\nmy face suddenly droops on one side",
        "/help\nmy face suddenly droops on one side",
        "/restart\tmy face suddenly droops on one side",
        "/why@SpasmBot_Test_Bot\nmy face suddenly droops on one side",
    ],
)
async def test_regression_a_command_with_a_line_break_after_it_went_wrong(
    harness: BotHarness, typed: str
) -> None:
    """A command, then Enter on a phone (Shift+Enter on a desktop), then what happens —
    "/summary⏎my face suddenly droops on one side" — got "Sorry, something went wrong on
    my side", the danger sign never read: the command's name was read up to the first
    space ("summary⏎my"), a command the bot has not. Telegram ends a command at any
    white space; so does the bot now."""
    person = harness.user(3300)
    replies = await person.send(typed)
    assert not any("went wrong" in reply for reply in replies), replies
    assert "EMERGENCY" in replies[-1], replies
    edited = harness.telegram.edited_message_update(person.user_id, "/help\nmy face droops")
    await harness.feed(edited)
    assert not any("went wrong" in reply for reply in person.texts())


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
async def test_regression_privacy_told_a_group_names_were_kept_until_the_quiz_ends(
    harness: BotHarness, language: str
) -> None:
    """/privacy in a group said members' names and votes stay "until it ends", though a
    quiz or case study left idle past the retention period is deleted with them. It now
    says so, with the period, in each language; without a retention period it promises
    no such deletion."""
    tg = harness.telegram
    await harness.feed(tg.message_update(GROUP, "/privacy", user_id=2002, language_code=language))
    (reply,) = [m["text"] for m in tg.sent(GROUP)]
    translations = harness.spasmbot.catalogs.translations(language)
    told = translations.gettext(texts.GROUP_SESSION_RETENTION)
    assert told in reply and (language == "en" or told != texts.GROUP_SESSION_RETENTION)
    assert "180" in reply
    assert "until it ends" not in reply


async def test_privacy_without_retention_does_not_promise_deleting_idle_group_quizzes(
    content: Content, tmp_path: Path
) -> None:
    async with BotHarness(content, tmp_path / "bot.sqlite3", retention_days=0) as harness:
        (reply,) = await harness.user(1001).send("/privacy")
    assert texts.GROUP_SESSION_RETENTION not in reply
    assert "leaderboard" in reply
