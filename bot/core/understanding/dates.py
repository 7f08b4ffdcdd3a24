"""Calendar days a time is counted from: "since the 2nd", «с 3.11», "desde el 2 de
noviembre", "seit dem 3. November", "since Easter".

Told after "since" or "it started", a day of the calendar says how long as surely
as "for 3 weeks" does, so the reader counts the days from it to the day the message
is read. A date without a year is the last such day that has passed; a day of the
month without a month is this month's, or last month's where it is still to come.
"3/11" is read day first, as in three of the four languages and in the UK; month
first only where the second number cannot be a month ("11/23").
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.understanding.lexicon import Lexicon
from bot.core.understanding.text import Text, fold, plain, typed_words

#: A date in figures: "3.11", "3/11", "03.11.2026", "11-23-25".
_FIGURES = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2})(?!\d))?(?![\d/-])")
#: What may stand between a day and its month: "2. November", "3rd November", "2-го".
_GAP = re.compile(r"[\s.\-]*")


def easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    week = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * week) // 451
    month, day = divmod(h + week - 7 * m + 114, 31)
    return date(year, month, day + 1)


def orthodox_easter(year: int) -> date:
    """Easter Sunday of the Orthodox churches (Meeus' Julian algorithm), on the Gregorian
    calendar: 13 days later from 1900 to 2099."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=13)


def pentecost(year: int) -> date:
    """Pentecost (Whitsun, Pfingsten, Pentecostés): the seventh Sunday after Easter."""
    return easter(year) + timedelta(days=49)


def ascension(year: int) -> date:
    """Ascension Day (Christi Himmelfahrt, in Germany also Father's Day): the 40th day of
    Easter, a Thursday."""
    return easter(year) + timedelta(days=39)


#: Feasts that move from year to year, by the name a lexicon gives them.
MOVABLE = {
    "easter": easter,
    "orthodox_easter": orthodox_easter,
    "pentecost": pentecost,
    "ascension": ascension,
}


@dataclass(frozen=True)
class Dated:
    """A time counted from a calendar day told in a message."""

    days: int  # from that day to the day the message is read
    last: int  # index of the date's last word
    feast: bool  # a feast ("since Easter"), not a date


class DateReader:
    """Finds a calendar day told at one place in a message: see the module docstring."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._months = {
            plain(fold(name)): month
            for month, names in enumerate(lexicon.months, start=1)
            for name in names
        }
        self._before = frozenset(plain(fold(w)) for w in lexicon.dates.before)
        self._endings = frozenset(plain(fold(w)) for w in lexicon.dates.endings)
        self._after = frozenset(plain(fold(w)) for w in lexicon.dates.after)
        self._of = frozenset(plain(fold(w)) for w in lexicon.dates.of)
        #: Time units: "since the 3 weeks before" tells a length, not a day.
        self._units = frozenset(plain(fold(form)) for form in lexicon.units.forms())
        self._month_start = [typed_words(p) for p in lexicon.dates.month_start]
        self._week_start = [typed_words(p) for p in lexicon.dates.week_start]
        #: Longest first: "christmas eve" before "christmas".
        self._feasts = sorted(
            (
                (typed_words(phrase), day)
                for day, phrases in lexicon.feasts.items()
                for phrase in phrases
            ),
            key=lambda feast: -len(feast[0]),
        )

    def days_since(
        self, text: Text, at: int, today: date, with_month: bool = False
    ) -> Dated | None:
        """The calendar day told from the word at `at` on, or None where none is told there.
        `with_month`: only a date with its month ("the 9th of October", "20.11"), as said
        further from "since": "since my birthday on the 9th of October"."""
        words = [plain(t.text) for t in text.tokens]
        day = at
        while day < len(words) and words[day] in self._before:
            day += 1  # "the", "el", "dem": "desde el 3/11"
        feast = None if with_month else self._feast(words, at, today)
        found = (
            (self._in_figures(text, day, today) if day < len(words) else None)
            or feast
            or self._in_words(text, words, at, today, with_month)
        )
        if found is None:
            return None
        told, last = found
        return Dated((today - told).days, last, found is feast)

    def _in_figures(self, text: Text, at: int, today: date) -> tuple[date, int] | None:
        """ "3.11", "3/11", "03.11.2026", "11/23"; not "1.5 years"."""
        start = text.tokens[at].start
        match = _FIGURES.match(text.raw, start)
        if match is None:
            return None
        first, second = int(match.group(1)), int(match.group(2))
        day, month = (first, second) if second <= 12 else (second, first)
        year = _year(match.group(3))
        told = _last_past(today, month, day, year)
        last = _last_token(text, match.end())
        after = text.tokens[last + 1].text if last + 1 < len(text.tokens) else ""
        if told is None or plain(after) in self._units:
            return None
        return told, last

    def _feast(self, words: list[str], at: int, today: date) -> tuple[date, int] | None:
        """ "since Easter", «с Нового года», "desde Navidad", "seit Weihnachten"; and the
        start of this month or week ("since the start of the month", «с начала недели»)."""
        for phrases, day in (
            (self._month_start, today.replace(day=1)),
            (self._week_start, today - timedelta(days=today.weekday())),
        ):
            for phrase in phrases:
                if tuple(words[at : at + len(phrase)]) == phrase:
                    return day, at + len(phrase) - 1
        for phrase, name in self._feasts:
            if tuple(words[at : at + len(phrase)]) != phrase:
                continue
            for year in (today.year, today.year - 1):
                if name in MOVABLE:
                    day = MOVABLE[name](year)
                else:
                    month, _, of_month = name.partition("-")
                    day = date(year, int(month), int(of_month))
                if day <= today:
                    return day, at + len(phrase) - 1
        return None

    def _in_words(
        self, text: Text, words: list[str], at: int, today: date, with_month: bool = False
    ) -> tuple[date, int] | None:
        """A day of the month with its month or a mark that it is a day: "the 2nd",
        "2nd of November", "November 3rd", «3 ноября», «со 2-го числа», "el 2 de
        noviembre", "seit dem 2. November"."""
        index, marked = at, False
        while index < len(words) and words[index] in self._before:
            index, marked = index + 1, True  # "the", "el", "dem"
        month = self._months.get(words[index]) if index < len(words) else None
        if month is not None:  # "November 3rd"
            index += 1
        day = _day_of_month(words, index)
        if day is None:
            return None
        if index + 1 < len(words) and words[index + 1] in self._units:
            return None
        last = index
        if last + 1 < len(words) and words[last + 1] in self._endings and _glued(text, last):
            last, marked = last + 1, True  # "2nd", "2-го"
        if last + 1 < len(words) and words[last + 1] in self._after and _gap_only(text, last):
            last, marked = last + 1, True  # "2 числа"
        if month is None:  # "2nd of November", «3 ноября», "2 de noviembre", "2. November"
            bridge = last + 1
            while bridge < len(words) and words[bridge] in self._of and _gap_only(text, bridge - 1):
                bridge += 1
            if bridge < len(words) and _gap_only(text, bridge - 1):
                month = self._months.get(words[bridge])
                last = bridge if month is not None else last
        if month is None and (with_month or not marked):
            return None  # "since 2 …" is no date
        if month is None:
            month = today.month if day <= today.day else (today.month - 2) % 12 + 1
        told = _last_past(today, month, day, None)
        return None if told is None else (told, last)


def _day_of_month(words: list[str], index: int) -> int | None:
    if index >= len(words) or not words[index].isdigit():
        return None
    day = int(words[index])
    return day if 1 <= day <= 31 else None


def _gap_only(text: Text, index: int) -> bool:
    """Whether only spaces, dots or a hyphen stand between the word at `index` and the next."""
    this, following = text.tokens[index], text.tokens[index + 1]
    return _GAP.fullmatch(text.raw, this.start + len(this.text), following.start) is not None


def _glued(text: Text, index: int) -> bool:
    """Whether the next word is typed onto the word at `index`, or after a hyphen ("2-го")."""
    this, following = text.tokens[index], text.tokens[index + 1]
    return text.raw[this.start + len(this.text) : following.start] in ("", "-")


def _year(told: str | None) -> int | None:
    if told is None:
        return None
    return int(told) + (2000 if len(told) == 2 else 0)


def _last_past(today: date, month: int, day: int, year: int | None) -> date | None:
    """The date told, in `year` or in the last year where it has passed; None where it
    is no date ("31.02") or still to come."""
    if not 1 <= month <= 12:
        return None
    for candidate in (year,) if year else (today.year, today.year - 1):
        if day > monthrange(candidate, month)[1]:
            return None
        told = date(candidate, month, day)
        if told <= today:
            return told
    return None


def _last_token(text: Text, end: int) -> int:
    """The index of the last word that starts before character `end`."""
    return max(i for i, t in enumerate(text.tokens) if t.start < end)
