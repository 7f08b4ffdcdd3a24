"""A group's teaching session — a quiz or a case study — as one model: rounds of polls.

Pure. Both kinds run the same way: a quiz first waits in its lobby (`LOBBY`)
until an admin taps Start, so that the class can gather; a round's poll is
sent (`SENDING`: the step is committed, Telegram's answer not yet recorded),
then open (`ASKING`) until
Telegram closes it; then its votes are counted and the session waits a
break (`BREAK`), waits for an admin (`PAUSED`, after /pause) or is over
(`FINISHED`). What differs is what a round asks and what its votes mean: a
quiz asks the bank's questions and scores who was right (`quiz`), a case
study asks the consultation's next question and gives the majority's answer
to the engine (`case_study`). The session is stored as one row whatever its
kind, so one schedule and one vote path serve both.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.core.conversation import Conversation


class Kind(enum.StrEnum):
    QUIZ = "quiz"
    CASE = "case"


class Phase(enum.StrEnum):
    LOBBY = "lobby"  # the plan is posted; the first poll waits for an admin's Start
    #: The round's poll is being sent. Found so at a restart, the send was cut short:
    #: Telegram may have taken the poll without the bot knowing its id (`group_polls`).
    SENDING = "sending"
    ASKING = "asking"  # the round's poll is open; its votes are counted at `due_at`
    BREAK = "break"  # counted; the next round's poll goes out at `due_at`
    PAUSED = "paused"  # counted; the next round waits for /pause or /next
    FINISHED = "finished"


@dataclass(frozen=True)
class Place:
    """Where in its group a session runs, all its posts and polls: a forum topic, or the
    comments under a channel's post; neither, the group's main chat (or General)."""

    #: The forum topic's id (`message_thread_id`).
    topic: int | None = None
    #: The comments under a channel's post: the id of the post's copy in the discussion
    #: group (the thread's root), which each of the session's posts replies to.
    comments_on: int | None = None


#: A group's main chat (or a forum's General), or a private chat's main topic.
MAIN = Place()


@dataclass
class GroupSession:
    kind: Kind
    chat_id: int
    language: str
    #: How long each poll stays open.
    seconds: int
    started_by: int
    #: The round being asked or last asked, from 0; votes are stored against it.
    round: int = 0
    phase: Phase = Phase.ASKING
    #: When the current phase ends (Unix time); None while paused or finished.
    due_at: float | None = None
    #: /pause while a poll is open: wait once its votes are counted.
    pause_after: bool = False
    poll_id: str | None = None
    poll_message_id: int | None = None
    #: The round whose poll was sent again after a send cut short (the class was told).
    resent_round: int = -1
    #: The round whose class was told that a Reply to its poll is no vote.
    told_to_tap: int = -1
    #: The open poll's window, by Telegram's clock.
    opened_at: float = 0.0
    closes_at: float = 0.0
    #: The option ids of each round's poll, in the order the poll showed them.
    shown: list[list[str]] = field(default_factory=list)
    #: The session's posts are committed as turns `turn_base`, `turn_base + 1`, ...
    turn_base: int = 0
    posted: int = 0
    #: A quiz: the bank's questions, one per round.
    questions: list[str] = field(default_factory=list)
    #: A teacher's own quiz: its code, and the quiz as it was when the session began
    #: (`TeacherQuiz` JSON; the group's replay keeps only the code).
    quiz_code: str = ""
    own_quiz: str = ""
    #: A quiz of the bank: its questions as they were when the session began (`QuizBank`
    #: JSON), so a reload that renames, removes or changes one mid-quiz breaks nothing.
    bank: str = ""
    #: A case study: the story, and the consultation the group's votes answer.
    case_id: str = ""
    conversation: Conversation | None = None
    #: Where the session was started (a forum topic, a post's comments): all its posts
    #: and polls go there.
    place: Place = field(default_factory=Place)

    @property
    def closed_through(self) -> int:
        """The last round whose poll is closed (-1: none yet): only those are shown in
        public, so a board shown while a poll is open tells nobody who answered it."""
        return self.round - 1 if self.phase in (Phase.SENDING, Phase.ASKING) else self.round

    @property
    def options(self) -> list[str]:
        """The option ids of the current round's poll, as it showed them."""
        return self.shown[self.round] if self.round < len(self.shown) else []

    def sending(self, now: float) -> None:
        """The round's poll is about to go out: due at once, so that a restart finds a
        send that was cut short and sends it again."""
        self.phase, self.due_at = Phase.SENDING, now
        self.poll_id = self.poll_message_id = None

    def asked(self, shown: list[str], poll_id: str, message_id: int) -> None:
        """The round's poll went out (its window is set by the caller)."""
        del self.shown[self.round :]
        self.shown.append(shown)
        self.phase = Phase.ASKING
        self.poll_id, self.poll_message_id = poll_id, message_id

    def tell_to_tap(self, replied_to: int) -> bool:
        """Whether a Reply to message `replied_to` ("2", "B") is one to the open poll, the
        first of its round: the class is told, once a round, that only a tap counts."""
        if self.phase is not Phase.ASKING or replied_to != self.poll_message_id:
            return False
        if self.told_to_tap == self.round:
            return False
        self.told_to_tap = self.round
        return True

    def counted(self, finished: bool, now: float, break_seconds: float) -> None:
        """The round's votes were counted: finish, wait for an admin, or take a break."""
        if finished:
            self.phase, self.due_at = Phase.FINISHED, None
        elif self.pause_after:
            self.phase, self.due_at, self.pause_after = Phase.PAUSED, None, False
        else:
            self.phase, self.due_at = Phase.BREAK, now + break_seconds


def session_to_json(session: GroupSession) -> str:
    data: dict[str, Any] = {**session.__dict__}
    data["kind"], data["phase"] = session.kind.value, session.phase.value
    data["place"] = asdict(session.place)
    if session.conversation is not None:
        data["conversation"] = json.loads(session.conversation.to_json())
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def session_from_json(text: str) -> GroupSession:
    data = json.loads(text)
    data = _from_before_one_model(data) if "kind" not in data else data
    data["kind"], data["phase"] = Kind(data["kind"]), Phase(data["phase"])
    data["place"] = (
        Place(**data["place"]) if "place" in data else _place_of(data.pop("thread_id", None))
    )
    if data.get("conversation") is not None:
        data["conversation"] = Conversation.from_json(json.dumps(data["conversation"]))
    return GroupSession(**data)


def _place_of(thread: int | None) -> Place:
    """A place stored before it had a type of its own: one number, a forum topic's id
    or, below 0, minus the root of a post's comments."""
    if thread is not None and thread < 0:
        return Place(comments_on=-thread)
    return Place(topic=thread)


_OLD_PHASES = {"voting": "asking"}


def _from_before_one_model(data: dict[str, Any]) -> dict[str, Any]:
    """A session stored by an earlier version (a quiz or a case study of its own), as one
    of this model, so a session running across an upgrade goes on."""
    quiz = "questions" in data
    known = {*GroupSession.__dataclass_fields__, "thread_id"}  # read as the place, below
    moved = {k: v for k, v in data.items() if k in known and k != "round"}
    moved["kind"] = Kind.QUIZ if quiz else Kind.CASE
    moved["round"] = data.get("index", 0) if quiz else data.get("round", 0)
    moved["phase"] = _OLD_PHASES.get(data["phase"], data["phase"])
    moved["pause_after"] = bool(data.get("paused_phase") or data.get("pause_after"))
    if not quiz and data.get("options"):  # the open poll's options, at its round
        moved["shown"] = [[] for _ in range(moved["round"])] + [data["options"]]
    return moved
