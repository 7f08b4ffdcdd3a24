"""Starting the bot as the README says: the real process, the example env file,
and one clear line when Telegram cannot be reached or the token is wrong."""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.adapters.telegram.harness import TOKEN
from tests.adapters.telegram.processes import free_port
from tests.conftest import ROOT
from tests.fakes.bot_api import FakeBotApiServer

CHAT = 5151


def load_env_as_make_bot_does(env_file: str) -> str:
    """The Makefile's own shell line that loads the env file for `make bot`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (line,) = re.findall(r"^LOAD_ENV = (.+)$", makefile, re.MULTILINE)
    return line.replace("$(ENV_FILE)", env_file)


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without spasmbot's settings, plus `settings`."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SPASMBOT_", "TELEGRAM_", "DATABASE_URL"))
    }
    return {**inherited, "SPASMBOT_HEALTH_PORT": "0", **settings}


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_example_env_file_stopped_make_bot_with_cannot_read_the_file(tmp_path: Path) -> None:
    """`cp deploy/spasmbot.env.example spasmbot.env`, set the token, `make bot`."""
    example = (ROOT / "deploy" / "spasmbot.env.example").read_text(encoding="utf-8")
    env_file = tmp_path / "spasmbot.env"
    env_file.write_text(
        example.replace("\nTELEGRAM_BOT_TOKEN=\n", f"\nTELEGRAM_BOT_TOKEN={TOKEN}\n"),
        encoding="utf-8",
    )
    database = tmp_path / "data" / "bot.sqlite3"
    log = tmp_path / "bot.log"
    with FakeBotApiServer() as server:
        tg = server.telegram
        env = clean_env(TELEGRAM_BASE_URL=server.base_url, SPASMBOT_DB=str(database))
        # The Makefile sources "./$(ENV_FILE)": a path relative to the repository.
        relative = os.path.relpath(env_file, ROOT)
        script = f"{load_env_as_make_bot_does(relative)}; exec {sys.executable} -m bot run"
        with log.open("wb") as output:
            bot = subprocess.Popen(
                ["sh", "-c", script], cwd=ROOT, env=env, stdout=output, stderr=output
            )
        try:
            server.wait_for(lambda t: t.counts["getUpdates"] > 0 or bot.poll() is not None, 60)
            assert bot.poll() is None, log.read_text()
            tg.push_update(tg.message_update(CHAT, "/start"))
            server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=30)
            assert "safety check" in tg.sent(CHAT)[1]["text"]
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                assert bot.wait(timeout=30) == 0
            finally:
                if bot.poll() is None:
                    bot.kill()  # a failed test leaves no bot behind
                    bot.wait()
    text = log.read_text()
    assert f"conversations are kept in the SQLite file {database}" in text
    assert TOKEN not in text and "Traceback" not in text


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *, names: str) -> None:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) < 5, done.stderr
    assert names in lines[-1] and lines[-1].startswith("spasmbot: "), done.stderr
    assert "Traceback" not in done.stderr


def test_unreachable_telegram_at_start_printed_a_240_line_double_traceback(
    tmp_path: Path,
) -> None:
    closed = free_port()  # nothing listens there
    done = start(
        clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=f"http://127.0.0.1:{closed}/bot",
            SPASMBOT_DB=str(tmp_path / "bot.sqlite3"),
        )
    )
    assert_one_clear_line(done, names=f"cannot reach the Bot API at http://127.0.0.1:{closed}")
    assert TOKEN not in done.stderr


def test_malformed_token_at_start_printed_a_traceback(tmp_path: Path) -> None:
    token = "my-bot-token-from-the-mail"
    done = start(clean_env(TELEGRAM_BOT_TOKEN=token, SPASMBOT_DB=str(tmp_path / "b.sqlite3")))
    assert done.returncode == 2
    assert_one_clear_line(done, names="TELEGRAM_BOT_TOKEN does not hold a bot token")
    assert token not in done.stderr


@contextmanager
def telegram_refusing_every_token() -> Iterator[str]:
    """A Bot API that answers 401 Unauthorized, as Telegram does for a revoked token."""

    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"})
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        server.shutdown()
        server.server_close()


def test_token_refused_by_telegram_at_start_printed_the_token_in_a_traceback(
    tmp_path: Path,
) -> None:
    with telegram_refusing_every_token() as base_url:
        done = start(
            clean_env(
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_BASE_URL=base_url,
                SPASMBOT_DB=str(tmp_path / "bot.sqlite3"),
            )
        )
    assert_one_clear_line(done, names="refused the bot token: check TELEGRAM_BOT_TOKEN")
    assert TOKEN not in done.stderr


@contextmanager
def a_port_taken() -> Iterator[int]:
    """Another program (another bot, a node exporter) listening on loopback."""
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        yield int(taken.getsockname()[1])
    finally:
        taken.close()


def test_regression_a_health_or_webhook_port_in_use_ended_in_a_traceback(tmp_path: Path) -> None:
    """A second bot on the host, or anything on 8081, stopped `spasmbot run` with a
    30-line aiohttp traceback ('OSError: [Errno 98] error while attempting to bind'), and
    `spasmbot webhook` likewise; an address that is not this host's did the same. Each now
    says in one line where it could not listen, why and which settings choose it, exit 2."""
    with FakeBotApiServer() as server, a_port_taken() as port:
        base = dict(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=server.base_url,
            SPASMBOT_DB=str(tmp_path / "bot.sqlite3"),
        )
        polling = start(clean_env(**base, SPASMBOT_HEALTH_PORT=str(port)))
        assert polling.returncode == 2, polling.stderr
        assert_one_clear_line(
            polling, names=f"cannot listen on 127.0.0.1:{port} (address already in use)"
        )
        assert "SPASMBOT_HEALTH_PORT" in polling.stderr
        webhook = subprocess.run(
            [sys.executable, "-m", "bot", "webhook"],
            cwd=ROOT,
            env=clean_env(
                **base,
                SPASMBOT_WEBHOOK_URL="https://bot.example.org",
                SPASMBOT_WEBHOOK_SECRET="s3cret",
                SPASMBOT_WEBHOOK_PORT=str(port),
            ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert webhook.returncode == 2, webhook.stderr
        assert_one_clear_line(webhook, names=f"cannot listen on 127.0.0.1:{port}")
        assert "SPASMBOT_WEBHOOK_PORT" in webhook.stderr
        other = free_port()
        nowhere = start(
            clean_env(**base, SPASMBOT_HEALTH_LISTEN="192.0.2.1", SPASMBOT_HEALTH_PORT=str(other))
        )
        assert nowhere.returncode == 2, nowhere.stderr
        assert_one_clear_line(
            nowhere, names=f"cannot listen on 192.0.2.1:{other} (cannot assign requested address)"
        )


def test_regression_a_locales_folder_without_catalogs_served_english_in_silence(
    tmp_path: Path,
) -> None:
    """SPASMBOT_LOCALES mistyped in the unit, or a clone started without `make
    i18n-compile`: the bot started, registered its menu in English alone and answered
    every Russian, Spanish and German user in English, and the log said nothing. The
    start-up log now says, at WARNING, that it found no compiled catalogs, where it
    looked and which setting chooses the folder."""
    from tests.adapters.telegram.bot_process import BotProcess

    empty = tmp_path / "locales"
    empty.mkdir()
    with FakeBotApiServer() as server:
        bot = BotProcess(server, tmp_path, log_level="INFO")
        bot.env = clean_env(**{k: v for k, v in bot.env.items() if k.startswith("TELEGRAM_")})
        bot.env.update(SPASMBOT_DB=str(tmp_path / "bot.sqlite3"), SPASMBOT_LOCALES=str(empty))
        try:
            bot.start()
            assert bot.stop() == 0
        finally:
            if bot.process is not None and bot.process.poll() is None:
                bot.kill()
    log = bot.log.read_text(errors="replace")
    warned = [line for line in log.splitlines() if "WARNING" in line and "catalog" in line]
    assert len(warned) == 1, log
    assert str(empty) in warned[0] and "SPASMBOT_LOCALES" in warned[0], warned
    assert "English" in warned[0]


def test_a_container_restarted_forever_on_a_setting_it_cannot_use(tmp_path: Path) -> None:
    """In a container (`--hold-on-exit-2`, as compose runs it) a setting the bot cannot
    use is said once, and the process waits to be stopped instead of exiting 2 into
    compose's restart policy; SIGTERM (`docker compose stop`) ends it at once."""
    env = clean_env(
        TELEGRAM_BOT_TOKEN="not-a-token",
        SPASMBOT_DB=str(tmp_path / "b.sqlite3"),
        TMPDIR=str(tmp_path),
    )
    bot = held_bot(env)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            bot.wait(timeout=5)
        bot.send_signal(signal.SIGTERM)
        _, stderr = bot.communicate(timeout=10)
    finally:
        bot.kill()
    assert bot.returncode == 2
    assert "TELEGRAM_BOT_TOKEN does not hold a bot token" in stderr
    assert "not-a-token" not in stderr and "Traceback" not in stderr
    assert "waiting to be stopped" in stderr


