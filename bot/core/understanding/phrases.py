"""Finding lexicon phrases in a message, whatever their inflection or word order.

A phrase matches when each of its words is found, in any order, close together
inside one clause. A word matches a token with the same stem, a longer stem
that starts with it (stems of four letters or more: "droop" finds "droopi"),
or, for long words, the same word with one slip of the keyboard (rapidfuzz).
A word the lexicon marks with `=` matches only itself, as typed; words joined with
`+` stand next to each other, in that order ("dont+no", a typo of "don't know", is
not "no, the eyes don't stay shut").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.core.understanding.text import PHRASE_WORD, Stems, Text, Token, exact

#: Stems this short must match exactly: "no" must not find "normal".
MIN_PREFIX = 4
#: Words this long may carry a typo ("cofee"): one slip of the keyboard, two from eight
#: letters on, and never in the first letter.
MIN_FUZZY = 5
LONG_WORD = 8
#: Extra tokens a phrase may spread over: "face just went droopy".
SLACK = 3
#: How far a negation inside a phrase may stand from the word it denies: "no me entra
#: aire", "nicht mehr richtig greifen", not "лицо не висит, речь нормальная, руки работают".
NEGATION_GAP = 3
#: The kinds of phrase that tell a danger sign, or what looks like one but is not: a
#: pronoun may stand for one of their words ("her smile, it went crooked").
SIGN_KINDS = ("danger:", "suggests:", "lookalike:")
#: Phrases a pronoun may stand in: a sign's, and a denial's ("my dad's face drooped, mine
#: is fine" denies the writer's face).
_POINTED_KINDS = (*SIGN_KINDS, "denial:")
#: How many times one phrase is found in a message at most: the first ones and the last
#: ("no fits for years ... but today a fit"); a message of one phrase repeated stays quick.
MAX_PLACES = 8


@dataclass(frozen=True)
class Found:
    """One phrase found in a message."""

    key: str
    tokens: tuple[int, ...]  # indexes into Text.tokens

    @property
    def first(self) -> int:
        return min(self.tokens)

    @property
    def last(self) -> int:
        return max(self.tokens)


class PhraseIndex:
    """Phrases of one language, indexed by their words' stems for a quick look-up."""

    def __init__(
        self,
        stems: Stems,
        phrases: Iterable[tuple[str, str]],
        clause_words: Iterable[str] = (),
        exact_words: Iterable[str] = (),
        negations: Iterable[str] = (),
    ) -> None:
        """`clause_words` start a clause ("und", "but"); a phrase that contains one
        ("kommt und geht") is matched across that start, within its sentence.
        `exact_words` (the context cues) are words the lexicon knows, never a typo of
        another: "thinks" is not "thick". `negations` ("не", "not"): in a phrase, one
        stands right before the word it denies ("руки не работают" is not found in "лицо
        не висит, руки работают")."""
        self._stems = stems
        self._phrases: list[tuple[str, tuple[str, ...]]] = []
        #: Phrase number → the places of its words that follow the word before directly.
        self._bonds: dict[int, frozenset[int]] = {}
        #: Phrase number → the places of its negations, which stand close to its other words.
        self._denying: dict[int, frozenset[int]] = {}
        #: Phrase number → the places of its clause words ("und" in "kommt und geht").
        self._joins: dict[int, frozenset[int]] = {}
        joining = {stems.stem(w.casefold()) for w in clause_words}
        self._clause_words = frozenset(joining)
        negating = {stems.stem(w.casefold()) for w in negations}
        self._by_stem: dict[str, list[int]] = defaultdict(list)
        for key, phrase in phrases:
            words = stems.words(phrase.replace("+", " "))
            if not words:
                continue
            number = len(self._phrases)
            self._phrases.append((key, words))
            if "+" in phrase:
                self._bonds[number] = _bonds(phrase)
            denying = frozenset(
                place for place, word in enumerate(words) if word in negating and len(words) > 1
            )
            if denying:
                self._denying[number] = denying
            joins = frozenset(place for place, word in enumerate(words) if word in joining)
            if joins:
                self._joins[number] = joins
            for word in set(words):
                self._by_stem[word].append(number)
        # Each phrase is looked at only when its rarest word is in a message: all of its
        # words must be there, so one of them is enough to decide whether to look.
        self._by_rarest: dict[str, list[int]] = defaultdict(list)
        for number, (_key, words) in enumerate(self._phrases):
            rarest = min(set(words), key=lambda w: len(self._by_stem[w]))
            self._by_rarest[rarest].append(number)
        self._exact = frozenset(exact_words)
        self._vocabulary = [
            w
            for w in self._by_stem
            if len(w) >= MIN_FUZZY and not w.isdigit() and not w.startswith("=")
        ]

    def _stems_of(self, token: Token) -> list[str]:
        """The phrase words this token can stand for."""
        found: list[str] = []
        # A context cue's word stands for itself alone: "haven't" is not "have".
        cue = token.text in self._exact
        as_typed = exact(token.text)
        found += [as_typed] if as_typed in self._by_stem else []
        if token.text.endswith("'s"):  # "hearing's gone": the word as typed, and "is"
            found += [w for w in (exact(token.text[:-2]),) if w in self._by_stem]
        for stem in token.stems:  # as typed, and without accents ("durmió", "durmio")
            found += [stem] if stem in self._by_stem else []
            if not cue:
                found += [
                    stem[:n] for n in range(MIN_PREFIX, len(stem)) if stem[:n] in self._by_stem
                ]
        stem = token.stem
        if (
            not found
            and len(token.text) >= MIN_FUZZY
            and self._vocabulary
            and token.text not in self._exact
        ):
            slips = 1 if len(stem) < LONG_WORD else 2
            best = process.extractOne(
                stem, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=slips
            )
            if best is not None and best[0][0] == stem[0]:
                found.append(best[0])
        return list(dict.fromkeys(found))

    def find(
        self,
        text: Text,
        taken: frozenset[int] = frozenset(),
        timed: frozenset[int] = frozenset(),
        timed_in_signs: frozenset[int] = frozenset(),
        clauses_in_signs: Sequence[int] = (),
        standing_for: Mapping[int, Sequence[Token]] | None = None,
    ) -> list[Found]:
        """Every phrase in `text`, not using the tokens `taken` (a duration's "два").

        `timed`: the tokens that say how long. A time told inside a description does
        not pull its words apart: "Gesicht war vorhin 5 min schief" is a face that was
        crooked, as "Gesicht war vorhin schief" is. `timed_in_signs`: more of them, with
        the words that open a time ("für zehn Minuten", "am Sonntag"), skipped in a danger
        sign's phrase only ("mein Arm war vor ein paar Tagen für zehn Minuten ganz taub"):
        elsewhere such words are a phrase's own ("on and off"). `clauses_in_signs`: each
        token's clause for a danger sign's phrase, where a clause told inside another is
        one with the clauses around it ("my arm, while I was on the phone, went numb").
        `standing_for`: a pronoun's token → the words for the parts of the body it points
        back to, named in a clause before; the pronoun stands for any one of them ("her
        smile, it went crooked" is a smile gone crooked), in a sign's phrase with a word of
        its own clause.
        """
        clauses = tuple(token.clause for token in text.tokens)
        sign_clauses = tuple(clauses_in_signs) or clauses
        # How many tokens before each position are neither `timed` nor `taken`: distances
        # skip them ("my arm is a little bit numb", with "a little bit" ignored).
        position, in_signs = [0], [0]
        for index in range(len(text.tokens)):
            counted = index not in timed and index not in taken
            position.append(position[-1] + counted)
            in_signs.append(in_signs[-1] + (counted and index not in timed_in_signs))
        where: dict[str, list[int]] = defaultdict(list)
        candidates: set[int] = set()
        for index, token in enumerate(text.tokens):
            if index in taken:
                continue
            for word in self._stems_of(token):
                where[word].append(index)
                candidates.update(self._by_rarest.get(word, ()))
        # A sign's phrases also find a pronoun standing for a word of the clause before.
        in_signs_where = where
        if standing_for:
            in_signs_where = defaultdict(list, {w: list(at) for w, at in where.items()})
            for pronoun, named in standing_for.items():
                carried = (self._stems_of(token) for token in named)
                for word in {w for stems in carried for w in stems}:
                    if pronoun not in in_signs_where[word]:
                        in_signs_where[word] = sorted([*in_signs_where[word], pronoun])
                    candidates.update(self._by_rarest.get(word, ()))
        found: list[Found] = []
        for number in sorted(candidates):
            key, words = self._phrases[number]
            here = in_signs_where if key.startswith(_POINTED_KINDS) else where
            if any(word not in here for word in words):
                continue
            place = partial(
                _placements,
                words,
                here,
                text.tokens,
                in_signs if key.startswith("danger:") else position,
                sign_clauses if key.startswith("danger:") else clauses,
                self._joins.get(number, frozenset()),
                self._clause_words,
                self._bonds.get(number, frozenset()),
                self._denying.get(number, frozenset()),
                timed | timed_in_signs if key.startswith("danger:") else frozenset(),
            )
            matches = list(islice(place(here[words[0]]), MAX_PLACES - 1))
            if len(matches) == MAX_PLACES - 1:  # and the last, which is often what is now
                last = next(place(reversed(here[words[0]])), None)
                matches += [last] if last is not None and last not in matches else []
            found += [
                Found(key, match)
                for match in matches
                if not standing_for or any(i not in standing_for for i in match)
            ]
        return found


