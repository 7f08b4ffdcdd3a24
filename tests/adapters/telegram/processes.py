"""Several `spasmbot webhook` processes on one PostgreSQL database, for tests and benchmarks.

`fresh_database()` makes a database of its own on the test server,
`Webhooks(...)` starts the processes against a loopback fake Bot API and posts
updates to them as a load balancer would.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg

from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN
from tests.fakes.bot_api import FakeBotApiServer, FakeTelegram
from tests.storage.backends import POSTGRES_URL


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SECRET = "multi-Process_secret"
#: Typed, each label answers its question at once (no "Done" needed when typing).
LINES = ["/start", *(label for label in BENIGN_TAPS if label != "Done ✔")]


@contextmanager
def fresh_database(server_url: str = POSTGRES_URL) -> Iterator[str]:
    """A database of its own on the test server; its URL."""
    name = f"spasmbot_{uuid.uuid4().hex[:10]}"

    async def run(statement: str) -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class Webhooks:
    """`count` webhook processes on one database, each on its own port."""

    def __init__(self, server: FakeBotApiServer, database_url: str, tmp_path: Path, count: int):
        self.server = server
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs = [tmp_path / f"bot{i}.log" for i in range(count)]
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "DATABASE_URL": database_url,
            "SPASMBOT_WEBHOOK_URL": "https://bot.example.test",
            "SPASMBOT_WEBHOOK_SECRET": SECRET,
            "SPASMBOT_LOG_LEVEL": "WARNING",
        }

    def __enter__(self) -> Webhooks:
        for port, log_path in zip(self.ports, self.logs, strict=True):
            with log_path.open("ab") as log:
                env = {**self.env, "SPASMBOT_WEBHOOK_PORT": str(port)}
                self.processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "bot", "webhook"], env=env, stdout=log, stderr=log
                    )
                )
        for port in self.ports:
            wait_ready(port)
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            assert process.wait(timeout=30) == 0

    def post(self, index: int, update: dict[str, Any]) -> int:
        port = self.ports[index % len(self.ports)]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/telegram",
            data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)


def wait_ready(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"the webhook on port {port} did not become ready")


def conversation(tg: FakeTelegram, chat: int, first_update_id: int) -> list[dict[str, Any]]:
    """A whole consultation typed by one user, as updates with increasing ids, each
    message a few seconds after the one before (the same words within a second are Send
    tapped twice: `turns.DoubleSends`)."""
    start = int(tg.clock())
    return [
        {"update_id": first_update_id + n, **tg.message_update(chat, line, date=start + 3 * n)}
        for n, line in enumerate(LINES)
    ]


def replies(tg: FakeTelegram, chat: int) -> list[str]:
    return [m["text"] for m in tg.sent(chat)]
