"""Every native-written check in checks/<language>.yml holds, in each language."""

from __future__ import annotations

import pytest

from tests.core.understanding.checks import checks, failures


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
def test_every_native_check_holds(language: str) -> None:
    assert any(c["lang"] == language for c in checks())
    assert failures(language) == []


#: What a check may say; `holds` reads each of them.
CHECK_KEYS = {
    "lang",
    "text",
    "question",
    "answer",
    "danger",
    "no_danger",
    "duration_days",
    "polarity",
    "not_sure",
    "medicines",
    "concerns",
    "no_concern",
    "answers",
    "no_answer",
    "complaint",
    "fear",
}


def test_regression_a_check_with_a_misspelt_key_held_without_checking_it() -> None:
    """A key `holds` does not read ("possible: true", "no_dangers: true") made a check
    that could not fail; so did "not_sure: false", which was read only when true."""
    unknown = [(c["text"], sorted(set(c) - CHECK_KEYS)) for c in checks() if set(c) - CHECK_KEYS]
    assert unknown == []


#: The keys whose value is a list (of question ids, medicines or concerns).
LIST_KEYS = ("no_answer", "medicines", "concerns")


def test_regression_a_check_with_one_question_not_in_a_list_held_without_checking_it() -> None:
    """ "no_answer: eye_signs" was read letter by letter ("e", "y", …, none of them a
    question answered), so the check could not fail; a list's key must hold a list."""
    words = [(c["text"], k) for c in checks() for k in LIST_KEYS if isinstance(c.get(k), str)]
    assert words == []
