"""Operator tasks on the SQLite file: online backup and aggregate statistics.

Both read the live database safely while the bot runs (WAL mode). Statistics
are counts only: no user ids, no answers, no text.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def backup(database: Path, target: Path) -> int:
    """Copy the live database to `target` with SQLite's online backup API; return its pages."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
        (pages,) = copy.execute("PRAGMA page_count").fetchone()
        (check,) = copy.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise RuntimeError(f"the backup failed its integrity check: {check}")
        return int(pages)
    finally:
        copy.close()
        source.close()


def stats(database: Path) -> dict[str, Any]:
    """Aggregate counts for `spasmbot stats`."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:

        def one(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        urgency = dict(
            db.execute(
                "SELECT json_extract(data, '$.assessment.urgency'), count(*) FROM conversations"
                " WHERE json_extract(data, '$.assessment') IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        languages = dict(
            db.execute(
                "SELECT coalesce(language, 'telegram default'), count(*) FROM users GROUP BY 1"
            ).fetchall()
        )
        return {
            "conversations": one("SELECT count(*) FROM conversations"),
            "finished": sum(urgency.values()),
            "outcomes_by_urgency": urgency,
            "people_with_settings": one("SELECT count(*) FROM users"),
            "blocked_the_bot": one("SELECT count(*) FROM users WHERE active = 0"),
            "languages_chosen": languages,
            "replies_waiting": one("SELECT count(*) FROM outbox"),
            "quizzes_running": one("SELECT count(*) FROM quiz_sessions WHERE kind = 'quiz'"),
            "case_studies_running": one("SELECT count(*) FROM quiz_sessions WHERE kind = 'case'"),
            "groups_with_a_language": one("SELECT count(*) FROM chats WHERE language IS NOT NULL"),
        }
    finally:
        db.close()
