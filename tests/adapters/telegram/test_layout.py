"""Replies over Telegram's 4096 characters, as the messages that carry them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.adapters.telegram import layout
from bot.core.group_session import Place

LIMIT = 4096


class _Balance(HTMLParser):
    """Whether HTML is as Telegram takes it: every tag closed, in order, no broken `&...;`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")


def telegram_takes(part: str) -> list[str]:
    """What Telegram would refuse in `part` (sent with parse_mode HTML)."""
    checker = _Balance()
    checker.feed(part)
    checker.close()
    problems = checker.problems + [f"<{tag}> never closed" for tag in checker.open]
    if re.search(r"&(?!#?\w+;)", part):
        problems.append("a '&' that begins no character reference")
    if re.search(r"<(?![^<>]*>)", part):
        problems.append("a '<' that begins no tag")
    if len(part.encode("utf-16-le")) // 2 > LIMIT:
        problems.append("over 4096")
    return problems


def texts(calls: list[layout.Call]) -> list[str]:
    assert all(call["method"] == "sendMessage" for call in calls)
    return [call["params"]["text"] for call in calls]


def test_regression_a_reply_over_4096_characters_was_cut_mid_word_and_mid_tag() -> None:
    """A paragraph over the limit with no line break in it (a long list of notes, a
    teacher's long quiz line) was cut at character 4096 exactly: mid-word, inside
    `&amp;`, and inside an `<i>` that then never closed in the first message and
    closed nothing in the second. Telegram refuses such HTML ("can't parse entities"),
    and the text went out with its tags stripped and `&amp;` shown as typed."""
    words = " ".join(f"twitch&amp;blink{n}" for n in range(600))
    text = f"<b>Your notes</b>\n\n<i>{words}</i>\n\nThat is all."
    parts = texts(layout.send(42, text))
    assert len(parts) > 1
    for part in parts:
        assert telegram_takes(part) == [], part[-40:]
    shown = " ".join(re.sub(r"<[^>]+>", "", part) for part in parts).split()
    assert shown == re.sub(r"<[^>]+>", "", text).split()  # every word whole, none lost
    assert parts[1].startswith("<i>")  # what was italic goes on italic


def test_a_reply_of_one_long_word_is_still_cut_outside_its_references() -> None:
    text = "<a href='https://example.org'>" + "&lt;" * 2000 + "</a>"
    parts = texts(layout.send(42, text))
    assert len(parts) == 2
    for part in parts:
        assert telegram_takes(part) == [], part[-40:]
    assert "".join(re.sub(r"<[^>]+>", "", part) for part in parts) == "&lt;" * 2000


def test_regression_a_reply_of_emoji_under_4096_characters_was_too_long_for_telegram() -> None:
    """Telegram counts UTF-16 code units: 3000 emoji are 6000 of them, and went out as one
    message, which Telegram refuses ("message is too long"); the reply was lost."""
    text = "😀" * 3000
    parts = texts(layout.send(42, text))
    assert [len(part.encode("utf-16-le")) // 2 for part in parts] == [4096, 1904]
    assert "".join(parts) == text


def test_a_reply_within_the_limit_is_one_message_as_it_was() -> None:
    text = "<b>Title</b>\n\n" + "word " * 800
    assert texts(layout.send(42, text)) == [text]


def test_regression_a_post_in_a_channels_comments_was_a_negative_topic_id_in_the_adapter() -> None:
    """Where a group message goes was one number in the adapter (`Incoming.thread_id`,
    `layout.where`, `GroupPosts.post`): a topic's id, or minus a post's copy for its
    comments, which a newcomer passing a topic's id read as a negative topic. It is a
    `Place` throughout: a topic, comments on a post, or neither."""
    assert layout.where(Place()) == {}
    assert layout.where(Place(topic=42)) == {"message_thread_id": 42}
    assert layout.where(Place(comments_on=601)) == {
        "reply_parameters": {"message_id": 601, "allow_sending_without_reply": True}
    }
    (call,) = layout.send(7, "hi", place=Place(comments_on=601))
    assert "message_thread_id" not in call["params"]
    assert call["params"]["reply_parameters"]["message_id"] == 601
    document = {"method": "sendDocument", "params": {"chat_id": 7}}
    edit = layout.edit(7, 3, "hi")
    moved = layout.in_place([document, edit], Place(topic=5))
    assert moved == [{**document, "params": {"chat_id": 7, "message_thread_id": 5}}, edit]
