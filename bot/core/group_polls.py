"""What quiz and case-study polls share: their window by Telegram's clock, and the
ids that make a session's posts go out once.

Pure. A poll's window is the poll's own: Telegram opens it when it accepts the
poll — which may be seconds after the bot asked, once a group reaches its 20
messages a minute — and closes it `open_period` seconds later. Telegram takes
no vote outside that window, so every vote it delivers counts, even one it
delivers again after a restart; the bot only waits a moment past the close for
the last votes to arrive before it counts them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

#: How long after a poll's close the bot waits for votes cast in its last second.
VOTE_GRACE = 1.0
#: Posts one session may make; its n-th post is committed as turn `turn_base + n`.
POSTS_PER_SESSION = 1 << 16


@dataclass(frozen=True)
class PollWindow:
    """When a poll took votes, by Telegram's clock (Unix times)."""

    opened_at: float
    closes_at: float

    @property
    def counted_at(self) -> float:
        """When the bot counts the votes: the close, and a moment for the last ones."""
        return self.closes_at + VOTE_GRACE

    def seconds_into(self, at: float) -> float:
        """How long after the poll opened a vote received `at` was cast, at most its length.

        Telegram does not say when a vote was cast; a vote delivered late (after a
        restart) counts as cast at the close."""
        return max(0.0, min(at, self.closes_at) - self.opened_at)


def poll_window(sent_at: float, close_date: float | None, seconds: int) -> PollWindow:
    """The window of a poll Telegram accepted at `sent_at` (its message's date), closing
    at `close_date` if Telegram said, else `seconds` later."""
    return PollWindow(sent_at, close_date if close_date is not None else sent_at + seconds)


def session_turns(started_by_update: int) -> int:
    """The first id of a session's posts, from the update that started it.

    Posts are committed with their id as a turn is with its update id, so a step
    done again after a crash commits nothing new. Telegram's update ids are
    positive; a session's are negative, a block of its own per starting update,
    and rise with each post so that waiting posts go out in order."""
    return -(started_by_update + 1) * POSTS_PER_SESSION


def shuffled(option_ids: Sequence[str], rng: random.Random | None = None) -> list[str]:
    """The options in a fresh order for one poll: where an option stands tells nothing."""
    order = list(option_ids)
    (rng or random.Random()).shuffle(order)
    return order


class PostingSession(Protocol):
    """A session that posts: where its block of post ids starts, and how many it used."""

    turn_base: int
    posted: int


def next_turn(session: PostingSession) -> int:
    """The id to commit the session's next post with; the session must be saved after it,
    so that a step done again after a crash takes the same id."""
    turn = session.turn_base + session.posted
    session.posted += 1
    return turn
