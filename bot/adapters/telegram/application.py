"""The Telegram bot put together: PTB's `Application` with spasmbot's parts.

`build_application` wires the request (counted: `measured.py`), the sending
limits (`limits.py`), per-chat order (`ordering.py`), the handlers
(`handlers.py`), the periodic jobs (`jobs.py`) and the lifecycle below:
start-up opens the database, serves health and metrics, registers the command
menus and sends the replies left from before; only then is the bot ready.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor
from telegram.request import BaseRequest, HTTPXRequest

from bot.adapters.telegram import texts
from bot.adapters.telegram.actions import Actions
from bot.adapters.telegram.classroom import Classroom
from bot.adapters.telegram.delivery import Delivery, silence_typed_method_suggestion
from bot.adapters.telegram.groups import Groups
from bot.adapters.telegram.handlers import add_handlers
from bot.adapters.telegram.homework import Homeworks
from bot.adapters.telegram.http_front import HttpFront
from bot.adapters.telegram.jobs import schedule_jobs
from bot.adapters.telegram.limits import SendingLimits
from bot.adapters.telegram.measured import MeasuredRequest
from bot.adapters.telegram.ordering import ChatLocks, ChatOrderedProcessor
from bot.adapters.telegram.outage import Outage
from bot.adapters.telegram.posting import GroupPosts
from bot.adapters.telegram.private_replies import PrivateReplies
from bot.adapters.telegram.reload import Reloading
from bot.adapters.telegram.stopping import Stopping
from bot.adapters.telegram.teacher_quizzes import TeacherQuizzes
from bot.adapters.telegram.turns import Turns
from bot.assistant import Assistant, Content
from bot.config import Settings
from bot.i18n import Catalogs
from bot.live import LiveDialogs
from bot.metrics import Metrics
from bot.storage.base import Database
from bot.storage.teaching import TeachingStore

log = logging.getLogger(__name__)
#: How long the readiness check waits for the database to answer (seconds).
READINESS_SECONDS = 3.0

App = Application[Any, Any, Any, Any, Any, Any]


class SpasmBot:
    """The parts of the bot that live as long as its application, and its lifecycle."""

    def __init__(
        self,
        content: Content,
        storage: Database,
        catalogs: Catalogs,
        *,
        owns_storage: bool = True,
        retention_days: int = 180,
        admin_ids: frozenset[int] = frozenset(),
        reload: Callable[[], Content] | None = None,
        watch: Sequence[Path] = (),
    ) -> None:
        self.assistant = Assistant(content, storage)
        self.storage = storage
        self.catalogs = catalogs
        self.owns_storage = owns_storage
        self.metrics = Metrics()
        #: Asked on SIGTERM: Bot API calls then get a few seconds, and no retries.
        self.stopping = Stopping()
        self.outage = Outage(self.stopping)
        self.metrics.waiting_for_database.set_function(lambda: len(self.outage.waiting))
        self.locks = ChatLocks(storage.hold_chat)
        self.reloading = (
            Reloading(LiveDialogs(self.assistant, reload, watch), catalogs, admin_ids)
            if reload is not None
            else None
        )
        delivery = Delivery(self.metrics, stopping=self.stopping)
        self.turns = Turns(
            storage,
            Actions(self.assistant, catalogs, retention_days),
            delivery,
            self.locks,
            catalogs,
            self.metrics,
            self.reloading,
        )
        self.classroom = Classroom(
            self._content,
            TeachingStore(storage.statements),
            catalogs,
            GroupPosts(storage, self.turns, delivery),
            metrics=self.metrics,
        )
        self.turns.session_language = self.classroom.session_language
        self.groups = Groups(self.classroom, self.turns, self.locks)
        replies = PrivateReplies(storage, self.turns, delivery, catalogs)
        self.teachers = TeacherQuizzes(self.classroom.own_quizzes, replies, catalogs)
        self.homeworks = Homeworks(self._content, self.classroom.own_quizzes, replies, catalogs)
        self.front = HttpFront(self.metrics, self.readiness)
        #: Where the health and metrics server listens (None: not at all).
        self.http_address: tuple[str, int] | None = None
        #: Set once start-up is done (replies left from before sent).
        self.started = False
        #: The update types to ask Telegram for: those the handlers take (`handlers.routes`).
        self.allowed_updates: list[str] = []

    def _content(self) -> Content:
        return self.assistant.content  # read on every use: a reload replaces it

    async def post_init(self, app: App) -> None:
        if self.owns_storage:
            await self.storage.open()
        if self.http_address is not None:
            await self.front.start(*self.http_address)
        if self.catalogs.shipped == ["en"]:
            log.warning(
                "no compiled catalogs (*/LC_MESSAGES/spasmbot.mo) in %s: every user gets "
                "English; SPASMBOT_LOCALES names the folder, `make i18n-compile` compiles them",
                self.catalogs.directory.resolve(),
            )
        await self._register_commands(app)
        await self.turns.redeliver_all(app.bot)
        self.classroom.started()
        if self.reloading is not None:
            self.reloading.listen_for_sighup(app)
        self.started = True

    async def post_stop(self, app: App) -> None:
        self.started = False
        await self.front.stop()
        if self.reloading is not None:
            self.reloading.stop_listening()

    async def post_shutdown(self, app: App) -> None:
        if self.owns_storage:
            await self.storage.close()

    async def _register_commands(self, app: App) -> None:
        """The command menus and the bot's descriptions (the empty chat's, and the short
        one of its profile and shared links), in every shipped language: one menu for
        private chats, one for groups' members and one for groups' admins."""
        menus = (
            (texts.COMMANDS, BotCommandScopeDefault()),
            (texts.MEMBER_COMMANDS, BotCommandScopeAllGroupChats()),
            (texts.GROUP_COMMANDS, BotCommandScopeAllChatAdministrators()),
        )
        for language in self.catalogs.shipped:
            _ = self.catalogs.translations(language).gettext
            code = None if language == "en" else language
            try:
                for commands, scope in menus:
                    await app.bot.set_my_commands(
                        [BotCommand(name, _(description)) for name, description in commands],
                        scope=scope,
                        language_code=code,
                    )
                await app.bot.set_my_description(_(texts.DESCRIPTION), language_code=code)
                await app.bot.set_my_short_description(
                    _(texts.SHORT_DESCRIPTION), language_code=code
                )
            except TelegramError as exc:
                log.warning("could not register the command menu: %s", type(exc).__name__)

    async def readiness(self) -> dict[str, bool]:
        """What `/readyz` reports: start-up is done, the database answers, the dialogs are loaded.

        `/healthz` answers from the first moment; `/readyz` only once this
        process has sent the replies left from before it started, so a load
        balancer sends it nothing earlier.
        """
        try:
            # bounded: a server that went silent must not hold /readyz (or a scrape) up
            database = await asyncio.wait_for(self.storage.ping(), READINESS_SECONDS)
        except Exception as exc:  # any failure means not ready; the reason is in the log
            # one line: /metrics asks on every scrape, every 15 s or so, while it is down
            log.warning("the database did not answer the readiness check (%s)", _named(exc))
            database = False
        return {
            "started": self.started,
            "database": database,
            "dialogs": bool(self.assistant.content.dialog.questions),
        }


def _named(exc: BaseException) -> str:
    return type(exc).__name__ + (f": {' '.join(str(exc).split())[:200]}" if str(exc) else "")


def build_application(
    settings: Settings,
    *,
    content: Content,
    storage: Database,
    catalogs: Catalogs,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limits: bool = True,
    owns_storage: bool = True,
    instrument: Callable[[BaseUpdateProcessor], BaseUpdateProcessor] | None = None,
    reload: Callable[[], Content] | None = None,
    watch: Sequence[Path] = (),
) -> App:
    """The PTB `Application`; inject `request` to run the whole stack without sockets.

    `reload` loads the dialogs again (for `/reload` and SIGHUP); with `watch`,
    a change to any file under those folders reloads them too.
    `instrument` may wrap the update processor (the benchmark times updates with it).
    """
    silence_typed_method_suggestion()
    spasmbot = SpasmBot(
        content,
        storage,
        catalogs,
        owns_storage=owns_storage,
        retention_days=settings.retention_days,
        admin_ids=settings.admin_ids,
        reload=reload,
        watch=watch,
    )
    processor: BaseUpdateProcessor = ChatOrderedProcessor(
        spasmbot.locks, spasmbot.metrics, outage=spasmbot.outage
    )
    if instrument is not None:
        processor = instrument(processor)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .concurrent_updates(processor)
        .post_init(spasmbot.post_init)
        .post_stop(spasmbot.post_stop)
        .post_shutdown(spasmbot.post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    polling = get_updates_request or request or HTTPXRequest()
    request = request or HTTPXRequest(connection_pool_size=256)
    stopping = spasmbot.stopping
    builder = builder.request(MeasuredRequest(request, spasmbot.metrics, stopping))
    builder = builder.get_updates_request(MeasuredRequest(polling, spasmbot.metrics, stopping))
    if rate_limits:
        limits = SendingLimits(overall_per_second=settings.send_rate, stopping=stopping)
        builder = builder.rate_limiter(limits)  # type: ignore[arg-type]
    app = builder.build()
    spasmbot.allowed_updates = add_handlers(
        app,
        spasmbot.turns,
        spasmbot.groups,
        spasmbot.teachers,
        spasmbot.homeworks,
        spasmbot.outage,
    )
    spasmbot.outage.again = app.process_update
    assert app.job_queue is not None  # python-telegram-bot[job-queue] is a dependency
    schedule_jobs(
        app.job_queue,
        spasmbot.turns,
        spasmbot.groups,
        retention_days=settings.retention_days,
        reloading=spasmbot.reloading,
        watch=bool(watch),
    )
    app.bot_data["spasmbot"] = spasmbot
    return app
