"""PostgreSQL going away under the running bot process, and coming back.

The bot reaches the database through a loopback link the test cuts (every
connection dropped, new ones refused) and mends, as a restart or a failover of
the server does, without touching the shared test server.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.adapters.telegram.bot_process import CHAT, BotProcess, free_port
from tests.adapters.telegram.processes import fresh_database
from tests.fakes.bot_api import FakeBotApiServer
from tests.storage.backends import POSTGRES_URL

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="set SPASMBOT_TEST_DATABASE_URL (bash .ci/postgres.sh)"
)


class Link:
    """A TCP link to the database that can be cut and mended; `url` goes through it."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        user = f"{parts.username}@" if parts.username else ""
        self.url = urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{self.port}"))
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def mend(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        assert self.listener is not None
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets, self.listener = [], None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def waiting_for_database(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        metrics = answer.read().decode()
    (line,) = [n for n in metrics.splitlines() if n.startswith("spasmbot_updates_waiting_for_")]
    return float(line.split()[-1])


def test_regression_postgres_going_away_mid_run_lost_the_answer_with_an_apology(
    tmp_path: Path,
) -> None:
    """The answer typed while PostgreSQL was down got 'Sorry, something went wrong on
    my side. Please try again in a moment.' and was lost (a 60-line traceback per
    update, and one a second from the session job); now it waits, and once the
    database is back it and the message after it are answered once, in order."""
    with fresh_database() as url, FakeBotApiServer() as server:
        link = Link(url)
        link.mend()
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        bot.env["DATABASE_URL"] = link.url
        health = free_port()
        bot.env["SPASMBOT_HEALTH_PORT"] = str(health)
        bot.start()
        try:
            tg.push_update(tg.message_update(CHAT, "/start"))
            server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=30)
            time.sleep(0.5)  # the turn's last writes done
            link.cut()
            tg.push_update(tg.message_update(CHAT, "no"))
            tg.push_update(tg.message_update(CHAT, "/help"))
            time.sleep(4)
            assert [m["text"] for m in tg.sent(CHAT)[2:]] == []
            assert waiting_for_database(health) == 1  # "no"; "/help" queues behind it
            link.mend()
            server.wait_for(lambda t: len(t.sent(CHAT)) >= 4, timeout=30)
            time.sleep(1)
            texts = [m["text"] for m in tg.sent(CHAT)[2:]]
            assert len(texts) == 2, texts
            assert texts[0] == "Which of these describes it best?"
            assert texts[1].startswith("I ask a few short questions")
            assert bot.process is not None and bot.process.poll() is None
            assert waiting_for_database(health) == 0
        finally:
            bot.stop()
            if link.listener is not None:
                link.cut()
    log = bot.log.read_text(encoding="utf-8")
    assert log.count("the database cannot be reached") == 1, log
    assert "the database answers again" in log
    assert "Traceback" not in log, log
    assert "was never awaited" not in log
