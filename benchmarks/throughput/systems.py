"""The two systems compared: spasmbot as it runs, and bare PTB on the same updates.

Bare PTB is the yardstick: what python-telegram-bot itself costs per update (parsing
the update, dispatch, its replies through the same fake Telegram). The guardrail
is spasmbot's throughput as a share of it, which moves far less with the machine than
either figure does.

Only `spasmbot_application` knows how the bot is built, so a change to that is a
change there and nowhere else in the benchmark. (The users' taps, in `load.PATH`, know
the bot's callback data as Telegram would carry it; the tests notice if it changes.)
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    ContextTypes,
    SimpleUpdateProcessor,
    TypeHandler,
)
from telegram.request import BaseRequest

from bot.adapters.telegram.application import build_application
from bot.assistant import Content
from bot.cli import settle_garbage_collection
from bot.config import Settings
from bot.i18n import Catalogs
from bot.paths import PROJECT_ROOT
from bot.storage.sqlite import SQLiteStorage

SYSTEMS = ("spasmbot", "bare")
TOKEN = "123456:BENCHMARK"

App = Application[Any, Any, Any, Any, Any, Any]
#: Wraps the application's update processor; the benchmark times updates with it.
Instrument = Callable[[BaseUpdateProcessor], BaseUpdateProcessor]


def spasmbot_application(request: BaseRequest, workdir: Path, instrument: Instrument) -> App:
    """spasmbot as `spasmbot run` builds it, on a fresh SQLite database in `workdir`.

    Every turn is committed before its reply is sent, as in production; Telegram's
    sending limits are off (they would measure the limiter, not the bot), and the
    garbage collector is tuned after start-up as `spasmbot run` tunes it.
    """
    database = workdir / "spasmbot.sqlite3"
    app = build_application(
        Settings(token=TOKEN, database=database),
        content=Content.load(PROJECT_ROOT / "dialogs", PROJECT_ROOT / "locales"),
        storage=SQLiteStorage(database),
        catalogs=Catalogs(PROJECT_ROOT / "locales"),
        request=request,
        rate_limits=False,
        instrument=instrument,
    )
    started = app.post_init

    async def post_init(app: App) -> None:
        if started is not None:
            await started(app)
        settle_garbage_collection()  # as `spasmbot run` does

    app.post_init = post_init
    return app


def bare_application(request: BaseRequest, instrument: Instrument) -> App:
    """PTB with one handler: the chat's step counted in a dict, the tap answered, one reply."""
    steps: dict[int, int] = {}

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat is not None
        steps[chat.id] = steps.get(chat.id, 0) + 1
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(chat.id, f"Question {steps[chat.id]}")

    builder = ApplicationBuilder().token(TOKEN).request(request).get_updates_request(request)
    app = builder.concurrent_updates(instrument(SimpleUpdateProcessor(256))).build()
    app.add_handler(TypeHandler(Update, handle))
    return app


def application(system: str, request: BaseRequest, workdir: Path, instrument: Instrument) -> App:
    if system == "spasmbot":
        return spasmbot_application(request, workdir, instrument)
    if system == "bare":
        return bare_application(request, instrument)
    raise ValueError(f"unknown system {system!r}; known: {', '.join(SYSTEMS)}")


async def start(app: App) -> None:
    """What `Application.run_polling` does before it polls, the application's hooks included.

    What start-up loaded is then moved out of the garbage collector's way for every
    system alike, so none of them pays for walking it during the measurement.
    """
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    gc.collect()
    gc.freeze()
    await app.start()


async def stop(app: App) -> None:
    """What `Application.run_polling` does once polling ends."""
    await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
