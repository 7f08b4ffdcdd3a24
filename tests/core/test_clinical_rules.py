"""docs/clinical-rules.md: generated from the dialog, current, and readable by a clinician."""

from __future__ import annotations

from bot.assistant import Content
from bot.core.clinical_rules import page
from tests.conftest import ROOT


def test_committed_clinical_rules_page_is_current(content: Content) -> None:
    generated = page([("consultation.yml", content.dialog)])
    committed = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    assert committed == generated, "run `spasmbot clinical-rules`"


def test_clinical_rules_name_each_rule_its_urgency_sources_signs_and_floors(
    content: Content,
) -> None:
    dialog = content.dialog
    text = page([("consultation.yml", dialog)])
    for outcome in dialog.outcomes:
        section = text.split(f"(`{outcome.id}`)\n", 1)[1].split("\n####", 1)[0]
        assert f"- Urgency: {outcome.urgency.key.replace('_', '-')}" in section
        for source in outcome.sources:
            assert dialog.source(source).url in section
        assert "==" not in section and '"' not in section  # words, not jinja
    myokymia = text.split("(`myokymia`)\n", 1)[1].split("\n####", 1)[0]
    assert "*Duration* is “Less than 2 weeks”" in myokymia
    assert "*Side* is not “Both sides”" in myokymia
    for sign in dialog.danger_signs:
        assert sign.check is not None and dialog.question(sign.check).text in text
    assert "| Face, arm, speech or sight signs | “Not sure” | 🟠 urgent |" in text
