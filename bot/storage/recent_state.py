"""What the last turns of busy chats left behind, kept so the next turn need not read it back.

A turn starts from a snapshot: the chat's conversation, the user's and the
chat's settings, and whether its update was applied before. On SQLite that is
five B-tree lookups and a JSON parse for every update, and in a consultation
nearly all of it was written by this same process a moment earlier, when the
chat's previous turn was committed.

It is right only while nothing else writes the database. The storage drops
what is kept after each write on its own second connection (group sessions, a
user who blocked the bot, retention), and each batch of turns checks inside
its transaction whether anybody else wrote (`spasmbot forget`, another
process): turns decided from what was kept are then not written but decided
again, and what is kept is dropped. A turn that changes settings or forgets
a user empties it too: those are rare, and reading them again is simpler than
mirroring how they spread across chats.

Whether an update was applied is known without reading when its id is above
every id stored at the start (Telegram numbers updates in increasing order)
and this process did not apply it since. Anything older, such as an update
Telegram delivers again after a restart, is read from the database.
"""

from __future__ import annotations

from bot.storage.base import ConversationKey, Snapshot, TurnRecord

#: Conversations kept: far more than the chats one process can serve at once,
#: since Telegram lets a bot send about 30 messages a second.
CAPACITY = 1024
#: Update ids remembered as applied before the oldest are left to the database: only an
#: update delivered again long after it was applied is then looked up there.
REMEMBERED_UPDATES = 4096


class RecentState:
    def __init__(
        self, capacity: int = CAPACITY, remembered_updates: int = REMEMBERED_UPDATES
    ) -> None:
        self.capacity = capacity
        self.remembered_updates = remembered_updates
        #: Least recently used first; every snapshot here says "not applied".
        self._snapshots: dict[ConversationKey, Snapshot] = {}
        #: Updates applied by this process since the start.
        self._applied: set[int] = set()
        #: The highest update id stored at the start; None: not started.
        self._known_up_to: int | None = None

    def start_over(self, highest_applied: int) -> None:
        """Forget everything: the database was changed by someone else (or not read yet)."""
        self._snapshots.clear()
        self._applied.clear()
        self._known_up_to = highest_applied

    def discard(self) -> None:
        """Forget the kept snapshots (the database changed in a way not mirrored here);
        which updates were applied stays known."""
        self._snapshots.clear()

    def stop(self) -> None:
        """Forget everything until the next `start_over`."""
        self._snapshots.clear()
        self._applied.clear()
        self._known_up_to = None

    def snapshot(self, update_id: int, key: ConversationKey) -> Snapshot | None:
        """What `update_id` starts from in `key`'s chat, or None if it must be read."""
        if self._known_up_to is None:
            return None
        known = self._snapshots.pop(key, None)
        if known is None:
            return None
        self._snapshots[key] = known  # now the most recently used
        if update_id in self._applied:
            return known._replace(applied=True)
        if update_id <= self._known_up_to:
            return None  # maybe applied before: only the database knows
        return known

    def remember(self, key: ConversationKey, snapshot: Snapshot) -> None:
        """A snapshot just read from the database."""
        if self._known_up_to is None:
            return
        self._snapshots.pop(key, None)
        self._snapshots[key] = snapshot._replace(applied=False) if snapshot.applied else snapshot
        if len(self._snapshots) > self.capacity:
            del self._snapshots[next(iter(self._snapshots))]

    def committed(self, record: TurnRecord, applied: bool) -> None:
        """`record` was written (`applied`), or its update had been applied before."""
        if self._known_up_to is None:
            return
        self._applied.add(record.update_id)
        if len(self._applied) > self.remembered_updates:
            # Older ids are left to the database from now on.
            self._known_up_to = max(self._known_up_to, max(self._applied))
            self._applied.clear()
        if not applied:
            return
        if record.forget or record.language or record.chat_language or record.reactivate:
            self._snapshots.clear()
            return
        known = self._snapshots.get(record.key)
        if known is not None and record.conversation is not None:
            self._snapshots[record.key] = Snapshot(
                False,
                record.conversation,
                known.language,
                known.active,
                known.chat_language,
                known.read_at,
            )
