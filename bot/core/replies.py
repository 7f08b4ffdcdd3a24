"""What the engine answers, before it is put into words.

Replies name *what* to say; the renderer turns them into localized text and
buttons, so the same reply serves Telegram, the terminal and the tests.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.core.conversation import Assessment


class Notice(enum.Enum):
    WELCOME = "welcome"
    WELCOME_BACK = "welcome_back"
    RESTARTED = "restarted"
    STALE_BUTTON = "stale_button"
    NOT_UNDERSTOOD = "not_understood"
    NOTHING_TO_UNDO = "nothing_to_undo"
    WENT_BACK = "went_back"
    ALREADY_FINISHED = "already_finished"
    #: An answer put right after the advice that leaves it as it was ("sorry, it's the
    #: right eye"): noted for /summary, and the advice above stands.
    ADVICE_STANDS = "advice_stands"
    #: A fact told only after the advice that leaves it as it was ("my mum is 78, by the
    #: way"): noted for /summary, and the advice above stands.
    ADDED_ADVICE_STANDS = "added_advice_stands"
    NOTHING_TO_EXPLAIN = "nothing_to_explain"
    NO_ANSWERS_YET = "no_answers_yet"
    #: /summary with a consultation begun but nothing answered: the question comes again.
    NOTHING_ANSWERED_YET = "nothing_answered_yet"
    UNKNOWN_TOPIC = "unknown_topic"
    DIALOG_CHANGED = "dialog_changed"
    DIALOG_UPDATED = "dialog_updated"
    DANGER_STANDS = "danger_stands"
    SAFETY_FIRST = "safety_first"
    POSSIBLE_DANGER = "possible_danger"
    #: Emergency signs described in someone else, now: what to do for them.
    SOMEONE_ELSE_IN_DANGER = "someone_else_in_danger"
    #: A question typed mid-consultation ("is this serious?"): the advice will answer it.
    ANSWERED_AT_THE_END = "answered_at_the_end"
    #: Some of the signs a question asks about denied in words ("face drooping? no"),
    #: the others not: the question is asked again, as a whole.
    OTHER_SIGNS_TOO = "other_signs_too"
    #: A reply about danger signs said with doubt ("I don't think so", "yes?"): neither
    #: yes nor no is taken from it; the question is asked again.
    CLEAR_ANSWER = "clear_answer"
    EDIT_NOT_AN_ANSWER = "edit_not_an_answer"
    #: A reply that only tells again what is noted already ("it's spreading slowly").
    ALREADY_NOTED = "already_noted"
    #: "ok", "thanks" typed at a question: kindly asked for an answer.
    ACKNOWLEDGED = "acknowledged"
    GREETED = "greeted"
    #: The movement told with nothing the question asks ("my face twitches"): thanked,
    #: and the question asked again, not "did not understand".
    COMPLAINT_HEARD = "complaint_heard"
    #: Fear told with nothing the question asks ("I'm really scared"): a kind word, and
    #: the question again.
    FEAR_HEARD = "fear_heard"
    #: A yes told of long ago at a danger check ("yes, years ago"): the check asks about
    #: the time since the twitch began, so it is asked again for that time.
    SINCE_IT_BEGAN = "since_it_began"
    PICK_ONE = "pick_one"


@dataclass(frozen=True)
class Notify:
    """A short notice from the bot ("that button is out of date", "went back one
    question"), named by `notice`; the renderer words it."""

    notice: Notice


@dataclass(frozen=True)
class Ask:
    """Show a question with its options; buttons carry `step`.

    A choose-all-that-apply question shows the answers ticked so far (`picked`);
    `edit` shows it again in place of the tapped question rather than below.
    """

    question: str
    step: int
    picked: tuple[str, ...] = ()
    edit: bool = False
    #: Worded for a person who writes for someone else ("Does their eye close?").
    for_someone_else: bool = False


@dataclass(frozen=True)
class Chosen:
    """The answer just given to `question` (Telegram edits the question to show it)."""

    question: str
    option: str
    step: int
    for_someone_else: bool = False


@dataclass(frozen=True)
class Noted:
    """What a typed message told us beyond the question on screen, in one line.

    `answers` are (question, option) pairs filled from the text, so those
    questions are skipped; `duration_days` and `medicines` are shown as typed.
    """

    answers: tuple[tuple[str, str], ...] = ()
    duration_days: int | None = None
    medicines: tuple[str, ...] = ()
    #: Answers worded for a person who writes for someone else ("Their eye closes").
    for_someone_else: bool = False


@dataclass(frozen=True)
class Conclude:
    assessment: Assessment
    answers: tuple[tuple[str, str], ...]
    #: The person typing writes for someone else (a carer): the advice is that person's.
    for_someone_else: bool = False
    #: Symptoms told that the consultation does not cover (`Dialog.concerns` ids): the
    #: advice names them again with where to turn.
    concerns: tuple[str, ...] = ()
    #: The medicines the person named (lexicon ids): the advice on movements after a
    #: medicine speaks of the kind they take (an antidepressant is no dopamine blocker).
    medicines: tuple[str, ...] = ()


@dataclass(frozen=True)
class InShort:
    """A message typed after the advice that puts nothing right and tells nothing new
    ("so is it serious?", "what do I do now?", "ok thanks"): the advice's headline and
    first steps again, short, with where the rest is (/why, /summary); "this
    consultation is finished" alone left the question unanswered."""

    advice: Conclude


@dataclass(frozen=True)
class Concerns:
    """Symptoms just told that the consultation does not cover ("chest pain"): said at
    once, before anything else, that the bot cannot judge them and where to turn."""

    concerns: tuple[str, ...]


@dataclass(frozen=True)
class Explain:
    """Why we ask `question`."""

    question: str


@dataclass(frozen=True)
class Reasons:
    """`/why` after the outcome: which answers led to this advice."""

    assessment: Assessment
    answers: tuple[tuple[str, str], ...]
    for_someone_else: bool = False


@dataclass(frozen=True)
class Recap:
    """The answers so far, phrased for a doctor."""

    answers: tuple[tuple[str, str], ...]
    assessment: Assessment | None
    #: Danger signs reported, with how they were meant ("affirmed", "possible", …).
    dangers: tuple[tuple[str, str], ...] = ()
    duration_days: int | None = None
    medicines: tuple[str, ...] = ()
    #: Symptoms told that the consultation does not cover (`Dialog.concerns` ids).
    concerns: tuple[str, ...] = ()
    #: ISO dates: when the consultation started and when it reached its outcome.
    started: str | None = None
    concluded: str | None = None
    for_someone_else: bool = False
    #: (question, sign): a sign reported after the question was answered "none" (the
    #: doctor should see both, not "None of these" beside the sign).
    told_after_no: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Teach:
    """A learn topic, or the list of topics when `topic` is empty."""

    topic: str = ""


Reply = (
    Notify
    | Ask
    | Chosen
    | Noted
    | Concerns
    | Conclude
    | InShort
    | Explain
    | Reasons
    | Recap
    | Teach
)
