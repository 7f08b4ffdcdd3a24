"""Maintainers bump `version:` with every change; no test may break when they do."""

from __future__ import annotations

from bot.core.loader import load_dialog
from tests.conftest import DIALOGS, ROOT


def test_no_test_hard_codes_the_shipped_dialog_version() -> None:
    """Two engine tests replaced the shipped `version:` literally, and failed after a bump."""
    version = load_dialog(DIALOGS / "consultation.yml").version
    hard_coded = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if version in path.read_text(encoding="utf-8")
    ]
    assert hard_coded == [], f"read the version from the loaded dialog instead of {version!r}"
