"""understand(text) → facts: every answer and danger sign a message gives, with context.

One pure step, the same for a button-less reply, a whole story, a caption or
an edited message. It does not decide anything: the engine applies the facts
(an affirmed danger ends in emergency advice, a possible one is asked about,
answers fill questions and skip them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from bot.core.model import ALONE, REASSURING_ANSWERS, Dialog
from bot.core.understanding.context import (
    SHORT_WORD,
    Cue,
    CueIndex,
    answered_no,
    context_of,
    cue_tokens,
    long_word,
)
from bot.core.understanding.durations import DOSE_UNITS, Duration, DurationReader
from bot.core.understanding.lexicon import Context, Lexicon
from bot.core.understanding.phrases import MIN_PREFIX, Found, PhraseIndex
from bot.core.understanding.text import (
    Stems,
    Text,
    Token,
    Vocabulary,
    WordSequences,
    fold,
    plain,
    split,
    typed_words,
)

YES, NO, NOT_SURE = "yes", "no", "not_sure"
#: How many words (short ones aside) may stand before a yes or no that opens a reply
#: ("pues no", "ну вроде было"); further on, or after the person speaks of themselves
#: ("у меня нет сил, веко дергается"), it is a reply only where it ends its clause ("la
#: cara no").
OPENING_WORDS = 1
#: Phrase keys: a danger sign; an answer to any question, or an option's name (the
#: question on screen).
DANGER, ANSWER, NAMED = "danger", "answer", "named"
#: Phrases that tell part of a danger sign: it is asked about (`Lexicon.suggests`).
SUGGESTS = "suggests"
#: Phrases that rule a danger sign out by themselves: "breathing is fine" (`Lexicon.denials`).
DENIAL = "denial"
#: Phrases that tell a part a danger sign needs: denied, the sign is only asked about
#: (`Lexicon.needs`).
NEEDS = "needs"
#: Phrases that hold a danger sign's words but most often tell of something else: the
#: sign is asked about; or that, inside a concern's phrase, make it something else
#: (`Lexicon.lookalikes`).
LOOKALIKE = "lookalike"
MEDICINE = "medicine"
#: Answers said of a medicine named in their clause (`Lexicon.with_medicine`).
WITH_MEDICINE = "with_medicine"
#: Phrase keys of where the twitch is: the complaint's own words.
LOCATION = "answer:location:"
SIDE = "answer:side:"
#: Phrase keys of the everyday triggers: what a "no" before them tells of one's life.
TRIGGERS = "answer:triggers:"
#: A face told weak, or numb: gone so gradually, no stroke told at once.
FACE_WEAK = f"{LOCATION}face_weak"
FACE_NUMB = "answer:weakness_signs:numbness"
PALSY = "answer:palsy_history:"
#: Symptoms the consultation does not cover (`Lexicon.concerns`, `Dialog.concerns`).
CONCERN = "concern"
#: What a concern needs told beside it (`Lexicon.concern_companions`).
COMPANION = "companion"
#: Things with a time of their own (`Lexicon.own_time`): "pregnant, 24 weeks".
OWN_TIME = "own_time"
#: A visit or advice about the complaint (`Lexicon.visits`): "my GP said 2 weeks ago".
VISIT = "visit"
#: Phrase kinds that name something a negation can deny (not "yes", "no", "not sure").
NAMED_THINGS = frozenset({DANGER, SUGGESTS, ANSWER, NAMED, MEDICINE, CONCERN})
#: The triggers a carer's own worry and nights would name (`_drop_the_writers_worry`).
STRESS = "stress"
SLEEP = "sleep"
#: A danger sign told this many days back or more, before the twitch began, is past.
MONTH_DAYS = 28
#: Read this much of a message: five Telegram messages' worth. A Telegram message
#: (4,096 characters) or caption is always read whole.
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Understanding:
    """What one message says, question by question."""

    #: Danger sign → how it was meant (affirmed, possible, negated, historical…).
    dangers: dict[str, Context] = field(default_factory=dict)
    #: Question → the options the message affirms (in the order they were typed).
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Question → options the message denies ("my eye doesn't close").
    denied: dict[str, tuple[str, ...]] = field(default_factory=dict)
    duration_days: int | None = None
    medicines: tuple[str, ...] = ()
    #: Symptoms the consultation does not cover, told as now (of the writer or of
    #: someone else): `Dialog.concerns` ids.
    concerns: tuple[str, ...] = ()
    #: ... told of someone else ("my wife has chest pain"): named back, not noted for
    #: the writer's summary.
    others_concerns: tuple[str, ...] = ()
    #: Answers (question, option) told only of another person, read as the subject's
    #: because the message speaks of nobody else ("no, but my mum has MS"): the engine
    #: drops them where the consultation is the writer's own.
    others_answers: frozenset[tuple[str, str]] = frozenset()
    #: Danger signs told only of a relative of the person a carer writes for ("his dad
    #: had a stroke", "sein Vater hatte einen Schlaganfall"): another person's, never
    #: taken as the subject's own.
    relatives_signs: frozenset[str] = frozenset()
    #: A plain yes or no ("yeah", "nope, never"), if the message gives one.
    polarity: str | None = None
    #: `polarity` is the writer's own, told beside another person's ("a mi padre sí le
    #: pasó, a mí no", "meine Mutter hatte das mal, ich nicht"): a carer who writes for
    #: that person answers with `others_polarity` (None where it is not a plain yes or no).
    polarity_of_writer: bool = False
    others_polarity: str | None = None
    #: The yes or no opens the message ("no, just my eyelid"), rather than standing
    #: later in a story ("... it doesn't hurt"), where it may deny something else.
    polarity_opens: bool = False
    #: The yes or no follows only what was told of the past, and speaks of that: "had a
    #: seizure as a teen, none since" denies that sign since, not the others asked about.
    polarity_after_past: bool = False
    not_sure: bool = False
    #: The stroke sign is told only in a numb face's words ("that cheek feels numb"): the
    #: engine reads it as the numbness noted before when that was told as weeks long.
    numb_face_only: bool = False
    #: Options of the question on screen named by their place ("the first", "1") in a
    #: reply that says more than places ("la primera, las demás no"): set by the engine,
    #: which knows the options; a safety question is then never answered "none of these".
    places: tuple[str, ...] = ()
    #: Each "not sure" hedges something else told in its clause ("empezó a los 7 más o
    #: menos"), rather than replying to the question ("aber weiß nicht").
    not_sure_hedges: bool = False
    #: The message takes back something said ("sorry", "actually", «точнее»): what it
    #: tells replaces an earlier answer.
    corrects: bool = False
    #: Questions the message weighs two answers to with an "or", saying it does not know
    #: which ("left or both, not sure", "no sé si el izquierdo o los dos").
    weighs_answers: frozenset[str] = frozenset()
    #: Lengths of time (days) the message weighs with an "or", saying it does not know
    #: which ("no sé si una semana o un mes", "entweder zwei Wochen oder zwei Monate,
    #: weiß nicht"): no one time is told (`duration_days` is None); the question takes
    #: the range they share, or "not sure".
    weighs_days: tuple[int, ...] = ()
    #: The message asks something ("is this serious?"); not a fact about the person.
    asked: bool = False
    #: The message asks what something means ("what does that mean?", "что это значит?").
    asks_meaning: bool = False
    #: The message names the movement itself ("my face twitches", «дёргается»): told
    #: alone, it is the complaint heard, not a reply the bot did not understand.
    tells_complaint: bool = False
    #: The reply's yes is told of long ago ("yes, years ago", «да, лет десять назад», "ja,
    #: vor Jahren"), with nothing told of now: at a danger check, no yes to what happens
    #: since the twitch began.
    yes_of_the_past: bool = False
    #: The message tells the writer's fear ("I'm really scared"): told alone, it is met
    #: kindly, not as a reply the bot did not understand.
    tells_fear: bool = False
    #: The reply itself is said with doubt ("I don't think so", "вроде нет", "yes?"):
    #: a doubt that reaches nothing the message names.
    hedged: bool = False
    #: The message speaks of the person the consultation is about, not of the writer:
    #: a parent's child, whoever the question on screen asks about, or the one other
    #: person a message speaks of alone ("my mum's face has gone droopy").
    about_subject: bool = False
    #: ... and the writer says so: someone else's illness told alone, or told for them
    #: ("asking for my father", "My husband is 67, …"), not only a question on screen.
    for_someone_else: bool = False
    #: How many of the message's words the language's lexicon knows: the reading of
    #: the language a message is written in knows the most.
    known_words: int = 0
    #: How many words the message has.
    words: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.dangers
            or self.answers
            or self.denied
            or self.duration_days is not None
            or self.weighs_days
            or self.medicines
            or self.concerns
            or self.others_concerns
            or self.polarity
            or self.not_sure
        )

    def to_dict(self) -> dict[str, object]:
        """For `spasmbot understand` and `chat --json`."""
        out: dict[str, object] = {
            "dangers": {sign: context.value for sign, context in self.dangers.items()},
            "answers": {q: list(options) for q, options in self.answers.items()},
        }
        if self.denied:
            out["denied"] = {q: list(options) for q, options in self.denied.items()}
        if self.duration_days is not None:
            out["duration_days"] = self.duration_days
        if self.weighs_days:
            out["weighs_days"] = list(self.weighs_days)
        if self.medicines:
            out["medicines"] = list(self.medicines)
        if self.concerns:
            out["concerns"] = list(self.concerns)
        if self.others_concerns:
            out["others_concerns"] = list(self.others_concerns)
        if self.polarity:
            out["polarity"] = self.polarity
        if self.not_sure:
            out["not_sure"] = True
        if self.asked:
            out["asked"] = True
        return out


@dataclass(frozen=True)
class Reply:
    """The plain yes or no a message replies with (`Reader._reply`)."""

    polarity: str | None
    #: It opens the reply, rather than standing later in a story.
    opens: bool
    #: Said with doubt ("yes?"), or a yes and a no at once.
    hedged: bool
    #: It follows only what was told of the past, and speaks of that ("had a seizure as
    #: a teen, none since", «в детстве был припадок, сейчас нет»).
    after_the_past: bool = False
    #: The yes or no is the writer's own, told beside another person's (`others`, if a
    #: plain yes or no: "a mi padre sí le pasó, a mí no").
    of_writer: bool = False
    others: str | None = None


#: How near after a denied sign the words that compare it or deny its length begin:
#: "never had a fit like this", not "…didn't have a seizure all day long".
_RIGHT_AFTER = 2
#: At most this many words in a clause that only denies of the writer: "aber bei mir nicht".
_DENIAL_OF_ONESELF = 4
#: At most this many words between two times weighed with an "or": "una semana o un
#: mes", "2 weeks or maybe already 2 months".
_WEIGHED_GAP = 3
#: At most this many words in a clause that only names another part: "but my left leg is".
_SHORT_CLAUSE = 5
#: What a sign may have been read as before it is told to have come after all.
_NOT_TAKEN = (Context.NEGATED, Context.HISTORICAL, Context.POSSIBLE)
#: What a clause may tell that is not a sign now: a denial, a doubt, a fear or a "what if".
_NOT_NOW = (Context.NEGATED, Context.POSSIBLE, Context.HYPOTHETICAL)


class Reader:
    """Understanding for one dialog in one language."""

    def __init__(
        self, dialog: Dialog, lexicon: Lexicon, extra: Iterable[tuple[str, str]] = ()
    ) -> None:
        """`extra`: more (key, phrase) pairs, e.g. the dialog's own option synonyms."""
        self.dialog = dialog
        self.lexicon = lexicon
        self._stems = Stems(lexicon.language)
        self._boundaries = frozenset(fold(w) for w in lexicon.boundaries)
        self._joiners = frozenset(fold(w) for w in lexicon.joiners)
        self._though = frozenset(fold(w) for w in lexicon.though)
        self._ordinal_dot = frozenset(plain(fold(w)) for w in lexicon.ordinal_dot)
        self._openers = frozenset(typed_words(p) for p in lexicon.question_openers)
        self._asked_after = frozenset(typed_words(p) for p in lexicon.questions_after)
        self._phrases = PhraseIndex(
            self._stems,
            [*self._keyed(lexicon), *extra],
            [*lexicon.boundaries, *lexicon.joiners],
            _cue_words(lexicon),
            _negation_words(lexicon),
        )
        self._durations = DurationReader(lexicon)
        self._negations = frozenset(plain(w) for w in _negation_words(lexicon))
        #: One-word answers that deny what comes before them ("nein", "no", "normal"):
        #: after a label's colon they join its clause ("Atemnot: nein").
        self._closing_words = frozenset(
            plain(fold(p.lstrip("="))) for p in lexicon.context.negated.after if len(p.split()) == 1
        )
        self._cues = CueIndex(
            lexicon.context,
            lambda word: self._durations.whole_number(word) is not None,
            lexicon.units.forms(),
        )
        #: Words by which a message shows it is written in this language.
        self._language_words = _language_words(lexicon)
        #: Word sequences that answer nothing (`Lexicon.ignore`).
        self._ignore = WordSequences(lexicon.ignore)
        #: Word sequences that take back what was just said (`Lexicon.corrections`).
        self._corrections = WordSequences(lexicon.corrections)
        self._multiple = frozenset(q.id for q in dialog.questions if q.multiple)
        self._of_danger_signs = frozenset(q.id for q in dialog.questions if q.signs)
        self._now_only = frozenset(c.id for c in dialog.concerns if c.now_only)
        self._with_companion = frozenset(lexicon.concern_companions)
        self._weekdays = WordSequences([day for names in lexicon.weekdays for day in names])
        self._time_words = frozenset(plain(fold(w)) for w in lexicon.time_words)
        self._circumstances = frozenset(plain(fold(w)) for w in lexicon.circumstances)
        #: Pronoun → the stems of the parts of the body it can stand for.
        self._pronouns = {
            plain(fold(pronoun)): frozenset(w for p in parts for w in self._stems.words(p))
            for pronoun, parts in lexicon.pronouns.items()
        }
        self._body_parts = frozenset().union(*self._pronouns.values())
        #: Danger check → the parts it asks about, as words of no clause (`_asked_part`).
        self._parts_asked = {
            question: tuple(self._asked_part(word) for word in parts)
            for question, parts in lexicon.parts_asked.items()
        }
        #: Question → the danger signs it asks about.
        self._signs_asked = {q.id: frozenset(q.signs) for q in dialog.questions if q.signs}
        self._instead = frozenset(plain(fold(w)) for w in lexicon.context.instead)
        #: Words of doubt that only measure a sign (`ContextCues.degree`).
        self._degree = WordSequences(lexicon.context.degree)
        self._time_denied_by = frozenset(plain(fold(w)) for w in lexicon.context.time_denied_by)
        self._states = frozenset(c.id for c in dialog.concerns if c.state)
        #: Word sequences that choose every answer but those named after them.
        self._all_but_words = WordSequences(lexicon.all_but)
        self._conjunctions = frozenset(plain(fold(w)) for w in lexicon.context.conjunctions)
        self._yes_after = WordSequences(lexicon.after_an_option.yes, within_clause=True)
        self._no_after = WordSequences(lexicon.after_an_option.no, within_clause=True)
        #: Word sequences that say nothing of the complaint (`Lexicon.asides`).
        self._asides = WordSequences(lexicon.asides)
        self._doubt_after = WordSequences(lexicon.doubt_after)
        #: Word sequences by which the writer says they write for someone else.
        self._on_behalf = WordSequences(lexicon.context.on_behalf)
        #: Words that tell an illness named happened (`ContextCues.had`), and the names.
        self._had = WordSequences(lexicon.context.had)
        self._illnesses = frozenset(plain(fold(w)) for w in lexicon.context.diagnoses)
        #: Words that tell a habit or a medicine is over (`ContextCues.ended`).
        self._ended_before = WordSequences(lexicon.context.ended.before)
        self._ended_after = WordSequences(lexicon.context.ended.after)
        #: (question, option) → how long it counts after stopping (`Option.after_stopping_days`).
        self._after_stopping = {
            (q.id, o.id): o.after_stopping_days
            for q in dialog.questions
            for o in q.options
            if o.after_stopping_days is not None
        }
        #: Words that tell what a past event left behind ("left me with", «осталась»).
        self._left_behind = WordSequences(lexicon.context.left_behind)
        #: Words that make a time next to them a time back ("ago", «назад», "vor").
        self._ago = WordSequences(lexicon.context.ago)
        self._it_was = WordSequences((*lexicon.context.it_was, *lexicon.context.after_all))
        self._until = WordSequences(lexicon.context.until)
        self._another_part = WordSequences(lexicon.context.another_part)
        #: Words for a relative or a person in one's care ("mother", "Vater", «мама»), as
        #: stems: the writer's "my" before one is theirs ("mi madre está preocupada").
        speaker_words = {plain(fold(w)) for w in lexicon.context.speaker}
        in_phrases = {plain(fold(w)) for p in lexicon.named_people if " " in p for w in p.split()}
        self._theirs = frozenset(plain(fold(w)) for w in lexicon.context.theirs)
        self._people = frozenset(
            self._stems.stem(fold(p))
            for p in lexicon.named_people
            if " " not in p and plain(fold(p)) not in speaker_words | in_phrases
        )
        #: Words right after a denied sign that make it the one now: "like this before"
        #: (`ContextCues.like_this`), "wasn't … long" (`ContextCues.not_long`).
        self._this_one = WordSequences((*lexicon.context.like_this, *lexicon.context.not_long))
        self._me_too = WordSequences(lexicon.context.me_too)
        #: "or", "oder", «или»: the words that weigh one answer against another
        self._or = frozenset(plain(fold(w)) for w in lexicon.context.alternatives)
        self._again = WordSequences(lexicon.context.again)
        #: Words that tell a weakness came on gradually (`Lexicon.gradually`).
        self._gradually = WordSequences(lexicon.gradually)
        self._limbs_and_speech = frozenset(
            self._stems.stem(fold(w)) for w in lexicon.limbs_and_speech
        )
        #: The words for the movement itself (`Lexicon.complaint`).
        self._complaint = Vocabulary(lexicon.complaint, self._stems)
        #: The words for the writer's fear (`Lexicon.fears`).
        self._fears = Vocabulary(lexicon.fears, self._stems)
        #: Word sequences that date the complaint from what was told before them.
        self._since_then = WordSequences(lexicon.context.since_then)
        self._stopped = WordSequences(lexicon.context.stopped)
        self._came_back = WordSequences(lexicon.context.came_back)
        #: Words that tell a start ("started", "began"): `ContextCues.began`.
        self._began = WordSequences(lexicon.context.began)
        #: Word sequences that ask what a word means (`Lexicon.meaning`).
        self._meaning = WordSequences(lexicon.meaning, within_clause=True)
        #: Word sequences that look like "not sure" but are not (`not_sure_lookalikes`).
        self._not_unsure = WordSequences(lexicon.not_sure_lookalikes, within_clause=True)
        #: Words that say what a "not sure" doubts (`Lexicon.not_sure_of`).
        self._unsure_of = WordSequences(lexicon.not_sure_of)
        #: Questions answered only by a statement (`Question.stated`).
        self._stated = frozenset(q.id for q in dialog.questions if q.stated)
        #: Questions about danger signs: a doubtful "none of these" is no answer there.
        self._sign_questions = frozenset(q.id for q in dialog.questions if q.signs)
        #: Questions that take one answer: of two named, one may be another answer's word.
        self._single = frozenset(q.id for q in dialog.questions if not q.multiple)
        #: Questions answered by how long ago (`Option.days`): "3 years ago" answers them.
        self._timed = frozenset(q.id for q in dialog.questions if any(o.days for o in q.options))
        #: Options an age chooses (`Option.ages`): (question, option, from, below).
        self._by_age = [
            (q.id, o.id, *o.ages) for q in dialog.questions for o in q.options if o.ages
        ]
        #: Options a medicine taken now chooses (`Option.medicines`): name → (question, option).
        self._by_medicine: dict[str, list[tuple[str, str]]] = {}
        for q in dialog.questions:
            for o in q.options:
                for name in o.medicines:
                    self._by_medicine.setdefault(name, []).append((q.id, o.id))
        #: Danger signs a medicine begun lately can look like (`DangerSign.like_a_new_medicine`).
        self._like_a_new_medicine = [d.id for d in dialog.danger_signs if d.like_a_new_medicine]
        #: An answer's words that tell a danger sign apart from its like (`Option.tells_apart`,
        #: "one of my usual seizures"): the option's found key → the sign.
        self._lookalikes = {
            f"{NAMED}:{q.id}:{o.id}": o.tells_apart
            for q in dialog.questions
            for o in q.options
            if o.tells_apart
        }
        #: Questions that ask when an answer began (`Question.dates`).
        self._dating_questions = [q for q in dialog.questions if q.dates is not None]
        #: Options an age at the start chooses (`Option.began`): (question, option, from, below).
        self._by_onset = [
            (q.id, o.id, *o.began) for q in dialog.questions for o in q.options if o.began
        ]
        #: What has times of its own (`Question.own_time`, and medicines).
        self._own_time = (
            *(f"{ANSWER}:{q.id}:" for q in dialog.questions if q.own_time),
            *(f"{ANSWER}:{q.id}:{o.id}" for q in dialog.questions for o in q.options if o.own_time),
            f"{MEDICINE}:",
            f"{OWN_TIME}:",
            # an answer whose time another question asks: "started new pills a week ago"
            *(f"{ANSWER}:{q.dates.question}:{q.dates.option}" for q in dialog.questions if q.dates),
        )
        #: What dates the complaint before a time told of it: its own times, and a visit.
        self._dated_before = (*self._own_time, f"{VISIT}:")
        #: Questions that ask more about something told before (`Question.follow_up`).
        self._follow_ups = frozenset(q.id for q in dialog.questions if q.follow_up)
        #: Medicine → the questions whose answers it chooses (`Option.medicines`).
        self._routes: dict[str, set[str]] = {}
        for q in dialog.questions:
            for o in q.options:
                for medicine in o.medicines:
                    self._routes.setdefault(medicine, set()).add(q.id)
        #: Answer keys that name whom the consultation is about (`Question.subject`).
        self._subject = tuple(f"{ANSWER}:{q.id}:" for q in dialog.questions if q.subject)
        self._subject_questions = frozenset(q.id for q in dialog.questions if q.subject)
        #: ... and those that name a child ("my son", «у сына»): the youngest age band.
        self._children = tuple(
            f"{ANSWER}:{q.id}:{o.id}"
            for q in dialog.questions
            if q.subject
            for o in q.options
            if o.ages and o.ages[0] == 0
        )
        #: Up to how many days a "how long?" answer is one option from the first day:
        #: a time known only as "at most" answers it below this.
        self._shortest_span = min(
            (
                o.days[1]
                for q in dialog.questions
                if q.how_long
                for o in q.options
                if o.days and o.days[0] == 0
            ),
            default=0,
        )
        #: Danger sign → the question that asks about it alone.
        self._checks = {d.id: d.check for d in dialog.danger_signs if d.check}
        self._check_questions = frozenset(self._checks.values())
        self._witness = WordSequences(lexicon.context.witness, within_clause=True)
        # any word that denies, or is a no of its own ("nein", «нет», "nix")
        self._denying_words = self._negations | {
            plain(fold(p)) for p in lexicon.no if len(typed_words(p)) == 1
        }
        #: Questions that ask when an answer's thing began (`Question.dates`), by the
        #: phrase keys of that answer (and of the medicines that choose it).
        self._dating = [
            (
                q,
                (
                    *(
                        f"{kind}:{q.dates.question}:{q.dates.option}"
                        for kind in (ANSWER, WITH_MEDICINE)
                    ),
                    *(
                        f"{MEDICINE}:{name}"
                        for name, chosen in self._by_medicine.items()
                        if (q.dates.question, q.dates.option) in chosen
                    ),
                ),
            )
            for q in dialog.questions
            if q.dates is not None
        ]

    @staticmethod
    def _keyed(lexicon: Lexicon) -> Iterator[tuple[str, str]]:
        for sign, phrases in lexicon.danger.items():
            yield from ((f"danger:{sign}", p) for p in phrases)
        for sign, phrases in lexicon.suggests.items():
            yield from ((f"{SUGGESTS}:{sign}", p) for p in phrases)
        for sign, phrases in lexicon.denials.items():
            yield from ((f"{DENIAL}:{sign}", p) for p in phrases)
        for sign, phrases in lexicon.lookalikes.items():
            yield from ((f"{LOOKALIKE}:{sign}", p) for p in phrases)
        for sign, phrases in lexicon.needs.items():
            yield from ((f"{NEEDS}:{sign}", p) for p in phrases)
        for kind, answers in (
            (ANSWER, lexicon.answers),
            (WITH_MEDICINE, lexicon.with_medicine),
            (NAMED, lexicon.named),
        ):
            for question, options in answers.items():
                for option, phrases in options.items():
                    yield from ((f"{kind}:{question}:{option}", p) for p in phrases)
        for medicine, phrases in lexicon.medicines.items():
            yield from ((f"{MEDICINE}:{medicine}", p) for p in phrases)
        for concern, phrases in lexicon.concerns.items():
            yield from ((f"{CONCERN}:{concern}", p) for p in phrases)
        for concern, phrases in lexicon.concern_companions.items():
            yield from ((f"{COMPANION}:{concern}", p) for p in phrases)
        yield from ((f"{OWN_TIME}:", p) for p in lexicon.own_time)
        yield from ((f"{VISIT}:", p) for p in lexicon.visits)
        for key, phrases in ((YES, lexicon.yes), (NO, lexicon.no), (NOT_SURE, lexicon.not_sure)):
            yield from ((key, p) for p in phrases)

    def _reply(
        self,
        found: list[Found],
        cues: list[Cue],
        text: Text,
        speaker: frozenset[int],
        answered: frozenset[int],
        present: frozenset[int],
        on_screen: str | None,
        times: frozenset[int],
        taken_back: frozenset[int],
        ignored: frozenset[int] = frozenset(),
    ) -> Reply:
        """The plain yes or no the message replies with, if any.

        A yes or no opens the reply ("no, just my eyelid"); a longer phrase counts
        anywhere. It may also follow what was told of the past, or words that tell
        nothing ("в детстве был припадок, сейчас нет", "bueno, no"): a "был" in such a
        story is its verb, not a yes. A denied yes ("I don't have any") is no answer,
        and a question ("do I have MS?") answers nothing; "yes?" is a reply unsure of
        itself. A yes and a no, each a reply of its own ("not now, but this morning
        yes", "de niño sí, ahora no"), are neither: a danger question is asked again.
        `times`: where each time told begins (a "not" before one takes the time back);
        `taken_back`: the words that take back what was said ("yes.. sorry, I mean no");
        `ignored`: words that tell nothing (a "no" before them is theirs).
        """
        first_clause = text.tokens[0].clause if text.tokens else 0
        named = [f for f in found if f.key.partition(":")[0] in NAMED_THINGS]
        concerns = [f for f in found if f.key.startswith(f"{CONCERN}:")]
        told_in = {
            text.tokens[f.first].clause
            for f in named
            if not f.key.startswith(f"{NAMED}:") or f.key.startswith(f"{NAMED}:{on_screen}:")
        }
        contexts = [(f, context_of(f, cues, text, speaker=speaker, present=present)) for f in named]
        told_before = {
            text.tokens[f.first].clause
            for f, context in contexts
            if context in (Context.HISTORICAL, Context.OTHER_PERSON, Context.HYPOTHETICAL)
        }
        past_told_by = min(
            (f.last for f, context in contexts if context is Context.HISTORICAL), default=None
        )
        # A few words that tell nothing ("bueno,", "la verdad,"): no age, no number.
        said = {text.tokens[f.first].clause for f in found}
        silent = {
            n
            for n, tokens in enumerate(text.ranges)
            if n not in said
            and len(tokens) <= 3
            and not any(text.tokens[i].text[:1].isdigit() for i in tokens)
        }
        polarity: tuple[int, str] | None = None
        opens_reply = hedged = after_the_past = False
        replies: dict[str, set[int]] = {}  # yes, no → the clauses where each is a reply
        replying: list[Found] = []  # each yes or no that is a reply, in order
        # the words of what the message tells, but for answers that are a no themselves
        in_named = {
            i
            for f in named
            if f.key.rpartition(":")[2] not in (*ALONE, NO)
            and (not f.key.startswith(f"{NAMED}:") or f.key.startswith(f"{NAMED}:{on_screen}:"))
            for i in f.tokens
        }
        of_what_follows = self._denials_of_what_follows(found, ignored, cues, text)
        denial: set[int] = set()  # at a danger check, a no that denies an illness named
        of_signs = {i for f in found if f.key.startswith("danger:") for i in f.tokens}
        of_a_link_or_time = self._unsure_of.tokens(text)
        doubts = [
            set(f.tokens)
            for f in found
            if f.key == NOT_SURE and self._names_a_link_or_time(f, of_a_link_or_time, text)
        ]
        # what a statement after a no may tell and still be a reply: anything read but an
        # everyday trigger, which tells of one's life, not of one's signs ("I don't have
        # any droop", "I don't have any of those"; not "I don't get much sleep")
        of_a_reply = ignored | {
            i for f in found if not f.key.startswith(TRIGGERS) for i in f.tokens
        }
        # "don't", "not", "нет": a single word that denies what follows
        negating = {c.first for c in _denying_forward(cues) if c.first == c.last}
        for item in sorted((f for f in found if f.key in (YES, NO)), key=lambda f: f.first):
            if (
                item.key == NO
                and (on_screen is None or on_screen in self._of_danger_signs)
                and item.last in negating
                and self._states_what_follows(item, found, of_a_reply, text)
            ):
                continue  # "I don't have much appetite lately": no reply to the safety check
            if any(set(item.tokens) < doubt for doubt in doubts):
                continue  # the "не" of «не помню, когда началось»: a doubt, no reply
            if len(item.tokens) == 1 and item.first in in_named:
                continue  # "no duermo bien y me tiembla el ojo": the "no" of poor sleep
            if item.key == NO and len(item.tokens) <= 2 and item.last + 1 in of_what_follows:
                continue  # "нет сна нормального, и веко дёргается": the "no" of the sleep
            if (
                item.key == NO
                and len(item.tokens) <= 2
                and (item.last in times or self._before_a_time(item.last, text, times))
            ):
                continue  # "eher 5 wochen, nicht 3", "not since monday": the no takes back a time
            clause = text.tokens[item.first].clause
            if item.key == YES and len(item.tokens) == 1 and clause in told_before:
                continue
            if item.key == NO and any(
                f.first > item.last and text.tokens[f.first].clause == clause for f in concerns
            ):
                continue  # "no chest pain, just my cheek": denies what no question asks
            if (
                item.key == NO
                and on_screen in self._of_danger_signs
                and self._denies_an_illness(item, of_signs, text)
            ):
                denial.update(item.tokens)
                continue  # «паралича Белла не было» at the safety check denies that palsy only
            if item.key == YES and denial.issuperset(item.tokens):
                continue  # the «было» of that «не было»
            context = context_of(
                item, cues, text, speaker=speaker, answered=answered, present=present
            )
            denied_yes = item.key == YES and context is Context.NEGATED
            if self._a_reply(item, clause, text, told_in, found) and not denied_yes:
                replies.setdefault(item.key, set()).add(clause)
                replying.append(item)
            if polarity is not None:
                continue
            opening = clause == first_clause or set(range(first_clause, clause)) <= (
                told_before | silent
            )
            # A yes or no opens the reply near the start or at the end of its clause ("pues
            # no", "la cara no"); inside a statement it is part of what is told: the "no"
            # of "me tiembla el ojo y no duermo bien" tells of sleep (a story's no, which
            # answers no safety check), though "к врачу еще не ходила" is still a no.
            words = text.ranges[clause]
            said_before = [i for i in range(words.start, item.first) if long_word(text, i)]
            of_oneself = any(words.start <= i < item.first for i in speaker)  # "у меня нет сил"
            inside = (len(said_before) > OPENING_WORDS or of_oneself) and item.last < words[-1]
            asked = text.clauses[clause].question
            if asked and len(text.ranges[clause]) <= len(item.tokens) + 1:
                hedged = True  # "yes?", "no??"
            if (opening or len(item.tokens) > 1) and not asked and not denied_yes:
                polarity, opens_reply = (item.first, item.key), opening and not inside
                after_the_past = past_told_by is not None and past_told_by < item.first
        yes, no = replies.get(YES, set()), replies.get(NO, set())
        corrected = self._corrected(replying, text, taken_back)
        if corrected is not None:  # "yes.. no sorry, i mean no"
            return Reply(corrected, True, False)
        apart = self._told_apart_from_another(
            replying, [f for f in found if f.key in (YES, NO)], cues, text, speaker, on_screen
        )
        if apart is not None:  # "mein Mann ja, ich nicht"
            return apart
        if yes and no and yes != no:
            return Reply(None, False, True)
        return Reply(polarity[1] if polarity else None, opens_reply, hedged, after_the_past)

    def _told_apart_from_another(
        self,
        replying: list[Found],
        said: list[Found],
        cues: list[Cue],
        text: Text,
        speaker: frozenset[int],
        on_screen: str | None,
    ) -> Reply | None:
        """The writer's own yes or no told beside another person's ("a mi padre sí le
        pasó, a mí no", «у отца такое было, а у меня нет», "my dad's face drooped once
        but not mine"): the writer's is the reply, and the other person's is kept for a
        carer who writes for them. Each yes or no belongs to the nearest person named
        before it. A witness's account ("mi mujer dice que sí, yo no lo noto") stays as
        it is read, and so does a person's bare yes at a danger sign's check beside the
        writer's no ("mein Mann ja, ich nicht" to "has anyone seen your face droop?" may
        be what he saw). `replying`: the yes and no that reply; `said`: every yes and no,
        where another person's may stand inside what is told of them ("a mi padre sí le
        pasó")."""
        if self._witness.tokens(text):
            return None
        people = frozenset(i for i in range(len(text.tokens)) if self._names_a_person(i, text))
        named = _of_other_people(cues) | people  # by words for another person, or a name
        own: set[str] = set()
        theirs: set[str] = set()
        for item in replying:
            whose = self._whose(item.last, text, speaker, named)
            if whose is None:
                return None
            (own if whose == "writer" else theirs).add(item.key)
        theirs.update(
            item.key for item in said if self._whose(item.last, text, speaker, named) == "other"
        )
        writer = frozenset(
            i for i in speaker if i + 1 not in named
        )  # not the "mein" of "mein Mann"
        if self._denied_of_oneself(cues, text, writer):
            own.add(NO)  # "ich nicht", "but not mine"
        if len(own) != 1 or len(theirs) > 1 or not named:
            return None
        if own == {NO} and on_screen in self._check_questions and _bare_of_another(text, people):
            return None  # "mein Mann ja, ich nicht": maybe a witness's yes
        return Reply(own.pop(), True, False, of_writer=True, others=next(iter(theirs), None))

    @staticmethod
    def _whose(at: int, text: Text, speaker: frozenset[int], named: frozenset[int]) -> str | None:
        """Whose yes or no the word at `at` is: the writer's or another person's
        (`named`), by the nearest of them named before it in its sentence ("a mi padre sí
        le pasó, a mí no"); None where nobody is named."""
        sentence = text.tokens[at].sentence
        for i in range(at, -1, -1):
            if text.tokens[i].sentence != sentence:
                return None
            if i in speaker:
                return "writer"
            if i in named:
                return "other"
        return None

    def _weighed(
        self,
        answer_words: dict[tuple[str, str], list[frozenset[int]]],
        text: Text,
        not_sure: bool,
    ) -> frozenset[str]:
        """The questions an "or" stands between two answers of, with a doubt told ("left
        or both, not sure", "links, oder beide", "no sé si está peor o igual"), not inside
        an answer's own words ("más o menos igual, va y viene"). The same "or" before each
        answer is a doubt of its own: «то ли левый, то ли правый», «или левый, или
        правый», "o el izquierdo o el derecho"; not "neither … nor" («ни левый, ни
        правый»), which denies both."""
        words: dict[str, dict[str, set[int]]] = {}
        for (question, option), places in answer_words.items():
            words.setdefault(question, {}).setdefault(option, set()).update(*places)
        weighed: set[str] = set()
        for question, options in words.items():
            if len(options) < 2:
                continue
            own = set().union(*options.values())
            for at in range(len(text.tokens)):
                said = plain(text.tokens[at].text)
                if said not in self._or or at in own:
                    continue
                before = [o for o, tokens in options.items() if min(tokens) < at]
                after = [o for o, tokens in options.items() if max(tokens) > at]
                if not any(a != b for a in before for b in after):
                    continue
                first = min(min(options[o]) for o in before)
                opening = range(text.ranges[text.tokens[first].clause].start, first)
                doubled = said not in self._negations and any(
                    plain(text.tokens[i].text) == said for i in opening
                )
                if not_sure or doubled:
                    weighed.add(question)
        return frozenset(weighed)

    def _weighed_times(
        self, durations: list[Duration], text: Text, not_sure: bool
    ) -> tuple[int, ...]:
        """Two lengths of time side by side with an "or" between them and a doubt: "no sé
        si una semana o un mes", "either 2 weeks or 2 months, not sure", "o una semana o un
        mes" (the same "or" before each is a doubt of its own). Not "2 weeks, maybe 3"
        (no "or"), nor an "or" far from the times ("9 days … 5 or 6 cans a day")."""
        told = sorted(durations, key=lambda d: d.first)
        for first, then in pairwise(told):
            between = [plain(t.text) for t in text.tokens[first.last + 1 : then.first]]
            if len(between) > _WEIGHED_GAP or not self._or.intersection(between):
                continue
            if text.tokens[first.first].sentence != text.tokens[then.first].sentence:
                continue
            opening = text.tokens[max(0, first.first - 2) : first.first]
            doubled = any(plain(t.text) in self._or.intersection(between) for t in opening)
            if (not_sure or doubled) and first.days != then.days:
                return (first.days, then.days)
        return ()

    def _names_a_person(self, at: int, text: Text) -> bool:
        """Whether the word at `at` names a person ("Mann", «отца»), and is no negation
        of the same stem ("nicht", as "Nichte")."""
        if at >= len(text.tokens):
            return False
        token = text.tokens[at]
        return token.stem in self._people and plain(token.text) not in self._negations

    @staticmethod
    def _denied_of_oneself(cues: list[Cue], text: Text, speaker: frozenset[int]) -> bool:
        """Whether a clause of at most four words only denies of the writer: "ich
        nicht", "ich aber nicht", "but not mine", "pero yo no"."""
        for cue in cues:
            if cue.context is not Context.NEGATED or cue.first != cue.last:
                continue
            words = text.ranges[text.tokens[cue.first].clause]
            if len(words) <= _DENIAL_OF_ONESELF and any(i in speaker for i in words):
                return True
        return False

    @staticmethod
    def _denials_of_what_follows(
        found: list[Found], ignored: frozenset[int], cues: list[Cue], text: Text
    ) -> frozenset[int]:
        """Where a "no" denies what is told right after it in its clause, an answer to a
        question or words that tell nothing ("нет сна нормального", "I don't sleep well",
        "no duermo bien"): a story's no, not a reply to the question on screen; the
        token after such a no. Only a negation that reaches forward does ("nope, eyelid's
        fine" is a reply). Worked out once per message: a message may hold thousands."""
        forward = {i for c in _denying_forward(cues) for i in range(c.first, c.last + 1)}
        # a thing of the story, not a spot of the face ("no my eyelids are fine" is a
        # reply), or a denial it turns round ("no respiro bien": breathing is not fine)
        things = ignored | {
            f.first
            for f in found
            if (
                f.key.startswith(f"{ANSWER}:")
                and not f.key.startswith(LOCATION)
                and f.key.rpartition(":")[2] not in (*ALONE, NO)
            )
            or f.key.startswith(f"{DENIAL}:")
        }
        tokens = text.tokens
        return frozenset(
            i
            for i in things
            if i > 0 and i - 1 in forward and tokens[i].clause == tokens[i - 1].clause
        )

    @staticmethod
    def _states_what_follows(
        item: Found, found: list[Found], of_a_reply: frozenset[int], text: Text
    ) -> bool:
        """Whether a no of several words that ends in a negation ("I don't", "it doesn't")
        goes on, in its clause, into a statement of nothing read but an everyday trigger
        ("I don't have much appetite lately", "it doesn't hurt", "I don't drink coffee"):
        the no of that statement, no reply to a danger check (a safety review: the
        appetite's no answered "None of these"). "I don't.", "I don't have any droop",
        "да нет вроде" (a reply word first) and a plain "no …" reply."""
        if len(item.tokens) < 2 or any(
            f.key in (YES, NO) and f.tokens == (item.first,) for f in found
        ):
            return False
        words = text.ranges[text.tokens[item.first].clause]
        rest = range(item.last + 1, words[-1] + 1)
        return (
            bool(rest)
            and not any(i in of_a_reply for i in rest)
            and any(long_word(text, i) for i in rest)
        )

    def _before_a_time(self, at: int, text: Text, times: frozenset[int]) -> bool:
        """Whether a number or a time follows the word at `at` in its clause: "not 3",
        "nicht seit Montag" take back a time (but "no one has told me" is a no)."""
        tokens = text.tokens
        after = at + 1
        return (
            after < len(tokens)
            and tokens[after].clause == tokens[at].clause
            and (after in times or self._durations.whole_number(tokens[after].text) is not None)
        )

    def _denied_time(self, duration: Duration, text: Text) -> bool:
        """Whether a negation stands right before a time ("not since Monday"), or before a
        word of `ContextCues.time_denied_by` right before it ("no son 3 días")."""
        before = duration.first - 1
        if before > 0 and plain(text.tokens[before].text) in self._time_denied_by:
            before -= 1
        return (
            before >= 0
            and text.tokens[before].clause == text.tokens[duration.first].clause
            and plain(text.tokens[before].text) in self._negations
        )

    def _all_but(
        self,
        on_screen: str | None,
        answers: dict[str, list[str]],
        said_at: dict[tuple[str, str], int],
        text: Text,
    ) -> None:
        """ "all except alcohol", «всё кроме алкоголя», "alles außer Alkohol" at a
        choose-all question: every answer but those named after (`Lexicon.all_but`)."""
        if on_screen is None or on_screen not in self._multiple:
            return
        said = self._all_but_words.tokens(text)
        if not said:
            return
        start = min(said)
        excluded = {o for (q, o), at in said_at.items() if q == on_screen and at > start}
        if not excluded:
            return  # "all except stress" where stress is no answer: nothing is chosen
        question = self.dialog.question(on_screen)
        answers[on_screen] = [
            o.id
            for o in question.options
            if o.id not in ALONE and not o.danger and o.id not in excluded
        ]
        for (other, option), at in said_at.items():  # what is left out answers nothing else
            if other != on_screen and at > start and option in answers.get(other, ()):
                answers[other].remove(option)

    def _yes_or_no_after_an_option(
        self,
        on_screen: str | None,
        found: list[Found],
        answers: dict[str, list[str]],
        denied: dict[str, list[str]],
        text: Text,
    ) -> None:
        """ "red eye no, light yes", "light yes red no", «свет да, покраснения нет», "el ojo
        no, la boca sí", "rot nein, Licht ja": at a question with options on screen, each
        option followed by a plain yes or no (`Lexicon.after_an_option`) takes it, where
        every option named in that clause has one ("coffee no sleep" is coffee and no
        sleep). Only there: a "no" read backwards anywhere would deny the next clause's
        signs ("her face drooped no joke"), and a danger sign is never denied this way."""
        if on_screen is None or on_screen in self._of_danger_signs:
            return
        yes, no = self._yes_after.tokens(text), self._no_after.tokens(text)
        if not yes and not no:
            return
        joined = (
            {i for i, t in enumerate(text.tokens) if plain(t.text) in self._conjunctions} - yes - no
        )
        options: list[Found] = []  # the options named, the longest where they overlap
        for item in sorted(found, key=lambda f: (-len(f.tokens), f.first)):
            kind, _, rest = item.key.partition(":")
            question, _, option = rest.partition(":")
            if (
                kind in (ANSWER, NAMED)
                and question == on_screen
                and option not in (*ALONE, YES, NO)
                and not any(item.first <= o.last and o.first <= item.last for o in options)
            ):
                options.append(item)
        options.sort(key=lambda f: f.first)
        by_clause: dict[int, list[Found]] = {}
        for item in options:
            by_clause.setdefault(text.tokens[item.first].clause, []).append(item)
        for clause, named in by_clause.items():
            ends = [*(item.first for item in named[1:]), text.ranges[clause][-1] + 1]
            # the words after each option up to the next, but for an "and"; an option's
            # own words may end in its yes ("light yes", a phrase of its own), never in a
            # no that is its meaning ("то есть, то нет", "un día sí y otro no")
            after = [set(range(i.last + 1, e)) for i, e in zip(named, ends, strict=True)]
            words = [w - joined for w in after]
            said = [
                YES if (w or {i.last}) <= yes else NO if w and w <= no else None
                for i, w in zip(named, words, strict=True)
            ]
            # "el ojo se cierra y la boca no": an option told as a statement before an "and"
            # is kept as told; the last one must have its yes or no ("coffee no sleep")
            as_told = [
                n < len(named) - 1 and not w and a != w
                for n, (a, w) in enumerate(zip(after, words, strict=True))
            ]
            if len({i.key for i in named}) < len(named) or any(
                s is None and not t for s, t in zip(said, as_told, strict=True)
            ):
                continue  # "a ratos sí, a ratos no": one option, both ways, is how it goes
            for item, reply, told in zip(named, said, as_told, strict=True):
                if told:
                    continue
                option = item.key.rpartition(":")[2]
                chosen = answers.setdefault(on_screen, [])
                if reply == YES and option in denied.get(on_screen, ()):
                    # the "no" before it was the option before's: "red eye no light yes"
                    denied[on_screen].remove(option)
                elif reply == NO and option in chosen:
                    chosen.remove(option)
                target = chosen if reply == YES else denied.setdefault(on_screen, [])
                if option not in target:
                    target.append(option)
        if not answers.get(on_screen, True):
            del answers[on_screen]

    def _witnessed(self, on_screen: str | None, text: Text) -> frozenset[int]:
        """The words of a witness's account that tell a danger sign at its own check: "my
        wife says my mouth looked crooked", «по словам мужа, минут пять была без сознания»,
        "mi mujer dice que sí" — the answer, no doubt to be asked about again. A witness's
        no stays a doubt, and so does a yes beside a no ("she says no", "not that I noticed",
        "ich hab nix gemerkt, aber sie sagt ja": asked again; GUIDANCE: who cannot rule a sign
        out is not walked past it)."""
        if on_screen not in self._check_questions or any(
            plain(t.text) in self._denying_words for t in text.tokens
        ):
            return frozenset()
        return self._witness.tokens(text)

    @staticmethod
    def _answers_on_screen(signs: list[Found], found: list[Found], on_screen: str | None) -> bool:
        """Whether the words of `signs` answer the question on screen as well."""
        words = {i for sign in signs for i in sign.tokens}
        return on_screen is not None and any(
            f.key.startswith((f"{ANSWER}:{on_screen}:", f"{NAMED}:{on_screen}:"))
            and words.intersection(f.tokens)
            for f in found
        )

    def _time_taken_back(
        self,
        durations: list[Duration],
        taken_back: frozenset[int],
        text: Text,
        today: date | None = None,
    ) -> list[Duration]:
        """The times told after taking back an earlier one first ("3 weeks, sorry, 3
        months", "неделю, ой нет, уже три недели"); a number alone after it keeps the
        unit it puts right ("three weeks, actually no, more like five": five weeks)."""
        cuts = [c for c in taken_back if any(d.last < c for d in durations)]
        if not cuts:
            return durations
        later = [d for d in durations if d.first > max(cuts)]
        if not later:
            corrected = max((d for d in durations if d.last < max(cuts)), key=lambda d: d.last)
            retold = self._durations.retold(text, corrected, max(cuts) + 1, today)
            later = [retold] if retold is not None else []
        return [*later, *(d for d in durations if d not in later)]

    def _taken_back(self, text: Text, found: list[Found]) -> frozenset[int]:
        """The words that take back what was just said (`Lexicon.corrections`), but for
        those inside an answer's own words: «то есть, то нет» comes and goes."""
        inside = {i for f in found if f.key.startswith(f"{ANSWER}:") for i in f.tokens}
        return self._corrections.tokens(text) - inside

    @staticmethod
    def _corrected(replying: list[Found], text: Text, taken_back: frozenset[int]) -> str | None:
        """The yes or no a reply ends on after taking back what it said first ("yes sorry
        i mean no", "да, ой нет, нет"), if it does."""
        if not taken_back or not replying:
            return None
        cut = max(taken_back)
        before = [r for r in replying if r.last < min(taken_back)]
        after = [r for r in replying if r.first > cut]
        return after[0].key if before and after else None

    @staticmethod
    def _asks_meaning(item: Found, cue: frozenset[int], text: Text) -> bool:
        """Whether `item` is the word a short question asks the meaning of ("what is
        synkinesis?", "что такое паралич Белла?"), not a symptom told in a longer one
        ("what is this twitching in my left eye")."""
        clause = text.tokens[item.first].clause
        # before the word asked about, whose short words do not count ("а что значит
        # группа Б?": its "а" is no "группа А")
        words = [i for i in item.tokens if len(text.tokens[i].text) > SHORT_WORD] or [item.first]
        before = {i for i in cue if i < min(words) and text.tokens[i].clause == clause}
        extra = [
            i
            for i in text.ranges[clause]
            if i not in before and i not in item.tokens and len(text.tokens[i].text) > SHORT_WORD
        ]
        return bool(before) and len(extra) <= 1

    @staticmethod
    def _a_reply(
        item: Found, clause: int, text: Text, told_in: set[int], found: list[Found]
    ) -> bool:
        """Whether a yes or no stands as a reply of its own: at an edge of a clause that
        tells nothing else ("ahora no", "а утром было"), not inside a longer phrase of the
        other kind ("не было"), nor in the middle of a statement ("лицо всегда было
        нормальное")."""
        tokens = text.ranges[clause]
        at_edge = item.first == tokens[0] or item.last == tokens[-1]
        inside = any(
            other.key in (YES, NO)
            and other.key != item.key
            and len(other.tokens) > len(item.tokens)
            and set(item.tokens) < set(other.tokens)
            for other in found
        )
        return at_edge and not inside and clause not in told_in

    def _denies_an_illness(self, item: Found, of_signs: set[int], text: Text) -> bool:
        """Whether a no names an illness beside it in its clause, not a danger sign:
        «паралича Белла не было», "never had a tumour", "nunca tuve un tumor" deny that
        illness, not the signs a danger check asks about."""
        words = text.ranges[text.tokens[item.first].clause]
        beside = (*range(words.start, item.first), *range(item.last + 1, item.last + 4))
        return any(
            i in words and i not in of_signs and self._cues.names_an_illness((i, i), text)
            for i in beside
        )

    def _there_after_all(
        self, found: list[Found], dangers: dict[str, Context], text: Text
    ) -> dict[str, Context]:
        """Signs denied and then told, later in the same sentence or the next, to have come
        after all. Told to have been there before ("my face isn't drooping now but it was at
        lunchtime for half an hour", `ContextCues.it_was`), or a little after all ("no
        droop... well, a little on the left", `ContextCues.after_all`), they are asked about; told
        to have come at a recent time ("never had a fit until this morning",
        `ContextCues.until`), compared right after with one now ("never had a fit like this
        before", `ContextCues.like_this`) or denied only in how long they lasted ("I wasn't
        unconscious long", `ContextCues.not_long`), they are taken; and so are those told,
        right after, of another limb or the other side ("my arm isn't numb but my leg is",
        `ContextCues.another_part`). Never denied."""
        was, until = self._it_was.tokens(text), self._until.tokens(text)
        like = self._this_one.tokens(text)
        part = self._another_part.tokens(text)
        if not (was or until or like or part):
            return {}
        came: dict[str, Context] = {}
        for item in found:
            kind, _, sign = item.key.partition(":")
            # a denial's sign too: "hängt nicht – na ja, vielleicht ein bisschen"
            if kind not in (DANGER, DENIAL) or dangers.get(sign) not in _NOT_TAKEN:
                continue
            last = text.tokens[item.last]
            if (
                (
                    kind == DANGER
                    and dangers[sign] is Context.NEGATED
                    and self._of_another_part(item, found, part, text)
                )
                or any(text.tokens[i].sentence == last.sentence and i > item.last for i in until)
                or any(
                    item.last < i <= item.last + _RIGHT_AFTER
                    and text.tokens[i].clause == last.clause
                    for i in like
                )
            ):
                came[sign] = Context.AFFIRMED
            elif dangers[sign] is Context.NEGATED and any(
                text.tokens[i].clause > last.clause
                and text.tokens[i].sentence in (last.sentence, last.sentence + 1)
                for i in was
            ):
                came.setdefault(sign, Context.POSSIBLE)
        return came

    def _of_another_part(
        self, sign: Found, found: list[Found], part: frozenset[int], text: Text
    ) -> bool:
        """Whether the clause right after the denied `sign`, in its sentence, tells the
        sign of another limb or of the other side, and only that: a few words, a limb not
        the sign's own or a side, closed by a word of `ContextCues.another_part` ("but my
        leg is", "der linke schon", «а нога да»; not "my leg is fine"), no negation and no
        sign of its own."""
        tokens = text.tokens
        after = tokens[max(sign.tokens)].clause + 1
        if after >= len(text.clauses) or text.clauses[after].sentence != tokens[sign.last].sentence:
            return False
        words = text.ranges[after]
        own = {tokens[i].stem for i in sign.tokens}
        limb = any(
            tokens[i].stem in self._limbs_and_speech and tokens[i].stem not in own for i in words
        )
        side = any(f.key.startswith(SIDE) and f.first in words for f in found)
        return (
            len(words) <= _SHORT_CLAUSE
            and (limb or side)
            and words[-1] in part  # "but my leg is", not "but my leg is fine"
            and not any(plain(tokens[i].text) in self._negations for i in words)
            and not any(f.key.startswith(f"{DANGER}:") and f.first in words for f in found)
        )

    def _come_again(
        self,
        found: list[Found],
        dangers: dict[str, Context],
        cues: list[Cue],
        speaker: frozenset[int],
        present: frozenset[int],
        text: Text,
    ) -> dict[str, Context]:
        """Signs told of the past that the writer says came again, later in the same
        sentence or the next and naming nothing new: "as a kid I had fits and today I had
        one again", «в детстве был припадок, а сегодня опять» tell of a seizure now;
        "…, never again" and "…, what if it comes again?" do not (`ContextCues.again`,
        read in the context of where it is said)."""
        said = self._again.tokens(text)
        if not said:
            return {}
        # what is named, but for the words that tell when ("de adolescente") or "again"
        # ("wieder einen" tells no course): no new thing
        told_when = cue_tokens(cues) | said
        named = [
            f.first
            for f in found
            if f.key.partition(":")[0] in NAMED_THINGS - {NAMED}
            and not told_when.intersection(f.tokens)
        ]
        again: dict[str, Context] = {}
        for item in found:
            kind, _, sign = item.key.partition(":")
            if kind != DANGER or dangers.get(sign) is not Context.HISTORICAL:
                continue
            sentence = text.tokens[item.last].sentence
            for at in sorted(said):
                if at <= item.last or text.tokens[at].sentence not in (sentence, sentence + 1):
                    continue
                clause = text.tokens[at].clause
                words = text.ranges[clause]
                if any(item.last < i < words.stop for i in named):
                    break  # "had a fit as a child, now my eye twitches again": the twitch's
                if text.clauses[clause].question or any(
                    c.context in _NOT_NOW and item.last < c.first < words.stop for c in cues
                ):
                    break  # "…, I'm scared it happens again", «…, боюсь, что опять будет»
                # told as now ("today", «сегодня», "esta mañana"): "again in 2019" is not
                now = present.intersection(range(item.last + 1, at + 1)) - said
                if not now:
                    break
                # what is said after "now" to "again", where the past no longer reaches
                told = tuple(range(max(now) + 1, at + 1))
                context = context_of(
                    Found("", told), cues, text, own_cues=True, speaker=speaker, present=present
                )
                if context is Context.AFFIRMED:
                    again[sign] = context
                break
        return again

    def _the_writers_too(
        self,
        found: list[Found],
        dangers: dict[str, Context],
        cues: list[Cue],
        speaker: frozenset[int],
        present: frozenset[int],
        text: Text,
    ) -> dict[str, Context]:
        """Another person's signs the writer then says they had as well, naming nothing
        new: "my mum has seizures and today I had one too" tells of the writer's seizure
        today; "…, I had one too in 2019" of one in the past, "…, I'm scared I'll get one
        too" of a fear (`ContextCues.me_too`, read in the context of where it is said)."""
        said = self._me_too.tokens(text)
        if not said:
            return {}
        named = [f.first for f in found if f.key.partition(":")[0] in NAMED_THINGS - {NAMED}]
        theirs: dict[str, Context] = {}
        for item in found:
            kind, _, sign = item.key.partition(":")
            if kind != DANGER or dangers.get(sign) is not Context.OTHER_PERSON:
                continue
            sentence = text.tokens[item.last].sentence
            for too in sorted(said):
                if too <= item.last or text.tokens[too].sentence != sentence:
                    continue
                me = [i for i in speaker if item.last < i < too]
                if not me or any(min(me) <= i <= too for i in named):
                    continue  # "…, I also have a twitch" names its own
                if text.clauses[text.tokens[too].clause].question or any(
                    c.context is Context.HYPOTHETICAL and item.last < c.first < too for c in cues
                ):
                    break  # "…, will I get one too?", «…, боюсь, что и у меня тоже будет»
                # what the writer says there: "…, I'm scared I'll get one too", "ich hab
                # auch Angst davor" tell a fear
                told = tuple(range(min(me), text.ranges[text.tokens[too].clause].stop))
                context = context_of(
                    Found("", told), cues, text, own_cues=True, speaker=speaker, present=present
                )
                if context.current:
                    theirs[sign] = context
                break
        return theirs

    @staticmethod
    def _before_a_time_ago(at: int, past: set[int], text: Text) -> bool:
        """Whether the number at `at` begins a time of the past ("маме 2 года назад"):
        then it is no age."""
        after = at + 1
        return (
            after in past
            and after < len(text.tokens)
            and text.tokens[after].clause == text.tokens[at].clause
        )

    def _told_inside(self, text: Text, timed: frozenset[int]) -> tuple[frozenset[int], list[int]]:
        """The clauses told inside another, between commas, of when, where or how: only a
        time ("my arm was, on Sunday for ten minutes, completely numb") or opened by a word
        of `Lexicon.circumstances` ("my face, when I looked in the mirror, was drooping"),
        short and with the same sentence going on after them. Their tokens, and each
        token's clause for a danger sign's phrase, the clauses around them made one: a
        sign is not missed for what is told inside it."""
        tokens = text.tokens
        clauses = [token.clause for token in tokens]
        inserted: set[int] = set()
        ranges = text.ranges
        for k in range(1, len(ranges) - 1):
            words = ranges[k]
            before, after = ranges[k - 1], ranges[k + 1]
            if not words or not before or not after or len(words) > INSIDE_WORDS:
                continue
            sentence = tokens[words[0]].sentence
            if tokens[before[0]].sentence != sentence or tokens[after[0]].sentence != sentence:
                continue
            opens = plain(tokens[words[0]].text) in self._circumstances
            if not (opens or all(i in timed for i in words)):
                continue
            inserted.update(words)
            outer = clauses[before[-1]]
            for i in after:  # its own words are no part of the sign around it
                clauses[i] = outer
        return frozenset(inserted), clauses

    def _standing_for(
        self, text: Text, on_screen: str | None, taken: frozenset[int]
    ) -> dict[int, tuple[Token, ...]]:
        """Each pronoun of `Lexicon.pronouns` in a clause that names no part of the body →
        the parts it can stand for in the last clause that names one, if that is one of
        the two clauses before: people name the face, then tell what it did ("his face
        looked odd, it sagged on the left", "my face is fine now but an hour ago it
        dropped", «лицо странное было, оно съехало»). A question's pronoun asks about what
        was told and tells nothing: "Auge zuckt, hängt es mit Kaffee zusammen?". So does
        the word that opens what a part does instead, after a clause that denies something
        of it (`ContextCues.instead`): «рука не онемела, а ослабла» is an arm gone weak.
        Where no part was named before, that word stands for the parts the danger check on
        screen asks about (`Lexicon.parts_asked`): "no, not numb, but weak" answers "has an
        arm or leg felt weak or numb?". `taken`: words that are no part (a number)."""
        standing_for: dict[int, tuple[Token, ...]] = {}
        named: tuple[Token, ...] = ()
        named_in = -1
        for k, words in enumerate(text.ranges):
            parts = tuple(
                text.tokens[i]
                for i in words
                if i not in taken and self._names_one_of(self._body_parts, text.tokens[i])
            )
            if parts:  # "my arm is fine, my foot fell asleep": the clause names its own
                named, named_in = parts, k
                continue
            asked = self._parts_asked.get(on_screen or "", ())
            if named_in < 0 and asked and self._opens_a_contrast(text, k, denies_a_word=True):
                standing_for[words[0]] = asked  # "no, not numb, but weak" at the stroke check
                continue
            if k - named_in > 2 or text.clauses[k].question:  # "hängt das zusammen?" asks
                continue
            if k == named_in + 1 and self._opens_a_contrast(text, k):
                standing_for[words[0]] = named  # "my arm is not numb but weak"
                continue
            for i in words:
                can_be = self._pronouns.get(plain(text.tokens[i].text))
                points_to = tuple(t for t in named if can_be and self._names_one_of(can_be, t))
                if points_to:
                    standing_for[i] = points_to
        return standing_for

    def _an_illness_they_had(self, item: Found, present: frozenset[int], text: Text) -> bool:
        """Whether a danger sign found is only an illness's name (`ContextCues.diagnoses`)
        told as one that happened (`ContextCues.had`), with no time of now in its clause:
        "my mum had a stroke", "mi padre murió de un ictus". "My husband had a stroke this
        morning", "my wife just had a stroke" and "his face drooped" are not."""
        words = text.ranges[text.tokens[item.first].clause]
        had = self._had.tokens(text)
        names = [i for i in item.tokens if plain(text.tokens[i].text) in self._illnesses]
        return (
            bool(names)
            and all(i in names or i in had or not long_word(text, i) for i in item.tokens)
            and any(i in had for i in words)
            and not any(i in present for i in words)
        )

    def _over(
        self, question: str, option: str, item: Found, durations: list[Duration], text: Text
    ) -> bool:
        """Whether an answer that counts only a while after stopping
        (`Option.after_stopping_days`) is told as over (`ContextCues.ended`): by a word
        before it in its clause ("I used to drink a bottle a day"), or after it there or
        opening the next clause of its sentence ("was on omeprazole, stopped last year").
        A stop told with a time within that while still counts: "I stopped drinking 2 days
        ago after years of heavy drinking" still drinks a lot, for the body."""
        days = self._after_stopping.get((question, option))
        if days is None:
            return False
        clause = text.tokens[item.first].clause
        sentence = text.tokens[item.first].sentence
        before = self._ended_before.tokens(text)
        after = self._ended_after.tokens(text)
        following = text.ranges[clause + 1] if clause + 1 < len(text.ranges) else range(0)
        told_over = (
            any(i in before for i in range(text.ranges[clause].start, item.first))
            or any(i in after for i in range(item.last + 1, text.ranges[clause].stop))
            or any(i in after and text.tokens[i].sentence == sentence for i in following[:2])
        )
        # (a time inside the answer's own words is a rate: "a bottle of vodka a day")
        inside = range(min(item.tokens), max(item.tokens) + 1)
        return told_over and not any(
            d.days <= days and text.tokens[d.first].sentence == sentence and d.first not in inside
            for d in durations
        )

    def _measured(
        self,
        item: Found,
        cues: list[Cue],
        text: Text,
        speaker: frozenset[int],
        answered: frozenset[int],
        present: frozenset[int],
    ) -> Context:
        """The context of a danger sign told at its own check and read as possible: without
        the words that only measure it (`ContextCues.degree`), it is the sign ("a bit, my
        smile was slightly lopsided" answers "has your face drooped?"); a doubt anywhere in
        the reply leaves it possible ("kind of, a bit droopy", "I think it was a bit
        lopsided")."""
        measuring = self._degree.tokens(text)
        doubts = [c for c in cues if c.context is Context.POSSIBLE]
        if not all(measuring.issuperset(range(c.first, c.last + 1)) for c in doubts):
            return Context.POSSIBLE
        undoubted = [c for c in cues if c not in doubts]
        return context_of(
            item, undoubted, text, speaker=speaker, answered=answered, present=present
        )

    def _asked_part(self, word: str) -> Token:
        """A part a danger check asks about (`Lexicon.parts_asked`), as a word of no clause
        that a word of the reply may stand for."""
        folded = fold(word)
        stems = self._stems.variants(folded)
        return Token(folded, stems[0], stems, start=-1, clause=-1, sentence=-1, segment=-1)

    def _of_the_check(
        self,
        found: list[Found],
        standing_for: Mapping[int, tuple[Token, ...]],
        on_screen: str | None,
    ) -> list[Found]:
        """The phrases found, but for those told of a part the check on screen asks about
        (`_standing_for`) that are not one of its own danger signs: "no, not weak, just
        jerking" at the stroke check tells of no jerking arm."""
        own = {f"{DANGER}:{sign}" for sign in self._signs_asked.get(on_screen or "", ())}

        def of_the_question(item: Found) -> bool:
            return any(t.clause < 0 for i in item.tokens for t in standing_for.get(i, ()))

        return [f for f in found if f.key in own or not of_the_question(f)]

    def _without_measures_of_another(self, found: list[Found], text: Text) -> list[Found]:
        """The phrases found, but for an answer made only of words that measure
        (`ContextCues.degree`) right before another thing read in its clause: «немного
        устала, а так нет» at the breathing check measures the tiredness and is no "yes"
        ("немного, губы покалывает" still is)."""
        measuring = self._degree.tokens(text)
        if not measuring:
            return found
        begins = {f.first for f in found if f.key.partition(":")[0] in (ANSWER, CONCERN)}

        def measures_another(item: Found) -> bool:
            after = item.last + 1
            return (
                item.key.startswith((f"{ANSWER}:", f"{NAMED}:"))
                and measuring.issuperset(item.tokens)
                and after in begins
                and text.tokens[after].clause == text.tokens[item.last].clause
            )

        return [f for f in found if not measures_another(f)]

    def _opens_a_contrast(self, text: Text, clause: int, denies_a_word: bool = False) -> bool:
        """Whether `clause` opens with a word of `ContextCues.instead` after a clause that
        denies something: "(my arm is) not numb, but weak", «не онемела, а ослабла».
        `denies_a_word`: the denial holds a word besides its negations ("not numb"; a bare
        "no, just tired" denies nothing the contrast could be told of)."""
        words = text.ranges[clause]
        if clause == 0 or not words or plain(text.tokens[words[0]].text) not in self._instead:
            return False
        before = [plain(text.tokens[i].text) in self._negations for i in text.ranges[clause - 1]]
        return any(before) and (not denies_a_word or not all(before))

    @staticmethod
    def _names_one_of(parts: frozenset[str], token: Token) -> bool:
        """Whether a word is one of `parts` (stems) or a longer form of one ("smiling")."""
        return any(
            stem[:n] in parts
            for stem in token.stems
            for n in range(min(len(stem), MIN_PREFIX), len(stem) + 1)
        )

    def _doubts_a_link_or_time(
        self,
        unsure: list[Found],
        found: list[Found],
        durations: list[Duration],
        ages: Sequence[tuple[float, int, Context]],
        cues: list[Cue],
        text: Text,
    ) -> bool:
        """Whether the "not sure"s doubt a link or a time, told right after one (`Lexicon.
        not_sure_of`): "my calves cramp at night, not sure if that's related", "beim
        Aufstehen schwindelig, weiß nicht ob das dazugehört", «веко дёргается, не помню,
        когда началось»; any other only hedges what its clause tells ("no idea when it
        began, maybe a month ago"). In a message that tells something, such a doubt is no
        "not sure" to the question on screen: at the safety check it asked each sign again
        and noted the signs "not sure", which nobody had doubted."""
        of = self._unsure_of.tokens(text)
        naming = [u for u in unsure if self._names_a_link_or_time(u, of, text)]
        return bool(naming) and all(
            u in naming or self._hedges(u, found, durations, ages, cues, text) for u in unsure
        )

    @staticmethod
    def _names_a_link_or_time(unsure: Found, of: frozenset[int], text: Text) -> bool:
        """Whether a "not sure" is followed by what it doubts, a link or a time (`of`: the
        words of `Lexicon.not_sure_of` in the message)."""
        tokens = text.tokens
        return any(
            i in of and tokens[i].sentence == tokens[unsure.last].sentence
            for i in range(unsure.first + 1, unsure.last + 1 + _UNSURE_OF_REACH)
        )

    @staticmethod
    def _hedges(
        unsure: Found,
        found: list[Found],
        durations: list[Duration],
        ages: Sequence[tuple[float, int, Context]],
        cues: list[Cue],
        text: Text,
    ) -> bool:
        """Whether a "not sure" hedges something else told in its clause (an answer, a
        time, an age: "started when he was 7 or so, not sure exactly" has its own clause,
        "empezó a los 7 más o menos" does not), not at the start of the message."""
        clause = text.tokens[unsure.first].clause
        if clause == 0 and unsure.first - text.ranges[0].start <= 2:
            return False  # "not sure, …", "I'm not sure"
        told = [
            *(f.first for f in found if f.key.partition(":")[0] in (ANSWER, MEDICINE)),
            *(d.first for d in durations),
            *(at for _years, at, _context in ages),
            *(at for c in cues for at in c.ages),
        ]
        return any(text.tokens[at].clause == clause for at in told)

    def _unit_of_an_age(
        self, duration: Duration, ages: Sequence[tuple[float, int, Context]], text: Text
    ) -> bool:
        """Whether `duration` is only the unit of an age told: "Моей маме 71 год" is no
        year of twitching ("мне 45, два года" is two years, "мне 31. месяц дергается" a
        month: a new clause is a new thing told)."""
        tokens = text.tokens
        return any(
            duration.first == at + 1
            and not self._durations.is_number(tokens[at + 1].text)
            and tokens[at].clause == tokens[at + 1].clause
            for _years, at, _context in ages
        )

    def _may_answer(self, medicine: str, question: str) -> bool:
        """Whether "started <medicine>" may answer `question` ("Began after a medicine",
        or when it began): not for a medicine whose answers are another question's
        ("started furosemide 3 weeks ago" is a water tablet, the minerals' question, not
        movements it set off), nor for a vitamin or mineral (`Dialog.supplements`: "I
        stopped the vitamins they gave me" was "Began after a medicine", clinical round 49)."""
        if medicine in self.dialog.supplements:
            return False
        routes = self._routes.get(medicine)
        dates = self.dialog.question(question).dates
        return routes is None or bool(routes & {question, dates.question if dates else question})

    def _of_a_child(
        self, found: list[Found], cues: list[Cue], speaker: frozenset[int], text: Text
    ) -> bool:
        """A parent telling of their child: a child is named ("my son", «у сына», "a mi
        hijo"), and the twitch is told of them, in the child's own clause or with a word
        for another person ("My son is 10, his right eyelid twitches"), never in the
        writer's own words ("my son is worried about my eye", "I'm a teenager and my eye
        twitches" are the writer's)."""
        named = [f for f in found if f.key.startswith(self._children)]
        where = [f for f in found if f.key.startswith(LOCATION)]
        if not (named and where):
            return False
        tokens = text.tokens
        # "my" in "my son" is the child's; a "my" matched from afar ("my son … my eye") not
        own = speaker - {i for f in named for i in f.tokens if i + 1 in f.tokens}
        theirs = set(_of_other_people(cues))
        theirs.update(i for f in named for i in f.tokens)
        clauses = {tokens[f.first].clause for f in where}
        return all(
            not own.intersection(text.ranges[clause])
            and bool(theirs.intersection(text.ranges[clause]))
            for clause in clauses
        )

    def _of_relatives(self, speaker: frozenset[int], cues: list[Cue], text: Text) -> frozenset[int]:
        """`speaker` without the writer's words that only say whose relative someone is:
        the "mi" of "mi madre está preocupada" (`Lexicon.named_people`), but for one
        that the words for another person go on from ("meine Schwester hat das auch": the
        sister is not the one it is about)."""
        theirs = _of_other_people(cues)
        return frozenset(
            i for i in speaker if not (self._names_a_person(i + 1, text) and i + 1 not in theirs)
        )

    def _of_a_relative_of_theirs(
        self, item: Found, cues: list[Cue], speaker: frozenset[int], text: Text
    ) -> bool:
        """Whether a sign told of another person is told of a relative of the one a carer
        writes for: the words for another person nearest before it, in its sentence, name
        a person after a word for "his" or "her" (`ContextCues.theirs`: "his dad had a
        stroke", "Sein Vater hatte einen Schlaganfall"); "my husband is 74, his face
        droops" and «у папы лицо перекосило» tell of the one written for."""
        tokens = text.tokens
        sentence = tokens[item.first].sentence
        before = [
            c
            for c in cues
            if c.context is Context.OTHER_PERSON
            and c.first < item.first
            and tokens[c.first].sentence == sentence
        ]
        if not before:
            return False
        cue = max(before, key=lambda c: c.first)
        return any(
            self._names_a_person(i, text) and i > 0 and plain(tokens[i - 1].text) in self._theirs
            for i in range(cue.first, min(cue.last + 2, item.first))
        )

    def _other_relatives(
        self, speaker: frozenset[int], writer: frozenset[int], cues: list[Cue], text: Text
    ) -> frozenset[int]:
        """The writer's words that name a relative other than the one the words for
        another person speak of: the "mi" of "mi madre" in "a mi padre le tiembla media
        cara, mi madre está preocupada" (not of "mi abuela" where nobody else is named)."""
        tokens = text.tokens
        subject = {tokens[i].stem for i in _of_other_people(cues) if self._names_a_person(i, text)}
        relatives = speaker - writer
        return frozenset(i for i in relatives if subject and tokens[i + 1].stem not in subject)

    def _a_child_as_witness(
        self, found: list[Found], cues: list[Cue], speaker: frozenset[int], text: Text
    ) -> list[Found]:
        """`found` without a child named only as someone who saw, heard or told of the
        writer: "my daughter found me on the floor shaking", "my son heard me slurring",
        "meine Tochter meinte, ich hätte komisch geredet", "my son drove me to the GP". The
        writer's own word follows the child's within three words ("found me", "meinte,
        ich"), or four with a witness's verb ("hat gesehen, dass mein Mund"), in the same
        clause or after such a verb, with no "and", number or answer told between. The
        child is the writer's ("my son"; not "I'm a teenager", "un adolescente de mi
        clase"), and nothing else in the message speaks of another person ("my son helps
        me type, his eye twitches" is still about him)."""
        named = [f for f in found if f.key.startswith(self._children)]
        if not named or not speaker:
            return found
        tokens = text.tokens
        witness = self._witness.tokens(text)
        # what is told of the child between ("my son has a twitching eye"); a sign is what
        # the child saw ("found me shaking")
        told = {
            i
            for f in found
            if f.key.startswith(f"{ANSWER}:") and not f.key.startswith(self._children)
            for i in f.tokens
        }
        in_named = {i for f in named for i in f.tokens}
        if any(
            c.context is Context.OTHER_PERSON
            and not in_named.issuperset(range(c.first, c.last + 1))
            for c in cues
        ):
            return found

        def tells_of_the_writer(child: Found) -> bool:
            if not speaker.intersection(range(child.first - 1, child.last + 1)):
                return False  # the writer's own child ("soy adolescente", "a boy in my class")
            for at in range(child.last + 1, min(child.last + 5, len(tokens))):
                between = range(child.last + 1, at)
                if (
                    len(between) == 3  # "hat gesehen, dass mein Mund": a witness's words
                    and not witness.intersection(between)
                ) or (
                    tokens[at].sentence != tokens[child.last].sentence
                    or plain(tokens[at - 1].text) in self._joiners
                    or at - 1 in told
                    or self._durations.is_number(tokens[at - 1].text)
                ):
                    return False
                if at in speaker:
                    return tokens[at].clause == tokens[child.last].clause or bool(
                        witness.intersection(between)
                    )
            return False

        witnesses = [f for f in named if tells_of_the_writer(f)]
        if len(witnesses) < len(named):
            return found  # the child is named as the one it is about elsewhere
        return [f for f in found if f not in witnesses]

    def _before_the_twitch(
        self,
        told_at: dict[str, list[Found]],
        times: list[Duration],
        twitch: list[Duration],
        present: frozenset[int],
        text: Text,
        today: date | None,
        twitch_told: frozenset[int] = frozenset(),
    ) -> list[str]:
        """Danger signs told only as a month or more back, and before the twitch began:
        "I had a TIA two months ago, it was checked. Now my eyelid has twitched for a
        week", «два месяца назад был микроинсульт … теперь неделю дёргается веко». The
        safety check asks what happened since the twitch began (GUIDANCE: a past event is
        recorded, not acted on); a sign told since then stays what it was."""
        if not told_at:
            return []
        ago = self._ago.tokens(text)
        since = {
            i for i, t in enumerate(text.tokens) if plain(t.text) in self._durations.since_words
        }
        told_back = [
            d
            for d in times
            if d.days >= MONTH_DAYS
            and ago.intersection(range(d.first - 1, d.last + 2))
            # "desde hace 2 meses" is how long, not a time back
            and not since.intersection(range(d.first - 2, d.first + 1))
        ]
        # the twitch's own time, where one is told apart from the time back; where the only
        # time is that one, the sign is before the twitch if the twitch is told as now
        # ("Bell's palsy last year, my face was paralysed. Now my eye closes when I smile"),
        # not where no twitch is ("a month ago my speech was slurred, never saw anyone")
        own = [d for d in twitch if d not in told_back] if twitch_told else twitch
        twitch_now = any(text.tokens[i].clause in twitch_told for i in present)
        began: int | None = None
        if own:
            began = own[0].days
        elif twitch and not twitch_now:
            began = twitch[0].days
        back = [d for d in told_back if began is None or d.days > began]
        # not where a part of the sentence says now ("… and today my face drooped", "und
        # heute wieder einen"), unless that now is the twitch's, told in its own clause
        # ("im März einen Schlaganfall, jetzt zuckt mein Auge")
        now_clauses = {text.tokens[i].clause for i in present}
        now = {text.tokens[i].segment for i in present if text.tokens[i].clause not in twitch_told}
        # "a stroke in March", "im März einen Schlaganfall", "in 2018": a date named, that
        # far back
        named = self._durations.dates_back(text, today) if today is not None else []
        months = [
            at for at, days in named if days >= MONTH_DAYS and (began is None or days > began)
        ]
        segments = {text.tokens[i].segment for i in (*(d.first for d in back), *months)} - now
        # nor a sign told with a time of its own, lately: "the twitch began last year, my arm
        # went numb an hour ago" is numb now (it was read as before the twitch)
        lately = {
            text.tokens[d.first].clause
            for d in times
            if d.days < MONTH_DAYS and ago.intersection(range(d.first - 1, d.last + 2))
        }
        return [
            sign
            for sign, items in told_at.items()
            if items
            and all(
                text.tokens[f.first].segment in segments
                and text.tokens[f.first].clause not in now_clauses | lately
                for f in items
            )
        ]

    def _doubted_after(self, told_at: dict[str, list[Found]], text: Text) -> list[str]:
        """Signs doubted by the words that end their sentence in the clauses after theirs:
        "my speech was slurred, but I'm not sure", «мне показалось, что она странно
        говорила, но я не уверена» (`Lexicon.doubt_after`; GUIDANCE: the sign is possible,
        asked about on its own)."""
        doubt = self._doubt_after.tokens(text)
        if not doubt:
            return []
        tokens = text.tokens
        doubted = []
        for sign, items in told_at.items():
            for found in items:
                clause, sentence = tokens[found.last].clause, tokens[found.last].sentence
                rest = [
                    i
                    for i in range(found.last + 1, len(tokens))
                    if tokens[i].sentence == sentence and tokens[i].clause != clause
                ]
                if rest and all(i in doubt for i in rest):
                    doubted.append(sign)
                    break
        return doubted

    def _since_it_came_back(
        self, durations: list[Duration], found: list[Found], text: Text, present: frozenset[int]
    ) -> list[Duration]:
        """A complaint that stopped and came back has lasted since it came back: "twitched
        for a week in the spring, then it stopped, back since monday", «весной неделю
        дёргался, потом прошло, а со вторника опять» (`ContextCues.stopped`, `came_back`).
        The times told in a clause that says it came back, after it stopped, come first
        (they are of now, whatever past was told before them). So do those told of now
        after the bout that stopped, where the message opened by saying it is back: «Опять
        дёргается веко. Полгода назад было то же самое, прошло само. Сейчас уже 3 дня» is 3
        days. Not where it was told to come and go before it stopped: "on and off for 6
        months, gone all summer, came back 2 weeks ago" has lasted 6 months."""
        stopped = self._stopped.tokens(text)
        back = self._came_back.tokens(text)
        if not stopped or not back:
            return []
        first_stop = min(stopped)
        if any(f.key == f"{ANSWER}:course:comes_and_goes" and f.last < first_stop for f in found):
            return []
        tokens = text.tokens
        returned = {tokens[i].clause for i in back if i > first_stop}
        if min(back) < first_stop:
            returned |= {tokens[i].clause for i in present if i > first_stop}
        return [d for d in durations if d.first > first_stop and tokens[d.first].clause in returned]

    def _a_face_changing_gradually(
        self,
        dangers: dict[str, Context],
        answers: dict[str, list[str]],
        told_at: dict[str, list[Found]],
        found: list[Found],
        text: Text,
        sudden: bool,
    ) -> None:
        """A face that grew weak gradually is asked how it began, not taken as the stroke
        at once (GUIDANCE: the safety check first; sudden weakness is the emergency, over a
        day or two it fits Bell's palsy, over weeks it is urgent): "over six weeks the right
        side of his face has slowly got weaker, now the corner of his mouth droops",
        «за сутки ослабла левая половина лица, вода выливается изо рта». The weak face is
        recorded; the safety check and the question of how it began still come. So is a
        face gone numb gradually ("over two months the right side of my face has gone
        gradually numb": a spasm with face numbness is urgent, only sudden numbness the
        stroke; clinical round 50), its numbness recorded as the story reads it.

        Only where every stroke sign told is the face's (`_face_sign`), a weak face is told
        in a sentence with the words of a gradual start (`Lexicon.gradually`), and nothing
        says it was `sudden`: "my twitch came on slowly, and today my mouth droops" stays
        the emergency."""
        if dangers.get("stroke") not in (Context.AFFIRMED, Context.OTHER_PERSON):
            return  # a carer's "his face has slowly got weaker" too
        gradually = self._gradually.tokens(text)
        if not gradually or sudden:
            return
        signs = told_at.get("stroke", [])
        if not signs or not all(
            _face_sign(f, text, self._stems.stem, self._limbs_and_speech) for f in signs
        ):
            return
        tokens = text.tokens
        slow = {tokens[i].sentence for i in gradually}
        weak = any(tokens[f.first].sentence in slow for f in found if f.key == FACE_WEAK)
        # numbness in the very clause of the gradual words: "my twitch came on gradually
        # and today my face went numb" is the stroke still
        slowly = {tokens[i].clause for i in gradually}
        numb = any(tokens[f.first].clause in slowly for f in found if f.key == FACE_NUMB)
        if not (weak or numb):
            return
        del dangers["stroke"]
        located = answers.setdefault("location", [])
        if weak and "face_weak" not in located:
            located.append("face_weak")

    def _left_behind_by(
        self,
        past: list[tuple[str, frozenset[int], int]],
        told_at: dict[str, list[Found]],
        present: frozenset[int],
        text: Text,
    ) -> list[str]:
        """Danger signs told only as what a past one left behind: "a stroke 4 years ago
        left my right arm weaker, that hasn't changed", «после инсульта 4 года назад
        осталась слабость в руке», "tuvo un ictus hace 4 años y le quedó el brazo más
        flojo". An old, lasting deficit is recorded, not acted on (GUIDANCE); the safety
        check still asks what happened since the twitch began. A part of the sentence
        that says now ("… and today my face dropped") keeps its sign.
        `past`: (phrase key, tokens, sentence) of each sign told as the past."""
        if not (told_at and past):
            return []
        left = self._left_behind.tokens(text)
        tokens = text.tokens

        def left_behind(key: str, item: Found) -> bool:
            at = tokens[item.first]
            segment = [i for i, t in enumerate(tokens) if t.segment == at.segment]
            return (
                any(k == key and s == at.sentence and min(t) < item.first for k, t, s in past)
                and any(i in left for i in segment)
                and not any(i in present for i in segment)
            )

        return [
            sign
            for sign, items in told_at.items()
            if items and all(left_behind(f"danger:{sign}", item) for item in items)
        ]

    def _told_apart(
        self,
        found: list[Found],
        dangers: dict[str, Context],
        cues: list[Cue],
        text: Text,
        speaker: frozenset[int],
        present: frozenset[int],
        for_subject: bool,
    ) -> dict[str, Context]:
        """Danger signs told in the clause of the words of the answer that tells them
        apart from their like (`Option.tells_apart`): "I have epilepsy, yesterday one of my
        usual seizures" is asked at its check, where a usual seizure over within 5 minutes
        is an answer of its own. «припадок как обычно», "una crisis epiléptica como
        siempre": the "as usual" that tells it apart is no denial of the sign; "говорит как
        обычно" beside a denied seizure tells nothing of it."""
        possible: dict[str, Context] = {}
        for item in found:
            sign = self._lookalikes.get(item.key)
            clause = text.tokens[item.first].clause
            if sign is None or not any(
                f.key == f"{DANGER}:{sign}" and text.tokens[f.first].clause == clause for f in found
            ):
                continue
            reading = dangers.get(sign)
            as_usual = reading is Context.NEGATED and any(
                c.context is Context.NEGATED and {c.first, c.last} <= set(item.tokens) for c in cues
            )
            told = (
                reading is Context.AFFIRMED
                or as_usual
                or (for_subject and reading is Context.OTHER_PERSON)
            )
            said = context_of(item, cues, text, speaker=speaker, present=present)
            if told and said is not Context.NEGATED:
                possible[sign] = Context.POSSIBLE
        return possible

    def _begun_lately(self, answers: dict[str, list[str]]) -> bool:
        """Whether the message tells of a medicine begun lately: the question that asks
        when it began (`Question.dates`) is answered by its option from the first day."""
        for question in self._dating_questions:
            chosen = answers.get(question.id, [])
            if any(
                o.id in chosen and o.days is not None and o.days[0] == 0 for o in question.options
            ):
                return True
        return False

    @staticmethod
    def _began_then(duration: Duration, found: list[Found], text: Text) -> bool:
        """Whether a time of the past tells when the complaint itself began: "3 years ago
        my left eye started twitching", «года три назад начал дергаться глаз» name where it
        twitches in the time's clause, and no sign, medicine or event of its own ("a stroke
        3 years ago", "Bell's palsy years ago")."""
        clause = text.tokens[duration.first].clause
        keys = [f.key for f in found if text.tokens[f.first].clause == clause]
        dated_elsewhere = ("danger:", f"{MEDICINE}:", f"{OWN_TIME}:", f"{ANSWER}:palsy_history:")
        return any(k.startswith(f"{ANSWER}:location:") for k in keys) and not any(
            k.startswith(dated_elsewhere) for k in keys
        )

    def _dated_answers(
        self,
        found: list[Found],
        durations: list[Duration],
        cues: list[Cue],
        text: Text,
        speaker: frozenset[int],
        present: frozenset[int],
        answers: dict[str, list[str]],
        for_subject: bool = False,
    ) -> list[Duration]:
        """When an answer's thing began, if a time is told with it ("started
        prochlorperazine 3 days ago", "назначили галоперидол неделю назад"): it answers the
        question that asks (`Question.dates`) by its options' days, a start long ago too;
        of the person the consultation is for, too ("my daughter is 12, she was given
        metoclopramide yesterday"). Returns the times told."""
        told_of = {Context.AFFIRMED, Context.HISTORICAL}
        if for_subject:
            told_of.add(Context.OTHER_PERSON)
        medicines = _medicines_by_clause(found, text)
        dated: list[Duration] = []
        for question, keys in self._dating:
            clauses = {
                text.tokens[f.first].clause
                for f in found
                if f.key in keys
                # "started" tells of a medicine only with one named in its clause, and
                # one that may answer it ("started furosemide" is no medicine to date)
                and (
                    not f.key.startswith(WITH_MEDICINE)
                    or any(
                        self._may_answer(m, question.id)
                        for m in medicines.get(text.tokens[f.first].clause, ())
                    )
                )
            }
            told = [
                d
                for d in durations
                if text.tokens[d.first].clause in clauses
                and context_of_span(d.first, d.last, cues, text, speaker, present) in told_of
            ]
            chosen = question.option_for_days(told[0].days) if told else None
            if chosen and question.id not in answers:
                answers[question.id] = [chosen.id]
                dated.append(told[0])
        return dated

    def _take_back(
        self,
        answers: dict[str, list[str]],
        said_at: dict[tuple[str, str], int],
        taken_back: frozenset[int],
    ) -> None:
        """Of the answers to a one-answer question, those said before words that take them
        back ("left.. no wait, right", «слева. ой нет, справа», "izquierdo. digo, derecho")
        are dropped (`Lexicon.corrections`: `taken_back`, their tokens)."""
        for question, options in answers.items():
            if len(options) < 2 or question in self._multiple:
                continue
            where = [said_at.get((question, o), -1) for o in options]
            cuts = [c for c in taken_back if min(where) < c < max(where)]
            if cuts:
                answers[question] = [
                    o for o, at in zip(options, where, strict=True) if at > max(cuts)
                ]

    def split(self, raw: str) -> Text:
        return split(
            raw,
            self._stems,
            self._boundaries,
            self._joiners,
            self._openers,
            self._though,
            self._negations | self._closing_words,
            self._ordinal_dot,
            self._asked_after,
        )

    def understand(
        self, raw: str, on_screen: str | None = None, today: date | None = None
    ) -> Understanding:
        """What `raw` says; `on_screen`: the question the person is answering, if any
        (the options' names answer only that one: `Lexicon.named`); `today`: the day it
        is read, to count how long from a date ("since Monday", "seit 2019")."""
        text = self.split(raw[:MAX_TEXT])
        aside = self._asides.tokens(text)
        # nor the "no" of "no wait" ("it's the left... no wait the right" denies no right),
        # though "no, no se me cierra" says no twice
        correcting = self._corrections.tokens(text)

        def of_a_correction(cue: Cue) -> bool:
            after = cue.last + 1
            return (
                cue.context is Context.NEGATED
                and correcting.issuperset(range(cue.first, after + 1))
                and after < len(text.tokens)
                and plain(text.tokens[after].text) not in self._negations
            )

        witnessed = self._witnessed(on_screen, text)
        cues = [
            c
            for c in self._cues.find(text)
            if not aside.intersection(range(c.first, c.last + 1))
            and not of_a_correction(c)
            and not (
                c.context is Context.POSSIBLE and witnessed.issuperset(range(c.first, c.last + 1))
            )
        ]
        ignored = self._ignore.tokens(text)
        # words that answer nothing do not speak of the writer either: a carer's "she can't
        # tell me what's wrong" keeps the message about her
        speaker = self._cues.speaker(text, cues) - ignored - aside
        present = self._cues.present(text, cues)
        dangers: dict[str, Context] = {}
        answers: dict[str, list[str]] = {}
        denied: dict[str, list[str]] = {}
        medicines: list[str] = []
        concerns: list[str] = []
        others_concerns: list[str] = []  # "my wife has chest pain"
        others_answers: set[tuple[str, str]] = set()  # "no, but my mum has MS"
        # a carer's "his dad had a stroke": the sign of a relative of theirs, not theirs
        relatives_signs: set[str] = set()
        subjects_signs: set[str] = set()
        own_answers: set[tuple[str, str]] = set()
        not_sure = False
        unsure: list[Found] = []  # where "not sure" is said
        how_long = on_screen in self._timed
        all_durations = self._durations.find(text, today, how_long)
        # A number that tells how long ("месяца два") is not also "two eyes".
        numbers = frozenset(
            i
            for d in all_durations
            for i in range(d.first, d.last + 1)
            if self._durations.is_number(text.tokens[i].text)
        )
        # The most specific phrase first ("corner of my mouth up" before "eye"), then as typed.
        timed = frozenset(i for d in all_durations for i in range(d.first, d.last + 1))
        in_signs = _told_as_a_time(
            all_durations, self._weekdays.tokens(text), self._time_words, text
        )
        inserted, clauses_in_signs = self._told_inside(text, in_signs)
        standing_for = self._standing_for(text, on_screen, numbers | ignored | aside)
        found = sorted(
            _without_lookalikes(
                self._of_the_check(
                    self._without_measures_of_another(
                        self._phrases.find(
                            text,
                            numbers | ignored | aside,
                            timed,
                            in_signs | inserted,
                            clauses_in_signs,
                            standing_for,
                        ),
                        text,
                    ),
                    standing_for,
                    on_screen,
                ),
                standing_for,
                text,
            ),
            key=lambda f: (-len(f.tokens), f.first),
        )
        if inserted:  # "my face, when I checked this morning, wasn't drooping"
            found = [f for f in found if not _denied_after_an_inside(f, cues, text)]
        found = self._a_child_as_witness(found, cues, speaker, text)
        # An option's name that holds a negation ("never closes", the answer "no") is no
        # sign with a negation inside ("can't speak"): it denies what follows, as any
        # negation does ("it never closes my eye").
        denying = {i for c in cues if c.context is Context.NEGATED for i in (c.first, c.last)}
        mentions = [
            f.tokens
            for f in found
            if f.key.partition(":")[0] in NAMED_THINGS
            and not (f.key.startswith(f"{NAMED}:") and denying.intersection(f.tokens))
        ]
        # Each negation reaches only what it denies; a danger sign beyond its reach in
        # the same clause is asked about: a negation read too far hides an emergency
        # ("голова не болит и рука онемела").
        cues = self._cues.scoped(cues, mentions, text)
        # "Hängender Mundwinkel, Taubheit: nichts davon" denies that list, and answers no
        # question as "none of these": the other signs of the list on screen are not denied.
        closing = {
            i
            for c in cues
            if c.direction == "after_a_list" and c.reach is not None and c.reach < c.first
            for i in range(c.first, c.last + 1)
        }
        if closing:
            found = [
                f
                for f in found
                if not (
                    f.key.startswith((f"{ANSWER}:", f"{NAMED}:")) and closing.issuperset(f.tokens)
                )
            ]
        # Whom the consultation is about, if not the person typing: a parent's child
        # ("у сына дергается глаз"), whoever the question on screen asks about, or the
        # other person a message speaks of alone ("My husband is 58 and his left eye
        # twitches", "маме 71, у неё оба глаза…"): what is said of them answers.
        asked_age = any(on_screen == question for question, *_ in self._by_age)
        undated = [c for c in cues if not c.year]
        # An age inside a time of the past ("when I was 19", "с 18 лет") is no age now,
        # but may be when it began ("since I was 6": in childhood).
        past = {
            i for c in cues if c.context is Context.HISTORICAL for i in range(c.first, c.last + 1)
        }
        ages = list(self._durations.ages(text, asked_age, how_long)) if self._by_age else []
        # not the number of a time ago: "маме 2 года назад поставили диагноз"
        in_times = {
            i
            for d in all_durations
            if past.intersection(range(d.first, d.last + 2))
            for i in range(d.first, d.last + 1)
        }
        age_contexts = [
            (years, at, context_of_span(at, at, undated, text, speaker, present))
            for years, at in ages
            if at not in past and at not in in_times and not self._before_a_time_ago(at, past, text)
        ]
        # the writer's own words, not the "mi" of "mi madre"
        writer = self._of_relatives(speaker, cues, text)
        for_someone_else = (
            bool(self._on_behalf.tokens(text))
            or self._of_a_child(found, cues, speaker, text)
            or (
                # "a mi padre le tiembla media cara, mi madre está preocupada": the "mi" of
                # another relative does not make the writer the one it is about
                not writer and any(c.context is Context.OTHER_PERSON for c in cues)
            )
            # "My husband is 67, …": the person whose age is told first, the writer's not
            or (
                bool(age_contexts)
                and age_contexts[0][2] is Context.OTHER_PERSON
                and not any(context.current for *_, context in age_contexts)
            )
        )
        for_subject = (
            for_someone_else
            or on_screen in self._subject_questions
            or any(f.key.startswith(self._subject) for f in found if self._subject)
        )
        answered = answered_no(cues, text)
        # A doubt in a clause that names nothing is about the reply: "glaub nicht" (a
        # denial names its sign: "говорит нормально" is no witness's "говорит")
        named_in = {text.tokens[min(tokens)].clause for tokens in mentions} | {
            text.tokens[f.first].clause for f in found if f.key.startswith(f"{DENIAL}:")
        }
        hedged = any(
            c.context is Context.POSSIBLE and text.tokens[c.first].clause not in named_in
            for c in cues
        )
        unsure_lookalikes = self._not_unsure.tokens(text)
        # "что такое паралич Белла?": what follows asks what it means, and answers nothing.
        asks_meaning = self._meaning.tokens(text)
        medicine_clauses = _medicines_by_clause(found, text)
        undenied = [c for c in cues if c.context is not Context.NEGATED]  # for denials
        said_at: dict[tuple[str, str], int] = {}  # (question, option) → where it is first said
        answer_words: dict[tuple[str, str], list[frozenset[int]]] = {}  # → each place it is said
        signs = [set(f.tokens) for f in found if f.key.startswith("danger:")]
        # "fever of 39, a stiff neck": a concern told with what it needs beside it
        # (whose it is too: "my son has a high temperature and a stiff neck")
        companions: set[tuple[str, bool]] = set()
        for f in found:
            if f.key.startswith(f"{COMPANION}:"):
                whose = context_of(f, cues, text, speaker=speaker, present=present)
                theirs = whose is Context.OTHER_PERSON
                if whose.current or theirs:
                    companions.add((f.key.partition(":")[2], not theirs or for_subject))

        def within_a_sign(item: Found) -> bool:
            return any(set(item.tokens) <= tokens for tokens in signs)

        # A past stroke named and told ("last year I had a mini-stroke, my arm went numb"):
        # its words tell of that stroke, not of the nerve symptoms a question asks about
        # now. A past sign told alone ("letzten Monat war mein Bein taub", «лицо
        # парализовало») is still an answer.
        past_told = [
            (f.key, frozenset(f.tokens), text.tokens[f.first].sentence)
            for f in found
            if f.key.startswith("danger:")
            and context_of(f, cues, text, speaker=speaker, answered=answered, present=present)
            is Context.HISTORICAL
        ]
        told_of_a_past_sign = [
            tokens
            for key, tokens, sentence in past_told
            if any(k == key and s == sentence and not t & tokens for k, t, s in past_told)
        ]
        found = [
            f
            for f in found
            if not (
                f.key.startswith(f"{ANSWER}:")
                and any(tokens.issuperset(f.tokens) for tokens in told_of_a_past_sign)
            )
        ]

        found = _without_signs_across_a_denial(
            found, undenied, cues, text, speaker, present, for_subject
        )

        # Danger signs told (a sign's own words, current), ruled out, and told in part.
        told: set[str] = set()
        ruled_out: set[str] = set()
        partial: set[str] = set()
        lacking: set[str] = set()  # a part the sign needs, denied ("no headache")
        told_at: dict[str, list[Found]] = {}  # sign → where it is told as now
        for item in found:
            kind, _, rest = item.key.partition(":")
            if kind == WITH_MEDICINE:
                named_there = medicine_clauses.get(text.tokens[item.first].clause, set())
                if not any(self._may_answer(m, rest.partition(":")[0]) for m in named_there):
                    continue
                kind = ANSWER  # "started haloperidol": an answer, as "started taking" is
            around = (
                item.first not in inserted
                and item.last not in inserted
                and any(item.first < i < item.last for i in inserted)
            )
            # what a clause told inside a sign tells is not of the sign: "my leg, while I
            # was walking the dog, went weak"
            of_item = [c for c in cues if c.first not in inserted] if around else cues
            context = context_of(
                item, of_item, text, speaker=speaker, answered=answered, present=present
            )
            if kind in (ANSWER, NAMED):  # whose answer it is, before a carer's is the subject's
                asked, _, picked = rest.partition(":")
                if context is Context.OTHER_PERSON:
                    others_answers.add((asked, picked))
                elif context.current or context is Context.HISTORICAL:
                    own_answers.add((asked, picked))
            if (
                for_subject
                and kind != DANGER
                and context is Context.OTHER_PERSON
                and not self._of_a_relative_of_theirs(item, cues, speaker, text)
            ):
                context = Context.AFFIRMED  # but not "his brother had a palsy"
            if (
                kind == DANGER
                and context.current
                and _closed_by_a_no(item, found, text, self._negations)
            ):
                context = Context.NEGATED  # "convulsiones no", "la cara caída no"
            if (
                kind in (DANGER, SUGGESTS)
                and context.current
                and self._asks_meaning(item, asks_meaning, text)
                and not speaker.intersection(text.ranges[text.tokens[item.first].clause])
            ):
                # "what do you mean by muddled speech", "¿a qué te refieres con falta de
                # aire?": the sign's name asked about, not told: asked about on its own, in
                # plain words; "what is this drooping in my face" tells it
                context = Context.POSSIBLE
            if (
                kind == DANGER
                and context is Context.POSSIBLE
                and on_screen is not None
                and self._checks.get(rest) == on_screen
            ):
                context = self._measured(item, of_item, text, speaker, answered, present)
            if (
                kind == DANGER
                and context in (Context.OTHER_PERSON, Context.HISTORICAL)
                and self._an_illness_they_had(item, present, text)
                and context_of(
                    item,
                    [c for c in of_item if c.context is Context.OTHER_PERSON],
                    text,
                    speaker=speaker,
                )
                is Context.OTHER_PERSON
            ):
                if not for_subject or self._of_a_relative_of_theirs(item, cues, speaker, text):
                    continue  # "my dad died of a stroke, my eye twitches": their history
                # a carer's "my husband had a stroke": his history, asked at the check
                context = Context.HISTORICAL
            if kind == DANGER:
                relative = (
                    for_subject
                    and context is Context.OTHER_PERSON
                    and self._of_a_relative_of_theirs(item, cues, speaker, text)
                )
                (relatives_signs if relative else subjects_signs).add(rest)
                dangers[rest] = _stronger(dangers.get(rest), context, for_subject and not relative)
                # a carer's "which left her right arm weak" is the person's, as their own
                if context.current or (
                    for_subject and context is Context.OTHER_PERSON and not relative
                ):
                    told_at.setdefault(rest, []).append(item)
                (
                    told if context.current else ruled_out if context is Context.NEGATED else set()
                ).add(rest)
            elif kind == DENIAL:
                if any(i in standing_for and i not in speaker for i in item.tokens):
                    # "my dad's face drooped, it's fine now": his face is fine; only
                    # "mine is fine" denies the writer's own
                    continue
                # Said plainly: not "I think", nor "no respiro bien"; a negation that only
                # lists on to it ("no he tenido convulsiones y respiro bien") is no denial
                # of the denial.
                said = context_of(item, undenied, text, speaker=speaker, present=present)
                # of the person written for, as their own ("двоения у неё нет, приступов
                # не было": the «у неё» reaches on, and the seizure's denial was lost)
                plainly = said is Context.AFFIRMED or (for_subject and said is Context.OTHER_PERSON)
                if plainly and not _negated_at(item, cues, text):
                    dangers[rest] = _stronger(dangers.get(rest), Context.NEGATED)
                    ruled_out.add(rest)
            elif kind == NEEDS:
                if context is Context.NEGATED:
                    lacking.add(rest)
            elif kind == SUGGESTS:
                if context.current:  # part of the sign, said of oneself: ask about the whole
                    dangers[rest] = _stronger(dangers.get(rest), Context.POSSIBLE, for_subject)
                    partial.add(rest)
            elif kind in (ANSWER, NAMED):
                question, _, option = rest.partition(":")
                if kind == NAMED and (question != on_screen or within_a_sign(item)):
                    continue  # "my dad's mouth is drooping" names no spot at "where?"
                if self._asks_meaning(item, asks_meaning, text):
                    continue  # "что такое паралич Белла?", "was ist Tinnitus?": asked, not told
                if (
                    context is Context.POSSIBLE
                    and question == on_screen
                    and option not in (*ALONE, NO)
                    and context_of(
                        item,
                        [c for c in cues if c.context is not Context.POSSIBLE],
                        text,
                        speaker=speaker,
                        answered=answered,
                        present=present,
                    )
                    is Context.NEGATED
                ):
                    # "she says they're not sore", at "red or painful?": a reply that denies
                    # an answer, though as another's word or with a doubt, denies it (a danger
                    # sign so told is still asked about)
                    context = Context.NEGATED
                if (
                    option == "none"
                    and question in self._sign_questions
                    and any(
                        c.context is Context.POSSIBLE
                        and text.tokens[c.first].clause == text.tokens[item.first].clause
                        for c in cues
                    )
                ):
                    # "ничего такого, наверное": a doubtful none of the signs is not sure
                    not_sure = True
                    continue
                if (
                    context is Context.NEGATED
                    and option in REASSURING_ANSWERS
                    and _a_no_right_before(item, cues, text)
                ):
                    context = Context.AFFIRMED  # "no nothing like that": a no said twice
                # An earlier palsy is history, and still an answer about this person; a
                # diagnosis asked about or guessed at is no answer at all.
                kept = context.current or context is Context.HISTORICAL
                if question in self._stated and context not in (
                    Context.AFFIRMED,
                    Context.HISTORICAL,
                ):
                    continue
                if kept and self._over(question, option, item, all_durations, text):
                    kept, context = False, Context.NEGATED  # "used to drink a lot": not now
                target = answers if kept else denied
                options = target.setdefault(question, [])
                if (kept or context is Context.NEGATED) and option not in options:
                    options.append(option)
                if kept:
                    said_at[question, option] = min(
                        item.first, said_at.get((question, option), item.first)
                    )
                    answer_words.setdefault((question, option), []).append(frozenset(item.tokens))
            elif kind == MEDICINE:
                # A medicine taken, or taken before, matters to a doctor either way.
                taken = context.current or context is Context.HISTORICAL
                if taken and rest not in medicines:
                    medicines.append(rest)
                for question, option in self._by_medicine.get(rest, []) if context.current else []:
                    if self._over(question, option, item, all_durations, text):
                        # "was on omeprazole, stopped last year": no acid pills now
                        if option not in denied.setdefault(question, []):
                            denied[question].append(option)
                        continue
                    # "on haloperidol for 3 years": the movements began on that medicine
                    if option not in answers.setdefault(question, []):
                        answers[question].append(option)
                        said_at.setdefault((question, option), item.first)
            elif kind == CONCERN and (
                rest not in self._with_companion or (rest, context.current) in companions
            ):
                # "my chest hurts", "maybe chest pain", "my husband has chest pain", and
                # the past too (a reading of "ещё" as "back in" must not hide «не хочу
                # жить»; naming back is never harmful): not "no chest pain", nor a fear
                long_ago = context is Context.HISTORICAL and rest not in self._now_only
                own = context.current or long_ago
                of_whom = concerns if own else others_concerns
                if (own or context is Context.OTHER_PERSON) and rest not in of_whom:
                    of_whom.append(rest)
            elif kind == NOT_SURE and not unsure_lookalikes.intersection(item.tokens):
                not_sure = True
                unsure.append(item)
        for sign in self._doubted_after(told_at, text):
            if dangers.get(sign) is Context.AFFIRMED:
                dangers[sign] = Context.POSSIBLE
        # "isn't drooping now but it was at lunchtime", "never had a fit until this morning"
        dangers.update(self._there_after_all(found, dangers, text))
        # "my mum has seizures and today I had one too"
        dangers.update(self._the_writers_too(found, dangers, cues, speaker, present, text))
        # "as a kid I had fits and today I had one again"
        dangers.update(self._come_again(found, dangers, cues, speaker, present, text))
        for sign in lacking:
            # "I see double when I'm tired, no headache": the emergency is the three
            # together (GUIDANCE), so the sign is asked about, not taken
            if dangers.get(sign) is Context.AFFIRMED:
                dangers[sign] = Context.POSSIBLE
        if for_someone_else:
            _drop_the_writers_worry(
                answers,
                answer_words,
                writer,
                cues,
                text,
                self._other_relatives(speaker, writer, cues, text),
            )
        _drop_words_of_other_answers(answers, answer_words, self._single)
        _drop_a_course_of_something_else(answers, answer_words)
        symptoms = frozenset(
            f"{CONCERN}:{c}" for c in (*concerns, *others_concerns) if c not in self._states
        )
        _drop_what_tells_of_a_concern(answers, answer_words, found, symptoms, text, self._single)
        _drop_the_side_of_a_limb(answers, answer_words, found, text)
        _drop_a_weak_eyes_closing(answers, answer_words)
        taken_back = self._taken_back(text, found)
        self._take_back(answers, said_at, taken_back)
        _drop_the_side_of_an_old_palsy(answers, answer_words, found, text)
        self._all_but(on_screen, answers, said_at, text)
        self._yes_or_no_after_an_option(on_screen, found, answers, denied, text)
        times = frozenset(d.first for d in all_durations)
        reply = self._reply(
            found, cues, text, speaker, answered, present, on_screen, times, taken_back, ignored
        )
        # The sign's own question answered with a part of it and the rest denied ("eyelid
        # droops a bit but no double vision and no headache", "respiro bien, solo las manos
        # un poco duras"): a no to the question; what was told in part stays noted.
        answered_in_part = [
            s for s in (partial & ruled_out) - told if self._checks.get(s) == on_screen
        ]
        if answered_in_part and on_screen is not None:
            dangers.update(dict.fromkeys(answered_in_part, Context.NEGATED))
            answers.pop(on_screen, None)
            reply = Reply(NO, True, False)
        aged: set[str] = set()  # questions an age has answered: the first age told counts
        at_a_check = on_screen in self._checks.values()
        words = [plain(t.text) for t in text.tokens]
        for at in sorted(i for c in cues if c.context is Context.HISTORICAL for i in c.ages):
            at_age = self._durations.number_at(words, at)
            if at_age is None:
                continue
            years = at_age[0]
            for question, option, youngest, older in self._by_onset:
                # not in a reply about a danger sign: "had one when I was 19" at the
                # seizure question tells when the fit was, not when tics began
                if youngest <= years < older and question not in answers and not at_a_check:
                    answers[question] = [option]
        for years, _at, context in age_contexts:
            if context.current or (for_subject and context is Context.OTHER_PERSON):
                for question, option, youngest, older in self._by_age:
                    if youngest <= years < older and question not in aged:
                        # "I'm 72": 60 or over; "meine Tochter ist 17": the age, not the word
                        answers[question] = [option]
                        aged.add(question)
        for question, options in denied.items():
            denied[question] = [o for o in options if o not in answers.get(question, [])]
        # "years ago" is history, except as the whole answer to "how long ago?" on screen.
        long_ago = how_long and not (answers or dangers or medicines)
        durations = []
        past_starts: list[Duration] = []  # when the twitch began, told as the past
        since_back = self._since_it_came_back(all_durations, found, text, present)
        for d in all_durations:
            if self._unit_of_an_age(d, age_contexts, text):
                continue
            if d in since_back:
                durations.append(d)
                continue
            cues_of_d = _own_times(d, all_durations, cues, text)
            context = context_of_span(d.first, d.last, cues_of_d, text, speaker, present)
            if (
                context.current
                or (for_subject and context is Context.OTHER_PERSON)
                or (context is Context.HISTORICAL and long_ago)
            ):
                durations.append(d)
            elif context is Context.HISTORICAL and self._began_then(d, found, text):
                past_starts.append(d)
        # "3 years ago my left eye started twitching" is how long, but "had a twitch 2 years
        # ago, it went away; now again for 3 weeks" is 3 weeks
        durations = durations or past_starts
        named = [
            f
            for f in found
            if f.key.startswith((f"{ANSWER}:", f"{MEDICINE}:", f"{OWN_TIME}:", f"{VISIT}:"))
        ]
        # A time told of something with a time of its own is not how long the complaint
        # has lasted ("on metformin for 10 years", "embarazada de 20 semanas"), unless it
        # is all there is in a reply to "how long?" ("since the pills, 2 weeks"), or the
        # complaint is dated from it ("started sertraline 3 weeks ago, since then…").
        counted = _words_before(text)
        # "since then" dates the complaint from the time told last before it
        since_then = self._since_then.tokens(text)
        dated_from = {
            max((d for d in durations if d.last < i), key=lambda d: d.last, default=None)
            for i in since_then
        }
        elsewhere = [
            d
            for d in durations
            if _dates_something_else(d, named, self._own_time, text, counted, same_clause=True)
            and d not in dated_from
        ]
        durations = [d for d in durations if d not in elsewhere] or (elsewhere if how_long else [])
        if len(durations) > 1:
            # ... and after a time told only of a danger sign ("slurred for a few minutes
            # this morning … my cheek has twitched for a month" is a month)
            sign_clauses = {
                text.tokens[f.first].clause for f in found if f.key.startswith("danger:")
            }
            # ... and a time told where the complaint is told of before one told in a
            # sentence that says nothing of it ("A week ago I went diving. For the last 4
            # days my eyelid twitches": 4 days)
            # (not a follow-up's: "throwing up every day for two weeks. Now my eyelid
            # twitches since 5 days" is 5 days)
            told_of = {
                text.tokens[f.first].sentence
                for f in found
                if f.key.startswith(ANSWER) and f.key.split(":")[1] not in self._follow_ups
            }
            complaint = told_of if any(f.key.startswith(LOCATION) for f in found) else set()
            # ... and after a time told in a sentence of a danger sign that names no spot
            # of the face ("месяц назад онемела половина лица, потом прошло. а неделю назад
            # начало дергаться веко": a week)
            where = {text.tokens[f.first].sentence for f in found if f.key.startswith(LOCATION)}
            of_a_sign = {
                text.tokens[f.first].sentence for f in found if f.key.startswith("danger:")
            } - where
            # ... and a time told in the clause of the twitch's spot before one told in a
            # clause of something else named ("meine Füße kribbeln seit zwei Monaten, das
            # Augenlid zuckt seit Dienstag": since Tuesday)
            spots = {
                text.tokens[f.first].clause for f in found if f.key.startswith(LOCATION)
            } - sign_clauses
            elsewhere_named = {
                text.tokens[f.first].clause for f in named if not f.key.startswith(LOCATION)
            } - spots
            # ... and a time told with a start of nothing named before one told without
            # ("went on holiday two weeks ago, the twitching started 3 days ago": 3 days;
            # not "I started the new job 3 months ago", nor in a correction: "sorry, more
            # like 3 weeks, I only started paying attention this week")
            started = (
                {text.tokens[i].clause for i in self._began.tokens(text)}
                - {text.tokens[f.first].clause for f in named}
                if not correcting
                else set()
            )
            durations.sort(
                key=lambda d: (
                    # a visit's time last: the complaint was there before it
                    _dates_something_else(d, named, self._dated_before, text, counted),
                    _told_of_a_sign_only(d, sign_clauses, named, text),
                    bool(where) and text.tokens[d.first].sentence in of_a_sign,
                    bool(complaint) and text.tokens[d.first].sentence not in complaint,
                    bool(spots) and text.tokens[d.first].clause in elsewhere_named,
                    bool(started) and text.tokens[d.first].clause not in started,
                    d.point,
                    d.loose,
                )
            )
        durations = self._time_taken_back(durations, taken_back, text, today)
        came_back = [d for d in durations if d in since_back]
        durations = came_back + [d for d in durations if d not in came_back]
        # "не с понедельника, а уже недели три", "not since monday, more like 3 weeks"
        durations.sort(key=lambda d: self._denied_time(d, text))
        twitch_told = frozenset(
            text.tokens[f.first].clause for f in found if f.key.startswith(LOCATION)
        )
        for sign in self._before_the_twitch(
            told_at, all_durations, durations, present, text, today, twitch_told
        ):
            dangers[sign] = Context.HISTORICAL
        for sign in self._left_behind_by(past_told, told_at, present, text):
            dangers[sign] = Context.HISTORICAL
        past_palsy = [
            f
            for f in found
            if f.key == f"{PALSY}yes_past"
            and context_of(f, cues, text, speaker=speaker, present=present) is Context.HISTORICAL
        ]
        _a_weak_face_of_the_past(dangers, answers, past_palsy, found, present, text)
        numb_face_only = _a_face_numb_for_weeks(
            dangers, answers, told_at, found, all_durations, text, self._joiners, for_subject
        )
        # "suddenly" told of the weakness, as an answer or named ("es kam nicht plötzlich"
        # says it was not)
        sudden = "sudden" in answers.get("weakness_onset", []) or any(
            f.key == f"{NAMED}:weakness_onset:sudden"
            and context_of(f, cues, text, speaker=speaker, present=present) is not Context.NEGATED
            for f in found
        )
        self._a_face_changing_gradually(dangers, answers, told_at, found, text, sudden)
        numb_signs = told_at.get("stroke", [])
        if (
            numb_face_only
            and not sudden
            and "stroke" in dangers
            and self._answers_on_screen(numb_signs, found, on_screen)
            and not any(
                d.days < _NUMB_FOR_WEEKS for d in _times_of(numb_signs, all_durations, text)
            )
        ):
            # "numb cheek yes, hearing fine" at the nerve question: the numbness it asks
            # about (GUIDANCE: a spasm with facial numbness is urgent), not a stroke told;
            # the stroke check is asked ("went numb this morning" stays the emergency)
            dangers["stroke"] = Context.POSSIBLE
        for sign in _taken_back_signs(told_at, found, taken_back, text):
            if dangers.get(sign) is Context.AFFIRMED:
                dangers[sign] = Context.POSSIBLE
        began = self._dated_answers(
            found, all_durations, cues, text, speaker, present, answers, for_subject
        )
        if self._begun_lately(answers):
            # "started aripiprazole 5 days ago, since yesterday his eyes roll up": asked
            for sign in self._like_a_new_medicine:
                reading = dangers.get(sign)
                if reading is Context.AFFIRMED or (for_subject and reading is Context.OTHER_PERSON):
                    dangers[sign] = Context.POSSIBLE  # also of the person a carer writes for
        dangers.update(self._told_apart(found, dangers, cues, text, speaker, present, for_subject))
        # What began after it has lasted at most as long: "started metoclopramide 2 days
        # ago, now my eyes roll up" is under two weeks, whatever else it is.
        at_most = [d for d in began if d.days < self._shortest_span]
        durations = durations or at_most
        weighed_days = self._weighed_times(durations, text, not_sure)
        if weighed_days:
            durations = []
        if (answers or durations or medicines) and self._doubts_a_link_or_time(
            unsure, found, all_durations, age_contexts, cues, text
        ):
            not_sure, unsure = False, []
        return Understanding(
            dangers=dangers,
            answers={q: tuple(o) for q, o in answers.items() if o},
            denied={q: tuple(o) for q, o in denied.items() if o},
            duration_days=durations[0].days if durations else None,
            medicines=tuple(medicines),
            concerns=tuple(concerns),
            others_concerns=tuple(c for c in others_concerns if c not in concerns),
            others_answers=frozenset(others_answers - own_answers),
            relatives_signs=frozenset(relatives_signs - subjects_signs),
            polarity=reply.polarity,
            polarity_of_writer=reply.of_writer,
            others_polarity=reply.others,
            polarity_opens=reply.opens,
            polarity_after_past=reply.after_the_past,
            hedged=hedged or reply.hedged,
            about_subject=for_subject,
            for_someone_else=for_someone_else,
            # "sorry", «точнее», or a time denied for another ("not since monday, 3 weeks")
            corrects=bool(taken_back) or any(self._denied_time(d, text) for d in durations[1:]),
            numb_face_only=numb_face_only,
            asks_meaning=bool(asks_meaning),
            tells_complaint=self._complaint.named_in(text),
            # "yes, years ago", "sí, hace 3 años": a yes told of long ago, none of now
            yes_of_the_past=reply.polarity == YES
            and any(c.context is Context.HISTORICAL for c in cues)
            and not present
            and not any(c.current for c in dangers.values()),
            tells_fear=self._fears.named_in(text),
            words=len(text.tokens),
            known_words=len(
                {i for f in found for i in f.tokens}
                | cue_tokens(cues)
                | timed
                | {i for i, t in enumerate(text.tokens) if plain(t.text) in self._language_words}
            ),
            not_sure=not_sure,
            weighs_answers=self._weighed(answer_words, text, not_sure),
            weighs_days=weighed_days,
            not_sure_hedges=bool(unsure)
            and all(
                self._hedges(u, found, all_durations, age_contexts, cues, text) for u in unsure
            ),
            asked=any(
                clause.question and index not in answered
                for index, clause in enumerate(text.clauses)
            ),
        )


