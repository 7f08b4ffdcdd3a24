"""``FakeRequest``: the fake Telegram plugged into a ``telegram.Bot`` in process, no sockets.

It runs all of PTB above the HTTP layer (parameter encoding, status-code to exception mapping,
``de_json``) and is cheap enough for benchmarks.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from tests.fakes.calls import JSONDict, UploadedFile
from tests.fakes.failures import TransportFailure
from tests.fakes.fake_telegram import FakeTelegram


def _upload(field: tuple[str, Any, str]) -> UploadedFile:
    filename, content, mimetype = field
    if not isinstance(content, bytes):
        content = content.read()
    return UploadedFile(filename, bytes(content), mimetype)


def _params_from_request_data(request_data: RequestData | None) -> JSONDict:
    """The call's parameters as Telegram would decode them.

    Equivalent to ``json.loads`` of every non-str value of ``request_data.json_parameters``
    (str values stay str), but cheaper and without mistaking a text like "42" for a number.
    """
    if request_data is None:
        return {}
    params: JSONDict = {}
    nested: JSONDict = {}
    for name, value in request_data.parameters.items():
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float:
            params[name] = value
        else:
            nested[name] = value
    if nested:
        params.update(orjson.loads(orjson.dumps(nested)))
    if request_data.contains_files:
        for name, field in request_data.multipart_data.items():
            params[name] = _upload(field)
    return params


class FakeRequest(BaseRequest):
    """A :class:`telegram.request.BaseRequest` that hands calls to a :class:`FakeTelegram`.

    Why: it runs all of PTB above the HTTP layer (parameter encoding, status-code to exception
    mapping, ``de_json``) without sockets, fast enough for benchmarks.  HTTP-style failures are
    returned as status + JSON body so PTB itself raises ``RetryAfter``/``Forbidden``/
    ``BadRequest``; "timeout"/"network" raise ``TimedOut``/``NetworkError`` like
    ``HTTPXRequest`` does.

    Args:
        telegram: the model to talk to (a new one by default; see :attr:`telegram`).
        record_calls: store every call in ``telegram.calls`` (turn off for benchmarks; the
            per-method :attr:`FakeTelegram.counts` are kept either way).
        latency: seconds to sleep per call, to simulate a network round trip; with 0 the call
            still yields to the event loop once, like real I/O would.
    """

    __slots__ = ("latency", "record_calls", "telegram")

    def __init__(
        self,
        telegram: FakeTelegram | None = None,
        *,
        record_calls: bool = True,
        latency: float = 0.0,
    ) -> None:
        self.telegram = telegram if telegram is not None else FakeTelegram()
        self.record_calls = record_calls
        self.latency = latency

    @property
    def read_timeout(self) -> float | None:
        """No default read timeout: nothing here ever blocks on I/O."""
        return None

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

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
        """Answer ``url``'s Bot API method from :attr:`telegram`; see BaseRequest.do_request."""
        if method != "POST":  # file downloads (BaseRequest.retrieve)
            return self.telegram.files.download(url)
        api_method = url.rsplit("/", 1)[-1]
        params = _params_from_request_data(request_data)
        await asyncio.sleep(self.latency)
        polling = api_method.lower() == "getupdates"
        if polling and self.telegram.begin_get_updates(api_method, params):
            wait = params.get("timeout")
            if isinstance(wait, int | float) and wait > 0:
                offset = params.get("offset")
                await self.telegram.wait_for_updates_async(
                    offset if isinstance(offset, int) else None, float(wait)
                )
        try:
            status, body = self.telegram.handle(
                api_method, params, record=self.record_calls, count=not polling
            )
        except TransportFailure as exc:
            if exc.kind == "timeout":
                raise TimedOut(f"Timed out (injected) calling {api_method}") from None
            raise NetworkError(f"httpx.ConnectError: injected failure of {api_method}") from None
        return status, orjson.dumps(body)
