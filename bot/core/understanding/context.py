"""Is a mention about the person now? Negation, doubt, history, "what if", someone else.

After medspaCy's ConText (the NegEx family): cue words from the lexicon reach
forward ("no droop"), backward ("speech is fine") or across their clause
("maybe"), and stop at a clause boundary (a comma, "but", a full stop), so
"no headache, but my arm is numb" keeps the numb arm. History, hypotheticals
and another person's illness reach across commas ("my aunt had an aneurysm,
her eyelid drooped") but not past a boundary word ("a stroke years ago, but
now my face droops").

When cues disagree, the safer reading wins: a possible sign is asked about,
so doubt beats negation ("I don't think my face droops" is asked, not dropped).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bot.core.understanding.durations import DOSE_UNITS, PER, YEAR
from bot.core.understanding.lexicon import Context, ContextCues, Cues
from bot.core.understanding.phrases import Found
from bot.core.understanding.text import Text, WordSequences, fold, plain

#: Precedence when several cues reach one mention: the first wins.
PRECEDENCE = (
    Context.POSSIBLE,
    Context.NEGATED,
    Context.HYPOTHETICAL,
    Context.HISTORICAL,
    Context.OTHER_PERSON,
)
#: Words that may open a clause of its own that only dates the one before ("but that was").
TIME_BACK_OPENING = 3
#: How far these reach: a clause, or the whole sentence.
SENTENCE_WIDE = frozenset({Context.HYPOTHETICAL, Context.HISTORICAL, Context.OTHER_PERSON})
#: How many words a negation may stand before (or, said after, behind) the first thing
#: it denies: "no droop", "I haven't had any droop", "двоения нет". Further on, a
#: new statement has begun without a comma ("не спала всю ночь рука онемела").
#: Short words ("no se me ha caído") are not counted.
NEGATION_REACH = 2
#: Words this short (articles, pronouns, auxiliaries) bind nothing: they are not counted
#: in a negation's reach, and a cue and a mention may share one.
SHORT_WORD = 2
#: How many clauses after its own a list a negation denies may run on ("no droop,
#: weakness, numbness, slurring or confusion").
LIST_CLAUSES = 8
#: In a cue, any number: "when i was #", "в # лет".
ANY_NUMBER = "#"
#: ... unless it is a dose: "глюкофаж 2000 в день", "metformin 2000 mg".
_DAY = frozenset({"день", "сутки", "day", "dia", "día", "tag"})


@dataclass(frozen=True)
class Cue:
    context: Context
    direction: str  # before | after | closing | anywhere | in_questions | after_a_list | thought
    first: int
    last: int
    #: A negation's reach: the last token it denies (before) or the first (after);
    #: None reaches across the clause (`CueIndex.scoped`).
    reach: int | None = None
    #: Words inside the cue that are not its own: "feels like" in "feels tight like".
    gaps: frozenset[int] = frozenset()
    #: A year ("2020"): it dates an event, not a person's age ("ich bin 72 und hatte
    #: 2020 eine TIA").
    year: bool = False
    #: The numbers a cue's "#" stands for: an age then ("when I was 19", "в 19 лет").
    ages: frozenset[int] = frozenset()
    #: A time back in a clause of its own that dates the clause before ("my face drooped
    #: once, years ago", "…, aber das ist Jahre her"): `CueIndex._dating_back`.
    back: bool = False


class _Named:
    """What a message names, arranged by clause for the reach of its negations."""

    def __init__(self, mentions: list[tuple[int, ...]], text: Text) -> None:
        self.mentions: dict[int, list[tuple[int, ...]]] = {}
        for tokens in mentions:
            self.mentions.setdefault(text.tokens[min(tokens)].clause, []).append(tokens)
        #: Clause → the (first, last) token of each thing named in it, in order.
        self.spans = {
            clause: sorted((min(t), max(t)) for t in found)
            for clause, found in self.mentions.items()
        }
        self.tokens = frozenset(i for tokens in mentions for i in tokens)

    def holding(self, cue: Cue, text: Text) -> list[frozenset[int]]:
        """The things named in the cue's clause that the cue is part of ("can't" in
        "can't speak", "nicht" in "geht nicht weg")."""
        own = set(range(cue.first, cue.last + 1))
        clause = text.tokens[cue.first].clause
        return [frozenset(t) for t in self.mentions.get(clause, []) if own.issubset(t)]


class CueIndex:
    """Every cue of one language, matched on the folded words as typed."""

    def __init__(
        self,
        cues: ContextCues,
        counts: Callable[[str], bool] = str.isdigit,
        units: Iterable[str] = (),
    ) -> None:
        """`units`: every form of the time units ("years", «лет»), which, with the words
        for "ago", make a cue a time back."""
        self._time_back = frozenset(plain(fold(w)) for w in (*units, *cues.ago))
        self._otherwise = frozenset(plain(fold(w)) for w in cues.otherwise)
        #: First word → (words, context, direction, the places that follow the word before
        #: directly: "de+niño" is not "de un niño"): a message is read once, word by word.
        self._by_first: dict[str, list[tuple[tuple[str, ...], Context, str, frozenset[int]]]] = {}
        for context in PRECEDENCE:
            group: Cues = getattr(cues, context.value)
            for direction in (
                "before",
                "after",
                "closing",
                "anywhere",
                "in_questions",
                "after_a_list",
            ):
                for phrase in getattr(group, direction):
                    words, tight = _cue_phrase(phrase)
                    if words:
                        entry = (words, context, direction, tight)
                        self._by_first.setdefault(words[0], []).append(entry)
        for phrase in cues.thought:
            words, tight = _cue_phrase(phrase)
            if words:
                entry = (words, Context.HYPOTHETICAL, "thought", tight)
                self._by_first.setdefault(words[0], []).append(entry)
        self._speaker = frozenset(plain(fold(w)) for w in cues.speaker)
        #: What a "#" stands for: a number that counts, in digits or words ("when I was
        #: nineteen"), not "a" nor "einem" ("hat mit einem mal" is "suddenly").
        self._counts = counts
        self._present = WordSequences(cues.present)
        self._as_fact = WordSequences(cues.told_as_fact)
        self._since = frozenset(plain(fold(w)) for w in cues.since)
        self._began = frozenset(plain(fold(w)) for w in cues.began)
        self._began = frozenset(plain(fold(w)) for w in cues.began)
        self._likewise = frozenset(plain(fold(w)) for w in cues.likewise)
        self._alternatives = frozenset(plain(fold(w)) for w in cues.alternatives)
        self._conjunctions = self._alternatives | {plain(fold(w)) for w in cues.conjunctions}
        self._articles = frozenset(plain(fold(w)) for w in cues.articles)
        #: Each word of them: a cue of several words ("ruled out") is found as its words.
        self._complements = frozenset(plain(fold(w)) for w in cues.complements)
        self._denies_all = frozenset(
            word for phrase in cues.denies_all for word in plain(fold(phrase)).split()
        )
        self._diagnoses = frozenset(plain(fold(w)) for w in cues.diagnoses)

    def find(self, text: Text) -> list[Cue]:
        surfaces = [plain(t.text) for t in text.tokens]
        candidates: list[tuple[list[int], Context, str, frozenset[int]]] = []
        for start, word in enumerate(surfaces):
            for words, context, direction, tight in self._by_first.get(word, ()):
                span = _match(words, surfaces, start, text, tight, self._counts)
                if span is not None:
                    # the numbers its "#" stands for: "when i was #" holds an age
                    ages = frozenset(
                        at for at, w in zip(span, words, strict=True) if w == ANY_NUMBER
                    )
                    candidates.append((span, context, direction, ages))
        # Longest first: "not sure" is doubt, not the negation "not".
        candidates.sort(key=lambda c: len(c[0]), reverse=True)
        # Words of now hold no past: "over the last year" is a time that goes on.
        now = self._present.tokens(text)
        taken: set[int] = set()
        spans: set[tuple[int, ...]] = set()
        found: list[Cue] = []
        for span, context, direction, ages in candidates:
            if (
                direction == "closing"
                and len(span) == 1
                and not text.clauses[text.tokens[span[0]].clause].labelled
            ):
                continue  # one word closes only a checklist's line ("Weakness: no")
            # The same words may be listed both ways ("years ago" before or after).
            if taken.intersection(span) and tuple(span) not in spans:
                continue
            if context is Context.HISTORICAL and now.issuperset(span):
                continue
            if (
                context is Context.NEGATED
                and direction == "after"
                and span[-1] + 1 < len(surfaces)
                and surfaces[span[-1] + 1] in self._otherwise
            ):
                continue  # "my face droops im fine otherwise": all else is fine, not the face
            taken.update(span)
            spans.add(tuple(span))
            gaps = frozenset(range(span[0], span[-1] + 1)).difference(span)
            found.append(Cue(context, direction, span[0], span[-1], gaps=gaps, ages=ages))
        for index, token in enumerate(text.tokens):
            since = (index > 0 and surfaces[index - 1] in self._since) or any(  # "since 2019"
                surfaces[at] in self._began for at in range(max(0, index - 3), index)
            )  # "it started in 2019"
            if YEAR.match(token.text) and index not in taken and not since:
                if _is_dose(surfaces, index):
                    continue
                found.append(Cue(Context.HISTORICAL, "anywhere", index, index, year=True))
        return found

    def scoped(self, cues: list[Cue], mentions: list[tuple[int, ...]], text: Text) -> list[Cue]:
        """`cues`, each negation limited to what it denies, as NegEx limits its scope.

        A negation denies the first thing named next to it (at most `NEGATION_REACH`
        words away, no conjunction between) and the things listed with that one
        ("no numbness or weakness", "двоения и головной боли нет"), not what a new
        statement names further on: "голова не болит и рука онемела" keeps the numb
        arm. A negation that is part of something named ("can't speak") denies
        nothing else. `mentions`: the tokens of each thing named.
        """
        named = _Named(mentions, text)
        cues = self._closing(cues, named, text)
        cues = self._one_way(cues, named, text) + self._denied_likewise(cues, named, text)
        cues = [self._dating_back(cue, named, text) for cue in cues]
        if not self._conjunctions:
            return cues  # a language without conjunctions listed keeps clause-wide negation
        # "das Taubheitsgefühl im Arm geht nicht weg": a negation that may stand anywhere,
        # inside something named ("geht nicht weg"), denies nothing else in its clause
        cues = [
            cue
            for cue in cues
            if not (
                cue.context is Context.NEGATED
                and cue.direction == "anywhere"
                and _inside_named(cue, named, text)
            )
        ]
        scoped = [
            self._list_before(cue, named, text)
            if cue.direction == "after_a_list"
            else self._scope(cue, named, text)
            if cue.context is Context.NEGATED
            and (cue.direction in ("before", "after") or self._names_after(cue, named, text))
            else self._what_if(cue, named, text)
            if cue.context is Context.HYPOTHETICAL and cue.direction == "before"
            else self._thought_of(cue, named, text)
            if cue.direction == "thought"
            else cue
            for cue in cues
        ]
        return self._short_of_a_fact(scoped, text)

    def _short_of_a_fact(self, cues: list[Cue], text: Text) -> list[Cue]:
        """A "could it" or "what if" reaches no further than words that take what follows
        as told ("could it matter that my leg is dragging?", `ContextCues.told_as_fact`):
        the sign after them is the person's, asked about as any sign in a question is."""
        as_fact = self._as_fact.tokens(text)
        if not as_fact:
            return cues
        tokens = text.tokens
        shortened = []
        for cue in cues:
            facts = [
                i
                for i in as_fact
                if i > cue.last and tokens[i].sentence == tokens[cue.first].sentence
            ]
            if cue.context is Context.HYPOTHETICAL and cue.direction != "after" and facts:
                limit = min(facts) - 1
                reach = limit if cue.reach is None else min(cue.reach, limit)
                cue = replace(cue, reach=max(reach, cue.last))
            shortened.append(cue)
        return shortened

    @staticmethod
    def _closing(cues: list[Cue], named: _Named, text: Text) -> list[Cue]:
        """A negation said after what it denies only where it closes its clause ("ictus
        no he tenido"), `Cues.closing`: with something named after it there, it is the
        same words said before ("no tengo la boca torcida"), read by their `before` entry."""
        kept = []
        for cue in cues:
            if cue.direction == "closing":
                clause = text.tokens[cue.first].clause
                spans = named.spans.get(clause, [])
                if any(last > cue.last for _first, last in spans):
                    continue
                if cue.first == cue.last and (
                    cue.last != text.ranges[clause][-1] or not text.clauses[clause].labelled
                ):
                    continue  # one word ("Weakness: no") only as a checklist's answer: not
                    # "my face drooped no joke", "red yes light no", "stroke or no?"
                cue = replace(cue, direction="after")
            kept.append(cue)
        return kept

    def _one_way(self, cues: list[Cue], named: _Named, text: Text) -> list[Cue]:
        """A cue listed both ways ("last year") tells of what it stands next to: "had
        blurry vision last year, and my legs go numb" dates the vision, not the legs; "last
        year I had a stroke" dates the stroke. With something named before it in its
        clause, it reaches back only; so does a time back in a clause of its own after
        what it dates ("my face drooped once, years ago"), and a ruling-out after an
        illness, with nothing named after it ("Schlaganfall, MS und einen Tumor ausgeschlossen")."""
        both = {(c.context, c.first, c.last) for c in cues if c.direction == "after"} & {
            (c.context, c.first, c.last) for c in cues if c.direction == "before"
        }
        if not both:
            return cues

        def named_before(cue: Cue) -> bool:
            clause = text.tokens[cue.first].clause
            spans = named.spans.get(clause, [])
            if any(first < cue.first for first, _last in spans):
                return True
            if self._only_dates_the_clause_before(cue, named, text):
                return True  # "my face drooped once, years ago"
            sentence = text.tokens[cue.first].sentence
            return (
                not any(first > cue.last for first, _last in spans)
                and bool(self._cue_words(cue, text) & self._denies_all)
                and any(
                    self.names_an_illness((i, i), text)
                    for i in range(cue.first)
                    if text.tokens[i].sentence == sentence
                )
            )

        return [
            c
            for c in cues
            if (c.context, c.first, c.last) not in both
            or (c.direction == "after") == named_before(c)
        ]

    def _only_dates_the_clause_before(self, cue: Cue, named: _Named, text: Text) -> bool:
        """Whether a time back stands in a clause of its own that only dates what the
        clause before tells: "my face drooped once, years ago", "…once but that was 10
        years ago", «…, но это было много лет назад», "…, pero eso fue hace años", "…,
        aber das ist Jahre her". Not where its clause tells something of its own ("…, years
        ago I had Bell's palsy", "I'm 30, I had tics when I was a kid") or is more than a
        few words, or tells that something began then: "my arm went numb an hour ago, the
        twitch began last year" (the twitch's own time)."""
        if cue.context is not Context.HISTORICAL:
            return False
        words_of_cue = self._cue_words(cue, text)
        if cue.ages:
            before = plain(text.tokens[cue.first - 1].text) if cue.first else ""
            if (words_of_cue | {before}) & self._since:
                return False  # "…, me pasa desde los 10": since an age, it goes on
        elif not words_of_cue & self._time_back:
            return False  # "…, mostly recovered": no time
        clause = text.tokens[cue.first].clause
        words = text.ranges[clause]
        spans = named.spans.get(clause, [])
        if any(plain(text.tokens[i].text) in self._began for i in words):
            return False
        return (
            clause > 0
            and bool(named.spans.get(clause - 1))
            and text.clauses[clause - 1].sentence == text.clauses[clause].sentence
            and all(cue.first <= first and last <= cue.last for first, last in spans)
            and sum(long_word(text, i) for i in range(words.start, cue.first)) <= TIME_BACK_OPENING
            and not any(long_word(text, i) for i in range(cue.last + 1, words.stop))
        )

    def _dating_back(self, cue: Cue, named: _Named, text: Text) -> Cue:
        if cue.direction != "after_a_list" and self._only_dates_the_clause_before(cue, named, text):
            return replace(cue, back=True)
        return cue

    def _denied_likewise(self, cues: list[Cue], named: _Named, text: Text) -> list[Cue]:
        """A "too" that repeats the denial of the clause before: "птоза нет, двоения тоже"
        denies the double vision, as does "Головной боли нет. Двоения тоже." Its clause must
        only list things (named ones,
        conjunctions, short words), and the clause before must deny something named."""
        tokens = text.tokens
        denying = {tokens[c.first].clause for c in cues if c.context is Context.NEGATED}
        found = []
        for index, token in enumerate(tokens):
            clause = token.clause
            if plain(token.text) not in self._likewise or clause - 1 not in denying:
                continue
            if not named.mentions.get(clause) or not named.mentions.get(clause - 1):
                continue
            listing = all(
                i == index
                or i in named.tokens
                or len(plain(tokens[i].text)) <= SHORT_WORD
                or plain(tokens[i].text) in self._conjunctions
                for i in text.ranges[clause]
            )
            if listing:
                found.append(Cue(Context.NEGATED, "anywhere", index, index))
        return found

    @staticmethod
    def _list_before(cue: Cue, named: _Named, text: Text) -> Cue:
        """A denial after a list ("…, alles nein") reaches back over the clauses before it
        in its sentence and part (up to a "but") that list things: each names something and
        says at most `NEGATION_REACH` words more. Its reach is the list's first word. Said
        with more words in its clause ("none of that happened before"), or with no list
        before it, it denies nothing."""
        tokens = text.tokens
        here = tokens[cue.first]
        own = text.ranges[here.clause]
        beside = [i for i in own if not cue.first <= i <= cue.last]
        if any(i in named.tokens or len(plain(tokens[i].text)) > SHORT_WORD for i in beside):
            # not a clause of its own: "none of that happened before" tells of the past
            return replace(cue, reach=cue.last + 1)
        reach = cue.first
        for clause in range(here.clause - 1, -1, -1):
            words = text.ranges[clause]
            if not words or tokens[words[0]].segment != here.segment:
                break
            covered = named.tokens
            said = sum(
                1 for i in words if i not in covered and len(plain(tokens[i].text)) > SHORT_WORD
            )
            if not named.mentions.get(clause) or said > NEGATION_REACH:
                break
            reach = words[0]
        return replace(cue, reach=reach)

    @staticmethod
    def _names_after(cue: Cue, named: _Named, text: Text) -> bool:
        """Whether a negation that may stand on either side ("kein Kopfweh", "Doppelbilder
        hab ich keine") has something named after it in its clause: then it reaches forward
        as far as one said before would, and a new statement run on without a comma keeps
        what it tells ("obwohl ich kein Kopfweh hab is mein rechter Fuß total lahm").
        One that is part of something named ("sehe nicht doppelt") keeps its clause."""
        if named.holding(cue, text):
            return False
        clause = text.tokens[cue.first].clause
        return any(first > cue.last for first, _last in named.spans.get(clause, []))

    def _scope(self, cue: Cue, named: _Named, text: Text) -> Cue:
        if named.holding(cue, text):
            return replace(cue, reach=cue.last if cue.direction != "after" else cue.first)
        clause = text.tokens[cue.first].clause
        in_clause = named.spans.get(clause, [])
        at = bisect.bisect_right(in_clause, (cue.last, len(text.tokens)))
        spans: Iterable[tuple[int, int]]
        if cue.direction == "after":  # walk back from the cue
            before = reversed(in_clause[: bisect.bisect_left(in_clause, (cue.first, -1))])
            spans = ((-b, -a) for a, b in before if b < cue.first)
            start, sign = -cue.first, -1
        else:
            spans = (in_clause[i] for i in range(at, len(in_clause)))
            start, sign = cue.last, 1
        # "neither … nor", "weder … noch", "ни … ни": the negation opens the list itself.
        opens_list = self._alternatives.issuperset(
            plain(text.tokens[i].text) for i in range(cue.first, cue.last + 1)
        )
        reach = start
        for first, last in spans:
            gap = [plain(text.tokens[sign * i].text) for i in range(reach + 1, first)]
            if reach == start:  # the first thing named
                counted = sum(len(word) > SHORT_WORD for word in gap)
                # "no droop or slurring": an "or" continues the list past a thing unknown.
                # ... and past an article after it ("no droop or a weak arm")
                joined = self._before_articles(gap)
                listed = opens_list or (bool(joined) and joined[-1] in self._alternatives)
                if listed:
                    if counted > NEGATION_REACH + 2:
                        break
                elif counted > NEGATION_REACH or self._conjunctions.intersection(gap):
                    break
            elif not self._joined(gap) or (
                # "no tengo dolor de cabeza y hablo raro": a verb of the person speaking
                # begins a new statement ("… ni hablo raro" lists on)
                sign == 1
                and plain(text.tokens[first].text) in self._speaker
                and not self._alternatives.intersection(gap)
            ):
                break
            reach = max(reach, last)  # things named may overlap
        words = self._cue_words(cue, text)
        if sign == 1:
            reach = self._listed_on(reach, named, text, every=words <= self._denies_all)
        elif words & self._denies_all:
            reach = -self._listed_back(-reach, cue, named, text)
        return replace(cue, reach=sign * reach)

    def _thought_of(self, cue: Cue, named: _Named, text: Text) -> Cue:
        """A thought or a fright at the time (`ContextCues.thought`) reaches the first thing
        named after it, in its clause or the next, if that names an illness: "ich dachte
        erst, ich krieg einen Schlaganfall", «думала, инсульт». Nothing else: "I thought it
        was nothing, then my face drooped" tells a drooping face."""
        tokens = text.tokens
        clause = tokens[cue.first].clause
        after = _named_after(
            cue,
            named,
            lambda at: (
                tokens[at].segment == tokens[cue.first].segment and tokens[at].clause - clause <= 1
            ),
        )
        if not after or not self.names_an_illness(after[0], text):
            return replace(cue, reach=cue.last)
        there = text.ranges[tokens[after[0][0]].clause]
        if tokens[after[0][0]].clause != clause and self._present.tokens(text) & set(there):
            # "I thought I was fine, then I had a stroke this morning": told as now
            return replace(cue, reach=cue.last)
        return replace(cue, reach=after[0][1])

    def _what_if(self, cue: Cue, named: _Named, text: Text) -> Cue:
        """A "what if" or a fear reaches the first thing named after it in its sentence,
        the rest of its clause ("может ли от кофе быть инсульт"), what is listed after a
        comma with "or" and a question asked of it; not a statement that follows ("what
        if it is a stroke, my arm went numb", "боюсь, что это инсульт, и рука онемела",
        "me da miedo que sea un derrame y se me durmió el brazo" tell of a numb arm now).
        The person speaking of themselves begins a new statement."""
        tokens = text.tokens
        sentence = tokens[cue.first].sentence
        after = _named_after(cue, named, lambda at: tokens[at].sentence == sentence)
        if not after or self._ends_before(cue, after[0][0], text):
            return replace(cue, reach=cue.last)
        # "if my lips tingle and my throat gets tight": a condition told of oneself lists
        # on past the next "my"; "what if it is a stroke and my arm went numb" does not.
        of_oneself = any(
            plain(tokens[i].text) in self._speaker for i in range(cue.last + 1, after[0][0])
        )
        reach = after[0][1]
        for first, last in after[1:]:
            if last <= reach:
                continue  # within what is reached already ("lips … and … tingle")
            gap = {plain(tokens[i].text) for i in range(reach + 1, first)}
            clause = tokens[first].clause
            new_clause = clause != tokens[reach].clause
            asks = text.clauses[clause].question  # "what if my arm goes numb, is it a stroke?"
            listed = (
                of_oneself and clause - tokens[reach].clause <= 1 and bool(gap & self._conjunctions)
            )
            speaks = bool(gap & self._speaker) and not listed
            if speaks or (new_clause and not (asks or listed or gap & self._alternatives)):
                break
            reach = max(reach, last)
        return replace(cue, reach=reach)

    def _ends_before(self, cue: Cue, first: int, text: Text) -> bool:
        """Whether what a "what if" asks ends before the first thing named after it: past a
        comma, unless that clause asks too ("what if, say, my face droops?") or tells what
        is feared ("боюсь, что это инсульт": `ContextCues.complements`), or past an
        "and" that goes on to the person ("not sure if this is related and my face is
        drooping", "I don't know if it matters, my face is drooping": a drooping face)."""
        tokens = text.tokens
        clause = tokens[first].clause
        opens = text.ranges[clause][0]
        what_of = (  # "боюсь, что это инсульт": the clause tells what is feared
            clause == tokens[cue.last].clause + 1 and plain(tokens[opens].text) in self._complements
        )
        if clause != tokens[cue.last].clause and not (text.clauses[clause].question or what_of):
            return True
        gap = [plain(tokens[i].text) for i in range(cue.last + 1, first)]
        joined = [n for n, word in enumerate(gap) if word in self._conjunctions]
        return bool(joined) and any(word in self._speaker for word in gap[joined[0] + 1 :])

    def _before_articles(self, gap: list[str]) -> list[str]:
        """`gap` without the articles that end it: "or a" → "or"."""
        end = len(gap)
        while end and gap[end - 1] in self._articles:
            end -= 1
        return gap[:end]

    def _joined(self, gap: list[str]) -> bool:
        """Whether the words between two things named join them into one list: "and",
        "or", nothing; or "or a", "oder eine", "ni una" (an article after an "or": "no
        weakness and a droopy face" tells the face)."""
        if self._conjunctions.issuperset(gap):
            return True
        joined = self._before_articles(gap)
        return (
            bool(joined)
            and joined[-1] in self._alternatives
            and self._conjunctions.issuperset(joined)
        )

    def _listed_on(self, reach: int, named: _Named, text: Text, every: bool = False) -> int:
        """How far a negation reaches through a list that goes on past commas: "no face
        drooping, arm weakness or speech problems". Clauses that only list things (named
        ones, conjunctions, a word or two the bot does not know, nobody speaking of
        themselves) carry it on, up to the one that ends the list with an "or": "no
        headache, arm numb" has none, and the numb arm is not denied. `every`: the
        negation denies the whole list, ended with "and", or with nothing ("denies
        dysarthria, diplopia and weakness", «отрицает онемение, асимметрию лица, диплопию»)."""
        enders = self._alternatives
        tokens = text.tokens

        clause = tokens[reach].clause
        sentence = text.clauses[clause].sentence
        if not self._lists_only(range(reach + 1, text.ranges[clause].stop), named, text):
            return reach
        farthest = reach
        for following in range(clause + 1, min(clause + 1 + LIST_CLAUSES, len(text.clauses))):
            words = text.ranges[following]
            if (
                text.clauses[following].sentence != sentence
                or not words
                or not self._lists_only(words, named, text)
            ):
                break
            if every and tokens[words[0]].segment != tokens[reach].segment:
                break  # "denies headache, but my arm went numb": a new statement
            joined = {plain(tokens[i].text) for i in words} & self._conjunctions
            if every or joined & enders:
                farthest = words[-1]
            if every and joined:
                break  # "…, diplopia and weakness, R lower lid twitch": the list has ended
        return farthest

    @staticmethod
    def _cue_words(cue: Cue, text: Text) -> set[str]:
        return {plain(text.tokens[i].text) for i in range(cue.first, cue.last + 1)}

    def _listed_back(self, earliest: int, cue: Cue, named: _Named, text: Text) -> int:
        """How far a doctor's ruling-out told after its list reaches back: "Schlaganfall, MS
        und einen Tumor ausgeschlossen", «инсульт, РС и опухоль исключены», "ictus,
        esclerosis y tumor descartados", "Schlaganfall hat der Arzt ausgeschlossen". Only
        over illnesses (`diagnoses`): a sign keeps what it tells ("face drooping, MS and a
        tumour were ruled out", «рука немеет и сладкое исключил»). In its own clause, who
        ruled them out may stand between ("… haben die Ärzte in der Uniklinik alle
        ausgeschlossen"); clauses before only list things (as in `_listed_on`), and the
        first of them may open with a few words ("the neurologist has stroke, …") when its
        last word is the illness and nobody speaks of themselves. `earliest`: the first
        word the ruling-out reaches in its own clause."""
        tokens = text.tokens
        clause = tokens[cue.first].clause
        opens = text.ranges[clause].start
        before_cue = range(opens, min(earliest, cue.first))
        illnesses = [i for i in before_cue if self.names_an_illness((i, i), text)]
        signs = [s for s in named.spans.get(clause, []) if s[1] < earliest]
        listed = range(opens, illnesses[-1] + 1) if illnesses else before_cue
        if not self._lists_only(listed, named, text) or not all(
            self.names_an_illness(span, text) for span in signs
        ):
            return earliest  # "рука немеет и сладкое исключил": the numb arm stays
        reach = opens if opens < earliest else earliest
        for before in range(clause - 1, max(clause - 1 - LIST_CLAUSES, -1), -1):
            words = text.ranges[before]
            if (
                not words
                or text.clauses[before].sentence != text.clauses[clause].sentence
                or tokens[words[0]].segment != tokens[cue.first].segment
            ):
                break
            spans = named.spans.get(before, [])
            if not all(self.names_an_illness(span, text) for span in spans):
                break  # a sign: "face drooping, MS and a tumour were ruled out"
            if self._lists_only(words, named, text):
                reach = words.start
                continue
            if spans and spans[-1][1] == words[-1] and not self._speaks(words, named, text):
                reach = spans[-1][0]  # "the neurologist has stroke, MS and a tumour ruled out"
            break
        return min(reach, earliest)

    def names_an_illness(self, span: tuple[int, int], text: Text) -> bool:
        """Whether the words from `span`'s first to its last name an illness (`diagnoses`)."""
        first, last = span
        return any(plain(text.tokens[i].text) in self._diagnoses for i in range(first, last + 1))

    def _speaks(self, indexes: range, named: _Named, text: Text) -> bool:
        """Whether the person speaks of themselves here, outside anything named."""
        return any(
            plain(text.tokens[i].text) in self._speaker and i not in named.tokens for i in indexes
        )

    def _lists_only(self, indexes: range, named: _Named, text: Text) -> bool:
        """Whether these words only list things: named ones, illnesses, conjunctions, short
        words and at most `NEGATION_REACH` words the bot does not know, with nobody speaking of
        themselves ("no headache, my arm is numb" tells something new)."""
        unknown = 0
        for i in indexes:  # word by word, so a long clause is left at its first few unknowns
            word = plain(text.tokens[i].text)
            if word in self._speaker and i not in named.tokens:
                return False  # "no headache, my arm is numb": a new statement
            if (
                i in named.tokens
                or len(word) <= SHORT_WORD
                or word in self._conjunctions
                or word in self._diagnoses
            ):
                continue
            unknown += 1
            if unknown > NEGATION_REACH:
                return False
        return True

    def speaker(self, text: Text, cues: list[Cue]) -> frozenset[int]:
        """Where the person speaks of themselves ("I", "my"), outside any cue ("my dad")."""
        spoken = {i for i, t in enumerate(text.tokens) if plain(fold(t.text)) in self._speaker}
        return frozenset(spoken) - cue_tokens(cues)

    def present(self, text: Text, cues: list[Cue]) -> frozenset[int]:
        """Where the person speaks of now ("today", "last night"), outside any cue."""
        return self._present.tokens(text) - cue_tokens(cues)