def _bare_of_another(text: Text, people: frozenset[int]) -> bool:
    """Whether a clause ends in a person's name (`people`) and one word ("mein Mann ja",
    "aber mein Mann schon", "mi madre sí"), not a statement of what they had ("a mi padre
    sí le pasó", «у отца такое было»)."""
    return any(words[-1] - 1 in people for words in text.ranges if len(words) > 1)


def _of_other_people(cues: list[Cue]) -> frozenset[int]:
    """The words by which a message speaks of another person ("my dad", "у неё")."""
    return cue_tokens([c for c in cues if c.context is Context.OTHER_PERSON])


def _medicines_by_clause(found: list[Found], text: Text) -> dict[int, set[str]]:
    """Clause → the medicines named in it."""
    named: dict[int, set[str]] = {}
    for f in found:
        if f.key.startswith(f"{MEDICINE}:"):
            named.setdefault(text.tokens[f.first].clause, set()).add(f.key.partition(":")[2])
    return named


def _denied_after_an_inside(found: Found, cues: list[Cue], text: Text) -> bool:
    """Whether a danger sign whose words stand on both sides of a clause told inside them
    is denied in a clause after its first word's: "my face, when I checked this morning,
    wasn't drooping" tells no drooping face."""
    tokens = text.tokens
    first = tokens[found.first].clause
    later = {tokens[i].clause for i in found.tokens} - {first}
    return (
        found.key.startswith("danger:")
        and bool(later)
        and any(c.context is Context.NEGATED and tokens[c.first].clause in later for c in cues)
    )


