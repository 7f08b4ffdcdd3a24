"""The words of one language: `dialogs/language/<lang>.yml`, as data.

A maintainer extends understanding by adding phrases here, not code. Phrases
are written in their plainest form ("face droop", "arm numb"); the matcher
stems them like the user's words, so "my face is drooping" and "droopy face"
match too. Each language's file is written natively, not translated: people
describe the same thing differently in each language.
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.core.model import Id

Phrase = str
#: A feast's day: "12-25" (month-day), or a feast that moves (`dates.MOVABLE`: "easter",
#: "orthodox_easter", "pentecost", "ascension").
FeastDay = Annotated[
    str,
    Field(
        pattern=r"^((0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        r"|easter|orthodox_easter|pentecost|ascension)$"
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Context(enum.Enum):
    """What a mention means for the person now, as medspaCy's ConText defines it."""

    AFFIRMED = "affirmed"
    NEGATED = "negated"
    POSSIBLE = "possible"
    HYPOTHETICAL = "hypothetical"
    HISTORICAL = "historical"
    OTHER_PERSON = "other_person"

    @property
    def current(self) -> bool:
        """The person may have it now (affirmed, or only possibly)."""
        return self in (Context.AFFIRMED, Context.POSSIBLE)


class Cues(Strict):
    """Words that change what a mention means, and which way they reach."""

    before: list[Phrase] = Field(
        default_factory=list, description="The cue comes first: 'no droop', 'what if my face…'."
    )
    after: list[Phrase] = Field(
        default_factory=list,
        description="The cue comes after: 'speech is fine', 'a stroke years ago'.",
    )
    anywhere: list[Phrase] = Field(
        default_factory=list, description="Anywhere in the same clause: 'maybe', 'kinda'."
    )
    closing: list[Phrase] = Field(
        default_factory=list,
        description="After what it denies, only where it closes its clause (negations "
        "only): 'ictus no he tenido', 'visión doble no tengo'. With something named after "
        "it in its clause it reaches back over nothing: 'cuando estoy estresada no tengo la "
        "boca torcida' denies the mouth (the same words listed under `before`), not the stress.",
    )
    in_questions: list[Phrase] = Field(
        default_factory=list,
        description="Only in a question ('can a twitch turn into a seizure?').",
    )
    after_a_list: list[Phrase] = Field(
        default_factory=list,
        description="In a clause of its own after a list, back over the list's clauses to "
        "the start of its sentence or a 'but' (negations only): 'Doppelt sehen, Lähmung, "
        "Krampfanfall – alles nein', 'lo de que se me tuerza la boca o se me duerma el "
        "brazo, eso no me pasa'. A clause that tells more than things named ends the list.",
    )


