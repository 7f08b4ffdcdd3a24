"""Checks of a dialog in every shipped language, for `spasmbot validate`.

A string missing from a language is shown in English there (a warning); a
translated button label longer than a phone shows is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

from bot.core.model import LABEL_MAX_CHARS, Dialog
from bot.core.problems import Positions, Problem
from bot.i18n.catalogs import DOMAIN
from bot.i18n.extract import messages
from bot.i18n.status import languages


def translation_problems(dialog: Dialog, locales: Path, pos: Positions) -> Iterator[Problem]:
    for language in languages(locales):
        with (locales / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as file:
            catalog = read_po(file, locale=language, domain=DOMAIN)
        for path, text, _hint in messages(dialog):
            entry = catalog.get(text)
            translated = entry.string if entry is not None and not entry.fuzzy else ""
            if not translated:
                state = "is fuzzy" if entry is not None and entry.string else "is missing"
                yield pos.problem(
                    path,
                    f"the {language!r} translation of {_short(text)!r} {state}; it is shown in "
                    "English",
                    "run `make i18n` and translate it in "
                    f"locales/{language}/LC_MESSAGES/{DOMAIN}.po",
                    severity="warning",
                )
            elif path[-1] == "label" and len(str(translated)) > LABEL_MAX_CHARS:
                yield pos.problem(
                    path,
                    f"the {language!r} button label {translated!r} is {len(str(translated))} "
                    f"characters; phones show {LABEL_MAX_CHARS}",
                    f"shorten it in locales/{language}/LC_MESSAGES/{DOMAIN}.po",
                )


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
