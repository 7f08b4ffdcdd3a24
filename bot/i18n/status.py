"""How complete each language is, and whether the catalogs still match the sources.

`spasmbot i18n-status` prints it; `--check` (run by `make test`) fails when a
shipped language is incomplete or has fuzzy entries, or when the catalog
template no longer matches what the code, templates and dialogs say — so an
English change can never ship without its translations being redone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.i18n.catalogs import DOMAIN

#: A catalog message's identity: the msgid, or (singular, plural).
MessageId = str | tuple[str, ...]


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    total: int
    translated: int
    fuzzy: list[MessageId] = field(default_factory=list)
    missing: list[MessageId] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


@dataclass(frozen=True)
class TemplateStatus:
    """Messages in the sources but not in `spasmbot.pot`, and the other way round."""

    new: list[MessageId]
    gone: list[MessageId]

    @property
    def current(self) -> bool:
        return not self.new and not self.gone


def _key(message_id: object) -> MessageId:
    if isinstance(message_id, list | tuple):
        return tuple(message_id)
    return str(message_id)


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def template_path(locales: Path) -> Path:
    return locales / f"{DOMAIN}.pot"


def source_messages(root: Path) -> set[MessageId]:
    """Extract in memory exactly what `pybabel extract -F babel.cfg` would."""
    with (root / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, str(root / "babel.cfg"))  # type: ignore[no-untyped-call]
    found = extract_from_dir(
        str(root), method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=()
    )
    return {_key(message) for _file, _line, message, _comments, _context in found}


def template_status(root: Path, locales: Path) -> TemplateStatus:
    pot = template_path(locales)
    known = {_key(m.id) for m in _read(pot) if m.id} if pot.exists() else set()
    current = source_messages(root)
    return TemplateStatus(sorted(current - known, key=str), sorted(known - current, key=str))


def languages(locales: Path) -> list[str]:
    return sorted(p.parent.parent.name for p in locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def language_status(locales: Path, language: str) -> LanguageStatus:
    """Counts against the template: a message absent from the .po counts as missing."""
    template = _read(template_path(locales))
    catalog = _read(locales / language / "LC_MESSAGES" / f"{DOMAIN}.po", language)
    wanted = [_key(m.id) for m in template if m.id]
    translated, fuzzy, missing = 0, [], []
    for message_id in wanted:
        message = catalog.get(message_id[0] if isinstance(message_id, tuple) else message_id)
        strings = message.string if message is not None else ""
        filled = all(strings) if isinstance(strings, list | tuple) else bool(strings)
        if message is None or not filled:
            missing.append(message_id)
        elif message.fuzzy:
            fuzzy.append(message_id)
        else:
            translated += 1
    return LanguageStatus(language, len(wanted), translated, fuzzy, missing)


def report(template: TemplateStatus, statuses: Iterable[LanguageStatus]) -> list[str]:
    lines = [f"{'language':<10}{'translated':>12}{'fuzzy':>8}{'missing':>9}{'done':>8}"]
    for s in statuses:
        lines.append(
            f"{s.language:<10}{s.translated:>12}{len(s.fuzzy):>8}{len(s.missing):>9}"
            f"{s.percent:>7.1f}%"
        )
    if template.current:
        lines.append("catalog template: up to date with the sources")
    else:
        lines.append(
            f"catalog template: OUT OF DATE ({len(template.new)} new, {len(template.gone)} "
            "removed message(s)) — run `make i18n`, then translate the new entries"
        )
        lines.extend(f"  new: {short(m)}" for m in template.new[:10])
        lines.extend(f"  removed: {short(m)}" for m in template.gone[:10])
    return lines


def short(message_id: MessageId) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else message_id
    return text if len(text) <= 70 else text[:67] + "..."