class ContextCues(Strict):
    negated: Cues = Cues()
    possible: Cues = Cues()
    hypothetical: Cues = Cues()
    historical: Cues = Cues()
    other_person: Cues = Cues()
    speaker: list[Phrase] = Field(
        default_factory=list,
        description="Words by which people speak of themselves ('I', 'my'): another "
        "person's scope ends there ('my dad has epilepsy and I just had a seizure').",
    )
    witness: list[Phrase] = Field(
        default_factory=list,
        description="Words by which another person's account is told ('my wife says', "
        "'she noticed', «жена говорит», 'mi marido dice', 'meine Frau sagt'), matched word "
        "for word. Elsewhere they doubt what follows (listed under `possible` too: asked "
        "about), but in a reply to a danger sign's own check they are the answer: what a "
        "witness saw, or denies, is told plainly.",
    )
    on_behalf: list[Phrase] = Field(
        default_factory=list,
        description="Words by which people say they write for someone else, matched word "
        "for word ('asking for my father', 'пишу за маму', 'escribo por mi madre', 'es "
        "geht um meine Mutter'): what the message tells of that person answers the "
        "questions, though the writer speaks of themselves too.",
    )
    present: list[Phrase] = Field(
        default_factory=list,
        description="Words that speak of now ('today', 'last night', 'heute', 'сегодня'), "
        "matched word for word: what was told of the past before them does not reach past "
        "them ('had fits as a child, today a fit again').",
    )
    since: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'since' ('seit', 'desde', 'с'): a year after one is not the "
        "past but the start of what goes on ('the first since 2019').",
    )
    began: list[Phrase] = Field(
        default_factory=list,
        description="Words that tell when something began ('started', 'began', 'началось', "
        "'empezó', 'fing … an'), matched word for word: a month, year or weekday told "
        "right after one, a word or two between ('it started in March', 'началось в марте'), "
        "counts from that day, as after 'since'.",
    )
    otherwise: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'otherwise' that, right after a word such as 'fine', make it "
        "about everything else: 'my face droops im fine otherwise' denies no droop.",
    )
    time_denied_by: list[Phrase] = Field(
        default_factory=list,
        description="Words that may stand between a negation and the time it takes back "
        "('no son 3 días, son 3 meses', 'no hace una semana, hace un mes'), matched word for "
        "word: the time after them is denied, as right after the negation ('not 3 days').",
    )
    it_was: list[Phrase] = Field(
        default_factory=list,
        description="Words that, in a later part of the sentence, tell that a sign denied "
        "for now was there before ('my face isn't drooping now but it was at lunchtime', "
        "«сейчас лицо не перекошено, но утром было»), matched word for word: the sign "
        "passed, and is asked about (GUIDANCE: a sign that passed is still an emergency).",
    )
    another_part: list[Phrase] = Field(
        default_factory=list,
        description="Words that close a short clause naming only another limb or the "
        "other side, right after a sign denied ('my arm isn't numb but my leg is', 'der "
        "rechte Arm ist nicht schwach, der linke schon', «рука не онемела, а нога да», 'el "
        "brazo no lo tengo dormido, pero la pierna sí'), matched word for word: the sign is "
        "told of that part. Not 'too' or 'also', which carry the denial on.",
    )
    until: list[Phrase] = Field(
        default_factory=list,
        description="Words that end a denial at a recent time ('never had a fit until this "
        "morning', «судорог не было до вчерашнего вечера», 'hasta anoche', 'bis gestern "
        "Abend'), matched word for word: the sign denied came after all, at that time. Not "
        "'until now' nor 'bis heute', which keep the denial to this day.",
    )
    ago: list[Phrase] = Field(
        default_factory=list,
        description="Words right before or after a time that make it a time back ('two "
        "months ago', 'два месяца назад', 'vor zwei Monaten'), matched word for word: a "
        "danger sign told a month or more back, before the twitch began, is recorded, not "
        "acted on (the safety check asks what happened since the twitch began).",
    )
    left_behind: list[Phrase] = Field(
        default_factory=list,
        description="Words that tell what a past event left behind ('left me with', "
        "'since then', 'осталась', 'le quedó', 'seitdem', 'hasn't changed'), matched word for "
        "word: a danger sign told after them, in a sentence that tells of that sign in the "
        "past ('a stroke 4 years ago left my arm weak'), is that old, lasting deficit, "
        "recorded and not acted on, unless the same part of the sentence says now or today.",
    )
    had: list[Phrase] = Field(
        default_factory=list,
        description="Words by which an illness named is told as one that happened ('had', "
        "'died of', «был», «перенёс», 'tuvo', 'murió de', 'hatte', 'gestorben'), matched "
        "word for word in its clause: another person's illness so told, with no time of now "
        "there (`present`: 'this morning', 'just had'), is their history, not an emergency "
        "now: 'my dad died of a stroke', «у мамы был инсульт». A sign told of them ('his "
        "face drooped') is still theirs to act on.",
    )
    ended: Cues = Field(
        default_factory=Cues,
        description="Words that tell a habit, a medicine or a complaint is over, before it "
        "('used to', «бросил», 'dejé de', 'früher') or after it ('stopped', 'anymore', "
        "'abgesetzt'), matched word for word in its clause; an `after` word may also open "
        "the next clause ('was on omeprazole, stopped last year'). An answer whose option "
        "counts only for a while after stopping (`Option.after_stopping_days`) is, so told, "
        "that option denied. Not 'the coffee I used to drink' (after it, 'used to' only "
        "compares).",
    )
    since_then: list[Phrase] = Field(
        default_factory=list,
        description="Words that date the complaint from what was told before them ('since "
        "then', 'seitdem', 'с тех пор', 'desde entonces'), matched word for word: the time "
        "of a medicine or a diet told before them is how long the complaint has lasted too "
        "('dose raised 3 weeks ago, and since then my lip twitches').",
    )
    stopped: list[Phrase] = Field(
        default_factory=list,
        description="Words that tell the complaint stopped for a while ('then it stopped', "
        "'dann war es weg', 'потом прошло', 'se me quitó'), matched word for word: with "
        "`came_back` after them, the time of its return is how long it has lasted.",
    )
    came_back: list[Phrase] = Field(
        default_factory=list,
        description="Words that tell the complaint came back ('back since', 'again', "
        "'wieder', 'опять', 'otra vez'), matched word for word: a time told in their clause "
        "after a `stopped` is how long it has lasted now ('a week in the spring, then it "
        "stopped, back since Monday' is since Monday).",
    )
    thought: list[Phrase] = Field(
        default_factory=list,
        description="Words of a thought or a fright at the time, in the past ('I thought', "
        "'I was scared it was', 'ich dachte', 'думала', 'pensé que'): an illness named right "
        "after them, in their clause or the next ('ich dachte erst, ich krieg einen "
        "Schlaganfall', «испугалась, думала, инсульт»), is what the person feared, not a sign "
        "told (the safety check still asks each sign). A sign told there is taken as told "
        "('I thought it was a stroke, my face drooped').",
    )
    complements: list[Phrase] = Field(
        default_factory=list,
        description="Words that open, after a comma, what a fear or a 'what if' is about "
        "('боюсь, что это инсульт', 'Angst, dass es ein Schlaganfall ist'): the fear reaches "
        "into that clause.",
    )
    conjunctions: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'and' that join the things in a list: a negation carries over "
        "them from one thing named to the next ('no numbness and weakness'), but not from "
        "what it denies to something new ('didn't sleep and my arm went numb').",
    )
    theirs: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'his', 'her', 'their' before a person ('his dad had a "
        "stroke', 'sein Vater hatte einen Schlaganfall', 'su hermano tuvo un ictus', 'его "
        "отец'): in a carer's message, that person is a relative of the one written for, "
        "whose signs are never taken as theirs.",
    )
    articles: list[Phrase] = Field(
        default_factory=list,
        description="Words that stand before a thing named in a list, after its 'and' or "
        "'or' ('never had a stroke or a palsy', 'nie einen Schlaganfall oder eine Lähmung', "
        "'ni un ictus ni una parálisis'): a negation carries over them as over the 'or'.",
    )
    likewise: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'too' that, after a denial, deny what a clause of their own "
        "lists ('птоза нет, двоения тоже'). After a statement, or in a clause that says "
        "more than what it names, they deny nothing ('лицо висит, речь тоже').",
    )
    told_as_fact: list[Phrase] = Field(
        default_factory=list,
        description="Words by which a question takes what follows as told ('could it matter "
        "that my leg is dragging?', «может ли это быть связано с тем, что рука онемела?», "
        "'¿tiene que ver que…?', 'kann es damit zu tun haben, dass…'), matched word for word: "
        "a 'could it' or 'what if' before them does not reach past them, and the sign after "
        "them is asked about, as a question about something told.",
    )
    like_this: list[Phrase] = Field(
        default_factory=list,
        description="Words after a denied sign that compare it with one now ('never had a fit "
        "like this before', 'nunca había tenido una convulsión así'), matched word for word: "
        "the denial is of the ones before, and the sign is taken, as after 'until'.",
    )
    not_long: list[Phrase] = Field(
        default_factory=list,
        description="Words right after a denied sign that deny only how long it lasted ('I "
        "wasn't unconscious long', 'my arm wasn't numb for long'), matched word for word: "
        "the sign was there, and is taken, as after 'like this'.",
    )
    after_all: list[Phrase] = Field(
        default_factory=list,
        description="Words that, after a denied sign, take the denial back in part ('no "
        "droop... well, a little on the left', 'bueno, un poco del lado izquierdo sí', 'na ja, "
        "vielleicht ein bisschen', «ну, немного есть»), matched word for word, in the same "
        "sentence or the next: the sign is asked about, as after 'it_was'.",
    )
    degree: list[Phrase] = Field(
        default_factory=list,
        description="Words of `possible` that measure a sign rather than doubt it ('a "
        "bit', 'slightly', «немного», 'un poco', 'etwas'), matched word for word. Told at "
        "the danger check on screen, a sign that only they made possible is the sign: 'a "
        "bit, my smile was slightly lopsided' answers 'has your face drooped?' (a doubt, 'I "
        "think', still leaves it possible). Elsewhere they stay words of doubt: 'my mouth "
        "is a bit lower' in a first message is asked about.",
    )
    instead: list[Phrase] = Field(
        default_factory=list,
        description="Words that open, after a clause that denies something of a part of the "
        "body, what that part does instead ('my arm is not numb but weak', «рука не онемела, "
        "а ослабла», 'el brazo no lo tengo dormido sino flojo', 'der Arm ist nicht taub, "
        "sondern schwach'): the word stands for that part, as a pronoun does, and what "
        "follows is told.",
    )
    again: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'again' by which a sign told of the past came once more ('as a "
        "kid I had fits and today I had one again', «в детстве был припадок, а сегодня "
        "опять», 'y esta mañana otra vez', 'und heute wieder einen'), matched word for word "
        "after the sign, naming nothing new: the sign is taken, read in the context of where "
        "'again' is said ('never again', 'what if it happens again?' take nothing).",
    )
    me_too: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'too' by which the writer says they had another person's sign "
        "as well ('my mum has seizures and today I had one too', «и у меня сегодня тоже», "
        "'y hoy yo también', 'und heute hatte ich auch einen'), matched word for word after "
        "the writer speaks of themselves: the sign is theirs, told when they tell it.",
    )
    alternatives: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'or' and 'nor' ('neither', 'weder', 'ни'): after a negation "
        "they always continue its list ('no droop or slurring'), even past a thing the bot "
        "does not know.",
    )
    denies_all: list[Phrase] = Field(
        default_factory=list,
        description="Negations that deny every thing of the list after them, past commas, "
        "whether it ends with 'or' or 'and': a clinician's 'denies dysarthria, diplopia "
        "and weakness', 'niega disartria, diplopía y debilidad'. (After a plain 'no', a "
        "list that ends with 'and' may tell something new: 'no headache, arm numb and "
        "face droops'.) Told after its list, one reaches back over the illnesses named "
        "in it ('Schlaganfall, MS und einen Tumor ausgeschlossen'): see `diagnoses`.",
    )
    diagnoses: list[Phrase] = Field(
        default_factory=list,
        description="Names of illnesses a doctor rules out (stroke, MS, a tumour), each word "
        "as typed. A ruling-out told after its list ('stroke, MS and a tumour were ruled "
        "out') reaches back over clauses that name only these; a sign told there keeps "
        "what it tells ('face drooping, MS and a tumour were ruled out').",
    )


