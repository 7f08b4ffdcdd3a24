"""What an operator does beside the running bot, after people used it through Telegram:
the maintenance commands of README.md, run as the README and deploy/ say."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.assistant import Content
from bot.paths import PROJECT_ROOT
from tests.adapters.telegram.bot_process import free_port
from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN, BotHarness
from tests.fakes.bot_api import FakeBotApiServer


async def test_regression_forget_without_the_bots_database_said_it_deleted_everything(
    content: Content, tmp_path: Path
) -> None:
    """Under systemd SPASMBOT_DB is set in the unit, not in the operator's shell:
    `spasmbot forget USER_ID` there created a new, empty database in the operator's data
    directory and said "deleted everything stored about user …", exit 0, while the
    person's answers stayed in the bot's database. It now refuses, naming the path it
    looked at and how to name the right one; nothing is created."""
    database = tmp_path / "service" / "spasmbot.sqlite3"
    database.parent.mkdir()
    async with BotHarness(content, database) as harness:
        alice = harness.user(1001)
        await alice.send("/start")
        for label in BENIGN_TAPS[:3]:
            await alice.click(label)
    shell = {k: v for k, v in os.environ.items() if k not in ("SPASMBOT_DB", "DATABASE_URL")}
    shell["XDG_DATA_HOME"] = str(tmp_path / "operator")

    refused = spasmbot(["forget", "1001"], shell)
    assert refused.returncode == 2
    assert "no database at" in refused.stderr and "SPASMBOT_DB" in refused.stderr
    assert "nothing was deleted" in refused.stderr
    assert not (tmp_path / "operator").exists()

    as_the_service = spasmbot(["forget", "1001"], {**shell, "SPASMBOT_DB": str(database)})
    assert as_the_service.returncode == 0
    assert "1 conversation(s)" in as_the_service.stdout


def spasmbot(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command as an operator types it, in a shell with `env`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def used_database(content: Content, tmp_path: Path) -> Path:
    """The bot's SQLite file after one person answered a few questions."""
    database = tmp_path / "service" / "spasmbot.sqlite3"
    database.parent.mkdir(exist_ok=True)
    async with BotHarness(content, database) as harness:
        alice = harness.user(1001)
        await alice.send("/start")
        for label in BENIGN_TAPS[:3]:
            await alice.click(label)
    return database


async def test_regression_backup_onto_the_live_database_replaced_it(
    content: Content, tmp_path: Path
) -> None:
    """`spasmbot backup /var/lib/spasmbot/spasmbot.sqlite3` (the live file typed as the
    target, by any path to it) said "backed up … integrity ok" and renamed the copy over
    the live database: a running bot went on writing to the unlinked file, and every
    answer after the backup was lost at the next start. It is refused; nothing changes."""
    database = await used_database(content, tmp_path)
    env = {**os.environ, "SPASMBOT_DB": str(database)}
    inode = database.stat().st_ino
    for target in (database, tmp_path / "service" / ".." / "service" / database.name):
        refused = spasmbot(["backup", str(target)], env)
        assert refused.returncode == 2, refused.stderr
        assert "Traceback" not in refused.stderr
        assert "is the live database" in refused.stderr and "no backup made" in refused.stderr
        assert database.stat().st_ino == inode


async def test_regression_backup_into_a_folder_ended_in_a_traceback(
    content: Content, tmp_path: Path
) -> None:
    """`spasmbot backup /var/backups/` (a folder, as with cp) ended in IsADirectoryError
    and a traceback. The copy now goes into the folder, under the database's name; the
    database's own folder is refused as the live database itself."""
    database = await used_database(content, tmp_path)
    env = {**os.environ, "SPASMBOT_DB": str(database)}
    backups = tmp_path / "backups"
    backups.mkdir()
    made = spasmbot(["backup", str(backups)], env)
    assert made.returncode == 0, made.stderr
    assert (backups / database.name).is_file()
    assert "integrity ok" in made.stdout
    own_folder = spasmbot(["backup", str(database.parent)], env)
    assert own_folder.returncode == 2 and "is the live database" in own_folder.stderr


async def test_regression_stats_on_an_older_or_foreign_database_ended_in_a_traceback(
    content: Content, tmp_path: Path
) -> None:
    """`spasmbot stats` on a backup from before an upgrade (or right after `git pull`,
    before the bot was restarted) or on a SQLite file that is not the bot's ended in
    `sqlite3.OperationalError: no such table` and a traceback; `forget` on a file that is
    not the bot's wrote the bot's tables into it and said it deleted everything."""
    database = await used_database(content, tmp_path)
    with sqlite3.connect(database) as db:  # as a release before group sessions left it
        db.execute("DROP TABLE group_sessions")
        db.execute("PRAGMA user_version = 6")
    older = spasmbot(["stats", "--db", str(database)], dict(os.environ))
    assert older.returncode == 2, older.stderr
    assert "Traceback" not in older.stderr
    assert "older spasmbot" in older.stderr and "start the bot" in older.stderr

    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    for command in (["stats"], ["forget", "1001"]):
        refused = spasmbot([*command, "--db", str(foreign)], dict(os.environ))
        assert refused.returncode == 2, refused.stderr
        assert "Traceback" not in refused.stderr
        assert "not spasmbot's database" in refused.stderr
    with sqlite3.connect(foreign) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
    assert tables == ["notes"]


