"""`spasmbot graph` and docs/dialogs.md: the flow drawn with transitions' diagram support."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.core import diagram
from bot.core.dialog_docs import page
from bot.core.loader import load_dialog
from tests.conftest import DIALOGS, ROOT

DIALOG = load_dialog(DIALOGS / "consultation.yml")


def test_mermaid_shows_every_question_rule_and_outcome_by_urgency() -> None:
    text = diagram.mermaid(DIALOG)
    assert text.startswith("---\nFacial spasm consultation\n---\nstateDiagram-v2")
    for question in DIALOG.questions:
        assert f" as {question.id}\n" in text
    assert "location --> weakness_onset: if [location == 'face_weak']" in text
    assert "  class outcome_emergency_stroke s_emergency" in text
    assert "  class outcome_myokymia s_self_care" in text
    assert "classDef s_emergency fill:#f8d7da" in text
    # danger interrupts: a danger answer on the safety screen, and danger words anywhere
    assert "danger_screen --> outcome_emergency_stroke: danger - stroke" in text
    assert "any_question --> outcome_emergency_seizure: danger - seizure" in text
    assert "[*] --> danger_screen" in text


def test_committed_dialog_docs_are_current() -> None:
    committed = (ROOT / "docs" / "dialogs.md").read_text(encoding="utf-8")
    assert committed == page([("consultation.yml", DIALOG)])
    assert "```mermaid\n---\nFacial spasm consultation" in committed


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed here")
@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_svg_and_png_through_graphviz(tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"flow.{fmt}"
    assert cli.main(["graph", "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    if fmt == "svg":
        assert "Hemifacial spasm pattern" in out.read_text(encoding="utf-8")


def test_without_graphviz_svg_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda _name: None)
    assert cli.main(["graph", "--format", "svg", "-o", str(tmp_path / "x.svg")]) == 3
    err = capsys.readouterr().err
    assert "apt install graphviz" in err and "--format mermaid" in err
    assert not (tmp_path / "x.svg").exists()


def test_out_of_date_dialog_docs_fail_the_check(tmp_path: Path) -> None:
    stale = tmp_path / "dialogs.md"
    stale.write_text("# The dialogs\n", encoding="utf-8")
    assert cli.main(["dialog-docs", "--check", "-o", str(stale)]) == 1
    assert cli.main(["dialog-docs", "-o", str(stale)]) == 0
    assert cli.main(["dialog-docs", "--check", "-o", str(stale)]) == 0