def _denying_forward(cues: list[Cue]) -> list[Cue]:
    """The negation cues that deny what follows them ("no", "don't", «не»)."""
    return [
        c for c in cues if c.context is Context.NEGATED and c.direction in ("before", "anywhere")
    ]


def _told_as_a_time(
    durations: Sequence[Duration], times: frozenset[int], words: frozenset[str], text: Text
) -> frozenset[int]:
    """The tokens that tell how long or when (`durations`, and `times`: the weekdays
    named), with the `words` (`Lexicon.time_words`) that open or round them off in their
    clause ("für zehn Minuten", "for about ten minutes on Sunday"): a time told inside a
    description does not pull its words apart ("mein Arm war vor ein paar Tagen für zehn
    Minuten ganz taub" is an arm that was numb)."""
    tokens = text.tokens
    timed = {i for d in durations for i in range(d.first, d.last + 1)} | set(times)
    for at in sorted(timed):
        for step in (-1, 1):
            i = at + step
            while (
                0 <= i < len(tokens)
                and i not in timed
                and tokens[i].clause == tokens[at].clause
                and plain(tokens[i].text) in words
            ):
                timed.add(i)
                i += step
    return frozenset(timed)


def _drop_what_tells_of_a_concern(
    answers: dict[str, list[str]],
    answer_words: dict[tuple[str, str], list[frozenset[int]]],
    found: list[Found],
    told: frozenset[str],
    text: Text,
    single: frozenset[str],
) -> None:
    """Answers to one-answer questions said only in clauses that tell of a symptom the
    consultation does not cover (`told`: the symptoms counted, not a pregnancy), and of
    no spot of the face ("chest pains on and off"),
    tell of that symptom: "on and off" is not how the twitch comes and goes. A checklist's
    answer told with it still counts ("my heart races and my chest hurts")."""
    tokens = text.tokens
    concern_clauses = {tokens[f.first].clause for f in found if f.key in told}
    if not concern_clauses:
        return
    face_clauses = {tokens[f.first].clause for f in found if f.key.startswith(LOCATION)}
    for (question, option), places in answer_words.items():
        clauses = {tokens[min(p)].clause for p in places}
        told_of_it = clauses <= concern_clauses - face_clauses
        if question in single and told_of_it and option in answers.get(question, []):
            answers[question].remove(option)


