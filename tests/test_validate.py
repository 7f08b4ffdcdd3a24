"""`spasmbot validate`: every problem at once, warnings vs errors, every language."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot import cli
from bot.core.schema import SCHEMA_MODELS, schema_text
from tests.conftest import DIALOGS, ROOT
from tests.core.test_loader import VALID
from tests.core.test_loader import write as write_dialog


def write(tmp_path: Path, text: str) -> Path:
    """The mini dialog with the real layout templates beside its own pattern template."""
    path = write_dialog(tmp_path, text)
    for layout in (DIALOGS / "templates").glob("*.j2"):
        (tmp_path / "templates" / layout.name).write_text(layout.read_text())
    return path


def locales_with_german(tmp_path: Path, translations: dict[str, str]) -> Path:
    locales = tmp_path / "locales"
    catalog = Catalog(locale="de", domain="spasmbot", fuzzy=False)
    for english, german in translations.items():
        catalog.add(english, german)
    target = locales / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "spasmbot.po").open("wb") as file:
        write_po(file, catalog)
    return locales


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["validate", *args])
    return code, capsys.readouterr().out


def test_the_shipped_dialogs_are_clean_in_strict_mode(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["--strict"], capsys)
    assert code == 0, out
    assert "0 error(s), 0 warning(s)" in out


def test_untranslated_strings_warn_and_strict_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, VALID)
    monkeypatch.setenv("SPASMBOT_LOCALES", str(locales_with_german(tmp_path, {"Where?": "Wo?"})))
    code, out = run([str(path)], capsys)
    assert code == 0
    assert "warning: the 'de' translation of 'How long?' is missing" in out
    assert "'Where?'" not in out
    code, _out = run([str(path), "--strict"], capsys)
    assert code == 1


def test_a_translated_label_too_long_for_phones_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, VALID)
    long_label = "Das Auge, genauer gesagt das Oberlid"
    monkeypatch.setenv("SPASMBOT_LOCALES", str(locales_with_german(tmp_path, {"Eye": long_label})))
    code, out = run([str(path), "--format", "json"], capsys)
    assert code == 1
    (problem,) = [p for p in json.loads(out) if p["severity"] == "error"]
    assert problem["message"].startswith(f"the 'de' button label {long_label!r}")
    assert problem["line"] == VALID.splitlines().index("        label: Eye") + 1


def test_a_template_that_fails_only_when_rendered_is_reported_once_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three outcomes share the template: one problem, at the template's line."""
    path = write(tmp_path, VALID)
    template = tmp_path / "templates" / "t.html.j2"
    template.write_text(
        template.read_text().replace("x{% endmacro %}", "{{ 1 // 0 }}{% endmacro %}", 1)
    )
    monkeypatch.setenv("SPASMBOT_LOCALES", str(tmp_path / "none"))
    code, out = run([str(path)], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{template}:2:1: error: outcome 'alarm', outcome 'twitch', outcome 'plain' fail to "
        "render in 'en': ZeroDivisionError: integer division or modulo by zero "
        "(fix: fix t.html.j2 or the layout templates it is shown in)",
        "1 dialog file(s): 1 error(s), 0 warning(s)",
    ]


def test_errors_are_reported_once_sorted_by_file_and_line_with_paths_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A YAML error in the consultation was repeated by the quiz and the cases that
    refer to it, and printed with an absolute path while other problems were relative."""
    shutil.copytree(DIALOGS, tmp_path / "dialogs")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPASMBOT_DIALOGS", str(tmp_path / "dialogs"))  # absolute, as by default
    dialog = tmp_path / "dialogs" / "consultation.yml"
    dialog.write_text(dialog.read_text().replace("title: ", "title: [", 1))
    quiz = tmp_path / "dialogs" / "quiz.yml"
    quiz.write_text(quiz.read_text().replace("kind: quiz", "kind: quiz\nextra_key: 1", 1))

    code, out = run([], capsys)
    problems = out.splitlines()[:-1]
    assert code == 1
    assert len(problems) == len(set(problems)) == 3, out
    assert sum("YAML syntax" in p for p in problems) == 1
    assert all(p.startswith("dialogs/") for p in problems), out
    places = [(p.split(":")[0], int(p.split(":")[1])) for p in problems]
    assert places == sorted(places)
    assert [name for name, _line in places] == [
        "dialogs/cases.yml",
        "dialogs/consultation.yml",
        "dialogs/quiz.yml",
    ]


def test_a_goto_typo_is_reported_not_a_crash(tmp_path: Path) -> None:
    """The commonest mistake: the case studies used to be played through the broken
    dialog, and `make validate` died with a traceback instead of naming the line."""
    shutil.copytree(DIALOGS, tmp_path / "dialogs")
    dialog = tmp_path / "dialogs" / "consultation.yml"
    text = dialog.read_text(encoding="utf-8")
    dialog.write_text(text.replace("goto: location", "goto: locaton", 1), encoding="utf-8")
    line = next(n for n, t in enumerate(dialog.read_text().splitlines(), 1) if "locaton" in t)

    done = subprocess.run(
        [sys.executable, "-m", "bot", "validate", "dialogs"],
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(ROOT), "SPASMBOT_LOCALES": str(ROOT / "locales")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert f"dialogs/consultation.yml:{line}:15: error: unknown question 'locaton'" in done.stdout
    assert "can never be reached" not in done.stdout  # the typo is the one problem


def test_regression_spasmbot_schema_refused_the_lexicons_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A maintainer teaching the bot words asked for the lexicon's schema, to see every
    key a `dialogs/language/<lang>.yml` may hold: `spasmbot schema --kind language` was
    refused ("invalid choice"), though `--write` and `--check` handle that schema. Every
    kind `--write` writes can now be printed, and is the committed file's text."""
    assert cli.main(["schema", "--kind", "language"]) == 0
    printed = capsys.readouterr().out
    assert printed == (DIALOGS / "language" / "language.schema.json").read_text(encoding="utf-8")
    assert '"questions_after"' in printed
    for kind in SCHEMA_MODELS:  # and so every kind to come
        assert cli.main(["schema", "--kind", kind]) == 0
        assert capsys.readouterr().out == schema_text(kind)