class Units(Strict):
    """Every form of each time unit, as people type them."""

    minute: list[Phrase] = Field(default_factory=list)
    hour: list[Phrase] = Field(default_factory=list)
    day: list[Phrase] = Field(default_factory=list)
    week: list[Phrase] = Field(default_factory=list)
    month: list[Phrase] = Field(default_factory=list)
    year: list[Phrase] = Field(default_factory=list)

    def forms(self) -> list[Phrase]:
        """Every form of every unit."""
        return [form for forms in self.model_dump().values() for form in forms]


class AfterAnOption(Strict):
    """A yes or a no typed right after an option on screen, in its own clause: "red eye no,
    light yes", «свет да, покраснения нет», "el ojo no, la boca sí", "rot nein, Licht ja".
    Plain replies only: "schlafe kaum" and «сна нет» tell of little sleep, not of no."""

    yes: list[Phrase] = Field(default_factory=list, description="'yes', 'loads', 'too'.")
    no: list[Phrase] = Field(default_factory=list, description="'no', 'not really'.")


class DateWords(Strict):
    """The words typed with a day of the month in a date, so "since the 2nd" is a day
    and "since 2 of us got ill" is not."""

    before: list[Phrase] = Field(
        default_factory=list,
        description="Before the day, marking it as one: 'the' (since the 2nd), 'el', 'dem'.",
    )
    endings: list[Phrase] = Field(
        default_factory=list,
        description="Ordinal endings typed onto the day or after a hyphen, marking it as "
        "one: '2nd', '2-го', '2º', '2ten'.",
    )
    after: list[Phrase] = Field(
        default_factory=list,
        description="Words after the day that mark it as one: 'of the month' ('со 2 числа').",
    )
    of: list[Phrase] = Field(
        default_factory=list,
        description="Between the day and its month only: 'the 2nd of November', '2 de noviembre'.",
    )
    month_start: list[Phrase] = Field(
        default_factory=list,
        description="The first day of this month, as told after 'since', word for word: 'the "
        "start of the month', 'начала месяца', 'principios de mes', 'Monatsanfang'.",
    )
    week_start: list[Phrase] = Field(
        default_factory=list,
        description="This week's Monday, as told after 'since', word for word: 'the start of "
        "the week', 'начала недели', 'principios de semana', 'Wochenanfang'.",
    )


