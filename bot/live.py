"""Reload the dialogs without a restart: validate first, then swap in one step.

A maintainer saves `dialogs/consultation.yml`; `spasmbot run --watch`, SIGHUP
or an admin's `/reload` loads it again through `load_checked`, which runs every
check of `spasmbot validate` (each outcome rendered in every language) first.
An invalid file never replaces the working one: the bot keeps serving the
current version and the problems go to the admins. Conversations carry their
dialog version, and the engine moves each one over to the new version on its
next update.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.assistant import Assistant, Content
from bot.core.loader import DialogError
from bot.validation import content_files, content_problems

log = logging.getLogger(__name__)

#: File kinds whose change means the dialogs (or their words) changed.
WATCHED_SUFFIXES = (".yml", ".yaml", ".j2", ".mo")


def load_checked(dialogs: Path, locales: Path) -> Content:
    """The content of `dialogs`, once everything `spasmbot validate` checks is sound.

    Loading alone would accept a template that fails only when rendered, and the
    people reaching that outcome would get an error. Raises `DialogError` with the
    errors; warnings (an untranslated string) do not stop a reload.
    """
    problems = content_problems(content_files([dialogs]), locales)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DialogError(errors)
    return Content.load(dialogs, locales)


@dataclass(frozen=True)
class Reload:
    """What a reload attempt did."""

    ok: bool
    version: str
    problems: list[str] = field(default_factory=list)


class LiveDialogs:
    def __init__(
        self,
        assistant: Assistant,
        load: Callable[[], Content],
        watched: Iterable[Path] = (),
    ) -> None:
        self.assistant = assistant
        self.load = load
        self.watched = list(watched)
        self._lock = asyncio.Lock()
        #: The watched files as last seen (None: not looked at yet).
        self._seen: tuple[tuple[str, int, int], ...] | None = None

    @property
    def version(self) -> str:
        return self.assistant.content.dialog.version

    async def reload(self) -> Reload:
        async with self._lock:  # one reload at a time; updates keep flowing meanwhile
            try:
                fresh = await asyncio.to_thread(self.load)
            except DialogError as exc:
                problems = [str(p) for p in exc.problems]
                # Each at its file:line:column, as `validate` prints it: with SIGHUP
                # (`systemctl reload`) and no admin to tell, the log is all an operator
                # has. The dialogs' own words, never a person's.
                log.warning(
                    "dialog reload refused: %d problem(s); still serving version %s",
                    len(problems),
                    self.version,
                )
                for problem in problems:
                    log.warning("dialog reload refused: %s", problem)
                return Reload(False, self.version, problems)
            except Exception as exc:  # a broken template, an unreadable file, ...
                log.exception("dialog reload failed")
                return Reload(False, self.version, [f"{type(exc).__name__}: {exc}"])
            self.assistant.content = fresh  # one assignment: the next update sees it
            log.info("dialogs reloaded: version %s", fresh.dialog.version)
            return Reload(True, fresh.dialog.version)

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and modification time of every watched file."""
        found = []
        for root in self.watched:
            for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
                if path.suffix in WATCHED_SUFFIXES and path.is_file():
                    stat = path.stat()
                    found.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(found)

    async def reload_if_changed(self, settle: float = 0.5) -> Reload | None:
        """Reload if a watched file changed since the last look; None if none did (or on
        the first look). `settle`: how long to let an editor finish writing first."""
        now = await asyncio.to_thread(self.fingerprint)
        seen, self._seen = self._seen, now
        if seen is None or now == seen:
            return None
        await asyncio.sleep(settle)
        self._seen = await asyncio.to_thread(self.fingerprint)
        return await self.reload()

    async def watch(
        self, report: Callable[[Reload], Awaitable[None]], interval: float = 1.0
    ) -> None:
        """Reload whenever a watched file changes (polling: no extra dependency)."""
        while True:
            result = await self.reload_if_changed(interval / 2)
            if result is not None:
                await report(result)
            await asyncio.sleep(interval)