def _placements(
    words: tuple[str, ...],
    where: dict[str, list[int]],
    tokens: tuple[Token, ...],
    position: list[int],
    clauses: Sequence[int],
    joins: frozenset[int],
    clause_words: frozenset[str],
    bonds: frozenset[int],
    negations: frozenset[int],
    told_inside: frozenset[int],
    anchors: Iterable[int],
) -> Iterator[tuple[int, ...]]:
    """The tokens of each close placement of all `words` in one clause (or one sentence,
    for a phrase that holds a clause word), one from each of the `anchors` where its
    first word stands: "never had a seizure before, but today I had a seizure" tells
    of two."""
    width = len(words) + SLACK

    def near(i: int, anchor: int) -> bool:
        same = clauses[i] == clauses[anchor] or (
            bool(joins) and tokens[i].sentence == tokens[anchor].sentence
        )
        return same and abs(position[i] - position[anchor]) < width

    placed: set[frozenset[int]] = set()
    for anchor in anchors:
        used = [anchor]
        for place, word in enumerate(words[1:], start=1):
            if place in bonds:  # right after the word before it
                after = used[-1] + 1
                # but for a time told inside a sign ("links seh ich seit ner Stunde gar nix"
                # is "links seh ich gar nix")
                while after not in where[word] and after in told_inside:
                    after += 1
                spot = after if after in where[word] and after not in used else None
            else:
                # the nearest: "kein Kribbeln mehr, jetzt krieg ich keine Luft" is "krieg
                # keine Luft"
                spot = min(
                    (i for i in where[word] if i not in used and near(i, anchor)),
                    key=lambda i: abs(position[i] - position[anchor]),
                    default=None,
                )
            if spot is None:
                break
            used.append(spot)
        else:
            if not _negations_close(used, negations, tokens, told_inside):
                continue
            if joins and not _in_joined_clauses(used, joins, clause_words, tokens):
                continue
            if frozenset(used) not in placed:
                placed.add(frozenset(used))
                yield tuple(used)


