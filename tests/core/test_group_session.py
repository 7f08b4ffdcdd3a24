"""A group session — quiz or case study — as one model, stored as JSON."""

from __future__ import annotations

import json

from bot.core.engine import Engine
from bot.core.group_session import (
    GroupSession,
    Kind,
    Phase,
    Place,
    session_from_json,
    session_to_json,
)


def test_a_quiz_and_a_case_study_survive_json(engine: Engine) -> None:
    quiz = GroupSession(Kind.QUIZ, -1, "en", 30, 1, round=1, phase=Phase.PAUSED)
    quiz.questions, quiz.shown = ["q1", "q2"], [["b", "a"], ["a", "b"]]
    case = GroupSession(Kind.CASE, -5, "de", 60, 1, round=3, due_at=12.5, case_id="c")
    case.conversation = engine.new_conversation()
    for session in (quiz, case):
        assert session_from_json(session_to_json(session)) == session


def test_a_session_stored_before_the_one_model_goes_on(engine: Engine) -> None:
    """Stored by the version that kept a quiz and a case study apart: read as this model."""
    old_quiz = {
        "chat_id": -1, "language": "en", "questions": ["q1", "q2"], "seconds": 30,
        "started_by": 1, "index": 1, "phase": "asking", "due_at": 50.0, "opened_at": 20.0,
        "paused_phase": "asking", "paused_left": 0.0, "poll_id": "7", "poll_message_id": 3,
    }  # fmt: skip
    quiz = session_from_json(json.dumps(old_quiz))
    assert (quiz.kind, quiz.round, quiz.phase, quiz.pause_after) == (
        Kind.QUIZ, 1, Phase.ASKING, True
    )  # fmt: skip
    old_case = {
        "chat_id": -5, "language": "de", "case_id": "c", "seconds": 60, "started_by": 1,
        "conversation": json.loads(engine.new_conversation().to_json()), "round": 2,
        "phase": "voting", "due_at": 9.0, "opened_at": 1.0, "pause_after": False,
        "poll_id": "8", "poll_message_id": 4, "options": ["yes", "no"],
    }  # fmt: skip
    case = session_from_json(json.dumps(old_case))
    assert (case.kind, case.round, case.phase, case.options) == (
        Kind.CASE, 2, Phase.ASKING, ["yes", "no"]
    )  # fmt: skip


def test_regression_a_sessions_comment_thread_was_a_negative_topic_id() -> None:
    """Where a session runs was one number in its JSON, `thread_id`: a forum topic's id,
    or, below 0, minus the root of a channel post's comments, which a newcomer read as a
    topic. It is a `Place` of its own (a topic, or the comments on a post); a session
    stored in the old form goes on where it was."""
    for place in (Place(), Place(topic=42), Place(comments_on=601)):
        session = GroupSession(Kind.QUIZ, -1, "en", 30, 1, place=place)
        stored = json.loads(session_to_json(session))
        assert "thread_id" not in stored
        assert session_from_json(session_to_json(session)).place == place
    old = json.loads(session_to_json(GroupSession(Kind.CASE, -5, "de", 60, 1)))
    del old["place"]
    for thread, place in ((None, Place()), (42, Place(topic=42)), (-601, Place(comments_on=601))):
        assert session_from_json(json.dumps({**old, "thread_id": thread})).place == place


def test_a_reply_to_the_open_poll_is_told_once_a_round_and_kept_across_a_restart() -> None:
    """A Reply ("2") to the open poll is told that only a tap counts, once a round; the
    round told is stored with the session, and one stored before it is read as none."""
    session = GroupSession(Kind.QUIZ, -1, "en", 30, 1)
    session.asked(["a", "b"], "poll", message_id=7)
    assert not session.tell_to_tap(6)  # another message
    assert session.tell_to_tap(7)
    stored = session_from_json(session_to_json(session))
    assert not stored.tell_to_tap(7)  # told already, before the restart
    stored.phase = Phase.BREAK
    stored.round += 1
    assert not stored.tell_to_tap(7)  # the poll is closed
    stored.asked(["b", "a"], "poll2", message_id=9)
    assert stored.tell_to_tap(9)  # a new round
    before = json.loads(session_to_json(session))
    del before["told_to_tap"]
    assert session_from_json(json.dumps(before)).told_to_tap == -1
