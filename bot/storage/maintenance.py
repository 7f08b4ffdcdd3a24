"""Operator tasks on the SQLite file: online backup and aggregate statistics.

Both read the live database safely while the bot runs (WAL mode). Statistics
are counts only: no user ids, no answers, no text.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from bot.storage.database_file import DatabaseUnusable, check_database_file, one_line
from bot.storage.schema import MIGRATIONS


class BackupFailed(Exception):
    """The copy is not sound; the file it was to replace is left as it was."""


class BackupRefused(Exception):
    """The target is the live database itself; nothing was done."""


def backup(database: Path, target: Path) -> tuple[Path, int]:
    """Copy the live database to `target` with SQLite's online backup API; return the
    file written and its pages.

    The copy is written to a temporary file beside `target` and checked in full
    (`PRAGMA integrity_check`) before it takes `target`'s place in one rename:
    a damaged source, a full disk or a crash never replaces a good backup. A
    folder as `target` gets the copy under the database's name, as `cp` does; the
    live database itself is never a target (the running bot would go on writing
    to the file the rename unlinked, and lose it all at its next start).
    """
    check_database_file(database, write=False)
    if target.is_dir():
        target = target / database.name
    if target.resolve() == database.resolve():
        raise BackupRefused(f"{target} is the live database; name another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        pages = _copy_and_check(database, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target, pages


def _copy_and_check(database: Path, copy_path: Path) -> int:
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(copy_path)
    try:
        try:
            with copy:
                source.backup(copy)
            (pages,) = copy.execute("PRAGMA page_count").fetchone()
            problems = [one_line(row[0]) for row in copy.execute("PRAGMA integrity_check(3)")]
        except sqlite3.DatabaseError as exc:
            raise BackupFailed(f"{database} cannot be copied: {exc}") from exc
        if problems != ["ok"]:
            raise BackupFailed(f"{database} is damaged: {'; '.join(problems)}")
        return int(pages)
    finally:
        copy.close()
        source.close()


class RestoreRefused(Exception):
    """The database is open in another process (the bot runs); nothing was changed."""


def restore(copy: Path, database: Path) -> int:
    """Put the backup `copy` in the place of `database` (the bot stopped); its pages.

    A bot stopped by a crash, SIGKILL or a power cut leaves its `-wal` file (a clean
    stop does not): copied over the database, the backup would have that WAL replayed
    on it at the next start, the restore undone or the file damaged. So the copy,
    checked in full, is written beside the database with its owner and mode, the old
    `-wal` and `-shm` are removed, and the copy takes the database's place in one
    rename. Refused while any process has the database open.
    """
    check_database_file(copy, write=False)
    if copy.resolve() == database.resolve():
        raise RestoreRefused(f"{copy} is the database itself; name the backup")
    with contextlib.closing(sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)) as db:
        check_schema(copy, db, older_is_fine=True)
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            raise DatabaseUnusable(
                copy,
                f"was written by a newer spasmbot (schema {version}, this one knows "
                f"{len(MIGRATIONS)}): restore it with that release",
            )
    if _open_elsewhere(database):
        raise RestoreRefused(f"{database} is open in another process (the bot runs): stop it first")
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{database.name}.", suffix=".restoring", dir=database.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        pages = _copy_and_check(copy, temporary)
        if database.exists():
            was = database.stat()
            os.chmod(temporary, was.st_mode & 0o7777)
            with contextlib.suppress(PermissionError):  # only root gives a file away
                os.chown(temporary, was.st_uid, was.st_gid)
        for leftover in ("-wal", "-shm", "-journal"):
            Path(f"{database}{leftover}").unlink(missing_ok=True)
        os.replace(temporary, database)
    finally:
        temporary.unlink(missing_ok=True)
    return pages


def _open_elsewhere(database: Path) -> bool:
    """Whether a process has the database open: each SQLite connection to a WAL database
    holds a read lock on one byte of its `-shm` file (SQLite's "DMS" byte) while open."""
    shm = Path(f"{database}-shm")
    try:
        handle = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        return True
    else:
        fcntl.lockf(handle, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(handle)


def stats(database: Path) -> dict[str, Any]:
    """Aggregate counts for `spasmbot stats`."""
    check_database_file(database, write=False)
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        check_schema(database, db)

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
            "replies_waiting": one("SELECT count(*) FROM outbox WHERE held_at IS NULL"),
            "quizzes_running": one("SELECT count(*) FROM group_sessions WHERE kind = 'quiz'"),
            "case_studies_running": one("SELECT count(*) FROM group_sessions WHERE kind = 'case'"),
            "groups_with_a_language": one("SELECT count(*) FROM chats WHERE language IS NOT NULL"),
        }
    finally:
        db.close()


def check_ours(path: Path) -> None:
    """Raise `DatabaseUnusable` if the existing file `path` is not spasmbot's database.

    Opening it as the bot's storage would write the bot's tables into another
    program's file (and `forget` would say it deleted everything)."""
    check_database_file(path, write=False)
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check_schema(path, db, older_is_fine=True)
    finally:
        db.close()


def check_schema(path: Path, db: sqlite3.Connection, *, older_is_fine: bool = False) -> None:
    """Raise `DatabaseUnusable` unless `db` is spasmbot's, with every table this release reads.

    The bot upgrades its database when it starts; a file an older release wrote (a
    backup, or the live one between `git pull` and the restart) lacks the newer
    tables, and another program's SQLite file has none of them.
    """
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if not version:
        raise DatabaseUnusable(path, "is not spasmbot's database (none of its tables)")
    if version < len(MIGRATIONS) and not older_is_fine:
        raise DatabaseUnusable(
            path,
            f"was written by an older spasmbot (schema {version}, this one reads "
            f"{len(MIGRATIONS)}): start the bot once to upgrade it, then ask again",
        )
