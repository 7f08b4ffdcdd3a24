"""How long: "about 3 weeks", "a month and a half", "полгода", "seit drei Tagen" → days.

A number (digits or a number word from the lexicon; "a" counts as one) next to
a time unit, in either order ("недели три"), plus "and a half". Phrases that
name a time on their own ("since yesterday") come from the lexicon too, and so
do the days and months a time can start from: "since Monday", "seit März",
"desde 2018" count from the day the message is read.
Conventions: a week is 7 days, a month 30, a year 365; hedges such as "about"
do not change the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core.understanding.dates import DateReader
from bot.core.understanding.lexicon import Lexicon
from bot.core.understanding.text import Text, WordSequences, fold, plain, typed_words

UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
#: Words for "per" before a time unit, in every language: "10 hours a day", "2000 в день",
#: "12 horas al día", "10 Stunden am Tag" tell how often or how much, not how long.
PER = frozenset({"a", "an", "per", "every", "each", "в", "за", "al", "por", "am", "pro", "je", "x"})
#: Years this many told alone are an age: an adult's ("Carlos, 63 años").
ADULT = 18
#: A number told as a sentence of its own is an age from here on ("… my thighs. 55").
BARE_AGE_FROM = 16
#: Words for "each" before the number: "комп по 10 часов" is ten hours each day, "botox
#: cada tres o cuatro meses" a rhythm, not how long.
EACH = frozenset(
    {"по", "каждые", "каждый", "каждую", "cada", "every", "each", "alle", "jede", "jeden"}
)

#: Words for "times" before how often: "twice a week", "2 times a week", "zweimal die
#: Woche", "dos veces al mes", «два раза в неделю».
TIMES = frozenset(
    {"once", "twice", "times", "einmal", "zweimal", "dreimal", "vez", "veces", "раз", "раза"}
)
#: What may stand between "times" and the unit: "a", "per", "in der", "a la", «в».
OF_A_RATE = PER | {"la", "el", "der", "die", "dem", "in", "the"}


#: How far after the words that take a time back its new number may stand: "no, more
#: like five".
RETOLD_REACH = 4
#: Units of a dose ("10 mg"): a number before one is no time, and tells nothing of distance.
DOSE_UNITS = frozenset({"mg", "мг", "mcg", "мкг", "ug", "iu", "ie", "ui", "ед", "ml", "мл"})
#: How far after "since" a date with its month may stand: "since my birthday on the 9th of
#: October" (the word "since" and five more).
DATE_REACH = 6
#: How far after "since" a month after "in" may stand, in its clause: "since the kids
#: went back to school in September".
MONTH_REACH = 9
#: The words for "in" before a month: "in June", "im Juni", "en junio", «в июне».
IN_A_MONTH = frozenset({"in", "im", "en", "в", "во"})
#: A year: it puts what is near it in the past ("a stroke in 2019"), or starts a time
#: that goes on ("since 2018").
YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Duration:
    days: int
    first: int  # token indexes
    last: int
    #: A day named, not a length told ("today", "yesterday", "heute", not "since
    #: yesterday"): "heute bin ich 40 und seit 10 Tagen zuckt das Lid" is ten days.
    point: bool = False
    #: Counted from a day told loosely: a feast, whose year the writer leaves to the reader,
    #: or a date told further from "since" ("since my birthday on the 9th of October"),
    #: which may be another thing's. Where a length is told too ("since christmas, so 6
    #: weeks now"), the writer's own count is meant.
    loose: bool = False
    #: Counted from a calendar day told ("since the 12th"): a number told in its place
    #: after a correction is another day ("no sorry, the 22nd"), not a length.
    dated: bool = False


class DurationReader:
    def __init__(self, lexicon: Lexicon) -> None:
        self._units: dict[str, float] = {}
        for unit, days in UNIT_DAYS.items():
            for form in getattr(lexicon.units, unit):
                self._units[fold(form)] = days
        self._numbers = {fold(word): value for word, value in lexicon.numbers.items()}
        self._half = [tuple(fold(p).split()) for p in lexicon.and_a_half]
        self._ages = [typed_words(p) for p in lexicon.ages]
        self._ages_after = [typed_words(p) for p in lexicon.ages_after]
        self._ages_glued = frozenset(plain(fold(w)) for w in lexicon.ages_glued if w.islower())
        self._ages_glued_capital = frozenset(w for w in lexicon.ages_glued if not w.islower())
        self._adult_ages = [typed_words(p) for p in lexicon.adult_ages]
        self._named = [typed_words(p) for p in lexicon.named_people]
        self._numbered = [typed_words(p) for p in lexicon.numbered]
        self._to_come = [typed_words(p) for p in lexicon.to_come]
        #: Words that start a time told as how long: "since", "desde", «с», "seit".
        self.since_words = frozenset(plain(fold(w)) for w in lexicon.context.since)
        self._began = frozenset(plain(fold(w)) for w in lexicon.context.began)
        self._and = frozenset(plain(fold(w)) for w in lexicon.context.conjunctions)
        self._or = frozenset(plain(fold(w)) for w in lexicon.context.alternatives)
        self._speaker = frozenset(plain(fold(w)) for w in lexicon.context.speaker)
        #: Words that begin what another person has or does ("his face", «у него»,
        #: "seine Lippe"): after an age, a new clause, even without a comma.
        self._another_person = WordSequences(
            [
                *lexicon.context.other_person.before,
                *lexicon.context.theirs,
                *lexicon.person_pronouns,
            ]
        )
        self._weekdays = {
            plain(fold(name)): day for day, names in enumerate(lexicon.weekdays) for name in names
        }
        self._months = {
            plain(fold(name)): month
            for month, names in enumerate(lexicon.months, start=1)
            for name in names
        }
        self._dates = DateReader(lexicon)
        self._fractions = {str(over): UNIT_DAYS[unit] for over, unit in lexicon.fractions.items()}
        #: First word → (phrase words, days), so a message is read once.
        self._fixed: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for phrase, days in lexicon.durations.items():
            words = tuple(fold(phrase).split())
            if words:
                self._fixed.setdefault(words[0], []).append((words, days))

    def is_number(self, word: str) -> bool:
        """A number or a number word ("два", "couple"), not the article "a"."""
        value = self._number(plain(word))
        return value is not None and (word[:1].isdigit() or len(word) > 2)

    def _number(self, word: str) -> float | None:
        if word.replace(",", ".").replace(".", "", 1).isdigit():
            return float(word.replace(",", "."))
        return self._numbers.get(word, self._joined(word))

    def _joined(self, word: str) -> float | None:
        """A number written as one word of ones, "and" and tens: "zweiundvierzig"."""
        for joiner in self._and:
            ones, _, tens = word.partition(joiner)
            if ones and tens and len(joiner) > 1:
                value = self._compound(self._numbers.get(tens), self._numbers.get(ones))
                if value is not None:
                    return value
        return None

    @staticmethod
    def _compound(tens: float | None, ones: float | None) -> float | None:
        """Tens and ones told apart ("forty two", "сорок два"), or None if they are not."""
        if tens is None or ones is None or not (20 <= tens < 100 and tens % 10 == 0):
            return None
        return tens + ones if 1 <= ones <= 9 and ones == int(ones) else None

    def number_at(self, words: list[str], index: int) -> tuple[float, int] | None:
        """The number that begins at `index`, in digits or words, and its last word:
        "42", "forty two", "forty-two", "сорок два", "cuarenta y dos", "zweiundvierzig"."""
        value = self._number(words[index])
        if value is None:
            return None
        if not words[index][:1].isdigit():
            for at in (index + 1, index + 2):
                if at >= len(words) or (at == index + 2 and words[index + 1] not in self._and):
                    break
                joined = self._compound(value, self._numbers.get(words[at]))
                if joined is not None and len(words[at]) > 2:  # "twenty and a half" is not 21
                    return joined, at
        return value, index

    def whole_number(self, word: str) -> float | None:
        """`word` as a number that counts something ("19", "seven"), not a vague one ("a
        few", "a couple") nor an article ("a", "un")."""
        value = self._number(word)
        if value is None or (not word.isdigit() and (value < 4 or value != int(value))):
            return None
        return value

    def find(self, text: Text, today: date | None = None, how_long: bool = False) -> list[Duration]:
        """Every time the message tells; `today`: the day it is read, for "since Monday";
        `how_long`: the question on screen asks how long, so "63 years" alone is a time."""
        words = [plain(t.text) for t in text.tokens]
        clause = [t.clause for t in text.tokens]
        found: list[Duration] = []
        for index, word in enumerate(words):
            unit = self._units.get(word)
            if unit is None:
                continue
            number, first = self._number_near(words, index, clause)
            before = min(first, index)
            if (
                number is None
                or self._is_rate(words, first, index, clause)
                or self._is_age(words, before, max(first, index))
                or self._after_a_name(text, words, before)
                or (number >= ADULT and self._adult_age_before(words, before))
                or (not how_long and self._age_alone(text, first, index))
            ):
                continue
            last = index
            for half in self._half:
                if tuple(words[index + 1 : index + 1 + len(half)]) == half:
                    number += 0.5
                    last = index + len(half)
            span = (min(first, index), max(first, last))
            found.append(Duration(max(0, round(number * unit)), *span))
        found += self._fractions_told(text, words)
        # Counted from a date where the day is known; a lexicon's "since monday: 4" is
        # what is left where it is not. A number inside a date is no length of its own
        # ("desde el día 2 de noviembre" is not two days).
        dated = self._since_a_date(words, text, today) if today is not None else []
        covered = {i for d in dated for i in range(d.first, d.last + 1)}
        found = [d for d in found if covered.isdisjoint(range(d.first, d.last + 1))]
        for index, word in enumerate(words):
            for phrase, days in self._fixed.get(word, ()):
                end = index + len(phrase) - 1
                if (
                    index in covered
                    or tuple(words[index : end + 1]) != phrase
                    # "twice a week, for 3 weeks": how often, not how long
                    or self._times_a(words, end, clause)
                ):
                    continue
                point = days <= 1 and plain(phrase[0]) not in self.since_words
                found.append(Duration(days, index, end, point))
        return sorted(found + dated, key=lambda d: d.first)

    def retold(
        self, text: Text, corrected: Duration, start: int, today: date | None = None
    ) -> Duration | None:
        """A whole number alone, from `start` on in the sentence, told in place of the
        number of `corrected`: the same unit ("three weeks, no, more like five"); or, in
        place of a calendar day, another day ("since the 12th, no sorry the 22nd")."""
        words = [plain(t.text) for t in text.tokens]
        if corrected.dated:
            return self._redated(text, start, today)
        told = [
            number
            for at in range(corrected.first, corrected.last + 1)
            if (number := self._number(words[at]))
        ]
        if told:
            unit = corrected.days / told[0]
        elif corrected.days in UNIT_DAYS.values():  # «неделю, ой нет, три»: one week
            unit = corrected.days
        else:
            return None
        sentence = text.tokens[corrected.first].sentence
        # right after the words that take it back: "no, more like five", "nee eher 4"
        for at in range(start, min(len(words), start + RETOLD_REACH)):
            if text.tokens[at].sentence != sentence or self._age_before(words, at):
                break  # "2 weeks, sorry, I'm 45": an age
            value = self._number(words[at]) if self.is_number(text.tokens[at].text) else None
            after = words[at + 1] if at + 1 < len(words) else ""
            if value and (after in self._units or self._age_after(words, at)):
                break  # "sorry, 45 years old": a time or an age of its own
            if value:
                return Duration(round(value * unit), at, at)
        return None

    def _redated(self, text: Text, start: int, today: date | None) -> Duration | None:
        """The calendar day told right after the words that take back another one."""
        if today is None or start >= len(text.tokens):
            return None
        sentence = text.tokens[start].sentence
        for at in range(start, min(len(text.tokens), start + RETOLD_REACH)):
            if text.tokens[at].sentence != sentence:
                break
            dated = self._dates.days_since(text, at, today)
            if dated is not None:
                return Duration(dated.days, at, dated.last, loose=dated.feast, dated=True)
        return None

    def _fractions_told(self, text: Text, words: list[str]) -> list[Duration]:
        """A clinician's "3/52", "2/12", "5/7" (`Lexicon.fractions`), typed as one: three
        weeks, two months, five days; not after "since", where it is a date."""
        found = []
        for index in range(len(words) - 1):
            unit = self._fractions.get(words[index + 1])
            number, over = text.tokens[index], text.tokens[index + 1]
            if (
                unit is not None
                and number.text.isdigit()
                and text.raw[number.start + len(number.text) : over.start] == "/"
                and (index == 0 or words[index - 1] not in self.since_words)
            ):
                found.append(Duration(round(int(number.text) * unit), index, index + 1))
        return found

    def _since_a_date(self, words: list[str], text: Text, today: date) -> list[Duration]:
        """ "since Monday", "seit März", "с 2018 года", "desde el lunes", "it started in
        March": how long from that day to `today` (a month counts from its first day, a
        year as whole years); a calendar day ("since the 2nd", "since Easter") to the day
        (`DateReader`)."""
        found: list[Duration] = []
        for index, word in enumerate(words):
            if word in self.since_words:
                reach = 2  # one word may stand between: "desde el lunes"
            elif word in self._began:
                reach = 3  # "started back in March", "fing so im März an"
            else:
                continue
            told = self._dated_after(words, text, index, reach, today)
            if told is None:
                told = self._dated_further(words, text, index, index + 1 + reach, today)
            if told is None and word in self._began:
                told = self._dated_before(words, text, index, today)
            if told is not None:
                found.append(told)
        return found

    def _dated_after(
        self, words: list[str], text: Text, since: int, reach: int, today: date
    ) -> Duration | None:
        """The date right after "since" (at `since`; `reach` words on, in its clause)."""
        for at in range(since + 1, since + 1 + reach):
            if at >= len(words) or text.tokens[at].clause != text.tokens[since].clause:
                return None
            dated = self._dates.days_since(text, at, today)
            if dated is not None:  # "since the 2nd", «с 3.11», "since Easter"
                return Duration(dated.days, since, dated.last, loose=dated.feast, dated=True)
            days = self._days_since(words[at], today)
            if days is not None:
                return Duration(days, since, at)
        return None

    def _dated_before(
        self, words: list[str], text: Text, began: int, today: date
    ) -> Duration | None:
        """A weekday, month or year told just before the word that says it began, in its
        clause: "on saturday it started", "el sábado me empezó a temblar", "am Samstag
        fing es an"."""
        for at in range(began - 1, max(-1, began - 4), -1):
            if text.tokens[at].clause != text.tokens[began].clause:
                break
            days = self._days_since(words[at], today)
            if days is not None:
                return Duration(days, at, began)
        return None

    def _dated_further(
        self, words: list[str], text: Text, since: int, start: int, today: date
    ) -> Duration | None:
        """A date further on from "since" (at `since`), told loosely (it may be another
        thing's): a day with its month in the sentence ("since my birthday on the 9th of
        October", «с дня рождения мужа 20 ноября»), or a month after "in" in the clause
        ("since my birthday in June", "since the kids went back to school in September")."""
        told = text.tokens[since]
        for at in range(start, min(len(words), since + 1 + DATE_REACH)):
            if text.tokens[at].sentence != told.sentence:
                break
            dated = self._dates.days_since(text, at, today, with_month=True)
            if dated is not None:
                return Duration(dated.days, since, dated.last, loose=True, dated=True)
        # the month alone, with its "in" (not the words between: "twitching since I started
        # my new job in March" is no twitching that marched)
        for at in range(start, min(len(words), since + 1 + MONTH_REACH)):
            if text.tokens[at].clause != told.clause:
                break
            if words[at] in self._months and words[at - 1] in IN_A_MONTH:
                days = self._days_since(words[at], today)
                return None if days is None else Duration(days, at - 1, at, loose=True, dated=True)
        return None

    def dates_back(self, text: Text, today: date) -> list[tuple[int, int]]:
        """Months and years named as when something happened, not since when ("a stroke
        in March", "im März einen Schlaganfall", "Bell's palsy in 2018"): (token index,
        about how many days back). A "may" or "march" typed in small letters is a verb,
        unless "in" or "last" comes first."""
        words = [plain(t.text) for t in text.tokens]
        found = []
        for index, word in enumerate(words):
            if index and words[index - 1] in self.since_words:
                continue
            if YEAR.match(word) and int(word) < today.year:
                found.append((index, (today.year - int(word)) * 365))
            if word not in self._months:
                continue
            capital = text.raw[text.tokens[index].start].isupper()
            after_in = index > 0 and words[index - 1] in ("in", "last")
            if word in _VERB_MONTHS and not (capital or after_in):
                continue
            found.append((index, ((today.month - self._months[word]) % 12) * 30 + today.day - 1))
        return found

    def _days_since(self, word: str, today: date) -> int | None:
        if word in self._weekdays:
            return (today.weekday() - self._weekdays[word]) % 7 or 7
        if word in self._months:
            return ((today.month - self._months[word]) % 12) * 30 + today.day - 1
        if YEAR.match(word) and int(word) < today.year:
            return (today.year - int(word)) * 365
        return None

    def ages(
        self, text: Text, asked: bool = False, how_long: bool = False
    ) -> list[tuple[int, int]]:
        """How old the person is, where the message says it: (years, token index).

        "I'm 72," and "мне 67" (an age word, then the number ending its clause),
        "58 years" or "34 года" after an age word, "my 8 year old", "8 Jahre alt".
        `asked`: the question on screen asks how old; a number ending its clause is
        an age without an age word ("34", "my mum, 72", "маме 67"). A grown-up's years
        told alone in their clause are an age too ("Carlos, 63 años."), unless the
        question on screen asks how long (`how_long`).
        """
        words = [plain(t.text) for t in text.tokens]
        found: list[tuple[int, int]] = []
        last = -1
        for index, word in enumerate(words):
            told = self.number_at(words, index) if index > last else None
            if told is None or self.whole_number(word) is None or not 0 < told[0] < 130:
                continue
            if self._numbered_at(text, words, index):
                last = told[1]
                continue  # "Bewohnerin Zimmer 4, 86 J.": a room's number
            value, last = told
            after = last + 1
            years = after < len(words) and self._units.get(words[after]) == UNIT_DAYS["year"]
            # a baby's or a toddler's age in months: "he's 20 months", «дочке 20 месяцев»
            months = (
                after < len(words)
                and self._units.get(words[after]) == UNIT_DAYS["month"]
                and text.tokens[after].clause == text.tokens[index].clause
                and value < 36
            )
            # "me, 67 next month", "he turns 16 next week": a year short of it now
            to_come = _begins_at(words, after, self._to_come)
            ends_clause = (
                after == len(words)
                or text.tokens[after].clause != text.tokens[index].clause
                or words[after] in self._and  # "tengo 41 y desde hace 10 días…"
                or words[after] in self.since_words  # "er ist 78 seit drei wochen…"
                or words[after] in self._speaker  # "мне 55 я водитель", "im 45 i work"
                # "my husband is 74 his face droops", «мужу 74 у него дёргается веко»
                or self._another_person.begins_at(text, after)
                or to_come
            )
            said_before = (
                asked
                or self._age_before(words, index)
                or (years and value >= ADULT and self._adult_age_before(words, index))
                or self._after_a_name(text, words, index)
            )
            # "8 year old", "24yo", "41F", "42-jährig"
            said_after = self._age_after(words, after if years else last) or (
                value >= ADULT and self._glued(text, last)  # not "2a", «2г»: how long
            )
            alone = years and not how_long and self._age_alone(text, index, after)
            # "… cramps in my thighs. 55": a grown-up's years, told as a sentence of its own,
            # or as the clause the message opens with ("57, lid twitching for a week")
            bare = (
                not how_long
                and after == last + 1
                and (self._sentence_of_its_own(text, index) or self._opening_clause(text, index))
            )
            if months and self._a_baby(words, index):
                found.append((int(value // 12), index))
            elif (said_before and (years or ends_clause)) or said_after or alone or bare:
                found.append((int(value) - to_come, index))
        return found

    def _numbered_at(self, text: Text, words: list[str], index: int) -> bool:
        """Whether the number at `index` is a room's or a bed's, told right after its word
        in the same clause ("Zimmer 4", "bed 12"; not "… in bed. 61 y/o")."""
        return (
            index > 0
            and text.tokens[index - 1].clause == text.tokens[index].clause
            and _ends_before(words, index, self._numbered)
        )

    @staticmethod
    def _sentence_of_its_own(text: Text, index: int) -> bool:
        """Whether the number at `index` is all its sentence says, and a grown-up's age
        ("… thighs. 55."), in a message that says more."""
        tokens = text.tokens
        sentence = tokens[index].sentence
        alone = [i for i, t in enumerate(tokens) if t.sentence == sentence] == [index]
        return (
            alone
            and len(tokens) > 1
            and tokens[index].text.isdigit()
            and (BARE_AGE_FROM <= int(tokens[index].text) < 110)
        )

    @staticmethod
    def _opening_clause(text: Text, index: int) -> bool:
        """Whether the number at `index` opens the message as a clause of its own, and is a
        grown-up's age: "57, lid twitching for a week" (not "2, …", a reply's number)."""
        tokens = text.tokens
        return (
            index == 0
            and len(tokens) > 1
            and tokens[1].clause != tokens[0].clause
            and tokens[0].text.isdigit()
            and BARE_AGE_FROM <= int(tokens[0].text) < 110
        )

    def _age_alone(self, text: Text, number_at: int, unit_at: int) -> bool:
        """ "Buenas, soy Carlos, 63 años.", «я сама, пятьдесят два года»: years of an
        adult, and nothing else in the clause; nobody tells how long with a bare "63
        years"."""
        tokens = text.tokens
        unit = tokens[unit_at] if unit_at < len(tokens) else None
        if unit is None or self._units.get(plain(unit.text)) != UNIT_DAYS["year"]:
            return False
        words = [plain(t.text) for t in tokens]
        told = self.number_at(words, number_at)
        if told is None or told[1] != unit_at - 1:
            return False
        clause = text.ranges[tokens[number_at].clause]
        return ADULT <= told[0] < 130 and clause.start == number_at and clause.stop == unit_at + 1

    def _a_baby(self, words: list[str], index: int) -> bool:
        """Whether the months at `index` are a child's age: a person word comes right
        before ("daughter is 18 months", «дочке 20 месяцев»), not the writer ("I'm 3
        months pregnant", «мне 5 месяцев дёргается веко»)."""
        for at in (index, index - 1):
            person = [p for p in self._named if tuple(words[max(0, at - len(p)) : at]) == p]
            if any(not set(p) & self._speaker for p in person):
                return True
        return False

    def _after_a_name(self, text: Text, words: list[str], index: int) -> bool:
        """A person, their name, then the number: "my nan Rose, 87", "my son Leo is 19",
        "Opa Heinz, 79", «Сынок Тимоша, 5 лет», "mi abuelo Paco de 82"
        (`Lexicon.named_people`); or the number alone in brackets after a name ("Günter
        (83)", "Frau M. (81)")."""
        for name_at in (index - 1, index - 2):
            if name_at < 1 or not _a_name(text, name_at):
                continue
            if name_at == index - 1 and _in_brackets(text, index):
                return True
            if not _ends_before(words, name_at, self._named):
                continue
            # "my son Leo is 19": "son is", as without the name
            without = [*words[:name_at], *words[name_at + 1 :]]
            if name_at == index - 1 or self._age_before(without, index - 1):
                return True
        return False

    def _is_age(self, words: list[str], first: int, last: int) -> bool:
        """'I'm 58 years', 'мне 34 года', 'my 8 year old': how old, not how long."""
        return self._age_before(words, first) or self._age_after(words, last)

    def _age_before(self, words: list[str], first: int) -> bool:
        """An age word ends right before `first` ("I'm", "мне", "tengo")."""
        return _ends_before(words, first, self._ages)

    def _adult_age_before(self, words: list[str], first: int) -> bool:
        """A grown-up's age word ends right before `first` («у мамы»)."""
        return _ends_before(words, first, self._adult_ages)

    def _glued(self, text: Text, last: int) -> bool:
        """An age letter typed onto the number: "68F", "86a" (`Lexicon.ages_glued`)."""
        tokens = text.tokens
        if last + 1 >= len(tokens):
            return False
        letter = tokens[last + 1]
        typed = text.raw[letter.start : letter.start + len(letter.text)]
        if plain(letter.text) not in self._ages_glued and typed not in self._ages_glued_capital:
            return False
        number = tokens[last]
        return letter.start == number.start + len(number.text)

    def _age_after(self, words: list[str], last: int) -> bool:
        """An age word follows `last` ("old", "alt")."""
        return any(tuple(words[last + 1 : last + 1 + len(a)]) == a for a in self._ages_after)

    def _is_rate(self, words: list[str], first: int, unit_at: int, clause: list[int]) -> bool:
        """'5 cups a day', 'twice a week', '10 hours a day', '2000 в день': how often or
        how much, not how long (a number before "a" in the same clause: "metformina hace
        6 años. Hace un mes" is a month)."""
        if unit_at > 0 and words[unit_at - 1] in EACH:
            return True  # "jeden Tag eine Flasche Wodka", "every day": how often
        if self._times_a(words, unit_at, clause):
            return True  # "twice a week", "dos veces a la semana", «два раза в неделю»
        following = [*words[unit_at + 1 : unit_at + 3], "", ""]
        if following[0] in PER and self._units.get(following[1], 0) >= UNIT_DAYS["day"]:
            return True  # "10 Stunden am Tag", "12 horas al día"
        if first == unit_at - 2 and words[unit_at - 1] in PER:
            return True  # "2000 в день"
        if first < unit_at and any(
            words[at] in EACH
            and clause[at] == clause[first]
            # "every day for 2 weeks": that "every" has a unit of its own
            and words[at + 1] not in self._units
            for at in range(max(0, first - 3), first)
        ):
            return True  # "по 10 часов", "cada tres o cuatro meses"
        if first != unit_at - 1 or words[first].isdigit() or self._number(words[first]) != 1:
            return False  # only "a" or "one" is "per": "er ist 78 seit drei wochen" is a time
        # "a week or a month": the number before an "or" counts a time of its own, as
        # the "a" of "once a week" does ("once a week for a month")
        return any(
            self._number(words[at]) is not None
            and clause[at] == clause[first]
            and self._or.isdisjoint(words[at + 1 : first])
            and (at == 0 or words[at - 1] not in TIMES)
            for at in range(max(0, first - 3), first)
        )

    @staticmethod
    def _times_a(words: list[str], unit_at: int, clause: list[int]) -> bool:
        """Whether the unit at `unit_at` counts how often after "times": "twice a week",
        "2 times a week", "zweimal die Woche", "dos veces a la semana", «два раза в неделю»."""
        at = unit_at - 1
        while at > 0 and words[at] in OF_A_RATE and clause[at] == clause[unit_at]:
            at -= 1
        return at < unit_at - 1 and words[at] in TIMES

    def _opens_a_time(self, words: list[str], at: int, unit_at: int) -> bool:
        """Whether a time told as a whole ("last week", `Lexicon.durations`) begins at `at`
        and holds the unit at `unit_at`."""
        return any(
            tuple(words[at : at + len(phrase)]) == phrase and at + len(phrase) > unit_at
            for phrase, _days in self._fixed.get(words[at], ())
        )

    def _number_near(
        self, words: list[str], unit_at: int, clause: list[int]
    ) -> tuple[float | None, int]:
        """The number before the unit (one word may sit between), or just after it, in
        the unit's clause ("брату 45, он лет 7": seven years, not forty-five)."""
        for at in (unit_at - 1, unit_at - 2):
            if at + 1 < unit_at and words[at + 1] in self.since_words | DOSE_UNITS:
                break  # "Pantozol 40 seit Jahren", «до 20 мг неделю назад»: a dose
            if at + 1 < unit_at and self._opens_a_time(words, at + 1, unit_at):
                break  # "upped my sertraline to 100 last week": "last week" is the time
            if at + 1 < unit_at and _begins_at(words, at + 1, self._to_come):
                break  # "me, 67 next month": an age to come, not 67 months
            if at >= 0 and clause[at] == clause[unit_at]:
                value = self._number(words[at])
                for start in (at - 1, at - 2):  # "пятьдесят два года", "cuarenta y ocho años"
                    told = self.number_at(words, start) if start >= 0 else None
                    if told is not None and told[1] == at and clause[start] == clause[at]:
                        return told[0], start
                if value is not None:
                    # "a couple of", "ein paar": a number word after a number word
                    if (
                        at - 1 >= 0
                        and clause[at - 1] == clause[at]  # "мне 45, два года": two years
                        and self._number(words[at - 1]) is not None
                        and value >= 1
                    ):
                        previous = self._number(words[at - 1])
                        # "two three weeks": the first of two; not "from 75 to 150 two
                        # weeks ago", where the first is a dose
                        if previous is not None and 1 < previous < value:
                            return previous, at - 1
                    return value, at
        if (
            unit_at + 1 < len(words)
            and clause[unit_at + 1] == clause[unit_at]
            # "she's in year 9": a school year, not nine years
            and not _ends_before(words, unit_at + 1, self._numbered)
        ):
            value = self._number(words[unit_at + 1])
            if value is not None:
                return value, unit_at + 1  # "недели три": the number after the unit
        # The unit alone carries a number in some words ("полгода" is listed as a unit).
        return None, unit_at


#: English month names that are verbs too ("I may", "they march").
_VERB_MONTHS = frozenset({"may", "march"})


def _a_name(text: Text, at: int) -> bool:
    """Whether the word at `at` is written as a name is: a capital, then small letters
    (or a capital with a full stop: "Frau M."), and not the first word of its sentence."""
    tokens = text.tokens
    token = tokens[at]
    written = text.raw[token.start : token.start + len(token.text) + 1]
    opens = at == 0 or tokens[at - 1].sentence != token.sentence
    initial = len(written) == 2 and written[0].isupper() and written[1] == "."
    return not opens and written[:1].isupper() and (initial or written[1:2].islower())


def _in_brackets(text: Text, at: int) -> bool:
    """Whether the number at `at` stands alone in brackets: "Günter (83)"."""
    token = text.tokens[at]
    before = text.raw[: token.start].rstrip()
    after = text.raw[token.start + len(token.text) :].lstrip()
    return before.endswith("(") and after.startswith(")")


def _begins_at(words: list[str], first: int, phrases: list[tuple[str, ...]]) -> bool:
    """Whether one of `phrases` begins at the word at `first`."""
    return any(tuple(words[first : first + len(p)]) == p for p in phrases)


def _ends_before(words: list[str], first: int, phrases: list[tuple[str, ...]]) -> bool:
    """Whether one of `phrases` ends right before the word at `first`."""
    return any(tuple(words[max(0, first - len(p)) : first]) == p for p in phrases)