#: Answers that tell of a weak face: an eye that cannot close is weak, not shut by a spasm.
_WEAK_FACE = (("location", "face_weak"), ("palsy_history", "weak_now"))


def _drop_a_weak_eyes_closing(
    answers: dict[str, list[str]],
    answer_words: dict[tuple[str, str], list[frozenset[int]]],
) -> None:
    """An eye that closes told in words of a weak face ("sigo sin poder cerrar bien el
    ojo", «глаз плохо закрывается» as a weak face) is no spasm that shuts it: "the eye
    closes by itself" would give the spasm's advice and a driving line (clinical round 37)."""
    closing = answer_words.get(("closure", "eye_closes"))
    if not closing or "eye_closes" not in answers.get("closure", []):
        return
    weak = [words for key in _WEAK_FACE for words in answer_words.get(key, [])]
    if all(any(words & other for other in weak) for words in closing):
        answers["closure"].remove("eye_closes")
        if not answers["closure"]:
            del answers["closure"]


def _drop_the_side_of_a_limb(
    answers: dict[str, list[str]],
    answer_words: dict[tuple[str, str], list[frozenset[int]]],
    found: list[Found],
    text: Text,
) -> None:
    """A side told at a danger sign's words ("seitdem ist meine rechte Hand etwas
    schwach", «слабость в левой руке») is that limb's, when the twitch's own side is told
    where its spot is ("… zuckt mein linkes Unterlid"): only the twitch's side is kept."""
    sides = answers.get("side", [])
    if len(sides) < 2:
        return
    tokens = text.tokens
    where = {tokens[f.first].clause for f in found if f.key.startswith(LOCATION)}
    spans = [
        range(min(f.tokens) - 1, max(f.tokens) + 1) for f in found if f.key.startswith("danger:")
    ]

    def at_a_sign(place: frozenset[int]) -> bool:
        return tokens[min(place)].clause not in where and any(min(place) in s for s in spans)

    of_the_twitch = [
        side
        for side in sides
        if not all(at_a_sign(place) for place in answer_words.get(("side", side), []))
    ]
    if of_the_twitch:
        answers["side"] = of_the_twitch


