"""What every group poll shares: Telegram's window, and post ids that never repeat."""

from __future__ import annotations

import random

from bot.core import group_polls
from bot.core.group_session import GroupSession, Kind


def test_the_window_is_telegrams_and_a_late_vote_counts_as_cast_at_the_close() -> None:
    window = group_polls.poll_window(1000.0, 1030.0, 30)
    assert window.counted_at == 1030.0 + group_polls.VOTE_GRACE
    assert window.seconds_into(1012.5) == 12.5
    assert window.seconds_into(5000.0) == 30.0  # delivered after a restart
    assert group_polls.poll_window(1000.0, None, 45).closes_at == 1045.0


def test_a_sessions_posts_have_ids_of_their_own_in_order() -> None:
    """Negative (Telegram's update ids are positive), rising, and in a block per session."""
    first = GroupSession(Kind.QUIZ, -1, "en", 30, 1, turn_base=group_polls.session_turns(41))
    ids = [group_polls.next_turn(first) for _ in range(3)]
    assert ids == sorted(ids) and all(i < 0 for i in ids) and len(set(ids)) == 3
    other = GroupSession(Kind.CASE, -2, "en", 30, 1, turn_base=group_polls.session_turns(42))
    block = group_polls.POSTS_PER_SESSION
    assert not {group_polls.next_turn(other) for _ in range(block)} & set(ids)


def test_options_come_in_a_fresh_order() -> None:
    rng = random.Random(3)
    orders = {tuple(group_polls.shuffled(["a", "b", "c", "d"], rng)) for _ in range(20)}
    assert len(orders) > 1 and all(sorted(o) == ["a", "b", "c", "d"] for o in orders)
