"""The tables both databases keep: one list of migrations, the same versions on both.

The list is written in SQLite's terms. PostgreSQL runs it through its dialect
(`postgres.in_postgres_terms`): every INTEGER is a BIGINT there (Telegram ids
need 64 bits) and every REAL a DOUBLE PRECISION, and SQLite's own clauses
(`json_valid` checks, `WITHOUT ROWID`) are left out, and its JSON functions
(`json_extract`, `json_set`) are `jsonb`'s. Each database records
the versions it has run: SQLite in `PRAGMA user_version`, PostgreSQL in its
`schema_migrations` table.

Until version 5 the two backends had lists of their own with the same tables
in the end: PostgreSQL's version 1 held what SQLite's versions 1 and 2 did,
which is why version 2 creates only what is missing. SQLite then had a
version 6 of its own (an outbox of one row per turn); such a file is turned
back into version 5 before the list goes on (`sqlite.undo_outbox_by_turn`).
Never edit a released entry: add one.
"""

from __future__ import annotations

#: Each entry upgrades the schema by one version.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, dialog_version TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)), updated_at REAL NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX conversations_by_user ON conversations (user_id);
    """,
    """
    CREATE TABLE IF NOT EXISTS applied_updates (
        update_id INTEGER PRIMARY KEY, applied_at REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS outbox (
        update_id INTEGER NOT NULL, seq INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        user_id INTEGER, call TEXT NOT NULL CHECK (json_valid(call)),
        created_at REAL NOT NULL, UNIQUE (update_id, seq)
    );
    CREATE INDEX IF NOT EXISTS outbox_by_chat ON outbox (chat_id);
    CREATE TABLE users (
        user_id INTEGER PRIMARY KEY, language TEXT, active INTEGER NOT NULL DEFAULT 1,
        updated_at REAL NOT NULL
    );
    """,
    """
    CREATE TABLE chats (chat_id INTEGER PRIMARY KEY, language TEXT, updated_at REAL NOT NULL);
    """,
    """
    CREATE TABLE quiz_sessions (
        chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL CHECK (json_valid(data)), due_at REAL
    );
    CREATE INDEX quiz_sessions_by_due ON quiz_sessions (due_at);
    CREATE TABLE quiz_polls (
        poll_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, question_index INTEGER NOT NULL,
        opened_at REAL NOT NULL, closes_at REAL NOT NULL
    );
    CREATE INDEX quiz_polls_by_chat ON quiz_polls (chat_id);
    CREATE TABLE quiz_answers (
        chat_id INTEGER NOT NULL, question_index INTEGER NOT NULL, user_id INTEGER NOT NULL,
        options TEXT NOT NULL CHECK (json_valid(options)), seconds REAL NOT NULL,
        PRIMARY KEY (chat_id, question_index, user_id)
    );
    CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id);
    CREATE TABLE quiz_players (
        chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, name TEXT NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX quiz_players_by_user ON quiz_players (user_id);
    """,
    """
    ALTER TABLE quiz_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'
        CHECK (kind IN ('quiz', 'case'));
    """,
    # The outbox alike on both: one row per call, keyed by turn and place (on SQLite the
    # key is the table's own B-tree). Retention scans the conversations once an hour
    # rather than keep an index of their age up to date on every turn.
    """
    CREATE TABLE outbox_by_call (
        update_id INTEGER NOT NULL, seq INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        user_id INTEGER, call TEXT NOT NULL CHECK (json_valid(call)), created_at REAL NOT NULL,
        PRIMARY KEY (update_id, seq)
    ) WITHOUT ROWID;
    INSERT INTO outbox_by_call (update_id, seq, chat_id, user_id, call, created_at)
        SELECT update_id, seq, chat_id, user_id, call, created_at FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_by_call RENAME TO outbox;
    CREATE INDEX outbox_by_chat ON outbox (chat_id);
    DROP INDEX IF EXISTS conversations_by_age;
    """,
    # 7: group sessions' tables named for what they hold (they began as a quiz's:
    # quiz_answers are the votes of any session), and the last session of each kind
    # a group ran, for `/quiz again`.
    """
    ALTER TABLE quiz_sessions RENAME TO group_sessions;
    ALTER TABLE quiz_polls RENAME TO group_polls;
    ALTER TABLE quiz_answers RENAME TO group_votes;
    ALTER TABLE quiz_players RENAME TO group_players;
    ALTER TABLE group_polls RENAME COLUMN question_index TO round;
    ALTER TABLE group_votes RENAME COLUMN question_index TO round;
    DROP INDEX quiz_sessions_by_due;
    DROP INDEX quiz_polls_by_chat;
    DROP INDEX quiz_answers_by_user;
    DROP INDEX quiz_players_by_user;
    CREATE INDEX group_sessions_by_due ON group_sessions (due_at);
    CREATE INDEX group_polls_by_chat ON group_polls (chat_id);
    CREATE INDEX group_votes_by_user ON group_votes (user_id);
    CREATE INDEX group_players_by_user ON group_players (user_id);
    CREATE TABLE group_replays (
        chat_id INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (chat_id, kind)
    )
    """,
    # 8: teachers' own quizzes, by code, and the homework students take by link: one
    # row per student and quiz (a topic or a code), its answers as JSON.
    """
    CREATE TABLE teacher_quizzes (
        code TEXT PRIMARY KEY, owner_id INTEGER NOT NULL, title TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)), update_id INTEGER NOT NULL,
        created_at REAL NOT NULL, updated_at REAL NOT NULL
    );
    CREATE INDEX teacher_quizzes_by_owner ON teacher_quizzes (owner_id);
    CREATE TABLE homework (
        user_id INTEGER NOT NULL, quiz TEXT NOT NULL, name TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)), started_at REAL NOT NULL,
        updated_at REAL NOT NULL, finished_at REAL,
        PRIMARY KEY (user_id, quiz)
    );
    CREATE INDEX homework_by_quiz ON homework (quiz)
    """,
    # 9: the message that shows a conversation's open question, as Telegram numbered it:
    # a Reply to an older message is told apart from an answer to it after a restart too.
    """
    ALTER TABLE conversations ADD COLUMN question_message_id INTEGER
    """,
    # 10: the threads of comments under a channel's posts, by discussion group and root
    # (the post's copy): a command written deep in one is answered there after a restart,
    # or on another process, too.
    """
    CREATE TABLE comment_threads (
        chat_id INTEGER NOT NULL, root INTEGER NOT NULL, seen_at REAL NOT NULL,
        PRIMARY KEY (chat_id, root)
    )
    """,
    # 11: who started a group session, a column of its own (0: nobody to tell, forgotten
    # by /forget), no longer found by a substring of the session's JSON; the JSON keeps 0.
    """
    ALTER TABLE group_sessions ADD COLUMN started_by INTEGER NOT NULL DEFAULT 0;
    UPDATE group_sessions
        SET started_by = coalesce(CAST(json_extract(data, '$.started_by') AS INTEGER), 0),
        data = json_set(data, '$.started_by', 0)
    """,
    # 12: the topic of their private chat with the bot (Bot API 9.3) a teacher last sent
    # a quiz file or a quiz command in: a group quiz's results are sent there. No row:
    # the chat's main topic.
    """
    CREATE TABLE teacher_topics (
        user_id INTEGER PRIMARY KEY, topic INTEGER NOT NULL, seen_at REAL NOT NULL
    )
    """,
    # 13: replies of a finished consultation that could not reach a person who had
    # blocked the bot, held (since `held_at`) for a day, to go out first when they write
    # again (`sql.DEACTIVATE`, `sql.RELEASE_HELD`); waiting replies have none.
    """
    ALTER TABLE outbox ADD COLUMN held_at REAL
    """,
    # 14: when a group session last changed (a step, a command, a tap), so that one left
    # paused, in its lobby or waiting for /next is purged with its votes and names after
    # the retention period (`sql.PURGE_GROUP_SESSIONS`). A session stored before has
    # none: the first purge after the upgrade sets it, so it gets a whole period.
    """
    ALTER TABLE group_sessions ADD COLUMN updated_at REAL
    """,
    # 15: supergroups a group of the bot's became (`Turns.migrated_into`): the bot is
    # there already, and the "joined" Telegram sends for it is no one adding the bot —
    # the group's help is not posted again, by whichever process receives it.
    """
    CREATE TABLE migrated_chats (chat_id INTEGER PRIMARY KEY, seen_at REAL NOT NULL)
    """,
)


def statements(script: str) -> list[str]:
    """A migration's statements, one by one (no statement here holds a `;`)."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]