def _drop_the_side_of_an_old_palsy(
    answers: dict[str, list[str]],
    answer_words: dict[tuple[str, str], list[frozenset[int]]],
    found: list[Found],
    text: Text,
) -> None:
    """A side told only in the clause of an old palsy ("Bell's palsy on the left side 3
    years ago, it recovered. Now my right eyelid twitches") is the palsy's, when the
    twitch's own side is told where its spot is: only the twitch's side is kept, and the
    palsy, on the other side, is no palsy of this side ("has this side ever been
    weak?" is then asked)."""
    sides = answers.get("side", [])
    if len(sides) < 2:
        return
    tokens = text.tokens
    where = {tokens[f.first].clause for f in found if f.key.startswith(LOCATION)}
    palsy = {tokens[f.first].clause for f in found if f.key.startswith(PALSY)} - where
    if not palsy:
        return

    def of_the_palsy(side: str) -> bool:
        places = answer_words.get(("side", side), [])
        return bool(places) and all(tokens[min(p)].clause in palsy for p in places)

    kept = [side for side in sides if not of_the_palsy(side)]
    if not kept or len(kept) == len(sides):
        return
    answers["side"] = kept
    # ... unless the palsy's own sentence names the kept side too, apart from the twitch
    # ("Fazialisparese rechts – nee, links wars"): then the palsy was of this side
    sentences = {text.clauses[c].sentence for c in palsy}
    told = {tokens[min(p)] for side in kept for p in answer_words.get(("side", side), [])}
    if not any(t.sentence in sentences and t.clause not in where for t in told):
        answers.pop("palsy_history", None)


