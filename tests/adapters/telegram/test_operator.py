"""What an operator does beside the running bot, after people used it through Telegram:
the maintenance commands of README.md, run as the README and deploy/ say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.assistant import Content
from bot.paths import PROJECT_ROOT
from tests.adapters.telegram.harness import BENIGN_TAPS, BotHarness


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
