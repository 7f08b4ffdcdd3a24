"""The few SQL calls the shared storage code needs, on SQLite or PostgreSQL.

Code that runs unchanged on both backends (the group-session store) writes
its queries once, in the SQL both speak, with `?` placeholders; each backend
turns them into what its driver wants (`$1, $2, …` for asyncpg).
"""

from __future__ import annotations

import re
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

Row = tuple[Any, ...]


class Sql(Protocol):
    async def fetch(self, query: str, *args: Any) -> list[Row]: ...

    async def fetchone(self, query: str, *args: Any) -> Row | None: ...

    async def execute(self, query: str, *args: Any) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[Sql]:
        """The same calls, all committed together or not at all."""
        ...


_PLACEHOLDER = re.compile(r"\?")


#: What `/forget` deletes, on every backend, in this order; each takes
#: the user id, and the first deletes the conversations.
FORGET_STATEMENTS: tuple[str, ...] = (
    "DELETE FROM conversations WHERE user_id = ?",
    "DELETE FROM users WHERE user_id = ?",
    "DELETE FROM outbox WHERE user_id = ?",
    "DELETE FROM group_votes WHERE user_id = ?",
    "DELETE FROM group_players WHERE user_id = ?",
)


def numbered(query: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …` (our queries hold no literal `?`)."""
    counter = iter(range(1, 1 << 16))
    return _PLACEHOLDER.sub(lambda _match: f"${next(counter)}", query)
