"""Run-time catalogs: language fallback, and never an outdated medical translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import write_po

from bot.i18n import Catalogs
from tests.conftest import LOCALES


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def write_template(locales: Path, *messages: str) -> Path:
    pot = locales / "spasmbot.pot"
    catalog = Catalog(domain="spasmbot", fuzzy=False)
    for message in messages:
        catalog.add(message)
    locales.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as file:
        write_po(file, catalog)
    return pot


@pytest.mark.parametrize(
    "new",
    [
        "Rest your eyes for two weeks.",  # a small edit: the old translation turns fuzzy
        "See a doctor within a few days.",  # a rewrite: the old translation becomes obsolete
    ],
)
def test_changed_english_source_shows_english_not_the_old_translation(
    tmp_path: Path, new: str
) -> None:
    locales = tmp_path / "locales"
    old = "Rest your eyes for a week."
    pot = write_template(locales, old, "Not sure")
    pybabel("init", "-i", str(pot), "-d", str(locales), "-D", "spasmbot", "-l", "de")
    po = locales / "de" / "LC_MESSAGES" / "spasmbot.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        f'msgid "{old}"\nmsgstr ""', f'msgid "{old}"\nmsgstr "Ruhen Sie eine Woche."'
    )
    text = text.replace('msgid "Not sure"\nmsgstr ""', 'msgid "Not sure"\nmsgstr "Weiß nicht"')
    po.write_text(text.replace('#, fuzzy\nmsgid ""', 'msgid ""', 1), encoding="utf-8")

    # The English advice changes; `make i18n` runs update and compile.
    write_template(locales, new, "Not sure")
    pybabel("update", "-i", str(pot), "-d", str(locales), "-D", "spasmbot", "--previous")
    updated = po.read_text(encoding="utf-8")
    assert "#, fuzzy" in updated or f'#~ msgid "{old}"' in updated
    pybabel("compile", "-d", str(locales), "-D", "spasmbot")

    german = Catalogs(locales).translations("de").gettext
    assert german("Not sure") == "Weiß nicht"
    assert german(new) == new  # the English source, never "Ruhen Sie eine Woche."


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("es-419", "es"),
        ("es", "es"),
        ("de-AT", "de"),
        ("de_CH", "de"),
        ("ru", "ru"),
        ("RU", "ru"),
        ("pt-BR", "en"),
        ("zz", "en"),
        ("", "en"),
        (None, "en"),
        ("en-GB", "en"),
    ],
)
def test_language_code_falls_back_by_region_then_english(asked: str | None, shown: str) -> None:
    assert Catalogs(LOCALES).resolve(asked) == shown


def test_shipped_languages() -> None:
    assert Catalogs(LOCALES).shipped == ["de", "en", "es", "ru"]


def test_a_missing_catalog_directory_means_english_only(tmp_path: Path) -> None:
    catalogs = Catalogs(tmp_path / "nowhere")
    assert catalogs.shipped == ["en"]
    assert catalogs.translations("de").gettext("Not sure") == "Not sure"
