"""The storage interface the rest of the bot depends on.

Backends (SQLite today) implement this protocol; the engine never sees them,
and the adapters only through it, so another backend can be added without
touching either.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from bot.core.conversation import Conversation


class ConversationKey(NamedTuple):
    """A conversation belongs to one user in one chat."""

    chat_id: int
    user_id: int


class Storage(Protocol):
    async def open(self) -> None:
        """Connect and bring the schema up to date."""

    async def close(self) -> None: ...

    async def load(self, key: ConversationKey) -> Conversation | None: ...

    async def save(self, key: ConversationKey, conversation: Conversation) -> None: ...

    async def forget_user(self, user_id: int) -> int:
        """Delete everything stored about `user_id`; return how many rows went."""
        ...