def _in_joined_clauses(
    used: list[int], joins: frozenset[int], clause_words: frozenset[str], tokens: tuple[Token, ...]
) -> bool:
    """Whether a phrase that holds a clause word, found across clauses, crosses no comma
    where that word comes last. Coming last, it joins on to what follows, outside the
    phrase: "my arm went numb and weak" and "pins and needles, unsteady on my feet" are
    told, but in "my face got weaker over a few days, arms and speech are fine" the "and"
    joins the arms to the speech, and the comma ends the weakness's clause."""
    last = max(used)
    if not any(used[n] == last for n in joins):
        return True
    starts = [i for i in range(min(used) + 1, last + 1) if tokens[i].clause != tokens[i - 1].clause]
    return all(tokens[i].stem in clause_words for i in starts)


def _negations_close(
    used: list[int],
    negations: frozenset[int],
    tokens: tuple[Token, ...],
    told_inside: frozenset[int],
) -> bool:
    """Whether each negation of a phrase ends its clause ("schlimmer geworden ist es
    nicht"), or stands close to another of its words and before the word it denies:
    "руки не работают" is not "лицо не висит, речь нормальная, руки работают", and "no
    puedo hablar" is not "puedo hablar y no tengo nada raro". A time told inside a sign
    does not count ("no puedo desde hace una hora mover el brazo")."""

    def ends_clause(at: int) -> bool:
        return at + 1 == len(tokens) or tokens[at + 1].clause != tokens[at].clause

    def apart(a: int, b: int) -> int:
        low, high = sorted((a, b))
        return high - low - sum(1 for i in range(low + 1, high) if i in told_inside)

    def denies(n: int) -> bool:
        close = min(apart(used[n], other) for k, other in enumerate(used) if k != n)
        return close <= NEGATION_GAP and (n + 1 == len(used) or used[n] < used[n + 1])

    return all(ends_clause(used[n]) or denies(n) for n in negations)


def _bonds(phrase: str) -> frozenset[int]:
    """The places of a phrase's words that follow the word before directly: in
    "dont+no", the second."""
    bonds: set[int] = set()
    count = 0
    for chunk in phrase.split():
        for n, part in enumerate(chunk.split("+")):
            words = len(PHRASE_WORD.findall(part))
            if n > 0 and words and count > 0:
                bonds.add(count)
            count += words
    return frozenset(bonds)
