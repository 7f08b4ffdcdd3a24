"""Is a SQLite file fit to use? One line that says why not, before anything touches it.

A database path that is a directory, unreadable, read-only, not a database or
damaged used to end in a long traceback, or in a process that never exited,
and sometimes left -wal and -shm files beside a file that was not ours. The
operator needs the path, the reason, and the setting that chooses the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class DatabaseUnusable(Exception):
    """The database file cannot be used; the message is one line for the operator."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"the database {path} {reason}; SPASMBOT_DB (or --db) names the SQLite file to use"
        )
        self.path = path


class DatabaseTooNew(DatabaseUnusable):
    """The database was upgraded by a newer release (a rollback): this one does not know
    its tables, and running on them could lose or damage what the newer one wrote."""

    def __init__(self, where: str, version: int, known: int) -> None:
        Exception.__init__(
            self,
            f"the {where} was upgraded by a newer release of spasmbot (schema version "
            f"{version}; this release knows up to {known}) and was left as it was: start "
            "the newer release again, or restore the backup made before the upgrade "
            "(README, Upgrading)",
        )
        self.path = Path()


def check_database_file(path: Path, *, write: bool) -> None:
    """Raise `DatabaseUnusable` unless `path` can be read (and with `write`, written).

    Only reads: a file that fails is left exactly as it was. A missing file is
    fine when it is to be written (it is created); readers check for that first.
    """
    if path.is_dir():
        raise DatabaseUnusable(path, "is a directory, not a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not path.exists():
        if write and folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            raise DatabaseUnusable(path, f"cannot be created: the folder {folder} is read-only")
        return
    if not os.access(path, os.R_OK):
        raise DatabaseUnusable(path, "cannot be read (permission denied)")
    if write and not os.access(path, os.W_OK):
        raise DatabaseUnusable(path, "is read-only")
    if write and not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnusable(
            path,
            f"cannot be written: its folder {folder} is read-only (SQLite keeps -wal and "
            "-shm files beside the database)",
        )
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseUnusable(path, f"cannot be opened ({exc})") from exc
    try:
        (result,) = db.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise DatabaseUnusable(path, "is not a SQLite database") from exc
        raise DatabaseUnusable(path, f"is damaged ({one_line(str(exc))})") from exc
    finally:
        db.close()
    if result != "ok":
        raise DatabaseUnusable(path, f"is damaged (quick_check: {one_line(result)})")


def one_line(text: str) -> str:
    """SQLite's check reports span lines; the operator gets one."""
    return " ".join(str(text).split())