def _named_after(cue: Cue, named: _Named, where: Callable[[int], bool]) -> list[tuple[int, int]]:
    """The (first, last) token of each thing named after `cue`, in order, whose first
    token is `where` the cue may reach (its sentence, its clause or the next)."""
    return sorted(
        span
        for spans in named.spans.values()
        for span in spans
        if span[0] > cue.last and where(span[0])
    )


def _inside_named(cue: Cue, named: _Named, text: Text) -> bool:
    """Whether a cue is part of something named in its clause that holds nothing else named
    ("geht nicht weg"; not "seit der TIA war nichts mehr", a no said of the TIA)."""
    holding = named.holding(cue, text)
    others = [frozenset(t) for t in named.mentions.get(text.tokens[cue.first].clause, [])]
    return any(not any(o & h for o in others if o not in holding) for h in holding)


def _is_dose(surfaces: list[str], index: int) -> bool:
    """Whether the number at `index` is a dose ("2000 mg", "2000 в день"), not a year."""
    following = [*surfaces[index + 1 : index + 3], "", ""]
    return following[0] in DOSE_UNITS or (following[0] in PER and following[1] in _DAY)


def long_word(text: Text, index: int) -> bool:
    """Whether the word at `index` says something: longer than an article or a pronoun."""
    return len(text.tokens[index].text) > SHORT_WORD


