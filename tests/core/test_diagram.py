"""`spasmbot graph` and docs/dialogs.md: the machine the engine runs, drawn by transitions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.core import diagram
from bot.core.dialog_docs import page
from bot.core.loader import load_dialog
from bot.core.machine import DialogMachine
from tests.conftest import DIALOGS, ROOT

DIALOG = load_dialog(DIALOGS / "consultation.yml")
MACHINE = DialogMachine(DIALOG)


def test_mermaid_shows_every_question_trigger_and_outcome_by_urgency() -> None:
    text = diagram.mermaid(MACHINE)
    assert text.startswith("---\nFacial spasm consultation\n---\nstateDiagram-v2")
    for question in DIALOG.questions:
        assert f" as {question.id}\n" in text
    assert "location --> weakness_onset: answer [location == 'face_weak']\n" in text
    assert "location --> side: answer otherwise\n" in text
    assert "triggers --> finished: answer\n" in text
    assert "  class outcome_emergency_stroke s_emergency" in text
    assert "  class outcome_myokymia s_self_care" in text
    assert "classDef s_emergency fill:#f8d7da" in text
    # interrupts from every question: a danger sign, a sign mentioned with doubt, restart
    assert "any_question --> finished: danger\n" in text
    assert "any_question --> check_stroke: possible_stroke\n" in text
    assert "check_stroke --> any_question: resume\n" in text
    assert "any_question --> danger_screen: restart\n" in text
    assert "finished --> danger_screen: restart\n" in text
    # what `finished` shows
    assert "finished --> outcome_emergency_seizure: shows after danger seizure\n" in text
    assert "finished --> outcome_tics: shows [other_signs == 'urge']\n" in text
    # the fallback: when nothing else fits, and beside an irritated eye (clinical round 75)
    assert "finished --> outcome_unclear_pattern: shows when nothing else fits | shows [" in text
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
        assert "face spasm (hemifacial spasm pattern)" in out.read_text(encoding="utf-8")


def test_without_graphviz_svg_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda _name: None)
    assert cli.main(["graph", "--format", "svg", "-o", str(tmp_path / "x.svg")]) == 3
    err = capsys.readouterr().err
    assert err == (
        "spasmbot: drawing SVG needs Graphviz, which is not installed: sudo apt install "
        "graphviz (Debian/Ubuntu) or brew install graphviz (macOS); --format mermaid and "
        "--format dot need nothing\n"
    )
    assert not (tmp_path / "x.svg").exists()


def test_dot_format_needs_no_graphviz(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda _name: None)  # no `dot` program
    out = tmp_path / "flow.dot"
    assert cli.main(["graph", "--format", "dot", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith('digraph "Facial spasm consultation" {')
    assert "any_question -> check_stroke [label=possible_stroke]" in text
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("quiz", "it is a quiz file, not a consultation dialog"),
        (str(DIALOGS / "cases.yml"), "it is a cases file, not a consultation dialog"),
        ("nope", "there is no such dialog or file"),
    ],
)
def test_graph_of_what_is_not_a_dialog_says_what_it_can_draw(
    capsys: pytest.CaptureFixture[str], name: str, why: str
) -> None:
    assert cli.main(["graph", name]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"spasmbot: cannot draw {name!r}: {why}; "
        "dialogs it can draw: consultation (or a dialog file)\n"
    )
    assert captured.out == ""


@pytest.mark.parametrize("name", ["consultation", str(DIALOGS / "consultation.yml")])
def test_graph_takes_a_dialog_name_or_file(
    capsysbinary: pytest.CaptureFixture[bytes], name: str
) -> None:
    assert cli.main(["graph", name]) == 0
    assert capsysbinary.readouterr().out.decode() == diagram.mermaid(MACHINE)


def test_out_of_date_dialog_docs_fail_the_check(tmp_path: Path) -> None:
    stale = tmp_path / "dialogs.md"
    stale.write_text("# The dialogs\n", encoding="utf-8")
    assert cli.main(["dialog-docs", "--check", "-o", str(stale)]) == 1
    assert cli.main(["dialog-docs", "-o", str(stale)]) == 0
    assert cli.main(["dialog-docs", "--check", "-o", str(stale)]) == 0
