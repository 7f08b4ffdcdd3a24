"""Every native-written check in checks/<language>.yml holds, in each language."""

from __future__ import annotations

import pytest

from tests.core.understanding.checks import checks, failures


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
def test_every_native_check_holds(language: str) -> None:
    assert any(c["lang"] == language for c in checks())
    assert failures(language) == []