def cue_tokens(cues: list[Cue]) -> frozenset[int]:
    """Every token of every cue."""
    return frozenset(i for cue in cues for i in range(cue.first, cue.last + 1))


def _cue_phrase(phrase: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """A cue's words, and the places of those joined to the word before with `+`."""
    words: list[str] = []
    tight: set[int] = set()
    for chunk in fold(phrase).split():
        for n, part in enumerate(p for p in chunk.split("+") if p):
            if n > 0:
                tight.add(len(words))
            words.append(plain(part))
    return tuple(words), frozenset(tight)


def _match(
    words: tuple[str, ...],
    surfaces: list[str],
    start: int,
    text: Text,
    tight: frozenset[int] = frozenset(),
    counts: Callable[[str], bool] = str.isdigit,
) -> list[int] | None:
    """`words` in order from `start`, one extra word allowed between them (not before a
    word in `tight`), in one clause; `#` stands for any number that `counts` ("when i was
    #": "when I was 19", "when I was nineteen")."""
    span = [start]
    position = start
    for place, word in enumerate(words[1:], start=1):
        for step in (1,) if place in tight else (1, 2):
            nxt = position + step
            if nxt < len(surfaces) and (
                surfaces[nxt] == word or (word == ANY_NUMBER and counts(surfaces[nxt]))
            ):
                position = nxt
                break
        else:
            return None
        span.append(position)
    clause = text.tokens[start].clause
    if any(text.tokens[i].clause != clause for i in span):
        return None
    return span


def context_of(
    found: Found,
    cues: list[Cue],
    text: Text,
    own_cues: bool = False,
    speaker: frozenset[int] = frozenset(),
    answered: frozenset[int] = frozenset(),
    present: frozenset[int] = frozenset(),
) -> Context:
    """What `found` means for the person, given the cues around it.

    `answered`: question clauses answered at once with a plain no (`answered_no`).

    A cue that begins or ends inside the mention itself ("can't" in "can't speak",
    "nicht mehr" in "kann den Arm nicht mehr heben") is part of what was said, not a
    cue, unless `own_cues`: "два года назад" is a time and a cue at once; so is a cue
    split by it ("feels like" around "tight"). A short word the two share ("me" in
    "nunca me he desmayado", "a" in "had a fit as a child") does not make it so.
    Another person's scope ends where the person speaks of themselves again
    (`speaker`: "my dad has epilepsy and I just had a seizure"), as a ConText
    termination term ends a modifier's; so does the past where the person speaks of
    now again (`present`: "als Kind Epilepsie gehabt, heute wieder ein Krampfanfall"),
    and a negation's ("keine Schmerzen jetzt ist der Arm taub").
    """
    own = set() if own_cues else set(found.tokens)
    tokens = text.tokens
    clause = tokens[found.first].clause
    sentence = tokens[found.first].sentence
    segment = tokens[found.first].segment
    asking = text.clauses[clause].question or any(
        c.question for c in text.clauses if c.sentence == sentence
    )
    reached: set[Context] = set()
    doubted = False

    for cue in cues:
        if cue.direction == "thought":
            if cue.last < found.first and cue.reach is not None and found.last <= cue.reach:
                return Context.HYPOTHETICAL  # "ich dachte, ich krieg einen Schlaganfall"
            continue
        # ... but a fear, the past or another person that only runs into the mention's
        # first words still is one: "scared of having" before "having a fit", "meine
        # Kollegin hatte" before "hatte einen Anfall", "hace 3 años se me paralizó" before
        # "se me paralizó la cara" (a negation does not: "I'm not" is part of "not sleeping")
        leads_in = (
            cue.context in (Context.HYPOTHETICAL, Context.HISTORICAL, Context.OTHER_PERSON)
            and bool(own)
            and cue.first < min(own) <= cue.last
            and (cue.last == min(own) or cue.last < max(own))
        )
        inside = (cue.first in own or cue.last in own) and not leads_in
        if inside or any(long_word(text, i) for i in own & cue.gaps):
            continue
        cue_token = tokens[cue.first]
        if cue.back and tokens[found.last].clause == cue_token.clause - 1:
            # "my arm went numb once, but that was a long time ago": it dates the clause
            # before, unless now is told between (`CueIndex._dating_back`)
            if not any(found.last < index < cue.first for index in present):
                reached.add(cue.context)
            continue
        if cue.context in SENTENCE_WIDE and cue.direction != "after":
            if cue_token.segment != segment:
                continue
        elif (
            cue_token.clause != clause
            and cue.direction != "after_a_list"  # its list is in clauses of their own
            and not (
                # a list a negation opens, on past commas: "keine Dysarthrie, Doppelbilder
                # oder Schwäche" ("keine" may stand on either side, and here stands before)
                cue.reach is not None
                and cue.direction in ("before", "anywhere")
                and cue.last < found.first <= cue.reach
            )
            and not (
                # and one after its list, told as a doctor rules things out: "Schlaganfall,
                # MS und einen Tumor ausgeschlossen" (`CueIndex._listed_back`)
                cue.reach is not None
                and cue.direction == "after"
                and cue.reach <= found.first
                and found.last < cue.first
            )
        ):
            continue
        if cue.direction == "after_a_list" and not (
            cue.reach is not None and cue.reach <= found.first and found.last < cue.first
        ):
            continue  # only the list before it, in clauses of their own
        if cue.direction == "before" and cue.first > found.last:
            continue
        if cue.context is Context.OTHER_PERSON and any(
            cue.last < index <= found.last for index in speaker
        ):
            continue
        if cue.context in (Context.HISTORICAL, Context.NEGATED) and any(
            cue.last < index < found.first or found.last < index < cue.first for index in present
        ):
            # "keine Schmerzen jetzt ist der Arm taub": what is told of now is not denied
            continue
        if (
            cue.context in (Context.HISTORICAL, Context.HYPOTHETICAL)
            and cue_token.clause < clause
            and (
                any(index in present for index in text.ranges[clause])
                # "… if my arm goes weak, and my arm is weak now": a "now" that ends the
                # clause begins one of its own ("… and my speech is slurred right now")
                or (
                    cue.context is Context.HYPOTHETICAL
                    and found.last + 1 in present
                    and all(i in present for i in range(found.last + 1, text.ranges[clause].stop))
                    and tokens[found.last + 1].sentence == sentence
                )
            )
        ):
            # "years ago I had Bell's palsy, my face droops since this morning"; "call 999
            # if my arm goes weak, and my arm is weak now": a clause told of now is now
            continue
        if cue.direction == "after" and (
            cue.last < found.first
            # a cue said after only reaches back over what ends before it: "face fine then
            # it drooped at lunch" is a face that drooped
            or (
                cue.context is Context.NEGATED and cue.last < found.last and found.first < cue.first
            )
        ):
            continue
        if cue.reach is not None and (
            found.last < cue.reach
            if cue.direction == "after"
            else found.first > cue.reach and found.first > cue.last
        ):
            # A negation in the clause that may not mean this: ask. A "what if" told
            # before a statement does not make it doubtful.
            doubted = doubted or cue.context is Context.NEGATED
            continue
        if cue.direction == "in_questions" and not (
            text.clauses[clause].question or (asking and cue_token.clause == clause)
        ):
            # A question asks about what it names: "у меня перекосило лицо, опасно ли
            # это?" tells of a crooked face, and asks only whether it is dangerous.
            continue
        if (
            cue.direction == "in_questions"
            and cue_token.clause != clause
            and any(cue.last < index < found.first for index in speaker)
        ):
            continue  # "can a twitch do this, my mouth is drooping?" tells of one's mouth
        reached.add(cue.context)
    if doubted and Context.NEGATED not in reached:
        reached.add(Context.POSSIBLE)
    for context in PRECEDENCE:
        if context in reached:
            return context
    if text.clauses[clause].question:
        if clause in answered:
            return Context.NEGATED  # "double vision? no"
        return Context.POSSIBLE  # "is my smile crooked?": ask, do not assume
    return Context.AFFIRMED


def answered_no(cues: list[Cue], text: Text) -> frozenset[int]:
    """The question clauses answered right after with a plain no ("Doppelbilder? nein")."""
    denied = {i for c in cues if c.context is Context.NEGATED for i in range(c.first, c.last + 1)}
    return frozenset(
        index
        for index, clause in enumerate(text.clauses[:-1])
        if clause.question and text.ranges[index + 1] and denied.issuperset(text.ranges[index + 1])
    )
