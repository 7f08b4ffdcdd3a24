"""``FakeBotApiServer``: the fake Telegram served over loopback HTTP.

A bot started as a separate process (the real CLI entry point, a benchmark target) can only be
faked at the network boundary: pointed at this server with ``base_url=server.base_url``, it talks
through PTB's real ``HTTPXRequest``.
"""

from __future__ import annotations

import json
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.calls import JSONDict
from tests.fakes.failures import TransportFailure
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.forms import decode_params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, telegram: FakeTelegram, hold_seconds: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.telegram = telegram
        self.hold_seconds = hold_seconds
        self.stopping = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that vanished mid-request (a killed bot process); report the rest."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.telegram.org
    timeout = 60  # idle keep-alive connections release their thread eventually
    # Buffer the response (flushed once per request) and disable Nagle: otherwise headers and
    # body go out as two small segments and delayed ACKs add ~40 ms to every call.
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest output is for the test, not for the fake's access log."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _respond(self, status: int, body: JSONDict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _dispatch(self) -> None:
        split = urlsplit(self.path)
        segments = split.path.strip("/").split("/")
        body = self._read_body()
        if len(segments) != 2 or not segments[0].startswith("bot") or not segments[1]:
            self._respond(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = segments[1]
        try:
            params = decode_params(split.query, self.headers.get("Content-Type", ""), body)
        except ValueError as exc:
            self._respond(
                400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            )
            return
        telegram = self.server.telegram
        polling = method.lower() == "getupdates"
        if polling and telegram.begin_get_updates(method, params):
            wait = params.get("timeout")
            if isinstance(wait, int | float) and wait > 0 and not self.server.stopping.is_set():
                offset = params.get("offset")
                telegram.wait_for_updates(offset if isinstance(offset, int) else None, wait)
        try:
            status, answer = telegram.handle(method, params, count=not polling)
        except TransportFailure as exc:
            if exc.kind == "timeout":
                self._hold()
            self.close_connection = True  # no answer: the client sees a dropped connection
            return
        self._respond(status, answer)

    def _hold(self) -> None:
        """Keep the request unanswered until the client gives up (or the server stops)."""
        deadline = time.monotonic() + self.server.hold_seconds
        sock = self.connection
        while time.monotonic() < deadline and not self.server.stopping.is_set():
            readable, _, _ = select.select([sock], [], [], 0.05)
            if not readable:
                continue
            try:
                if not sock.recv(1, socket.MSG_PEEK):
                    return  # client closed the connection (its read timeout fired)
            except OSError:
                return
            time.sleep(0.05)  # the client sent something else: keep ignoring it


class FakeBotApiServer:
    """:class:`FakeTelegram` served at ``http://127.0.0.1:<port>/bot<token>/<method>``.

    Why: a bot started as a separate process (the real CLI entry point, a benchmark target)
    can only be faked at the network boundary.  Point PTB at it with
    ``base_url=server.base_url`` and everything, including ``HTTPXRequest``, is the real thing.

    Accepts what PTB's ``HTTPXRequest`` sends (urlencoded form, multipart when uploading files)
    and JSON bodies.  Injected "timeout" failures are held unanswered until the client closes the
    connection (or ``hold_seconds`` pass), "network" failures drop the connection; either way
    the call is recorded with ``error`` set and counts as not delivered.

    Usage::

        with FakeBotApiServer() as server:
            ... run the bot with base_url=server.base_url ...
            server.wait_for(lambda tg: tg.texts(42))
    """

    def __init__(self, telegram: FakeTelegram | None = None, *, hold_seconds: float = 30.0):
        self.telegram = telegram if telegram is not None else FakeTelegram()
        self.hold_seconds = hold_seconds
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The TCP port the server listens on (started servers only)."""
        if self._server is None:
            raise RuntimeError("FakeBotApiServer is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as PTB's ``base_url`` (the token gets appended to it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeBotApiServer:
        """Bind a free loopback port and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = _Server(self.telegram, self.hold_seconds)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotApiServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release held requests and close the listening socket."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.stopping.set()
        self.telegram.interrupt_waiters()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeBotApiServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_for(
        self,
        predicate: Callable[[FakeTelegram], object],
        timeout: float = 10.0,
        interval: float = 0.01,
    ) -> None:
        """Poll until ``predicate(self.telegram)`` is truthy, else fail listing the last calls.

        The predicate runs under the model's lock, so it sees a consistent snapshot; an
        exception in it (say an IndexError on a list that is still empty) counts as "not yet".
        """
        deadline = time.monotonic() + timeout
        while True:
            satisfied, error = self.telegram.check(predicate)
            if satisfied:
                return
            if time.monotonic() >= deadline:
                raise AssertionError(self.telegram.unmet_report(timeout, error))
            time.sleep(interval)
