"""The development set's scores, per language and kind, against the product's thresholds.

The table is printed at the end of every `make test` run (see conftest.py), so
a change to a lexicon or to the matcher shows what it did to each language.
"""

from __future__ import annotations

import pytest

from tests.core.understanding.dev_set import THRESHOLDS, Score, score_all

LANGUAGES = ("en", "ru", "es", "de")


@pytest.fixture(scope="module")
def scores() -> dict[tuple[str, str], Score]:
    return score_all()


@pytest.mark.parametrize("kind", list(THRESHOLDS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_development_set_meets_the_threshold(
    scores: dict[tuple[str, str], Score], language: str, kind: str
) -> None:
    score = scores[(language, kind)]
    assert score.total > 0
    assert score.rate >= THRESHOLDS[kind], "\n".join(score.misses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_negated_or_not_current_danger_is_read_as_an_emergency(
    scores: dict[tuple[str, str], Score], language: str
) -> None:
    for kind in ("negated_danger", "not_current_danger"):
        assert scores[(language, kind)].emergencies == 0, scores[(language, kind)].misses
