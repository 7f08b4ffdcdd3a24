"""Run the bot: long polling, or a webhook behind our own HTTP server.

Polling is PTB's `run_polling`; health and metrics then get their own small
server (`SPASMBOT_HEALTH_PORT`, 0 turns it off). In webhook mode one aiohttp
server takes Telegram's updates and answers health and metrics as well.
PTB's own webhook server cannot serve extra paths, so the webhook lifecycle
is written out here, in the order PTB's `run_webhook` follows: initialise,
`post_init`, `setWebhook`, start; on SIGTERM or SIGINT stop taking requests,
let the ones in flight finish, then stop and shut down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from telegram.ext import Application

from bot.adapters.telegram.application import SpasmBot
from bot.config import Settings

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]


def run_polling(app: App, settings: Settings) -> None:
    spasmbot: SpasmBot = app.bot_data["spasmbot"]
    if settings.health_port:
        spasmbot.http_address = (settings.health_listen, settings.health_port)
    # PTB's own stop signals only raise SystemExit; these first tell the Bot API calls
    # in flight to give up soon (`stopping.py`), so a stop takes seconds with Telegram
    # unreachable, not half a minute. `run_polling` runs on the loop set here.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def stop() -> None:
        spasmbot.stopping.ask()
        raise SystemExit  # as PTB's handler does: `run_polling` then stops the application

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop)
    wanted = spasmbot.allowed_updates  # reactions, members joining, …: never asked for
    app.run_polling(allowed_updates=wanted, drop_pending_updates=False, stop_signals=None)


def run_webhook(app: App, settings: Settings) -> None:
    asyncio.run(serve_webhook(app, settings))


async def serve_webhook(app: App, settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Serve until `stop` is set (by default: until SIGTERM or SIGINT)."""
    assert settings.webhook_url and settings.webhook_secret
    spasmbot: SpasmBot = app.bot_data["spasmbot"]
    spasmbot.front.accept_webhook(app, settings.webhook_path, settings.webhook_secret)
    spasmbot.http_address = (settings.webhook_listen, settings.webhook_port)
    stop = stop or _stop_on_signals()
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.bot.set_webhook(
            f"{settings.webhook_url.rstrip('/')}/{settings.webhook_path}",
            secret_token=settings.webhook_secret,
            allowed_updates=spasmbot.allowed_updates,
            drop_pending_updates=False,
        )
        await app.start()
        log.info("serving the webhook; send SIGTERM to stop")
        await stop.wait()
        spasmbot.stopping.ask()  # Bot API calls in flight give up soon; no more retries
        await spasmbot.front.stop()  # no new updates; those in flight finish first
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop
