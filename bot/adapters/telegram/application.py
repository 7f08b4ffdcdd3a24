"""The Telegram bot: one handler that turns every update into a committed turn.

Wiring (see `build_application`): PTB fetches updates (polling or webhook) →
`ChatOrderedProcessor` keeps each chat in order → `SpasmBot.on_update` reads
the update, asks the engine, commits state + update id + replies in one
transaction, answers the button tap, and delivers the replies.

Nothing here logs what a user wrote: only update ids, chat types and error
types.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    TypeHandler,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.adapters.telegram import layout, texts
from bot.adapters.telegram.admins import is_group_admin
from bot.adapters.telegram.classroom import Classroom
from bot.adapters.telegram.delivery import Delivery
from bot.adapters.telegram.http_front import HttpFront
from bot.adapters.telegram.incoming import Action, Incoming, read
from bot.adapters.telegram.limits import SendingLimits
from bot.adapters.telegram.measured import MeasuredRequest
from bot.adapters.telegram.ordering import ChatLocks, ChatOrderedProcessor
from bot.adapters.telegram.posting import GroupPosts
from bot.assistant import Assistant, Consultation
from bot.config import Settings
from bot.core import events
from bot.core.conversation import Conversation
from bot.core.render import escape
from bot.i18n import SOURCE_LANGUAGE, Catalogs
from bot.live import LiveDialogs, Reload
from bot.metrics import Metrics
from bot.storage.base import (
    ConversationKey,
    Snapshot,
    SnapshotOutdated,
    Storage,
    TurnRecord,
    pending_calls,
)
from bot.storage.teaching import TeachingStore

log = logging.getLogger(__name__)

BACKLOG_INTERVAL = 15.0
#: A failed reload lists this many problems in the chat; the log and `validate` show all.
MAX_PROBLEMS_SHOWN = 10
#: How often idle conversations past the retention period are deleted.
RETENTION_INTERVAL = 3600.0
#: How often the schedule of group quizzes and case studies is checked.
TEACHING_TICK = 1.0
#: Young objects the garbage collector lets accumulate before it runs (Python's default: 700).
YOUNG_OBJECTS_PER_COLLECTION = 10_000
#: How often one update is decided again because the database changed under it
#: (see `SnapshotOutdated`) before it is given up as an error: each time somebody
#: else must have written between its read and the next batch.
DECISIONS_PER_UPDATE = 5


class SpasmBot:
    """The Telegram front of the assistant."""

    def __init__(
        self,
        consultation: Consultation,
        storage: Storage,
        catalogs: Catalogs,
        *,
        owns_storage: bool = True,
        backlog_interval: float = BACKLOG_INTERVAL,
        retention_days: int = 180,
        admin_ids: frozenset[int] = frozenset(),
        reload: Callable[[], Consultation] | None = None,
        watch: Sequence[Path] = (),
        freeze_after_start: bool = False,
    ) -> None:
        self.assistant = Assistant(consultation, storage)
        self.storage = storage
        self.catalogs = catalogs
        self.locks = ChatLocks(storage.hold_chat)
        self.metrics = Metrics()
        self.delivery = Delivery(storage, metrics=self.metrics)
        self.front = HttpFront(self.metrics, self.readiness)
        #: Where the health and metrics server listens (None: not at all).
        self.http_address: tuple[str, int] | None = None
        self.owns_storage = owns_storage
        self.backlog_interval = backlog_interval
        self.retention_days = retention_days
        self.admin_ids = admin_ids
        self.live = LiveDialogs(self.assistant, reload, watch) if reload is not None else None
        self.classroom: Classroom | None = Classroom(
            self._consultation,
            TeachingStore(storage.sql),
            catalogs,
            GroupPosts(storage, self.delivery),
            metrics=self.metrics,
        )
        self.watch = bool(watch)
        self._backlog_task: asyncio.Task[None] | None = None
        self._retention_task: asyncio.Task[None] | None = None
        self._watch_task: asyncio.Task[None] | None = None
        self._signal_tasks: set[asyncio.Task[None]] = set()
        self._teaching_task: asyncio.Task[None] | None = None
        self.teaching_tick = TEACHING_TICK
        self._sighup = False
        self.freeze_after_start = freeze_after_start
        #: Set once start-up is done (replies left from before sent, jobs running).
        self.started = False

    # -- lifecycle -------------------------------------------------------------

    async def post_init(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        if self.owns_storage:
            await self.storage.open()
        if self.http_address is not None:
            await self.front.start(*self.http_address)
        await self._register_commands(app)
        await self.flush_everything(app)
        self._backlog_task = asyncio.create_task(self._backlog_loop(app))
        if self.retention_days > 0:
            self._retention_task = asyncio.create_task(self._retention_loop())
        if self.classroom is not None:
            self.classroom.started()
            self._teaching_task = asyncio.create_task(self._teaching_loop(app))
        if self.live is not None:
            self._listen_for_sighup(app)
            if self.watch:
                report = functools.partial(self.report_reload, app)
                self._watch_task = asyncio.create_task(self.live.watch(report))
        if self.freeze_after_start:
            # The dialogs, templates, catalogs and modules loaded so far live as long as
            # the process: keep the garbage collector from walking them again and again.
            gc.collect()
            gc.freeze()
            # Group commit keeps a batch's turns alive together, so the collector's default
            # of 700 young objects was crossed every ten updates or so (22 µs of each update
            # in the benchmark) although every turn's objects are freed by reference counting.
            gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *gc.get_threshold()[1:])
        self.started = True

    async def post_stop(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.started = False
        await self.front.stop()
        tasks = (self._backlog_task, self._retention_task, self._watch_task, self._teaching_task)
        for task in tasks:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._backlog_task = self._retention_task = self._watch_task = self._teaching_task = None
        if self._sighup:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            self._sighup = False

    async def post_shutdown(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        if self.owns_storage:
            await self.storage.close()

    async def _register_commands(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        for language in self.catalogs.shipped:
            _ = self.catalogs.translations(language).gettext
            code = None if language == "en" else language
            commands = [BotCommand(name, _(description)) for name, description in texts.COMMANDS]
            in_groups = [BotCommand(name, _(text)) for name, text in texts.GROUP_COMMANDS]
            try:
                await app.bot.set_my_commands(commands, language_code=code)
                await app.bot.set_my_commands(
                    in_groups, scope=BotCommandScopeAllGroupChats(), language_code=code
                )
                await app.bot.set_my_description(_(texts.DESCRIPTION), language_code=code)
            except TelegramError as exc:
                log.warning("could not register the command menu: %s", type(exc).__name__)

    async def flush_everything(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Send every committed reply still waiting (e.g. after a crash).

        Each chat's list is read again under its lock: another process sharing
        the database may have sent those replies in the meantime.
        """
        for chat_id in dict.fromkeys(item.chat_id for item in await self.storage.pending()):
            async with self.locks.hold(chat_id):
                await self.delivery.deliver_waiting(app.bot, chat_id)

    async def _backlog_loop(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        while True:
            await asyncio.sleep(self.backlog_interval)
            for chat_id in list(self.delivery.backlog):
                try:
                    async with self.locks.hold(chat_id):
                        if chat_id in self.delivery.backlog:
                            await self.delivery.deliver_waiting(app.bot, chat_id)
                except Exception:
                    log.exception("retrying waiting replies failed")

    async def purge_idle(self) -> int:
        """Apply the retention period promised in /about."""
        count = await self.storage.purge_idle(time.time() - self.retention_days * 86400)
        if count:
            log.info("retention: deleted %d idle conversation(s)", count)
        return count

    async def _retention_loop(self) -> None:
        while True:
            try:
                await self.purge_idle()
            except Exception:
                log.exception("deleting idle conversations failed")
            await asyncio.sleep(RETENTION_INTERVAL)

    # -- group teaching ---------------------------------------------------------------

    def _consultation(self) -> Consultation:
        return self.assistant.consultation  # read on every use: a reload replaces it

    async def _teaching_loop(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Close polls and ask the next questions when their time comes, restarts included."""
        while True:
            try:
                await self.run_due_sessions(app.bot)
            except Exception:
                log.exception("the group session schedule failed")
            await asyncio.sleep(self.teaching_tick)

    async def run_due_sessions(self, bot: Bot) -> None:
        """One pass of the schedule: every quiz or case study whose next step is due moves on."""
        assert self.classroom is not None
        for chat_id in await self.classroom.due():
            async with self.locks.hold(chat_id):
                await self.classroom.advance(bot, chat_id)

    async def _teach(self, bot: Bot, incoming: Incoming) -> None:
        """Group teaching updates: session commands, poll answers, migration, removal."""
        classroom = self.classroom
        if classroom is None:
            return
        match incoming.action:
            case Action.POLL_ANSWER if incoming.poll_id is not None:
                await classroom.answer(
                    incoming.poll_id, incoming.user_id, incoming.name, list(incoming.options)
                )
            case Action.MIGRATED:
                await classroom.migrated(incoming.chat_id, int(incoming.argument))
            case Action.REMOVED:
                await classroom.removed(incoming.chat_id)
            case Action.TEACH:
                snapshot = await self.storage.snapshot(
                    incoming.update_id, ConversationKey(incoming.chat_id, incoming.user_id)
                )
                language = snapshot.chat_language or self.catalogs.resolve(incoming.language_code)
                await classroom.command(
                    bot,
                    incoming.chat_id,
                    incoming.user_id,
                    incoming.command,
                    incoming.argument,
                    language,
                    incoming.update_id,
                    incoming.callback_id,
                )

    # -- live reload -------------------------------------------------------------

    def _listen_for_sighup(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        live = self.live
        if live is None or not hasattr(signal, "SIGHUP"):
            return

        def on_sighup() -> None:
            task = asyncio.create_task(self._reload_and_report(app))
            self._signal_tasks.add(task)
            task.add_done_callback(self._signal_tasks.discard)

        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, on_sighup)
            self._sighup = True
        except (NotImplementedError, RuntimeError):  # not the main thread, or no signals here
            log.info("SIGHUP reload is not available in this process")

    async def _reload_and_report(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        assert self.live is not None
        await self.report_reload(app, await self.live.reload())

    async def report_reload(
        self, app: Application[Any, Any, Any, Any, Any, Any], result: Reload
    ) -> None:
        """Tell the admins how a reload they did not ask for in a chat went."""
        text = self._reload_text(result, SOURCE_LANGUAGE)
        for admin in sorted(self.admin_ids):
            try:
                await app.bot.send_message(admin, text)
            except TelegramError as exc:
                log.warning("could not tell an admin about a reload: %s", type(exc).__name__)

    def _reload_text(self, result: Reload, language: str) -> str:
        _ = self.catalogs.translations(language).gettext
        if result.ok:
            return _(texts.RELOADED) % {"version": result.version}
        shown = result.problems[:MAX_PROBLEMS_SHOWN]
        more = len(result.problems) - len(shown)
        lines = [_(texts.RELOAD_REFUSED) % {"version": result.version}, *shown]
        if more > 0:
            lines.append(f"(+{more})")
        return "\n".join(lines)

    # -- one update ----------------------------------------------------------------

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        incoming = read(update)
        if incoming is None:
            return
        if incoming.action in TEACHING:
            await self._teach(context.bot, incoming)
            return
        key = ConversationKey(incoming.chat_id, incoming.user_id)
        snapshot = await self.storage.snapshot(incoming.update_id, key)
        bot = context.bot
        language = self._language(incoming, snapshot)
        if not snapshot.applied:
            incoming = await self._permitted(bot, incoming, language)
        for _attempt in range(DECISIONS_PER_UPDATE):
            if snapshot.applied:  # delivered again after a restart: already handled
                await self._answer_tap(context, incoming, None)
                if incoming.chat_id in self.delivery.backlog:
                    await self.delivery.deliver(bot, incoming.chat_id, [])
                return
            record, toast = self._decide(incoming, snapshot, language, bot.username)
            try:
                committed = await self.storage.commit(record)
            except SnapshotOutdated:  # somebody else wrote meanwhile: decide it anew
                self.metrics.turns_decided_again.inc()
                snapshot = await self.storage.snapshot(incoming.update_id, key)
                language = self._language(incoming, snapshot)
                continue
            break
        else:
            raise RuntimeError("the stored state kept changing under this update")
        if committed and record.conversation is not None:
            self._count_progress(snapshot.conversation, record.conversation)
        await self._answer_tap(context, incoming, toast)
        if committed:
            items = pending_calls(record.update_id, incoming.chat_id, record.calls)
            await self.delivery.deliver(bot, incoming.chat_id, items)

    def _language(self, incoming: Incoming, snapshot: Snapshot) -> str:
        """The language chosen for the user (private) or the group, else their app's."""
        chosen = snapshot.language if incoming.private else snapshot.chat_language
        return chosen or self.catalogs.resolve(incoming.language_code)

    async def _permitted(self, bot: Bot, incoming: Incoming, language: str) -> Incoming:
        """`incoming`, or what the bot does instead when it is not this user's to ask:
        a reload by anyone but an admin, a group setting by anyone but the group's."""
        if incoming.action is Action.RELOAD:
            if self.live is None or incoming.user_id not in self.admin_ids:
                return replace(incoming, action=Action.UNKNOWN_COMMAND)
            report = self._reload_text(await self.live.reload(), language)
            return replace(incoming, argument=report)
        if (
            not incoming.private
            and incoming.action in GROUP_SETTINGS
            and not await is_group_admin(bot, incoming.chat_id, incoming.user_id)
        ):
            return replace(incoming, action=Action.ADMINS_ONLY)
        return incoming

    def _decide(
        self, incoming: Incoming, snapshot: Snapshot, language: str, username: str | None
    ) -> tuple[TurnRecord, str | None]:
        """What this update changes and says: pure, given the snapshot."""
        _ = self.catalogs.translations(language).gettext
        key = ConversationKey(incoming.chat_id, incoming.user_id)
        record = TurnRecord(
            incoming.update_id, key, reactivate=not snapshot.active, read_at=snapshot.read_at
        )
        chat = incoming.chat_id
        if incoming.event is not None:
            turn = self.assistant.think(snapshot.conversation, incoming.event, language)
            unchanged = turn.conversation == snapshot.conversation
            if isinstance(incoming.event, events.Choose | events.Toggle) and unchanged:
                return record, _(texts.STALE_CALLBACK)  # an old keyboard: a toast, no message
            if not unchanged:
                record.conversation = turn.conversation
            record.calls = layout.calls_for(turn.messages, chat, incoming.message_id)
            return record, None

        def say(text: str, markup: dict[str, Any] | None = None) -> None:
            record.calls.extend(layout.send(chat, escape(text), markup))

        match incoming.action:
            case Action.HELP:
                say(_(texts.HELP if incoming.private else texts.GROUP_HELP))
            case Action.ABOUT:
                about = _(texts.ABOUT)
                if self.retention_days > 0:
                    ngettext = self.catalogs.translations(language).ngettext
                    about += " " + texts.retention(ngettext, self.retention_days)
                say(f"{about}\n\n{_(texts.ABOUT_SOURCES)}")
            case Action.FORGET_ASK:
                say(
                    _(texts.FORGET_CONFIRM),
                    {
                        "inline_keyboard": [
                            [{"text": _(texts.FORGET_YES), "callback_data": "forget:yes"}],
                            [{"text": _(texts.FORGET_NO), "callback_data": "forget:no"}],
                        ]
                    },
                )
            case Action.FORGET_YES:
                record.forget = True
                record.reactivate = False
                self._close_keyboard(record, incoming, _(texts.FORGET_CONFIRM))
                say(_(texts.FORGOTTEN))
            case Action.FORGET_NO:
                self._close_keyboard(record, incoming, _(texts.FORGET_CONFIRM))
                say(_(texts.FORGET_KEPT))
            case Action.LANGUAGE_ASK:
                prompt = texts.LANGUAGE_PROMPT if incoming.private else texts.GROUP_LANGUAGE_PROMPT
                say(
                    _(prompt),
                    {
                        "inline_keyboard": [
                            [{"text": _native_name(code), "callback_data": f"lang:{code}"}]
                            for code in self.catalogs.shipped
                        ]
                    },
                )
            case Action.LANGUAGE_SET if incoming.argument in self.catalogs.shipped:
                chosen = self.catalogs.translations(incoming.argument).gettext
                if incoming.private:
                    record.language = incoming.argument
                    prompt, done = texts.LANGUAGE_PROMPT, texts.LANGUAGE_SET
                else:
                    record.chat_language = incoming.argument
                    prompt, done = texts.GROUP_LANGUAGE_PROMPT, texts.GROUP_LANGUAGE_SET
                self._close_keyboard(record, incoming, chosen(prompt))
                say(chosen(done))
            case Action.ADMINS_ONLY:
                if incoming.callback_id is not None:
                    return record, _(texts.GROUP_LANGUAGE_ADMINS_ONLY)
                say(_(texts.GROUP_LANGUAGE_ADMINS_ONLY))
            case Action.GROUP:
                url = f"https://t.me/{username}?start=" if username else None
                markup = layout.url_keyboard(_(texts.GROUP_BUTTON), url) if url else None
                say(_(texts.GROUP), markup)
            case Action.EDITED:
                say(_(texts.EDITED))
            case Action.CHANNEL:
                say(_(texts.CHANNEL))
            case Action.UNSUPPORTED:
                say(_(texts.UNSUPPORTED))
            case Action.UNKNOWN_COMMAND:
                say(_(texts.UNKNOWN_COMMAND))
            case Action.RELOAD:
                say(incoming.argument)
            case _:  # forged or outdated button data
                return record, _(texts.STALE_CALLBACK)
        return record, None

    def _count_progress(self, before: Conversation | None, after: Conversation) -> None:
        """Consultations started and finished, and the urgency of the advice given."""
        if after.finished and (before is None or not before.finished):
            self.metrics.conversations_finished.inc()
            if after.assessment is not None:
                self.metrics.outcomes.inc(after.assessment.urgency.key)
        elif not after.finished and (before is None or before.finished):
            self.metrics.conversations_started.inc()

    async def readiness(self) -> dict[str, bool]:
        """What `/readyz` reports: start-up is done, the database answers, the dialogs are loaded.

        `/healthz` answers from the first moment; `/readyz` only once this
        process has sent the replies left from before it started, so a load
        balancer sends it nothing earlier.
        """
        try:
            database = await self.storage.ping()
        except Exception:  # any failure means not ready; the reason is in the log
            log.warning("the database did not answer the readiness check", exc_info=True)
            database = False
        return {
            "started": self.started,
            "database": database,
            "dialogs": bool(self.assistant.consultation.dialog.questions),
        }

    @staticmethod
    def _close_keyboard(record: TurnRecord, incoming: Incoming, text: str) -> None:
        if incoming.message_id is not None:
            record.calls.append(layout.edit(incoming.chat_id, incoming.message_id, escape(text)))

    async def _answer_tap(
        self, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming, toast: str | None
    ) -> None:
        if incoming.callback_id is None:
            return
        try:
            await context.bot.answer_callback_query(incoming.callback_id, text=toast)
        except TelegramError as exc:  # too old to answer, or network: the tap was handled
            log.info("could not answer a button tap: %s", type(exc).__name__)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        chat_type = (
            update.effective_chat.type
            if isinstance(update, Update) and update.effective_chat
            else None
        )
        log.error(
            "update %s (%s chat) failed: %s",
            update_id,
            chat_type,
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__) if error else None,
        )
        if isinstance(update, Update) and update.effective_chat is not None:
            language = self.catalogs.resolve(
                update.effective_user.language_code if update.effective_user else None
            )
            _ = self.catalogs.translations(language).gettext
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, _(texts.SORRY))
            if update.callback_query is not None:
                with contextlib.suppress(TelegramError):
                    await update.callback_query.answer()


