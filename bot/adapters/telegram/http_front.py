"""The bot's HTTP side: Telegram's webhook, and health and metrics for operators.

One aiohttp server per process. In webhook mode it takes Telegram's POSTs on
the webhook path; in either mode it answers `/healthz` (the process is
alive), `/readyz` (the database answers and the dialogs are loaded; 503
otherwise) and `/metrics` (Prometheus).

A webhook update is processed *before* the response goes back. Telegram then
knows the update is stored, and when several processes share a database, an
update of a chat that reaches another process after this response is applied
after this one: per-chat order holds across processes. A wrong or missing
secret token gets 403, a body over `MAX_BODY_BYTES` 413, and a body that is
not an update (not JSON, or JSON that is not an object with an integer
`update_id` that PTB can read) 400; each refusal is counted in `/metrics`.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Bot, Update
from telegram.ext import Application

from bot.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Telegram's updates are small; anything bigger is not one.
MAX_BODY_BYTES = 1 << 20


class CannotListen(Exception):
    """The HTTP server cannot listen where the settings say (port taken, no such address).

    aiohttp's error is a traceback of some 30 lines; the operator needs the address,
    why, and the settings that choose it, in one line (`spasmbot run` exits 2)."""


def _reason(exc: BaseException) -> str:
    """'address already in use', 'name or service not known': not asyncio's wording of it."""
    if isinstance(exc, socket.gaierror) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno).lower()
    return str(exc)


class HttpFront:
    def __init__(
        self,
        metrics: Metrics,
        readiness: Callable[[], Awaitable[dict[str, bool]]],
    ) -> None:
        self.metrics = metrics
        self.readiness = readiness
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.webhook_path: str | None = None
        self.secret: str | None = None
        self._runner: web.AppRunner | None = None
        #: The port actually bound (useful with port 0).
        self.port: int | None = None

    def accept_webhook(
        self, app: Application[Any, Any, Any, Any, Any, Any], path: str, secret: str
    ) -> None:
        """Also take Telegram's updates at `/path`, checking the secret token."""
        self.app, self.webhook_path, self.secret = app, "/" + path.strip("/"), secret

    def web_app(self) -> web.Application:
        server = web.Application(client_max_size=MAX_BODY_BYTES)
        server.router.add_get("/healthz", self._healthz)
        server.router.add_get("/readyz", self._readyz)
        server.router.add_get("/metrics", self._metrics)
        if self.webhook_path is not None:
            server.router.add_post(self.webhook_path, self._webhook)
        return server

    async def start(self, host: str, port: int) -> None:
        self._runner = web.AppRunner(
            self.web_app(), access_log=None, handle_signals=False, shutdown_timeout=10.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        try:
            await site.start()
        except (OSError, OverflowError) as exc:
            await self._runner.cleanup()
            self._runner = None
            settings = (
                "SPASMBOT_WEBHOOK_LISTEN and SPASMBOT_WEBHOOK_PORT choose it"
                if self.webhook_path is not None
                else "SPASMBOT_HEALTH_LISTEN and SPASMBOT_HEALTH_PORT choose it; "
                "port 0 turns it off"
            )
            reason = _reason(exc)
            raise CannotListen(f"cannot listen on {host}:{port} ({reason}); {settings}") from exc
        addresses = self._runner.addresses
        self.port = int(addresses[0][1]) if addresses else port
        serves = "webhook, health, metrics" if self.webhook_path else "health, metrics"
        log.info("HTTP on %s:%s (%s)", host, self.port, serves)

    async def stop(self) -> None:
        """Stop taking requests; the ones being handled finish first."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # -- handlers ----------------------------------------------------------------

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _readyz(self, _request: web.Request) -> web.Response:
        checks = await self.readiness()
        status = 200 if all(checks.values()) else 503
        return web.json_response(checks, status=status)

    async def _metrics(self, _request: web.Request) -> web.Response:
        # Prometheus scrapes /metrics alone: what /readyz says is there too, for alerts.
        for check, ok in (await self.readiness()).items():
            self.metrics.ready.labels(check=check).set(1 if ok else 0)
        body, content_type = self.metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    async def _webhook(self, request: web.Request) -> web.Response:
        app, secret = self.app, self.secret
        assert app is not None and secret is not None
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return self._refuse(403, "wrong_secret")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse(413, "too_large")
        update = read_update(body, app.bot)
        if update is None:
            return self._refuse(400, "not_an_update")
        await app.update_processor.process_update(update, app.process_update(update))
        return web.Response()

    def _refuse(self, status: int, reason: str) -> web.Response:
        self.metrics.webhook_refused.labels(str(status), reason).inc()
        return web.Response(status=status)


def read_update(body: bytes, bot: Bot) -> Update | None:
    """The update in a webhook body, or None if the body is not one.

    Telegram only ever sends a JSON object with an integer `update_id`; anything
    else (`null`, a list, a number, `{"update_id": "abc"}`, JSON nested too deep
    to read) is refused here rather than fail somewhere inside PTB or the bot.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON (UnicodeDecodeError is a ValueError)
        return None
    if not isinstance(data, dict):
        return None
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return None
    try:
        return Update.de_json(data, bot)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # an object, but its fields are not what Telegram sends