def test_regression_postgres_unreachable_ended_in_a_traceback(tmp_path: Path) -> None:
    """With DATABASE_URL naming a PostgreSQL server that is down, `spasmbot run` and
    `spasmbot forget` ended in a 40-line asyncpg traceback. Each now says in one line which
    database it could not reach and why (never the password) and exits 1."""
    url = f"postgresql://spasmbot:hunter2@127.0.0.1:{free_port()}/spasmbot"
    shell = {k: v for k, v in os.environ.items() if k != "SPASMBOT_DB"}
    with FakeBotApiServer() as server:
        env = {
            **shell,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "SPASMBOT_HEALTH_PORT": "0",
        }
        for command in (["run"], ["forget", "1001"]):
            failed = spasmbot(command, env)
            assert failed.returncode == 1, failed.stderr
            assert "Traceback" not in failed.stderr, failed.stderr
            assert "hunter2" not in failed.stderr
            assert "cannot reach the PostgreSQL database spasmbot on 127.0.0.1" in failed.stderr
            assert "DATABASE_URL" in failed.stderr


def test_regression_a_database_url_that_is_not_postgresql_was_said_to_be_unreachable(
    tmp_path: Path,
) -> None:
    """DATABASE_URL mistyped ('mysql://…', 'postgresq://…', words pasted in) was called
    'cannot reach the PostgreSQL database … check … that the server runs' with exit 1 —
    the status for a server down — sending the operator to look at a server that is
    fine. Now it is a setting the bot cannot use: one line naming DATABASE_URL and what
    it must start with, exit 2 (README), never the password."""
    shell = {k: v for k, v in os.environ.items() if k != "SPASMBOT_DB"}
    with FakeBotApiServer() as server:
        for url in ("mysql://spasmbot:hunter2@127.0.0.1/spasmbot", "not a url"):
            env = {
                **shell,
                "DATABASE_URL": url,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": server.base_url,
                "SPASMBOT_HEALTH_PORT": "0",
            }
            failed = spasmbot(["run"], env)
            assert failed.returncode == 2, failed.stderr
            (line,) = [n for n in failed.stderr.splitlines() if n.startswith("spasmbot:")]
            assert "DATABASE_URL" in line and "postgresql://" in line, line
            assert "cannot reach" not in line and "server runs" not in line
            assert "Traceback" not in failed.stderr and "hunter2" not in failed.stderr


def test_regression_a_backup_restored_after_a_crash_was_undone_by_the_old_wal(
    tmp_path: Path,
) -> None:
    """README's restore — stop the bot, copy the backup over SPASMBOT_DB, start it — after
    a bot that did not stop cleanly (a crash, SIGKILL, the OOM killer, systemd's stop
    timeout) left its -wal file: SQLite replayed that WAL over the copied backup at the
    next start, so the 'restored' database held what was written after the backup (or a
    mix of the two, damaged), with no word. `spasmbot restore BACKUP` now puts the backup
    in place with the old -wal and -shm gone, refused while the bot has the file open."""
    from tests.adapters.telegram.bot_process import CHAT, BotProcess, tap

    with FakeBotApiServer() as server:
        tg = server.telegram
        bot = BotProcess(server, tmp_path)
        database = Path(bot.env["SPASMBOT_DB"])
        bot.start()
        tg.push_update(tg.message_update(CHAT, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT)) >= 2, timeout=20)
        for label in BENIGN_TAPS[:2]:
            tap(server, label)
        bot.wait_until_idle()
        made = spasmbot(["backup", str(tmp_path / "backup.sqlite3")], bot.env)
        assert made.returncode == 0, made.stderr
        # after the backup: another person begins
        tg.push_update(tg.message_update(CHAT + 1, "/start"))
        server.wait_for(lambda t: len(t.sent(CHAT + 1)) >= 2, timeout=20)
        bot.wait_until_idle()

        running = spasmbot(["restore", str(tmp_path / "backup.sqlite3")], bot.env)
        assert running.returncode == 2, running.stderr
        assert "the bot runs" in running.stderr and "stop it first" in running.stderr
        bot.kill()
        assert Path(f"{database}-wal").exists()  # what a crash leaves

        restored = spasmbot(["restore", str(tmp_path / "backup.sqlite3")], bot.env)
        assert restored.returncode == 0, restored.stderr
        assert "Traceback" not in restored.stderr
        assert oct(database.stat().st_mode & 0o777) == "0o600"
        bot.start()
        tap(server, BENIGN_TAPS[2])  # the backup's consultation goes on from its question
        assert bot.stop() == 0
    with sqlite3.connect(database) as db:
        chats = [row[0] for row in db.execute("SELECT chat_id FROM conversations")]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert chats == [CHAT]  # nothing written after the backup came back