#: Group teaching: handled by the classroom, outside the consultation's turns.
TEACHING = frozenset({Action.TEACH, Action.POLL_ANSWER, Action.MIGRATED, Action.REMOVED})
#: Actions that change what a whole group sees: only its admins may take them.
GROUP_SETTINGS = frozenset({Action.LANGUAGE_ASK, Action.LANGUAGE_SET})


def _native_name(code: str) -> str:
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def build_application(
    settings: Settings,
    *,
    consultation: Consultation,
    storage: Storage,
    catalogs: Catalogs,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limits: bool = True,
    owns_storage: bool = True,
    instrument: Callable[[BaseUpdateProcessor], BaseUpdateProcessor] | None = None,
    reload: Callable[[], Consultation] | None = None,
    watch: Sequence[Path] = (),
    freeze_after_start: bool = False,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The PTB `Application`; inject `request` to run the whole stack without sockets.

    `reload` loads the dialogs again (for `/reload` and SIGHUP); with `watch`,
    a change to any file under those folders reloads them too.

    `instrument` may wrap the update processor (the benchmark times updates with it).
    `freeze_after_start` is for the process's main program (`spasmbot run`):
    what start-up loaded is moved out of the garbage collector's way (`gc.freeze`),
    and the collector waits for more young objects before it runs.
    """
    injected = request is not None
    spasmbot = SpasmBot(
        consultation,
        storage,
        catalogs,
        owns_storage=owns_storage,
        retention_days=settings.retention_days,
        admin_ids=settings.admin_ids,
        reload=reload,
        watch=watch,
        freeze_after_start=freeze_after_start,
    )
    processor: BaseUpdateProcessor = ChatOrderedProcessor(spasmbot.locks, spasmbot.metrics)
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
    request = request or HTTPXRequest(connection_pool_size=256)
    polling = get_updates_request or (request if injected else HTTPXRequest())
    builder = builder.request(MeasuredRequest(request, spasmbot.metrics)).get_updates_request(
        MeasuredRequest(polling, spasmbot.metrics)
    )
    if rate_limits:
        limits = SendingLimits(overall_per_second=settings.send_rate)
        builder = builder.rate_limiter(limits)  # type: ignore[arg-type]
    app = builder.build()
    app.add_handler(TypeHandler(Update, spasmbot.on_update))
    app.add_error_handler(spasmbot.on_error)
    app.bot_data["spasmbot"] = spasmbot
    return app