def held_bot(env: dict[str, str]) -> subprocess.Popen[str]:
    """`spasmbot run --hold-on-exit-2`, as the compose file starts it, with `env`."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--hold-on-exit-2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def dockerfile_healthcheck() -> str:
    """The Python the image's HEALTHCHECK runs (`python -c "..."`), joined into one line."""
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    found = re.search(r'HEALTHCHECK .*?CMD python -c "(.*?)"\n', dockerfile, re.DOTALL)
    assert found is not None
    return found.group(1).replace("\\\n", "")


def test_regression_a_held_container_showed_unhealthy_with_no_hint_why(tmp_path: Path) -> None:
    """A bot held on a setting it cannot use (exit status 2, `--hold-on-exit-2`) showed as
    "Up (unhealthy)" in `docker compose ps`, and what Docker kept of its health checks
    said only "Connection refused": the reason was in the first lines of the logs alone.
    The held bot now leaves its reason where the image's health check reads it, so the
    check's output (`docker inspect`, README) says why; a bot that starts clears it."""
    env = clean_env(
        TELEGRAM_BOT_TOKEN="not-a-token",
        SPASMBOT_DB=str(tmp_path / "b.sqlite3"),
        SPASMBOT_HEALTH_PORT=str(free_port()),
        TMPDIR=str(tmp_path),
    )
    bot = held_bot(env)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            bot.wait(timeout=5)
        check = subprocess.run(
            [sys.executable, "-c", dockerfile_healthcheck()],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        bot.send_signal(signal.SIGTERM)
        bot.communicate(timeout=10)
    finally:
        bot.kill()
    assert check.returncode != 0
    said = check.stdout + check.stderr
    assert "TELEGRAM_BOT_TOKEN does not hold a bot token" in said, said
    assert "exit status 2" in said and "not-a-token" not in said
    assert "Traceback" not in said
