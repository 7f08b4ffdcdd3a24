"""Gettext catalogs, compiled by Babel from `locales/`.

Only compiled, non-fuzzy translations are ever used: a message whose English
source changed (fuzzy) or that is missing falls back to the current English
text, never to an outdated translation of medical advice.
"""

from __future__ import annotations

import gettext
from functools import cached_property, lru_cache
from pathlib import Path

from babel.support import Translations

DOMAIN = "spasmbot"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


class Catalogs:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._load = lru_cache(maxsize=32)(self._translations)
        # Every update resolves its sender's language code, often more than once; the
        # codes Telegram sends are few, and the cache keeps odd ones from piling up.
        self._resolved = lru_cache(maxsize=256)(self._resolve)

    def _translations(self, language: str) -> gettext.NullTranslations:
        if language == SOURCE_LANGUAGE:
            return gettext.NullTranslations()
        return Translations.load(str(self.directory), [language], DOMAIN)

    def translations(self, language: str) -> gettext.NullTranslations:
        return self._load(self._resolved(language))

    @cached_property
    def shipped(self) -> list[str]:
        """Languages with a compiled catalog, plus English."""
        found = {SOURCE_LANGUAGE}
        if self.directory.is_dir():
            found.update(
                p.parent.parent.name for p in self.directory.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
            )
        return sorted(found)

    def resolve(self, language: str | None) -> str:
        """`pt-BR` -> `pt` if shipped, else English."""
        return self._resolved(language)

    def _resolve(self, language: str | None) -> str:
        if not language:
            return SOURCE_LANGUAGE
        available = self.shipped
        tag = language.replace("_", "-")
        for candidate in (tag, tag.split("-")[0].lower()):
            if candidate in available:
                return candidate
        return SOURCE_LANGUAGE
