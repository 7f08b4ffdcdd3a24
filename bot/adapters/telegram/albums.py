"""One answer per album: Telegram delivers an album (a media group) as one message per photo.

Each part is its own update, with the same `media_group_id`; only the part the person
captioned carries words. Answered part by part, three photos got three "I can only read
text" notes, and an album captioned with a danger sign got the emergency advice followed
by "Send /start to begin a consultation" once per other photo.

The chat's updates are handled one at a time and in order (`ordering.py`), so remembering
the album each chat sent last is enough: a later part without a caption is not answered
again; a captioned part is always read (it may name a danger sign). Kept in memory only:
after a restart, or with the parts shared out between webhook processes, a part may be
answered once more, which is what happened to every part before.
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Message

#: Chats whose last album is remembered; the oldest is forgotten first.
REMEMBERED_CHATS = 10_000


class Albums:
    def __init__(self, size: int = REMEMBERED_CHATS) -> None:
        self.size = size
        self._last: OrderedDict[int, str] = OrderedDict()

    def answered_already(self, chat_id: int, message: Message) -> bool:
        """Whether `message` is a wordless later part of an album this chat's last answer
        was for (and remember its album as the chat's last)."""
        group = message.media_group_id
        if group is None:
            return False
        repeat = self._last.get(chat_id) == group
        self._last[chat_id] = group
        self._last.move_to_end(chat_id)
        while len(self._last) > self.size:
            self._last.popitem(last=False)
        return repeat and not message.caption
