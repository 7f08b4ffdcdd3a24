"""Typed text as the matcher sees it: sentences, clauses and stemmed tokens.

People type the same word in many forms ("droops", "drooping", "droopy";
"онемела", "онемение"). Every token is reduced with the Snowball stemmer of
the user's language (PyStemmer: the algorithms ship in the package, nothing is
downloaded) and folded (case, accents, ё), and phrases from the lexicon go
through the same steps, so a phrase written once matches its inflections.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import Stemmer

#: Snowball algorithm per language code.
STEMMERS = {"en": "english", "ru": "russian", "es": "spanish", "de": "german"}

#: Where one sentence ends (not the point in "1.5").
_SENTENCE_END = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?;\n])+")
#: At most this many words on a line that a line break only splits from the next.
_WRAPPED_WORDS = 3
#: What ends a clause inside a sentence: a comma (not in "1,5"), a colon, a dash, brackets
#: (not a short aside of words alone: "started prochlorperazine (Stemetil) 2 days ago";
#: an age in brackets, "Mum (81)", is a clause of its own).
_CLAUSE = re.compile(
    r"(?:[^,:()\u2013\u2014]|(?<=\d),(?=\d)|\([^\W\d_][^,:()\u2013\u2014\d]{0,23}\))+"
)
#: Words (with their apostrophes: "can't"), and numbers ("1,5"). Letters with digits
#: after them are one word ("B12", "магне б6": a name, not a number); digits before
#: letters are two ("3weeks").
_TOKEN = re.compile(r"[^\W\d_]+\d+(?![.,]?\d)|\d+(?:[.,]\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)*")


#: A lexicon phrase's words, each with the `=` that marks a word matched as typed.
PHRASE_WORD = re.compile(rf"(=?)({_TOKEN.pattern})")


#: A letter typed three times or more in a row: "caraaaa", "helppp", "нееет".
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")


def exact(word: str) -> str:
    """How a phrase word matched as typed is indexed: apart from every stem."""
    return "=" + plain(fold(word))


def fold(text: str) -> str:
    """Lower case without accents, so "Párpado", "parpado" and "PÁRPADO" are one word."""
    text = text.casefold().replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


@dataclass(frozen=True)
class Token:
    """One word of a message."""

    text: str  # folded surface form, e.g. "drooping"
    stem: str  # folded stem, e.g. "droop"
    #: The stem, and the stem of the word without its accents where that differs:
    #: people type "durmió" and "durmio", "левый" and "левыи".
    stems: tuple[str, ...]
    start: int  # character offset in the message
    clause: int  # index of the clause it belongs to
    sentence: int
    #: Part of the sentence up to a boundary word ("but", "now"): the reach of history,
    #: "what if" and other people, which commas do not stop.
    segment: int


@dataclass(frozen=True)
class Clause:
    tokens: tuple[Token, ...]
    sentence: int
    #: The clause asks: it ends with a question mark, or opens with a question's words.
    question: bool
    #: A checklist's line: a label and its answer after a colon ("Slurred speech: no").
    labelled: bool = False


@dataclass(frozen=True)
class Text:
    """A message split into sentences and clauses of stemmed tokens."""

    raw: str
    tokens: tuple[Token, ...]
    clauses: tuple[Clause, ...]

    @cached_property
    def ranges(self) -> tuple[range, ...]:
        """Each clause's token indexes (a clause's tokens follow one another)."""
        starts = [0]
        for clause in self.clauses:
            starts.append(starts[-1] + len(clause.tokens))
        return tuple(range(a, b) for a, b in itertools.pairwise(starts))


class Stems:
    """The stemmer of one language, with a cache: people reuse a small vocabulary."""

    def __init__(self, language: str) -> None:
        self._stemmer = Stemmer.Stemmer(STEMMERS.get(language, "english"))
        self.stem = lru_cache(maxsize=65536)(self._stem)
        self.variants = lru_cache(maxsize=65536)(self._variants)

    def _stem(self, word: str) -> str:
        """The stem of a lower-case word, folded after stemming: the stemmers know their
        own letters (Russian й, Spanish á, German ä) and work better with them."""
        if word.isdigit():
            return word
        return fold(self._stemmer.stemWord(word.replace("ё", "е")))

    def _variants(self, word: str) -> tuple[str, ...]:
        """The word's stem, its stem without accents and, for a letter stretched out for
        feeling ("caraaaa", "helppp"), the stem with that letter once, where they differ."""
        folded = fold(word)
        found = (self.stem(word), self.stem(folded), self.stem(_STRETCHED.sub(r"\1", folded)))
        return tuple(dict.fromkeys(found))

    def words(self, phrase: str) -> tuple[str, ...]:
        """A lexicon phrase as stems; a word written with `=` before it ("=нервы") stands
        for itself as typed (see `exact`), where its stem would find another word
        ("нервы", nerves as stress, and "нерва", the facial nerve, share "нерв")."""
        return tuple(
            exact(m.group(2)) if m.group(1) else self.stem(m.group(2).casefold())
            for m in PHRASE_WORD.finditer(phrase)
        )


def split(
    raw: str,
    stems: Stems,
    boundaries: frozenset[str],
    joiners: frozenset[str] = frozenset(),
    openers: frozenset[tuple[str, ...]] = frozenset(),
    though: frozenset[str] = frozenset(),
    negations: frozenset[str] = frozenset(),
    ordinal_dot: frozenset[str] = frozenset(),
    asked_after: frozenset[tuple[str, ...]] = frozenset(),
) -> Text:
    """Sentences, then clauses at commas, at `boundaries` words ("but", "aber") and at
    `joiners` ("und"): a joiner ends a clause as a comma does, a boundary also ends the
    reach of history, "what if" and other people. A `though` word followed only by
    `negations` to the clause's end is inside it: "doppelt sehe ich aber nicht" denies
    the double vision. A sentence that ends in "?", or opens with one of
    `openers` ("does a", "ist das"), asks: its last clause, or its first. Words of
    `asked_after` ("could that", "kann das") open a clause inside a sentence typed without
    a comma, so that in "mein Arm ist seit einer Stunde taub kann das ein Schlaganfall
    sein?" only the last clause asks: the numb arm is told. Not after three words or fewer,
    nor after a negation ("no es normal" says the thing is not normal, "no sé si es grave"
    doubts it)."""
    tokens: list[Token] = []
    clauses: list[Clause] = []
    segment = -1
    for sentence, (sentence_text, sentence_start, question) in enumerate(
        _sentences(raw, ordinal_dot)
    ):
        segment += 1
        opened = len(clauses)  # the sentence's first clause
        current: list[Token] = []
        # A comma, a dash or a boundary word starts a new clause.
        pieces = list(_CLAUSE.finditer(sentence_text))
        labelled = False
        for at_piece, piece in enumerate(pieces):
            matches = list(_TOKEN.finditer(piece.group()))
            if (
                0 < len(matches) <= 2
                and _only_negations(matches, negations)
                and len(clauses) > opened
                and _after_a_label(sentence_text, piece.start())
                # the checklist's end, or another label next ("Lähmung: nein, Atemnot:
                # nein"); not "nee, links wars" nor "preguntado: no, habla normal"
                and (
                    at_piece + 1 == len(pieces)
                    or (
                        at_piece + 2 < len(pieces)
                        and _after_a_label(sentence_text, pieces[at_piece + 2].start())
                    )
                )
            ):
                # "Krampfanfall: nein", "Weakness: no", «Слабость: нет»: a checklist's
                # answer belongs to its label's clause, and denies it there
                current = list(clauses.pop().tokens)
                labelled = True
            for at, match in enumerate(matches):
                lower = match.group().casefold().replace("’", "'")
                word = fold(lower)
                inside = (
                    word in though
                    and 0 < len(matches) - at - 1 <= 2
                    and _only_negations(matches[at + 1 :], negations)
                )
                if (word in boundaries or word in joiners) and not inside:
                    segment += word in boundaries
                    if current:
                        clauses.append(Clause(tuple(current), sentence, False))
                        current = []
                elif (
                    len(current) >= 3
                    and not any(plain(t.text) in negations for t in current)
                    and _asks_from(matches, at, asked_after)
                ):
                    clauses.append(Clause(tuple(current), sentence, False))
                    current = []
                token = Token(
                    word,
                    stems.stem(lower),
                    stems.variants(lower),
                    sentence_start + piece.start() + match.start(),
                    len(clauses),
                    sentence,
                    segment,
                )
                current.append(token)
                tokens.append(token)
            if current:
                clauses.append(Clause(tuple(current), sentence, False, labelled))
                current = []
            labelled = False
        if question and clauses and clauses[-1].sentence == sentence:
            last = clauses[-1]
            clauses[-1] = Clause(last.tokens, last.sentence, True, last.labelled)
        if len(clauses) > opened and _opens_a_question(clauses[opened], openers):
            first = clauses[opened]
            clauses[opened] = Clause(first.tokens, first.sentence, True, first.labelled)
    return Text(raw, tuple(tokens), tuple(clauses))


def _after_a_label(sentence: str, start: int) -> bool:
    """Whether the piece at `start` follows a colon or a dash ("Atemnot: nein")."""
    at = start - 1
    while at >= 0 and sentence[at].isspace():
        at -= 1
    return at >= 0 and sentence[at] in ":\u2013\u2014"


def _only_negations(rest: list[re.Match[str]], negations: frozenset[str]) -> bool:
    """Whether the words left in the piece are each a negation ("aber nicht")."""
    return all(fold(m.group().casefold()) in negations for m in rest)


def _asks_from(
    matches: list[re.Match[str]], at: int, asked_after: frozenset[tuple[str, ...]]
) -> bool:
    """Whether the words of a piece from `at` begin one of `asked_after`."""
    if not asked_after:
        return False
    words = tuple(plain(fold(m.group().casefold().replace("’", "'"))) for m in matches[at : at + 4])
    return any(words[: len(opener)] == opener for opener in asked_after)


def _opens_a_question(clause: Clause, openers: frozenset[tuple[str, ...]]) -> bool:
    words = tuple(plain(t.text) for t in clause.tokens)
    return any(words[: len(opener)] == opener for opener in openers)


#: A word, a day's or a place's number with its dot, a word in small letters after it:
#: "seit dem 2. zuckt es", "am 3. tag" (`Lexicon.ordinal_dot`).
#: Tried from each word's first letter only: a long run of letters is read once.
_ORDINAL_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_]+) \d{1,2}\. (?=[^\W\d_])")


def _sentences(raw: str, ordinal_dot: frozenset[str] = frozenset()) -> list[tuple[str, int, bool]]:
    """Each sentence's text, where it starts, and whether it asks. After one of the
    `ordinal_dot` words, a number's dot before a word in small letters ends none ("seit
    dem 2. zuckt es")."""
    ordinals = {
        m.end() - 2
        for m in _ORDINAL_DOT.finditer(raw)
        if raw[m.end()].islower() and plain(fold(m.group(1))) in ordinal_dot
    }
    out: list[tuple[str, int, bool]] = []
    start = 0
    for end in _SENTENCE_END.finditer(raw):
        if end.group() == "." and end.start() in ordinals:
            continue
        if end.group() == "\n" and _line_goes_on(raw, end.start()):
            continue
        out.append((raw[start : end.start()], start, "?" in end.group()))
        start = end.end()
    if start < len(raw):
        out.append((raw[start:], start, False))
    return [s for s in out if s[0].strip()]


