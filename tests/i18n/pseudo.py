"""A pseudo-locale: every catalog message accented and lengthened.

Shown in place of a real language, it makes any user-visible text that
bypasses gettext stand out as plain ASCII English.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN

PSEUDO = "xx"
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥíĵķĺṁñóþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
)
#: Left untouched: placeholders, markup, entities, commands and links.
_PROTECTED = re.compile(r"%\([a-z_]+\)[a-z]|<[^>]*>|&\w+;|/[a-z_]+|https?://\S+")


def pseudo(text: str) -> str:
    """'Why we ask' -> '⟦Ŵĥý ŵé ášķ··⟧': readable, obviously translated, 20% longer."""
    parts, last = [], 0
    for match in _PROTECTED.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    return "⟦" + "".join(parts) + "·" * (len(text) // 5) + "⟧"


def build(template: Path, locales: Path) -> Path:
    """Compile a pseudo catalog from `spasmbot.pot` into `locales/xx/`."""
    with template.open("rb") as file:
        source = read_po(file)
    catalog = Catalog(locale=None, domain=DOMAIN, fuzzy=False)
    for message in source:
        if not message.id:
            continue
        if isinstance(message.id, str):
            string: str | tuple[str, ...] = pseudo(message.id)
        else:
            string = tuple(pseudo(m) for m in message.id)
        catalog.add(message.id, string)
    target = locales / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / f"{DOMAIN}.mo").open("wb") as file:
        write_mo(file, catalog)
    return locales


def english_words(text: str, allowed: set[str]) -> list[str]:
    """ASCII words left in `text` once markup, links, commands and `allowed` are removed."""
    text = html.unescape(re.sub(r"<[^>]*>|https?://\S+|/[a-z_]+", " ", text))
    for phrase in sorted(allowed, key=len, reverse=True):
        text = text.replace(phrase, " ")
    return re.findall(r"[A-Za-z]{2,}", text)
