"""Count every Bot API call and failure, whichever request class carries it.

A `BaseRequest` that wraps another one (PTB's `HTTPXRequest` in production,
the fake in tests). PTB's `post` is final, so the counting happens one level
down, in `do_request`: the error label is the PTB error class PTB itself will
raise for that response (`RetryAfter`, `Forbidden`, `BadRequest`,
`ChatMigrated`, …) or the transport error the inner request raised
(`TimedOut`, `NetworkError`). Labels are the method name and that class name
only: no chat ids, no text.

It also parses Telegram's answers (`parse_json_payload`, which PTB invites
subclasses to override) with orjson, about three times as fast as the
standard library for a sent message, and without PTB's logging of an invalid
answer's text, which may hold users' messages.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, cast

import orjson
from telegram.error import TelegramError
from telegram.request import BaseRequest, RequestData

from bot.adapters.telegram.stopping import Stopping
from bot.metrics import CounterChild, Metrics

#: PTB's error class for each failing HTTP status (see BaseRequest._request_wrapper).
ERRORS_BY_STATUS = {
    HTTPStatus.BAD_REQUEST: "BadRequest",
    HTTPStatus.UNAUTHORIZED: "InvalidToken",
    HTTPStatus.FORBIDDEN: "Forbidden",
    HTTPStatus.NOT_FOUND: "InvalidToken",
    HTTPStatus.CONFLICT: "Conflict",
}


class MeasuredRequest(BaseRequest):
    def __init__(
        self, inner: BaseRequest, metrics: Metrics, stopping: Stopping | None = None
    ) -> None:
        self.inner = inner
        self.metrics = metrics
        #: Once a stop is asked, a call gets a few seconds at most (`stopping.py`).
        self.stopping = stopping or Stopping()
        #: A file's bytes fetched with GET: one label for every file.
        self._file_download = ("file", metrics.api_calls.labels("file"))
        #: The Bot API method of each URL posted to so far (a few dozen at most), and its
        #: counter: a labelled counter is looked up once, not on every call.
        self._methods: dict[str, tuple[str, CounterChild]] = {}

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """The inner request's answer, counted; the timeouts are passed on as PTB gave them
        (a number, None, or PTB's "not given" marker `BaseRequest.DEFAULT_NONE`)."""
        api_method, calls = self._method(url) if method == "POST" else self._file_download
        calls.inc()
        try:
            async with self.stopping.bounded():
                code, payload = await self.inner.do_request(
                    url,
                    method,
                    request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
        except TelegramError as exc:
            self.metrics.api_errors.labels(api_method, type(exc).__name__).inc()
            raise
        if not HTTPStatus.OK <= code <= 299:
            self.metrics.api_errors.labels(api_method, self._error_name(code, payload)).inc()
        return code, payload

    def _method(self, url: str) -> tuple[str, CounterChild]:
        known = self._methods.get(url)
        if known is None:
            name = url.rsplit("/", 1)[-1]
            known = self._methods[url] = (name, self.metrics.api_calls.labels(name))
        return known

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            return cast(dict[str, Any], orjson.loads(payload))
        except orjson.JSONDecodeError:
            pass  # invalid UTF-8, or JSON that only the standard library accepts (NaN)
        try:
            return cast(dict[str, Any], json.loads(payload.decode("utf-8", "replace")))
        except ValueError as exc:
            raise TelegramError("Invalid server response") from exc

    def _error_name(self, code: int, payload: bytes) -> str:
        try:
            parameters = orjson.loads(payload).get("parameters") or {}
        except (ValueError, AttributeError):
            parameters = {}
        if parameters.get("migrate_to_chat_id"):
            return "ChatMigrated"
        if parameters.get("retry_after"):
            self.metrics.flood_wait_seconds.inc(float(parameters["retry_after"]))
            return "RetryAfter"
        return next(
            (name for status, name in ERRORS_BY_STATUS.items() if status == code), "NetworkError"
        )
