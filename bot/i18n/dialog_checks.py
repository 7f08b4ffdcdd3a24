"""Checks of a dialog in every shipped language, for `spasmbot validate`.

A string missing from a language is shown in English there (a warning); a
translated button label longer than a phone shows is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po
from pydantic import BaseModel

from bot.core.model import LABEL_MAX_CHARS
from bot.core.problems import Positions, Problem
from bot.core.teaching import POLL_EXPLANATION_MAX, POLL_OPTION_MAX, POLL_QUESTION_MAX
from bot.i18n.catalogs import DOMAIN
from bot.i18n.extract import messages
from bot.i18n.status import languages

#: Length limits of translated fields, by field name, per kind of content file.
LIMITS: dict[str, dict[str, int]] = {
    "dialog": {"label": LABEL_MAX_CHARS},
    "quiz": {
        "question": POLL_QUESTION_MAX,
        "text": POLL_OPTION_MAX,
        "explanation": POLL_EXPLANATION_MAX,
    },
    "cases": {},
}


def translation_problems(
    model: BaseModel, locales: Path, pos: Positions, kind: str = "dialog"
) -> Iterator[Problem]:
    for language in languages(locales):
        with (locales / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as file:
            catalog = read_po(file, locale=language, domain=DOMAIN)
        for path, text, _hint in messages(model):
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
                continue
            limit = LIMITS[kind].get(str(path[-1]))
            if limit is not None and len(str(translated)) > limit:
                what = "button label" if path[-1] == "label" else f"poll {path[-1]}"
                yield pos.problem(
                    path,
                    f"the {language!r} {what} {translated!r} is {len(str(translated))} "
                    f"characters; Telegram allows {limit}",
                    f"shorten it in locales/{language}/LC_MESSAGES/{DOMAIN}.po",
                )
            if path[-1] == "explanation" and str(translated).count("\n") > 2:
                yield pos.problem(
                    path,
                    f"the {language!r} poll explanation has more than 2 line breaks",
                    f"join its lines in locales/{language}/LC_MESSAGES/{DOMAIN}.po",
                )


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