#: How many words after a "not sure" its doubt may begin: "не знаю, связано ли это".
_UNSURE_OF_REACH = 3
#: The most words a clause told inside another may have ("when I looked in the mirror
#: this morning").
INSIDE_WORDS = 10

#: A numb face for this long is no sudden numbness: a week.
_NUMB_FOR_WEEKS = 7


def _without_signs_across_a_denial(
    found: list[Found],
    undenied: list[Cue],
    cues: list[Cue],
    text: Text,
    speaker: frozenset[int],
    present: frozenset[int],
    for_subject: bool,
) -> list[Found]:
    """Without the danger signs found across clauses that take words from a denial of
    the same sign said plainly: in "her face got weaker over two days, arms and legs
    move fine", the weakness is the face's, and the arms and legs are denied ("face fine
    then it drooped at lunch", in one clause, still tells of the droop). A carer's
    denial is the person's."""
    plainly = {Context.AFFIRMED, Context.OTHER_PERSON} if for_subject else {Context.AFFIRMED}
    denials = [
        (f.key.partition(":")[2], frozenset(f.tokens))
        for f in found
        if f.key.startswith(f"{DENIAL}:")
        and context_of(f, undenied, text, speaker=speaker, present=present) in plainly
        and not _negated_at(f, cues, text)
    ]
    if not denials:
        return found

    def across_a_denial(item: Found) -> bool:
        sign = item.key.removeprefix("danger:")
        return (
            item.key.startswith("danger:")
            and len({text.tokens[i].clause for i in item.tokens}) > 1
            and any(s == sign and words.intersection(item.tokens) for s, words in denials)
        )

    return [f for f in found if not across_a_denial(f)]


