"""Arbitrary updates never crash the bot, never leave it silent, never corrupt state."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.assistant import Content
from bot.core.conversation import Conversation
from bot.core.model import JOIN
from tests.adapters.telegram.harness import BotHarness

CHAT = 31337
texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "/start",
            "/back",
            "/restart",
            "/why",
            "/summary",
            "/learn",
            "/forget",
            "/language",
            "/help",
            "/about",
            "/start learn_hfs",
            "none of these",
            "2",
            "not sure",
            "one eyelid twitches",
            "face drooping",
            "/x@other_bot",
        ]
    ),
)
callback_data = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda step, q, o: f"a:{step}:{q}:{o}",
        st.integers(0, 30),
        st.sampled_from(["danger_screen", "location", "duration", "zzz"]),
        st.sampled_from(["none", "one_eyelid", "not_sure", "under_2_weeks", "x"]),
    ),
    st.sampled_from(["forget:yes", "forget:no", "lang:en", "lang:xx", "l:hfs", "l:nope"]),
)
kinds = st.sampled_from(["text", "callback", "sticker", "photo", "edited"])
actions = st.lists(st.tuples(kinds, texts, callback_data), min_size=1, max_size=12)


def payload(harness: BotHarness, kind: str, text: str, data: str, at: int) -> dict[str, Any]:
    """One update; a typed message dated `at`, a few seconds after the one before, as a
    person types (the same words within a second are Send tapped twice: answered once)."""
    tg = harness.telegram
    if kind == "callback":
        return tg.callback_update(CHAT, data, message_id=1)
    if kind == "sticker":
        return tg.sticker_update(CHAT)
    if kind == "photo":
        return tg.photo_update(CHAT)
    if kind == "edited":
        return tg.edited_message_update(CHAT, text or "x")
    return tg.message_update(CHAT, text or " ", date=at)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(actions=actions)
async def test_any_update_gets_an_answer_and_state_stays_valid(
    content: Content, tmp_path_factory: Any, actions: list[tuple[str, str, str]]
) -> None:
    database: Path = tmp_path_factory.mktemp("prop") / "bot.sqlite3"
    async with BotHarness(content, database) as harness:
        tg = harness.telegram
        start = int(time.time())
        for number, (kind, text, data) in enumerate(actions):
            sent_before = len(tg.sent(CHAT)) + len(tg.edits(CHAT))
            answers_before = len(tg.calls_of("answerCallbackQuery"))
            await harness.feed(payload(harness, kind, text, data, start + 3 * number))
            replied = len(tg.sent(CHAT)) + len(tg.edits(CHAT)) > sent_before
            if kind == "callback":
                assert len(tg.calls_of("answerCallbackQuery")) == answers_before + 1
            elif text.startswith("/x@other_bot") and kind == "text":
                assert not replied  # a command for another bot: silent by design
            else:
                assert replied, (kind, text, data)
        for message in tg.sent(CHAT):
            assert 0 < len(message["text"]) <= 4096
        with sqlite3.connect(database) as db:
            rows = db.execute("SELECT data FROM conversations").fetchall()
            pending = db.execute("SELECT count(*) FROM outbox").fetchone()
    assert pending == (0,)
    for (data_json,) in rows:
        conversation = Conversation.from_json(data_json)
        dialog = content.dialog
        assert conversation.finished or dialog.has_question(conversation.state)
        for question_id, option_id in conversation.answers.items():
            # several danger signs named at once ("1 and 4", "¼") are kept joined
            for part in option_id.split(JOIN):
                assert part in {o.id for o in dialog.question(question_id).options}
