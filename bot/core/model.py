"""The dialog as data: the pydantic schema of `dialogs/*.yml`.

Content maintainers edit YAML, not Python. These models are the single
definition of what a dialog file may contain; the loader adds line numbers
and the cross-reference checks that a schema cannot express.

Fields typed `Msg` are user-visible text: they go through gettext at run time
and the catalog extractor collects them.
"""

from __future__ import annotations

import enum
from functools import cached_property
from typing import Annotated, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

#: Ids are short, stable and safe inside Telegram callback data.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class Translatable:
    """Marks a field as user-visible English text: gettext translates it, Babel extracts it."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()
#: A user-visible English source string, translated through gettext.
Msg = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), TRANSLATABLE]

NOT_SURE = "not_sure"
#: The button that ends a choose-all-that-apply question.
DONE = "done"
#: Answers of a choose-all-that-apply question that are chosen alone: "none of
#: these" and "not sure" cannot go with another answer.
ALONE = frozenset({"none", NOT_SURE})
#: Between the answers of a choose-all-that-apply question, as stored: "caffeine+sleep".
JOIN = "+"
#: A question's answers that mean "nothing of this applies": the answers that
#: "not sure" must never be safer than.
REASSURING_ANSWERS = frozenset({"no", "none"})


class Urgency(enum.IntEnum):
    """How soon the user should get help; every outcome has exactly one."""

    SELF_CARE = 0
    ROUTINE = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def key(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: object) -> Urgency:
        if isinstance(value, Urgency):
            return value
        if isinstance(value, str):
            try:
                return cls[value.upper()]
            except KeyError:
                pass
        raise ValueError(f"unknown urgency {value!r}; use one of: " + ", ".join(u.key for u in cls))


UrgencyField = Annotated[
    Urgency,
    BeforeValidator(Urgency.parse),
    PlainSerializer(lambda u: u.key, return_type=str),
    WithJsonSchema({"type": "string", "enum": [u.key for u in Urgency]}),
]


#: Longer button labels are cut off on phones, in every language.
LABEL_MAX_CHARS = 30
#: Characters in one Telegram message; longer texts are sent in parts.
MESSAGE_MAX_CHARS = 4096


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    """One answer the user can tap (or type)."""

    id: Id
    label: Msg = Field(
        description=f"Button label, at most {LABEL_MAX_CHARS} characters.",
        max_length=LABEL_MAX_CHARS,
    )
    for_someone_else: Msg | None = Field(
        default=None,
        description="The label for a person who writes for someone else ('Their eye "
        "closes' for 'My eye closes'); without it, `label` serves both.",
        max_length=LABEL_MAX_CHARS,
    )
    synonyms: list[Msg] = Field(
        default_factory=list, description="Other words a user may type for this answer."
    )
    danger: Id | None = Field(
        default=None, description="Choosing this answer fires the named danger sign."
    )
    tells_apart: Id | None = Field(
        default=None,
        description="A danger sign of this question that this answer tells apart from "
        "what only looks like it ('one of my usual seizures, over within 5 minutes' in "
        "known epilepsy is not the first or long seizure that needs the emergency). A "
        "message that tells the sign with this answer's words gets the sign asked about "
        "at its check, not assumed.",
    )
    floor: UrgencyField | None = Field(
        default=None,
        description="The outcome's urgency is at least this level once this answer is given.",
    )
    floor_reason: Msg | None = Field(
        default=None, description="Why the floor applies, shown with the outcome."
    )
    means: Literal["yes", "no"] | None = Field(
        default=None,
        description="A typed plain yes or no ('yeah', 'nope, never') chooses this answer.",
    )
    after_stopping_days: int | None = Field(
        default=None,
        ge=0,
        description="How many days this answer still counts after what it names has "
        "stopped. Told as over longer ago, or with no time, it is a 'no' to this answer: "
        "'used to drink a bottle a day, sober two years now' drinks no alcohol now, and "
        "'was on omeprazole, stopped it last year' takes no acid pills (the words of "
        "`ContextCues.ended`). Without it (surgery, an old palsy) the past always counts.",
    )
    days: tuple[int, int] | None = Field(
        default=None,
        description="A typed duration from the first to below the second number of days "
        "('about 5 days', 'три недели') chooses this answer.",
    )
    ages: tuple[int, int] | None = Field(
        default=None,
        description="A typed age from the first to below the second number of years "
        "('I'm 72', 'мне 34 года', 'my 8 year old') chooses this answer.",
    )
    began: tuple[int, int] | None = Field(
        default=None,
        description="A typed age at which it began, from the first to below the second "
        "number of years ('since I was 6', 'в 7 лет', 'a los 30', 'mit 25 Jahren'), "
        "chooses this answer.",
    )
    medicines: list[Id] = Field(
        default_factory=list,
        description="Medicines, by their names in the lexicons' `medicines`, that choose "
        "this answer when a message tells they are taken now ('on haloperidol for 3 "
        "years'): those known to set off movements of the face, eyes or tongue.",
    )
    covers: list[Id] = Field(
        default_factory=list,
        description="Other options of this question that this one takes in: a message "
        "that names both chooses this one ('one side of my face, it started at the eye' "
        "is one side, not one eyelid).",
    )
    own_time: bool = Field(
        default=False,
        description="A time told with this answer is its own, not how long the complaint "
        "has lasted ('MS since 2019, the cheek has twitched for a week': a week), as for "
        "a question's `own_time`, where its other answers are the complaint itself "
        "('blepharospasm for 5 years' is how long).",
    )

    def wording(self, for_someone_else: bool) -> str:
        """The label to show: a carer taps answers about the person they look after."""
        return (self.for_someone_else if for_someone_else else None) or self.label


class Rule(Strict):
    """Where to go next; the first rule whose `when` holds wins."""

    when: str | None = Field(
        default=None, description='Condition over earlier answers, e.g. `side == "one"`.'
    )
    goto: Id = Field(description="A question id, or `end` to show the outcome.")


class Answer(Strict):
    """One option of one question, named from elsewhere in the dialog."""

    question: Id
    option: Id


class Question(Strict):
    id: Id
    title: Msg = Field(description="A short name for the summary, e.g. 'Duration'.")
    text: Msg
    for_someone_else: Msg | None = Field(
        default=None,
        description="The question put to a person who writes for someone else ('Does "
        "their eye close…?'); without it, `text` serves both.",
    )
    why: Msg = Field(description="Shown when the user asks why we ask this.")
    options: list[Option] = Field(min_length=2, max_length=12)
    next: list[Rule] = Field(min_length=1)
    multiple: bool = Field(
        default=False,
        description="Choose all that apply: toggle buttons and Done. In conditions, "
        '`triggers == "sleep"` means sleep is among the answers, `triggers in [...]` '
        "that any of them is.",
    )
    how_long: bool = Field(
        default=False,
        description="How long the complaint has lasted: a duration in a story answers it.",
    )
    own_time: bool = Field(
        default=False,
        description="Its answers have times of their own (an earlier palsy, a diet, a "
        "surgery): of several durations in a message, one told next to such an answer, "
        "or next to a medicine, is not how long the complaint has lasted ('Bell's palsy 9 "
        "months ago, my eye has twitched for 2 months': 2 months; 'vegan for 4 years, the "
        "eyelid for 2 months': 2 months). A time told only next to such an answer is "
        "not how long the complaint has lasted ('on metformin for 10 years').",
    )
    dates: Answer | None = Field(
        default=None,
        description="The answer whose time this question asks ('when did the medicine "
        "start?' dates 'Began after a medicine'): a time told in the clause that gives "
        "that answer answers this question by its options' `days` ('started "
        "prochlorperazine 3 days ago'). The complaint began after that thing, so it has "
        "lasted at most as long: a time short enough answers how long too.",
    )
    stated: bool = Field(
        default=False,
        description="Typed text answers this question from another question only when "
        "the person states it, never when they ask or guess: 'could it be hemifacial "
        "spasm?' is not a diagnosis (a diagnosis is something one was told).",
    )
    follow_up: bool = Field(
        default=False,
        description="It asks more about something an earlier answer told ('with the red "
        "eye, which of these?'): a story's answer to it is left out of the summary where "
        "the consultation ended without reaching it ('my right eye is blurry', with no red "
        "eye, is no 'sight worse' under 'the red eye'), and a sentence that tells only its "
        "answers does not tell how long the twitch has lasted ('throwing up every day for "
        "two weeks. Now my eyelid twitches since 5 days': 5 days).",
    )
    subject: bool = Field(
        default=False,
        description="Its answers say whom the consultation is about ('my son', 'у сына'): "
        "what a message says of that person answers the other questions too, as for the "
        "person typing (danger signs described in them still get advice for another person).",
    )

    def wording(self, for_someone_else: bool) -> str:
        """The text to show: a carer is asked about the person they look after."""
        return (self.for_someone_else if for_someone_else else None) or self.text

    @property
    def signs(self) -> frozenset[str]:
        """The danger signs this question asks about: those its options fire."""
        return frozenset(o.danger for o in self.options if o.danger)

    def option_for_days(self, days: int) -> Option | None:
        """The option whose `days` hold a time of `days` ("3 weeks": 2 weeks to 3 months)."""
        return next((o for o in self.options if o.days and o.days[0] <= days < o.days[1]), None)


class DangerSign(Strict):
    """An emergency sign that can interrupt the consultation from any question."""

    id: Id
    title: Msg
    keywords: list[Msg] = Field(
        default_factory=list, description="Phrases in free text that fire this sign."
    )
    outcome: Id
    check: Id | None = Field(
        default=None,
        description="The question that asks about this sign alone (yes / no / not sure); "
        "asked when a message mentions the sign with doubt ('my wife says I slur').",
    )
    like_a_new_medicine: bool = Field(
        default=False,
        description="Movements a medicine begun lately can set off look like this sign "
        "(eyes rolling up days after starting metoclopramide or an antipsychotic): told "
        "in the same message as such a medicine begun lately, the sign is asked about at "
        "its check, not assumed.",
    )


class Concern(Strict):
    """A symptom this dialog does not cover that needs help of its own (chest pain).

    Told in a message, it changes no answer and no urgency: the bot cannot judge it.
    It says so at once, with where to turn, and the advice at the end says it again,
    so a person who also has a twitch is not left with self-care advice alone.
    """

    id: Id
    title: Msg = Field(description="What was told, as the summary for a doctor names it.")
    advice: Msg = Field(description="What to do about it, said when it is told and at the end.")
    keywords: list[Msg] = Field(
        default_factory=list, description="Phrases in free text that tell this symptom."
    )
    floor: UrgencyField | None = Field(
        default=None,
        description="The least urgency of the advice when this is told, where its own "
        "advice asks for help that soon: alcohol withdrawal needs medical advice today "
        "(urgent), so no self-care heading stands beside it.",
    )
    sources: list[Id] = Field(
        default_factory=list,
        description="Where its advice comes from (ids under `sources:`): listed with the "
        "advice's sources when it is told, as every explanation's are.",
    )
    rules_out: dict[Id, list[Id]] = Field(
        default_factory=dict,
        description="Answers this symptom, told, makes untrue, read from the same message: "
        "question id → option ids. Someone who stopped heavy drinking days ago is not "
        "'drinking more alcohol than usual' ({triggers: [alcohol]}).",
    )
    state: bool = Field(
        default=False,
        description="A state of the person (a pregnancy), not a symptom with a course of its "
        "own: what is told beside it ('pregnant, and since Monday on metoclopramide') is "
        "not of it.",
    )
    now_only: bool = Field(
        default=False,
        description="Told of the past, it is history, not this: a rash at the ear before a "
        "facial palsy years ago is no infection now, and a pregnancy years ago needs no "
        "midwife. (Others, such as chest pain, are named back even when told of the past.)",
    )


class Outcome(Strict):
    id: Id
    pattern: Msg = Field(description="The pattern the answers fit, as a short title.")
    urgency: UrgencyField
    template: str = Field(description="Template under dialogs/templates/, e.g. patterns/x.html.j2")
    when: str | None = Field(
        default=None,
        description="Shown at the end when this condition holds; danger outcomes have none.",
    )
    leads_when: str | None = Field(
        default=None,
        description="Where this condition holds too, the pattern leads the others of its "
        "urgency, which otherwise follow the order of this list (low B12 with unsteady "
        "walking at 60 or over before the MS-like pattern, which fits young adults).",
    )
    sources: list[Id] = Field(default_factory=list)


class Source(Strict):
    id: Id
    title: str
    url: str


class LearnTopic(Strict):
    id: Id = Field(description="Also the /start deep-link payload: learn_<id>.")
    title: Msg
    outcome: Id = Field(description="The outcome whose explanation this topic shows.")


class Dialog(Strict):
    """One consultation: the whole YAML file."""

    id: Id
    version: str = Field(min_length=1)
    title: Msg
    start: Id
    danger_signs: list[DangerSign] = Field(default_factory=list)
    concerns: list[Concern] = Field(
        default_factory=list,
        description="Symptoms outside what the consultation covers that need help of "
        "their own: named back, never judged.",
    )
    supplements: list[Id] = Field(
        default_factory=list,
        description="Medicines, by their names in the lexicons' `medicines`, that are "
        "vitamins or minerals: started, stopped or given, they set off no movements, so "
        "they never answer that the twitch began after a medicine ('I stopped the vitamins "
        "they gave me after my gastric sleeve').",
    )
    questions: list[Question] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    fallback: Id = Field(description="The outcome shown when no other outcome's `when` holds.")
    learn: list[LearnTopic] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)

    def question(self, question_id: str) -> Question:
        return self._by_id.questions[question_id]

    def outcome(self, outcome_id: str) -> Outcome:
        return self._by_id.outcomes[outcome_id]

    def danger_sign(self, danger_id: str) -> DangerSign:
        return self._by_id.dangers[danger_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id.questions

    def source(self, source_id: str) -> Source:
        return self._by_id.sources[source_id]

    def concern(self, concern_id: str) -> Concern:
        return next(c for c in self.concerns if c.id == concern_id)

    def learn_topic(self, topic_id: str) -> LearnTopic | None:
        return next((t for t in self.learn if t.id == topic_id), None)

    # Built on first use. A plain cached property rather than pydantic private
    # attributes: those are looked up through `__getattr__`, which made `question()`
    # one of the costlier lines of a tap.
    @cached_property
    def _by_id(self) -> _DialogIndex:
        return _DialogIndex(
            {q.id: q for q in self.questions},
            {o.id: o for o in self.outcomes},
            {d.id: d for d in self.danger_signs},
            {s.id: s for s in self.sources},
        )


class _DialogIndex(NamedTuple):
    """A dialog's parts by id."""

    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    dangers: dict[str, DangerSign]
    sources: dict[str, Source]


END = "end"