def _line_goes_on(raw: str, at: int) -> bool:
    """Whether the line break at `at` only splits a sentence: a line of a few words that
    ends in a word, and a word in small letters after it ("my face\nis drooping", "left
    eye\ntwitching 4 days"). A new line in capitals, after a stop or a sign, or after a
    line that says a whole thing ("es x mi hijo d 9 años\nguiña mucho…") is a sentence of
    its own."""
    line = raw[raw.rfind("\n", 0, at) + 1 : at]
    after = raw[at + 1 : at + 2]
    return (
        line[-1:].isalnum()
        and len(line.split()) <= _WRAPPED_WORDS
        and after.isalpha()
        and after.islower()
    )


def plain(word: str) -> str:
    """A typed word as cues and word lists match it: without apostrophes ("don't", "dont")."""
    return word.replace("'", "")


def typed_words(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as the words typed, for matching word for word (not by stems)."""
    return tuple(plain(w) for w in fold(phrase).split())


class WordSequences:
    """Phrases matched word for word as typed, each by its first word."""

    def __init__(self, phrases: Iterable[str], within_clause: bool = False) -> None:
        """`within_clause`: a phrase is found only inside one clause ("no se, puede ser"
        holds no "no se puede"); otherwise across a clause word too ("right now")."""
        self._within_clause = within_clause
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = typed_words(phrase)
            if words:
                self._by_first.setdefault(words[0], []).append(words)

    def begins_at(self, text: Text, start: int) -> bool:
        """Whether one of the phrases begins at the token `start`."""
        tokens = text.tokens[start:]
        first = plain(tokens[0].text) if tokens else ""
        return any(
            tuple(plain(t.text) for t in tokens[: len(phrase)]) == phrase
            for phrase in self._by_first.get(first, ())
        )

    def tokens(self, text: Text) -> frozenset[int]:
        """The tokens of every phrase found in `text`."""
        words = [plain(t.text) for t in text.tokens]
        found: set[int] = set()
        for start, word in enumerate(words):
            for phrase in self._by_first.get(word, ()):
                end = start + len(phrase)
                if tuple(words[start:end]) == phrase and (
                    not self._within_clause
                    or text.tokens[start].clause == text.tokens[end - 1].clause
                ):
                    found.update(range(start, end))
        return frozenset(found)


class Vocabulary:
    """A lexicon list that tells whether a message names something at all: its single
    words compared by stem ("twitch" finds "twitching"), its phrases of several words
    matched word for word as typed («не по себе», "freaked out")."""

    def __init__(self, phrases: Iterable[str], stems: Stems) -> None:
        listed = list(phrases)
        self._words = frozenset(stems.stem(fold(p)) for p in listed if len(typed_words(p)) == 1)
        self._phrases = WordSequences(p for p in listed if len(typed_words(p)) > 1)

    def named_in(self, text: Text) -> bool:
        """Whether `text` names one of the words or phrases."""
        return any(t.stem in self._words for t in text.tokens) or bool(self._phrases.tokens(text))
