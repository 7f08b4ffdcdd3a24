"""Every word in the user's language: gettext catalogs managed with Babel.

`catalogs` loads compiled translations at run time; `extract` is the Babel
extractor for dialog YAML; `status` reports how complete each language is.
"""

from bot.i18n.catalogs import DOMAIN, N_, SOURCE_LANGUAGE, Catalogs

__all__ = ["DOMAIN", "N_", "SOURCE_LANGUAGE", "Catalogs"]