def _face_sign(sign: Found, text: Text, stem: Callable[[str], str], limbs: frozenset[str]) -> bool:
    """Whether a stroke sign tells of the face alone: none of its words is a limb's, the
    speech's or the sight's (`Lexicon.limbs_and_speech`)."""
    return not any(stem(fold(text.tokens[i].text)) in limbs for i in sign.tokens)


def _times_of(signs: list[Found], durations: list[Duration], text: Text) -> list[Duration]:
    """The times told in the clauses of `signs`."""
    clauses = {text.tokens[s.first].clause for s in signs}
    return [d for d in durations if text.tokens[d.first].clause in clauses]


def _a_face_numb_for_weeks(
    dangers: dict[str, Context],
    answers: dict[str, list[str]],
    told_at: dict[str, list[Found]],
    found: list[Found],
    durations: list[Duration],
    text: Text,
    joiners: frozenset[str],
    for_subject: bool,
) -> bool:
    """A face that has been numb for weeks is no stroke told but a red flag of another kind
    (GUIDANCE: spasm together with facial numbness, or facial weakness worsening over weeks
    with numbness, is urgent; sudden numbness is the stroke's): "for the past few weeks that
    cheek feels numb", "…my face has been getting gradually weaker, and my left cheek feels
    numb". The numbness is kept as an answer; the safety check is still asked.

    Only where every word of the sign is a numb face's, and its own clause tells a time of a
    week or more and none shorter, or the weakness is told as growing over weeks: "my eye has
    twitched for 3 weeks, and today my face went numb" stays the emergency.

    Returns whether every word of the stroke sign told is a numb face's (`numb_face_only`)."""
    told = dangers.get("stroke")
    if not (told is Context.AFFIRMED or (for_subject and told is Context.OTHER_PERSON)):
        return False  # a carer's "my mum's cheek has been numb for weeks" too
    tokens = text.tokens
    numb = [set(f.tokens) for f in found if f.key == f"{ANSWER}:weakness_signs:numbness"]
    signs = told_at.get("stroke", [])
    slow_weakness = bool(
        {"worsening_weeks", "long_ago"}.intersection(answers.get("weakness_onset", []))
    )

    def for_weeks(sign: Found) -> bool:
        clause = tokens[sign.first].clause
        # how it comes and goes may run across a joiner: "goes numb on and off for weeks"
        clauses = {clause}.union(
            *(
                {tokens[i].clause for i in f.tokens}
                for f in found
                if f.key.startswith(f"{ANSWER}:course:")
                and clause in {tokens[i].clause for i in f.tokens}
            )
        )
        times = [d.days for d in durations if tokens[d.first].clause in clauses]
        return bool(times) and min(times) >= _NUMB_FOR_WEEKS

    def of_a_numb_face(sign: Found) -> bool:
        # a sign's phrase may reach across a joiner: "Gesichtshälfte taub und …"
        own = {i for i in sign.tokens if fold(tokens[i].text) not in joiners}
        return any(own <= words for words in numb)

    numb_only = bool(signs) and all(of_a_numb_face(f) for f in signs)
    if numb_only and all(slow_weakness or for_weeks(f) for f in signs):
        del dangers["stroke"]
    return numb_only


