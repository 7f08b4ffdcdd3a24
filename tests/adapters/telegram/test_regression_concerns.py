"""Symptoms outside the consultation, told through `spasmbot run` against a loopback
fake Bot API as a tester would tell them."""

from __future__ import annotations

from pathlib import Path

from tests.adapters.telegram.bot_process import CHAT, BotProcess
from tests.fakes.bot_api import FakeBotApiServer

SELF_HARM = "<b>Thoughts of self-harm or suicide</b>"


def test_regression_a_concern_added_by_an_edit_was_named_but_not_kept(tmp_path: Path) -> None:
    """An edit does not change an answer, but what it adds outside the consultation
    ("…and I don't want to live") is the writer's own: it was named back and then
    forgotten — missing from /summary (and the advice), and named again as new
    when typed once more."""
    with FakeBotApiServer() as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        bot.start()

        def say(text: str) -> int:
            """Send `text`, wait for the whole reply; the message's id."""
            before = len(tg.sent(CHAT))
            update = tg.message_update(CHAT, text)
            tg.push_update(update)
            server.wait_for(lambda t: len(t.sent(CHAT)) > before, timeout=20)
            bot.wait_until_idle()
            return int(update["message"]["message_id"])

        say("/start")
        say("my left eyelid has twitched for two weeks")
        say("None of these")
        answer = say("comes and goes")
        before = len(tg.sent(CHAT))
        tg.push_update(
            tg.edited_message_update(
                CHAT, "comes and goes, and I don't want to live", message_id=answer
            )
        )
        server.wait_for(lambda t: len(t.sent(CHAT)) > before, timeout=20)
        bot.wait_until_idle()
        assert any(SELF_HARM in text for text in tg.texts(CHAT)[before:])  # named back
        named = sum(SELF_HARM in text for text in tg.texts(CHAT))
        say("I don't want to live")
        say("/summary")
        assert bot.stop() == 0

    texts = tg.texts(CHAT)
    assert sum(SELF_HARM in text for text in texts) == named  # once, not again
    assert "Thoughts of self-harm or suicide" in texts[-1]  # listed for the doctor
