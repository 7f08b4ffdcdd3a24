"""A time counted from a calendar day: "since the 2nd", «с 3.11», "since Easter"."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.understanding.dates import easter, orthodox_easter
from tests.core.understanding.dev_set import readers

#: A Friday; the 2nd of the month was a Wednesday.
TODAY = date(2026, 12, 4)


def days(lang: str, text: str, today: date = TODAY) -> int | None:
    return readers()[lang].understand(text, today=today).duration_days


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "my left eyelid has been twitching since the 2nd", 2),
        ("en", "my eye has twitched since 3/11", 31),
        ("en", "it started on the 20th of November, my eyelid twitches", 14),
        ("en", "twitching eyelid since November 3rd", 31),
        ("en", "eye twitching since 11/23", 11),  # month first only where it must be
        ("en", "my eye twitches since 3/11/2025", 396),
        ("ru", "веко дёргается с 3.11", 31),
        ("ru", "со 2-го числа дёргается глаз", 2),
        ("ru", "с 3 ноября дёргается левый глаз", 31),
        ("es", "me tiembla el párpado desde el 3/11", 31),
        ("es", "desde el día 2 de noviembre me tiembla el ojo", 32),
        ("de", "seit dem 2. November zuckt mein Lid", 32),
        ("de", "seit dem 3.11. zuckt mein Auge", 31),
    ],
)
def test_regression_a_date_by_its_day_gave_no_time(lang: str, text: str, expected: int) -> None:
    assert days(lang, text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "my eyelid has twitched since Easter", 243),  # 5 April 2026
        ("en", "since Christmas my eye twitches", 344),  # last year's: this one is to come
        ("en", "since christmas eve my eye twitches", 345),
        ("ru", "с Пасхи дёргается веко", 236),  # the Orthodox Easter: 12 April 2026
        ("ru", "с Нового года дёргается глаз", 337),
        ("es", "desde Navidad me tiembla el ojo", 344),
        ("de", "seit Ostern zuckt das Augenlid", 243),
    ],
)
def test_regression_a_feast_gave_no_time(lang: str, text: str, expected: int) -> None:
    assert days(lang, text) == expected


def test_a_day_still_to_come_this_month_is_last_months() -> None:
    assert days("en", "my eyelid has been twitching since the 20th") == 14


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "my eye twitches since 1.5 years", 548),  # a length, not the 1st of May
        ("de", "seit 1.5 Jahren zuckt das Auge", 548),
        ("en", "my eye twitches since 2 weeks", 14),
        ("ru", "веко дёргается с 2 лет", None),  # since the age of two
    ],
)
def test_numbers_that_are_no_date_keep_their_meaning(
    lang: str, text: str, expected: int | None
) -> None:
    assert days(lang, text) == expected


@pytest.mark.parametrize(
    ("year", "western", "orthodox"),
    [
        (2024, date(2024, 3, 31), date(2024, 5, 5)),
        (2025, date(2025, 4, 20), date(2025, 4, 20)),
        (2026, date(2026, 4, 5), date(2026, 4, 12)),
        (2027, date(2027, 3, 28), date(2027, 5, 2)),
    ],
)
def test_easter_dates(year: int, western: date, orthodox: date) -> None:
    assert easter(year) == western
    assert orthodox_easter(year) == orthodox
