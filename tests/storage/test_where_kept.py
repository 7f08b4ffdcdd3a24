"""The start-up log names the database in use, never a password."""

from __future__ import annotations

from pathlib import Path

from bot.storage import where_kept


def test_start_up_log_did_not_say_which_database_file_is_in_use(tmp_path: Path) -> None:
    database = tmp_path / "data" / "spasmbot.sqlite3"
    assert where_kept(database) == f"SQLite file {database}"
    url = "postgresql://spasmbot:pa55word@db.internal:5433/spasmbot_prod"
    described = where_kept(database, url)
    assert described == "PostgreSQL database spasmbot_prod on db.internal"
    assert "pa55word" not in described and "spasmbot:" not in described
