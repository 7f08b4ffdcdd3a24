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
}


def test_regression_a_check_with_a_misspelt_key_held_without_checking_it() -> None:
    """A key `holds` does not read ("possible: true", "no_dangers: true") made a check
    that could not fail; so did "not_sure: false", which was read only when true."""
    unknown = [(c["text"], sorted(set(c) - CHECK_KEYS)) for c in checks() if set(c) - CHECK_KEYS]
    assert unknown == []
