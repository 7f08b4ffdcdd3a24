"""The Babel extractor for dialog YAML, and the catalog status built on it."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.core.loader import load_dialog
from bot.i18n import status
from bot.i18n.extract import extract_dialog, messages
from tests.conftest import DIALOGS

MINI_DIALOG = textwrap.dedent(
    """\
    id: mini
    version: "1"
    title: Mini consultation
    start: q1
    fallback: done
    questions:
      - id: q1
        title: First
        text: How long has it lasted?
        why: Duration separates a passing twitch from a lasting one.
        options:
          - id: short
            label: Days
            synonyms: [a few days]
          - id: not_sure
            label: Not sure
        next: [{goto: end}]
    outcomes:
      - id: done
        pattern: A pattern
        urgency: routine
        template: patterns/x.html.j2
    """
)


def extracted(text: str) -> list[tuple[int, str, list[str]]]:
    found = extract_dialog(io.BytesIO(text.encode()), None, None, None)
    return [(line, str(message), comments) for line, _f, message, comments in found]


def test_every_visible_string_is_extracted_with_its_line_and_a_hint() -> None:
    found = extracted(MINI_DIALOG)
    by_text = {text: (line, comments) for line, text, comments in found}
    assert set(by_text) == {
        "Mini consultation",
        "First",
        "How long has it lasted?",
        "Duration separates a passing twitch from a lasting one.",
        "Days",
        "a few days",
        "Not sure",
        "A pattern",
    }
    assert by_text["How long has it lasted?"][0] == 9
    assert by_text["a few days"][0] == 14
    (hint,) = by_text["Days"][1]
    assert "Option short" in hint and "at most 30 characters" in hint
    assert "as a speaker would type it" in by_text["a few days"][1][0]


def test_ids_conditions_and_templates_are_not_extracted() -> None:
    texts = {text for _line, text, _comments in extracted(MINI_DIALOG)}
    assert not texts & {"q1", "short", "end", "routine", "patterns/x.html.j2", "1"}


def test_the_consultation_yields_every_option_label() -> None:
    dialog = load_dialog(DIALOGS / "consultation.yml")
    texts = {text for _path, text, _hint in messages(dialog)}
    labels = {o.label for q in dialog.questions for o in q.options}
    assert labels <= texts
    assert {q.why for q in dialog.questions} <= texts
    assert {o.pattern for o in dialog.outcomes} <= texts


def _project(root: Path, question: str) -> Path:
    (root / "dialogs").mkdir(parents=True, exist_ok=True)
    (root / "babel.cfg").write_text("[spasmbot_dialog: dialogs/*.yml]\n")
    (root / "dialogs" / "mini.yml").write_text(
        MINI_DIALOG.replace("How long has it lasted?", question)
    )
    return root


def _catalog(path: Path, entries: dict[str, tuple[str, bool]], locale: str | None) -> None:
    catalog = Catalog(locale=locale, domain="spasmbot", fuzzy=False)
    for msgid, (msgstr, fuzzy) in entries.items():
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog)


def test_status_counts_translated_fuzzy_and_missing(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    _catalog(locales / "spasmbot.pot", {t: ("", False) for t in ("Days", "Not sure", "X")}, None)
    _catalog(
        locales / "de" / "LC_MESSAGES" / "spasmbot.po",
        {"Days": ("Tage", False), "Not sure": ("Nicht sicher", True)},
        "de",
    )
    (de,) = [status.language_status(locales, lang) for lang in status.languages(locales)]
    assert (de.language, de.total, de.translated) == ("de", 3, 1)
    assert (de.fuzzy, de.missing) == (["Not sure"], ["X"])
    assert not de.complete
    assert round(de.percent) == 33


def test_template_is_out_of_date_when_an_english_source_changes(tmp_path: Path) -> None:
    root = _project(tmp_path, "How long has it lasted?")
    locales = root / "locales"
    current = status.source_messages(root)
    _catalog(status.template_path(locales), {str(m): ("", False) for m in current}, None)
    assert status.template_status(root, locales).current

    _project(root, "How long has the twitch lasted?")
    stale = status.template_status(root, locales)
    assert stale.new == ["How long has the twitch lasted?"]
    assert stale.gone == ["How long has it lasted?"]
    assert any("OUT OF DATE" in line for line in status.report(stale, []))