def _a_weak_face_of_the_past(
    dangers: dict[str, Context],
    answers: dict[str, list[str]],
    past_palsy: list[Found],
    found: list[Found],
    present: frozenset[int],
    text: Text,
) -> None:
    """A weak face told only as the past is recorded, not the emergency (GUIDANCE: a past
    event), and is no spot of the twitch nor a weakness of today:

    - what a past palsy was: "I had Bell's palsy last year, the left side of my face was
      paralysed. Now my eye closes when I smile" (`past_palsy`: the palsy told as the past,
      "…last year", "vor 2 Jahren", apart from the weak face);
    - what an old stroke left: "Since my stroke 6 years ago the left side of my face is a
      bit weak".

    A clause that says now ("…and today my face droops again") keeps its sign, and so does
    what is no weak face ("…and my arm went numb")."""
    tokens = text.tokens
    stroke = [f for f in found if f.key == "danger:stroke"]
    weak_face = [f for f in found if f.key == f"{LOCATION}face_weak"]
    now = {tokens[i].clause for i in present}
    signs = {i for f in stroke for i in f.tokens}
    palsy = {tokens[f.first].sentence for f in past_palsy if not signs & set(f.tokens)}
    palsy_told = bool(stroke and palsy) and all(
        tokens[f.first].sentence in palsy
        and tokens[f.first].clause not in now
        and any(set(f.tokens) & set(w.tokens) for w in weak_face)
        for f in stroke
    )
    reading = dangers.get("stroke")
    if palsy_told and reading is not None and reading.current:
        dangers["stroke"] = reading = Context.HISTORICAL
    old_weakness = reading is Context.HISTORICAL and any(
        tokens[f.first].sentence == tokens[w.first].sentence and tokens[w.first].clause not in now
        for f in stroke
        for w in weak_face
    )
    if not (palsy_told or old_weakness):
        return
    spots = answers.get("location", [])
    if len(spots) > 1 and "face_weak" in spots:
        spots.remove("face_weak")
    if old_weakness and answers.get("palsy_history") == ["weak_now"]:
        del answers["palsy_history"]


def _taken_back_signs(
    told_at: dict[str, list[Found]], found: list[Found], taken_back: frozenset[int], text: Text
) -> list[str]:
    """Danger signs told only before words that take them back, with something else told
    after them ("my face drooped, no sorry, my eyelid", «лицо перекосило — ой нет, веко
    дёргается»): asked about, never dropped, as a sign said with doubt is."""
    if not (taken_back and told_at):
        return []
    cut, end = min(taken_back), max(taken_back)
    sentence = text.tokens[cut].sentence
    told_after = any(
        f.first > end
        and text.tokens[f.first].sentence == sentence
        and f.key.partition(":")[0] in NAMED_THINGS
        for f in found
    )
    return [
        sign
        for sign, items in told_at.items()
        if told_after
        and items
        and all(f.last < cut and text.tokens[f.first].sentence == sentence for f in items)
    ]


def _closed_by_a_no(item: Found, found: list[Found], text: Text, negations: frozenset[str]) -> bool:
    """Whether a no right after `item` ends its clause: "convulsiones no", "la cara
    caída no, brazo dormido tampoco", "Doppelbilder nein". Not a no that goes on ("la
    cara caída no puedo sonreír"), nor one after a sign told with a negation of its own,
    where it only adds weight ("no se me entendía nada", «не открывается, и всё»)."""
    tokens = text.tokens
    if any(plain(tokens[i].text) in negations for i in item.tokens):
        return False
    last = text.ranges[tokens[item.first].clause][-1]
    return any(
        f.key == NO and f.first == item.last + 1 and f.last == last and len(f.tokens) == 1
        for f in found
    )


def _a_no_right_before(item: Found, cues: list[Cue], text: Text) -> bool:
    """Whether a one-word negation stands right before `item` in its clause: the "no" of
    "no nothing like that", which says the no again rather than denying it."""
    before = item.first - 1
    return (
        before >= 0
        and text.tokens[before].clause == text.tokens[item.first].clause
        and any(c.context is Context.NEGATED and c.first == c.last == before for c in cues)
    )


def _negated_at(item: Found, cues: list[Cue], text: Text) -> bool:
    """Whether a negation stands right before `item` in its clause ("no respiro bien"),
    inside it or right after it ("breathing is not fine")."""
    clause = text.tokens[item.first].clause
    near = range(item.first - 2, item.last + 3)
    return any(
        c.context is Context.NEGATED
        and text.tokens[c.first].clause == clause
        and (c.first in near or c.last in near)
        # not a cue that is part of the denial's own words ("geht gut" in "atmen geht gut")
        and not set(range(c.first, c.last + 1)).intersection(item.tokens)
        for c in cues
    )


def _without_lookalikes(
    found: list[Found], standing_for: Mapping[int, tuple[Token, ...]], text: Text
) -> list[Found]:
    """The phrases found, a danger sign's phrase that lies within a lookalike of that sign
    made a part of the sign, to be asked about ("numb fingertips on my hands" is most
    often pins and needles, not a numb arm), and a concern's phrase that holds a lookalike
    of it dropped ("stopped drinking coffee 2 days ago" is no alcohol withdrawal); the
    lookalikes themselves dropped. A sign told of a pronoun (`standing_for`) that points
    back to a clause with a lookalike of that sign goes on with the lookalike's story, and
    is dropped too: "my mouth was numb from the dentist, it drooped a bit"."""
    spans: dict[str, list[range]] = {}
    for item in found:
        kind, _, of = item.key.partition(":")
        if kind == LOOKALIKE:
            spans.setdefault(of, []).append(range(item.first, item.last + 1))

    def within(item: Found, of: str) -> bool:
        return any(item.first in span and item.last in span for span in spans.get(of, ()))

    def holds(item: Found, of: str) -> bool:
        span = range(item.first, item.last + 1)
        return any(s.start in span and s[-1] in span for s in spans.get(of, ()))

    def goes_on_with(item: Found, of: str) -> bool:
        clauses = {t.clause for i in item.tokens for t in standing_for.get(i, ())}
        return any(text.tokens[span.start].clause in clauses for span in spans.get(of, ()))

    kept = []
    for item in found:
        kind, _, of = item.key.partition(":")
        if kind == LOOKALIKE or (kind == CONCERN and holds(item, of)):
            continue
        if kind in (DANGER, SUGGESTS) and goes_on_with(item, of):
            continue
        kept.append(
            Found(f"{SUGGESTS}:{of}", item.tokens) if kind == DANGER and within(item, of) else item
        )
    return kept


def _told_of_a_sign_only(
    duration: Duration, signs: set[int], named: list[Found], text: Text
) -> bool:
    """Whether `duration` is told in a clause that names a danger sign and nothing else."""
    clause = text.tokens[duration.first].clause
    return clause in signs and not any(text.tokens[f.first].clause == clause for f in named)


def _words_before(text: Text) -> list[int]:
    """For each place (and the end), how many words stand before it, a dose not counted:
    "Metoclopramid 10mg seit Dienstag wegen Übelkeit" is the medicine's time, not the
    nausea's."""
    words = [plain(t.text) for t in text.tokens]
    counted = [0]
    for i, w in enumerate(words):
        dose = w in DOSE_UNITS or (
            i + 1 < len(words) and words[i + 1] in DOSE_UNITS and w[:1].isdigit()
        )
        counted.append(counted[-1] + (not dose))
    return counted


def _dates_something_else(
    duration: Duration,
    named: list[Found],
    keys: tuple[str, ...],
    text: Text,
    counted: list[int],
    same_clause: bool = False,
) -> bool:
    """Whether what is named nearest to `duration` (in its clause, then its sentence) has a
    time of its own: then the time is that thing's ("Fazialisparese vor 9 Monaten, seit 2
    Monaten zuckt das Auge", "on metformin for 10 years"), not the complaint's; "tomo
    metformina hace 6 años. Hace un mes me empezó a temblar el párpado" is a month.
    `same_clause`: only what is named in the clause of the time counts; `counted`: the
    words before each place, a dose not counted (`_words_before`)."""
    here = text.tokens[duration.first]

    def apart(t: int) -> int:
        """Words between `t` and the time, a dose not counted, plus one when outside it."""
        if t < duration.first:
            return counted[duration.first] - counted[t + 1] + 1
        if t > duration.last:
            return counted[t] - counted[duration.last + 1] + 1
        return 0

    def distance(found: Found) -> tuple[bool, bool, int]:
        there = text.tokens[found.first]
        return (
            there.sentence != here.sentence,
            there.clause != here.clause,  # "омепразол уже 3 года, месяц дергается веко"
            # from its nearest word: a phrase whose words stand apart ("palsy … now")
            # does not take in the time told between them
            min(apart(t) for t in found.tokens),
        )

    if same_clause:  # told right with it: "on metformin for 10 years"
        named = [f for f in named if text.tokens[f.first].clause == here.clause]
    # of the words read two ways at once, the thing with a time of its own: "Bell's palsy
    # started in March" is the palsy's time, though "palsy" names a weak face too
    nearest = min(named, key=lambda f: (distance(f), not f.key.startswith(keys)), default=None)
    if nearest is None or not nearest.key.startswith(keys):
        return False
    # The complaint named as near, in words of its own, keeps the time: "eye twitching
    # for 3 weeks since starting sertraline".
    return not same_clause or not any(
        distance(f) == distance(nearest)
        and not f.key.startswith(keys)
        and not set(f.tokens) & set(nearest.tokens)
        for f in named
    )


def _own_times(
    duration: Duration, durations: list[Duration], cues: list[Cue], text: Text
) -> list[Cue]:
    """The cues that may date `duration`: not a time of the past told in another clause
    ("vor 3 Jahren Bellsche Parese, seit 8 Monaten geht das Auge zu", "2 года назад был
    паралич Белла, глаз дергается неделю": each time dates its own clause)."""
    clause = text.tokens[duration.first].clause

    def another_time(cue: Cue) -> bool:
        return (
            cue.context is Context.HISTORICAL
            and text.tokens[cue.first].clause != clause
            and any(
                other is not duration and other.first <= cue.last and cue.first <= other.last
                for other in durations
            )
        )

    return [c for c in cues if not another_time(c)]


def context_of_span(
    first: int,
    last: int,
    cues: list[Cue],
    text: Text,
    speaker: frozenset[int] = frozenset(),
    present: frozenset[int] = frozenset(),
) -> Context:
    span = Found("", tuple(range(first, last + 1)))
    context = context_of(span, cues, text, own_cues=True, speaker=speaker, present=present)
    # A hedge ("maybe 3 weeks") or a negation near a number does not undo a duration.
    return Context.AFFIRMED if context in (Context.POSSIBLE, Context.NEGATED) else context


def _language_words(lexicon: Lexicon) -> frozenset[str]:
    """The small words a language is recognised by: its context cues, clause words, the
    words by which people speak of themselves, of now and of time."""
    found = _cue_words(lexicon)
    cues = lexicon.context
    for phrases in (
        lexicon.boundaries,
        lexicon.joiners,
        cues.speaker,
        cues.on_behalf,
        cues.conjunctions,
        cues.alternatives,
        cues.present,
        cues.since,
        lexicon.ages,
    ):
        for phrase in phrases:
            found.update(fold(phrase).split())
    return frozenset(plain(w) for w in found)


def _negation_words(lexicon: Lexicon) -> set[str]:
    """The one-word negations ("не", "not", "nicht", "no"): in a phrase, each stands
    right before the word it denies."""
    cues = lexicon.context.negated
    return {
        fold(phrase) for phrase in (*cues.before, *cues.anywhere) if len(fold(phrase).split()) == 1
    }


def _cue_words(lexicon: Lexicon) -> set[str]:
    """Every word of every context cue, folded as typed."""
    words: set[str] = set()
    for context in Context:
        if context is Context.AFFIRMED:
            continue
        cues = getattr(lexicon.context, context.value)
        for phrases in (cues.before, cues.after, cues.anywhere, cues.in_questions):
            for phrase in phrases:
                words.update(fold(phrase).split())
    return words


#: Which reading of a sign mentioned twice counts: the one that needs more care.
_STRENGTH = {
    Context.AFFIRMED: 5,
    Context.POSSIBLE: 4,
    Context.HISTORICAL: 2,
    Context.HYPOTHETICAL: 2,
    Context.OTHER_PERSON: 2,
    Context.NEGATED: 1,
}


def _stronger(old: Context | None, new: Context, for_subject: bool = False) -> Context:
    """The stronger reading of a sign told twice. Told of the person the consultation is
    for ("my son … his arm was jerking"), another person's sign is as strong as one's
    own: a doubtful part of it told too ("he stared blankly") does not make it doubtful.
    Told of someone else, the writer's own denial is the reading that answers for the
    writer: "my mum's face drooped last week but my face is fine" is a no."""

    def strength(context: Context) -> int:
        if for_subject and context is Context.OTHER_PERSON:
            return _STRENGTH[Context.AFFIRMED]
        return _STRENGTH[context]

    if not for_subject and {old, new} == {Context.OTHER_PERSON, Context.NEGATED}:
        return Context.NEGATED
    if old is None or strength(new) > strength(old):
        return new
    return old


def _drop_the_writers_worry(
    answers: dict[str, list[str]],
    mentions: dict[tuple[str, str], list[frozenset[int]]],
    speaker: frozenset[int],
    cues: list[Cue],
    text: Text,
    relatives: frozenset[int] = frozenset(),
) -> None:
    """A carer's own worry is no stress of the person they write for: "my son is 9, he
    blinks both eyes hard, I'm anxious it is something bad", "Estoy muy preocupada". A
    stress told only where the writer speaks of themselves, with no word for the other
    person in the clause, is dropped ("since he's been stressed at school" stays), and
    so is the sleep the writer loses: "I can't sleep for worrying", «я всю ночь не
    спала», "ich selbst schlafe vor Sorge kaum". (Not the writer's coffee: "I'm a nurse,
    I drink a lot of coffee" may still tell of the patient's.)"""
    tokens = text.tokens
    theirs = {tokens[i].clause for i in _of_other_people(cues)} | {
        # "my son is stressed at school": the clause that names who it is about
        tokens[min(p)].clause
        for (question, _option), places in mentions.items()
        if question == "who"
        for p in places
    }
    # ... nor another relative's, in a clause of their own: "a mi padre le tiembla media
    # cara, mi madre está preocupada" (`relatives`: the writer's "mi" of "mi madre")
    writers = {tokens[i].clause for i in speaker | relatives} - theirs
    # Where the person written for is named, a clause that names nobody goes on with the
    # writer's before it ("я так переживаю, ночами не сплю", "ich bin total fertig und
    # schlafe kaum"), and the writer's nights are theirs too; without ("I'm a nurse on
    # nights, my eyelid flickers") the writer may be the patient.
    for clause in range(1, len(text.clauses)) if theirs else ():
        same_sentence = text.clauses[clause].sentence == text.clauses[clause - 1].sentence
        if same_sentence and clause - 1 in writers and clause not in theirs:
            writers.add(clause)
    options = answers.get("triggers", [])
    for trigger in (STRESS, SLEEP) if theirs else (STRESS,):
        places = mentions.get(("triggers", trigger), [])
        if trigger in options and places and all(tokens[min(p)].clause in writers for p in places):
            options.remove(trigger)
    if not options:
        answers.pop("triggers", None)


#: Questions of other signs, whose answers may tell that they change: "hearing worse".
_SOMETHING_ELSE = ("neuro", "weakness_signs", "eye_signs", "mineral_flags")


def _drop_a_course_of_something_else(
    answers: dict[str, list[str]], mentions: dict[tuple[str, str], list[frozenset[int]]]
) -> None:
    """How the twitch changes is not told by the words that tell how something else does:
    "стал хуже слышать" (the hearing got worse), "se me va debilitando cada vez más" of a
    weak face — each time said inside such an answer's longer words, a course is dropped
    ("всё хуже и хуже" alone, or "spreading into my cheek", stays the twitch's)."""
    others = set(_SOMETHING_ELSE)
    if "face_weak" in answers.get("location", []):
        others.add("weakness_onset")
    for option in list(answers.get("course", [])):
        if all(
            any(
                words < other
                for (question, _), places in mentions.items()
                if question in others
                for other in places
            )
            for words in mentions.get(("course", option), [frozenset()])
        ):
            answers["course"].remove(option)
    if "course" in answers and not answers["course"]:
        del answers["course"]


def _drop_words_of_other_answers(
    answers: dict[str, list[str]],
    mentions: dict[tuple[str, str], list[frozenset[int]]],
    single: frozenset[str],
) -> None:
    """Where a message names several answers to a question that takes one, drop those said
    inside a longer answer: to a choose-all question (a sensation, a trigger) — in "my lips
    and fingertips tingle … my eyelid twitches", "lips" is where the tingling is, and the
    twitch is in the eyelid — or, for a description, to the same question: "my left eye keeps
    blinking" is one eye, though "keeps blinking" alone is said of both. A place named in one
    word ("cheek") keeps its reading beside a longer one ("cheek and mouth"): both are
    asked about."""
    longer = [(q, o, words) for (q, o), places in mentions.items() for words in places]

    def inside_another(question: str, option: str, words: frozenset[int]) -> bool:
        return any(
            words < other
            for q, o, other in longer
            if (q not in single and q != question)
            or (q == question and o != option and len(words) > 1)
        )

    for question, options in answers.items():
        if len(options) < 2 or question not in single:
            continue
        kept = [
            option
            for option in options
            if not all(
                inside_another(question, option, words)
                for words in mentions.get((question, option), [frozenset()])
            )
        ]
        if kept:
            options[:] = kept
