"""A long text Telegram's app sent as several messages, told from words typed at once.

Telegram takes at most 4096 characters in a message; a patient who pastes a longer
story has it sent by their app as several messages within a second. Words sent no
later than the second the open question appeared are read for danger signs only
(`keyboards.QuestionKeyboards.sent_before_asked`: a tap on the phone and words typed
on the desktop at once), so the rest of such a story, the first part having answered
a question, was told it "was sent before the question below appeared" and none of its
facts were noted ("I drink lots of coffee" lost). A message that follows, within the
second, one long enough to have been cut at the limit is the same story going on.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.adapters.telegram.incoming import Incoming
from bot.core import events

#: Telegram's limit for a message's text, in UTF-16 code units.
MESSAGE_LIMIT = 4096
#: A part this long may have been cut by the app: it cuts at a paragraph, a sentence or
#: a space before the limit, not always at the limit itself. Nobody types this much
#: and, within the same second, another message by hand.
CUT_AT_LEAST = MESSAGE_LIMIT * 3 // 4
#: Seconds between the parts of one cut message (Telegram dates in whole seconds).
PARTS_WITHIN = 1


def utf16_length(text: str) -> int:
    """`text`'s length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


class SplitMessages:
    """Each private chat's last long message read: when it was sent. In memory, the
    date only (no text is kept): the parts of a message arrive within a second."""

    def __init__(self, size: int = 10_000) -> None:
        self._long: OrderedDict[int, float] = OrderedDict()
        self._size = size

    def continues(self, incoming: Incoming) -> bool:
        """Whether `incoming` is a later part of the chat's last message, cut by the app."""
        cut_at = self._long.get(incoming.chat_id)
        return (
            cut_at is not None
            and incoming.sent_at is not None
            and 0 <= incoming.sent_at - cut_at <= PARTS_WITHIN
        )

    def read(self, incoming: Incoming) -> None:
        """`incoming` was handled: remember it if it was long enough to have been cut."""
        self._long.pop(incoming.chat_id, None)
        event = incoming.event
        if not isinstance(event, events.Typed) or event.edited or incoming.sent_at is None:
            return
        if utf16_length(event.text) >= CUT_AT_LEAST:
            self._long[incoming.chat_id] = incoming.sent_at
            while len(self._long) > self._size:
                self._long.popitem(last=False)
