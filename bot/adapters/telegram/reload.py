"""Reloading the dialogs while the bot runs: an admin's `/reload`, SIGHUP, a watched file.

The reload itself is `bot.live.LiveDialogs` (every check of `spasmbot
validate` first, then one swap). Here: who may ask for one (the bot's admins;
asking is checked apart from doing, see `turns.Turns.permitted`), and who
hears how it went — the admin who asked, in their chat's turn; for SIGHUP and
a watched file, which nobody asked for in a chat, every admin.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Application

from bot.adapters.telegram import texts
from bot.i18n import SOURCE_LANGUAGE, Catalogs
from bot.live import LiveDialogs, Reload

log = logging.getLogger(__name__)

#: A failed reload lists this many problems in the chat; the log and `validate` show all.
MAX_PROBLEMS_SHOWN = 10


class Reloading:
    def __init__(self, live: LiveDialogs, catalogs: Catalogs, admin_ids: frozenset[int]) -> None:
        self.live = live
        self.catalogs = catalogs
        self.admin_ids = admin_ids
        self._listening = False
        self._reports: set[asyncio.Task[None]] = set()

    def may_reload(self, user_id: int) -> bool:
        return user_id in self.admin_ids

    async def reload_for_admin(self, language: str) -> str:
        """Reload now; what happened, for the admin who asked, in their language."""
        return self.describe(await self.live.reload(), language)

    async def reload_and_tell_admins(self, bot: Bot) -> None:
        """Reload now (SIGHUP), and tell every admin how it went."""
        await self.tell_admins(bot, await self.live.reload())

    async def tell_admins(self, bot: Bot, result: Reload) -> None:
        """Tell the admins how a reload they did not ask for in a chat went."""
        text = self.describe(result, SOURCE_LANGUAGE)
        for admin in sorted(self.admin_ids):
            try:
                await bot.send_message(admin, text)
            except TelegramError as exc:
                log.warning("could not tell an admin about a reload: %s", type(exc).__name__)

    def describe(self, result: Reload, language: str) -> str:
        _ = self.catalogs.translations(language).gettext
        if result.ok:
            return _(texts.RELOADED) % {"version": result.version}
        shown = result.problems[:MAX_PROBLEMS_SHOWN]
        more = len(result.problems) - len(shown)
        lines = [_(texts.RELOAD_REFUSED) % {"version": result.version}, *shown]
        if more > 0:
            lines.append(f"(+{more})")
        return "\n".join(lines)

    # -- SIGHUP ------------------------------------------------------------------

    def listen_for_sighup(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """`kill -HUP` reloads, as the operator's tools (systemd's reload) expect."""
        if not hasattr(signal, "SIGHUP"):
            return

        def on_sighup() -> None:
            task = asyncio.create_task(self.reload_and_tell_admins(app.bot))
            self._reports.add(task)  # kept until done: the loop holds tasks only weakly
            task.add_done_callback(self._reports.discard)

        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, on_sighup)
            self._listening = True
        except (NotImplementedError, RuntimeError):  # not the main thread, or no signals here
            log.info("SIGHUP reload is not available in this process")

    def stop_listening(self) -> None:
        if self._listening:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            self._listening = False