class Lexicon(Strict):
    """How people say things in one language."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    boundaries: list[Phrase] = Field(
        default_factory=list,
        description="Words that start a new clause: context does not reach across them ('but').",
    )
    though: list[Phrase] = Field(
        default_factory=list,
        description="Boundary words that mean 'though' when only a negation follows them to "
        "the clause's end, and then start no clause: 'doppelt sehe ich aber nicht' denies "
        "the double vision ('aber'; not 'sonst': 'der Mund hängt, sonst nichts').",
    )
    ordinal_dot: list[Phrase] = Field(
        default_factory=list,
        description="Where the language writes a day's or a thing's number with a dot "
        "('am 2. Tag', 'seit dem 2. zuckt es'): the words before such a number. After one, "
        "the number's dot before a word in small letters ends no sentence ('bin 51. luft "
        "ist ok' still ends one).",
    )
    joiners: list[Phrase] = Field(
        default_factory=list,
        description="Words that end a clause as a comma does ('und' where people write no "
        "commas): negation stops there, history and other people reach across.",
    )
    pronouns: dict[Phrase, list[Phrase]] = Field(
        default_factory=dict,
        description="Pronoun, as typed → the words for parts of the body (or what they do) "
        "it can stand for, compared by stem ('it': face, arm, speech; 'оно': лицо; 'er': "
        "Arm, Mund): a sign told of the pronoun is told of that part, named in one of the two "
        "clauses before ('her smile, it went crooked'; 'sein Gesicht sah komisch aus, es "
        "hing runter'). A pronoun that most often stands for a person ('she', 'le') is none.",
    )
    parts_asked: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Danger check's question id → the parts of the body (or what they do) "
        "it asks about ('arm', 'leg', 'face', 'speech' at the stroke check). A reply that "
        "names no part and tells, after a denial, what happens instead tells it of those "
        "parts: 'no, not numb, but weak', «нет, не онемела, а ослабла», 'nein, nicht taub, "
        "sondern schwach' at the stroke check are an arm or leg gone weak (see "
        "`ContextCues.instead`); only the check's own danger signs are read so.",
    )
    done: list[Phrase] = Field(
        default_factory=list,
        description="Whole replies that finish a choose-all question with what is ticked, "
        "as its Done button does ('that's all', 'это всё', 'eso es todo', 'das war's').",
    )
    thanks: list[Phrase] = Field(
        default_factory=list,
        description="Whole replies that only thank or acknowledge ('ok', 'thanks', "
        "'спасибо', 'gracias', 'danke'): the question is asked again kindly, not as a reply "
        "the bot did not understand.",
    )
    greetings: list[Phrase] = Field(
        default_factory=list,
        description="Whole replies that only greet or call for help ('hi', 'help', "
        "«привет», 'hola', 'hallo'): greeted back, with the question again, not as a reply "
        "the bot did not understand.",
    )
    complaint: list[Phrase] = Field(
        default_factory=list,
        description="Words for the movement itself, compared by stem, or phrases matched "
        "word for word ('twitch', 'spasm', «дёргается», 'tiembla', 'zuckt'): a reply that "
        "tells only the complaint ('my face twitches', «у меня дёргается лицо») is taken up "
        "kindly, with the question again, not as a reply the bot did not understand.",
    )
    fears: list[Phrase] = Field(
        default_factory=list,
        description="Words for the writer's fear, compared by stem, or phrases matched word "
        "for word ('scared', 'worried', «страшно», «не по себе», 'miedo', 'Angst'): a reply "
        "that tells only fear ('I'm really scared, I don't know what's happening') is met "
        "with a kind word, and the question again, not as a reply the bot did not "
        "understand nor a question of what it means.",
    )
    emoji: dict[str, Phrase] = Field(
        default_factory=dict,
        description="Replies made only of emoji, and the words each stands for ('🤷': 'not "
        "sure', '👍': 'ok'): a shrug at a question is 'not sure'. Skin tones and the marks "
        "that join emoji are left out, so '🤷‍♀️' is '🤷'.",
    )
    question_openers: list[Phrase] = Field(
        default_factory=list,
        description="Words that open a question typed without a question mark, matched "
        "word for word at the start of a sentence ('does a', 'is it', 'ist das', 'может "
        "ли'): 'does a droopy eyelid mean a stroke' asks, it does not tell.",
    )
    questions_after: list[Phrase] = Field(
        default_factory=list,
        description="Words that open a question after what was told, in the same sentence "
        "and without a comma ('… could that be a stroke', '… kann das ein Schlaganfall sein', "
        "'… это инсульт?', '… es normal?'), matched word for word: they begin a clause of "
        "their own that asks, so what was told before them stays told ('my arm has been "
        "numb for an hour could that be a stroke' tells the numb arm). Only words that "
        "cannot go on a statement: not 'is a' ('my face is a bit droopy').",
    )
    context: ContextCues = ContextCues()
    danger: dict[Id, list[Phrase]] = Field(
        default_factory=dict, description="Danger sign id → phrases that describe it."
    )
    concerns: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Concern id → phrases that tell a symptom the consultation does not "
        "cover ('chest pain', 'боль в груди'): named back with where to turn, never judged.",
    )
    time_words: list[Phrase] = Field(
        default_factory=list,
        description="Words that open or round off a time told inside a description ('for', "
        "'about', 'on', 'vor', 'für', 'etwa', 'на', 'около', 'durante', 'hace'), each word as "
        "typed: next to a time (a duration, a weekday, a word of now such as 'yesterday'), "
        "they do not pull a sign's words apart ('my arm went, for about ten minutes on "
        "Sunday, completely numb').",
    )
    circumstances: list[Phrase] = Field(
        default_factory=list,
        description="Words that open a clause told inside another, of when, where or how "
        "('when', 'while', 'beim', 'während', 'когда', 'пока', 'cuando', 'mientras'), each "
        "word as typed: a danger sign's words on both sides of such a clause are one sign "
        "('the left side of my face, when I looked in the mirror, was drooping'), as they "
        "are on both sides of a time ('my arm was, on Sunday, completely numb').",
    )
    concern_companions: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Concern id → words one of which must be told too, anywhere in the "
        "message and not denied, for the concern to count: a stiff neck is told as a "
        "possible meningitis only with a fever ('a fever of 39, a stiff neck and a "
        "headache'), not after a night slept awkwardly.",
    )
    ignore: list[Phrase] = Field(
        default_factory=list,
        description="Words that look like a sign or an answer but are not, matched word for "
        "word as typed: their words answer nothing ('right now' is no side, 'coughing fit' "
        "no seizure, 'ataque de risa', 'du hast recht').",
    )
    corrections: list[Phrase] = Field(
        default_factory=list,
        description="Words by which a person takes back what they just said ('no wait', "
        "'I mean', 'ой нет', 'digo', 'nein sorry'), matched word for word as typed: of two "
        "answers to a one-answer question, the one after them counts ('left.. no wait, "
        "right').",
    )
    all_but: list[Phrase] = Field(
        default_factory=list,
        description="Words that choose every answer of a choose-all question but those named "
        "after them ('all except alcohol', 'всё кроме алкоголя', 'todo menos el alcohol', "
        "'alles außer Alkohol'), matched word for word as typed.",
    )
    asides: list[Phrase] = Field(
        default_factory=list,
        description="Set phrases that say nothing of the complaint ('if I'm honest', 'если "
        "честно', 'wenn ich ehrlich bin'), matched word for word as typed: their words are "
        "no cue and no answer ('if I'm honest my face is drooping' is no 'what if').",
    )
    meaning: list[Phrase] = Field(
        default_factory=list,
        description="Words that ask what a word means, matched word for word as typed "
        "('what is', 'что такое', 'qué es', 'was ist'): an answer to the question on "
        "screen named after them in their clause is no answer ('что такое паралич "
        "Белла?'). Danger signs still count.",
    )
    not_sure_lookalikes: list[Phrase] = Field(
        default_factory=list,
        description="Words that hold a 'not sure' phrase but do not mean it, matched word "
        "for word as typed: 'no se me cae' is reflexive, not 'no sé' typed without its "
        "accent. Only the doubt is dropped; a sign or a negation in them still counts.",
    )
    not_sure_of: list[Phrase] = Field(
        default_factory=list,
        description="Words that follow a 'not sure' to say what it doubts, matched word "
        "for word as typed: 'not sure if that's related', 'weiß nicht, ob das dazugehört', "
        "'не помню, когда началось'. In a message that tells something, that doubt is "
        "of what it names, not a reply to the question on screen (a danger sign named "
        "there is still asked about).",
    )
    suggests: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Danger sign id → phrases that tell part of it, not the whole sign: the "
        "sign is asked about ('hands cramping into claws' is the emergency only with a "
        "tight throat or trouble breathing).",
    )
    denials: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Danger sign id → phrases that rule the sign out by themselves "
        "('breathing is fine', 'no fits', 'дышу нормально'): said plainly, the sign is "
        "denied, as 'no trouble breathing' denies it.",
    )
    lookalikes: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Danger sign id → phrases that hold the sign's words but most often "
        "tell of something else: a sign's phrase found inside one of them is asked about, "
        "not taken as the sign ('numb fingertips on my hands' is most often pins and "
        "needles, not a numb arm). Concern id → words that, found inside the concern's "
        "phrase, make it something else: the concern is not named ('stopped drinking "
        "coffee 2 days ago' is no alcohol withdrawal).",
    )
    needs: dict[Id, list[Phrase]] = Field(
        default_factory=dict,
        description="Danger sign id → a part the sign needs, which said not to be there "
        "leaves the sign to be asked about, not taken: the drooping eyelid sign is a droop, "
        "double vision and a severe headache together, so 'I see double when tired, no "
        "headache' is asked about.",
    )
    answers: dict[Id, dict[Id, list[Phrase]]] = Field(
        default_factory=dict,
        description="Question id → option id → phrases that mean that answer.",
    )
    with_medicine: dict[Id, dict[Id, list[Phrase]]] = Field(
        default_factory=dict,
        description="Question id → option id → phrases that mean that answer only said "
        "of a medicine named in the same clause ('started haloperidol', 'put on "
        "metoclopramide': it began after a medicine; 'it started 3 weeks ago' is not).",
    )
    named: dict[Id, dict[Id, list[Phrase]]] = Field(
        default_factory=dict,
        description="Question id → option id → what people call that option: an answer "
        "only while that question is on screen. A diagnosis named when asked for is an "
        "answer; named in a story ('what is hemifacial spasm') it is not.",
    )
    gradually: list[Phrase] = Field(
        default_factory=list,
        description="Words that tell a weakness came on gradually, over hours to weeks "
        "('slowly', 'over two days', 'nach und nach', «постепенно»), matched word for word: "
        "a face sign told in a clause with them and a weak face, with no limb or speech, is "
        "recorded as the weak face and asked how it began, not taken as the emergency at "
        "once (GUIDANCE: sudden is a stroke's; over a day or two, or weeks, is urgent). Not "
        "'overnight' nor 'woke up with it': the start is unknown.",
    )
    limbs_and_speech: list[Phrase] = Field(
        default_factory=list,
        description="Words for the limbs, speech and sight, compared by stem ('arm', "
        "'speech', «рука», 'Bein'): a stroke sign that holds none of them tells of the face "
        "alone (`gradually`).",
    )
    own_time: list[Phrase] = Field(
        default_factory=list,
        description="Things that answer no question but have a time of their own: a time "
        "told next to them is theirs, not the spasm's ('pregnant, 24 weeks').",
    )
    doubt_after: list[Phrase] = Field(
        default_factory=list,
        description="Words that, ending a sentence right after a danger sign, doubt it "
        "('but I'm not sure', «но я не уверена», 'pero no estoy segura', 'bin mir aber "
        "nicht sicher'), matched word for word: the sign is possible, asked about on its "
        "own (GUIDANCE: 'but I'm not sure' does not cancel it).",
    )
    after_an_option: AfterAnOption = Field(
        default_factory=AfterAnOption,
        description="At a question with options on screen, a yes or a no right after an "
        "option, ending its clause ('red eye no, light yes'): that option is chosen or "
        "denied. Not at the danger questions: a sign is never denied this way.",
    )
    visits: list[Phrase] = Field(
        default_factory=list,
        description="A visit or advice about the spasm ('my GP said', 'the pharmacist told "
        "me', 'Hausarzt meinte'): the spasm was there already, so a time told next to it is "
        "how long only where no other time is ('GP said stress 4 weeks ago, still "
        "twitching'); 'the pharmacist told me 10 days ago … it's been 5 weeks now' is 5 "
        "weeks.",
    )
    medicines: dict[str, list[Phrase]] = Field(
        default_factory=dict, description="Generic name → names people type."
    )
    yes: list[Phrase] = Field(default_factory=list)
    no: list[Phrase] = Field(default_factory=list)
    not_sure: list[Phrase] = Field(default_factory=list)
    ordinals: dict[str, int] = Field(
        default_factory=dict,
        description="Words that pick an answer by its place in the list, typed alone or "
        "with `option_words` ('the second one', 'второй вариант', 'la segunda'): 2.",
    )
    option_words: list[Phrase] = Field(
        default_factory=list,
        description="Words around a place or a number that name nothing else ('option', "
        "'one', 'вариант', 'пункт', 'opción', 'Nummer'): 'option 2' is the second answer.",
    )
    numbers: dict[str, float] = Field(
        default_factory=dict, description="Number words: 'five': 5, 'half': 0.5, 'couple': 2."
    )
    units: Units = Units()
    fractions: dict[int, Literal["day", "week", "month"]] = Field(
        default_factory=dict,
        description="A clinician's time written as a fraction, the number over how many of "
        "the unit make the next one up: '3/52' (three weeks), '2/12' (two months), '5/7' "
        "(five days). The denominator → the unit. After 'since' it is a date ('since 3/12').",
    )
    weekdays: list[list[Phrase]] = Field(
        default_factory=list,
        max_length=7,
        description="The days of the week, Monday first, as typed after 'since' ('since "
        "Monday', 'seit Montag', 'с понедельника', 'desde el lunes'): how long, counted "
        "from the day the message is read.",
    )
    months: list[list[Phrase]] = Field(
        default_factory=list,
        max_length=12,
        description="The months, January first, as typed after 'since' ('since March', 'с марта').",
    )
    dates: DateWords = Field(
        default_factory=DateWords,
        description="The words of a date told by its day ('since the 2nd', 'с 3-го "
        "ноября'): counted from that day, as after 'since Monday'.",
    )
    feasts: dict[FeastDay, list[Phrase]] = Field(
        default_factory=dict,
        description="Feast days a time is counted from ('since Easter', 'с Нового года'): "
        "the day as MM-DD ('12-25') or a movable feast ('easter', 'orthodox_easter', "
        "'pentecost', 'ascension') → "
        "its names, matched word for word.",
    )
    #: Words that add half a unit: "a month and a half".
    and_a_half: list[Phrase] = Field(default_factory=list)
    ages: list[Phrase] = Field(
        default_factory=list,
        description="Words right before a number that make it an age, not how long: "
        "'I'm 58', 'мне 34 года', 'tengo 34 años'.",
    )
    ages_after: list[Phrase] = Field(
        default_factory=list,
        description="Words right after a number, or after its unit, that make it an age: "
        "'my 8 year old', '24yo', '8 Jahre alt'.",
    )
    ages_glued: list[Phrase] = Field(
        default_factory=list,
        description="Letters typed onto a number, with no space, that make it an age, as a "
        "nurse or doctor writes it: 'Pt 68F', 'mujer 86a' (a grown-up's age). Apart they "
        "are no age. A letter written here in capitals matches only as typed in capitals: "
        "'M' reads '79M' and leaves '20m' (minutes) alone.",
    )
    named_people: list[Phrase] = Field(
        default_factory=list,
        description="Words for a person that their name may follow before their age ('my "
        "nan Rose, 87', 'my son Leo is 19', 'Opa Heinz, 79', 'Сынок Тимоша, 5 лет', 'mi "
        "abuelo Paco de 82'): the number is the age, not how long.",
    )
    person_pronouns: list[Phrase] = Field(
        default_factory=list,
        description="Words for 'he', 'she' and 'they' as a person ('my dad is 81 he says…', "
        "«деду 80 он жалуется…», 'mein Vater ist 81 er sagt…'): an age ends its clause before "
        "them, with or without a comma.",
    )
    to_come: list[Phrase] = Field(
        default_factory=list,
        description="Times still to come ('next month', 'el mes que viene', 'nächsten Monat', "
        "'в следующем месяце'): a number right before one is no length of time ('me, 67 next "
        "month' is an age about to be reached, not 67 months: the person is 66 now), and it "
        "ends an age's clause.",
    )
    numbered: list[Phrase] = Field(
        default_factory=list,
        description="Words that a number follows as the number of a room, a bed or a ward "
        "('room 4', 'Bewohnerin Zimmer 4, 86 J.', 'палата 5', 'cama 3'): that number is "
        "never an age, even after a person's word.",
    )
    adult_ages: list[Phrase] = Field(
        default_factory=list,
        description="Words right before a number of years that make it an age when it is a "
        "grown-up's (18 or more): «у мамы 74 года» is her age, «у мамы 2 года дёргается "
        "глаз» how long it has lasted.",
    )
    durations: dict[Phrase, int] = Field(
        default_factory=dict,
        description="Phrases that are a duration in days by themselves: 'since yesterday': 1.",
    )

    def medicine_names(self) -> dict[str, str]:
        """Each medicine as it is shown back in this language: its first name in the list
        ("омепразол", not the generic name in English)."""
        return {
            medicine: phrases[0].replace("=", "").replace("+", " ")
            for medicine, phrases in self.medicines.items()
            if phrases
        }
