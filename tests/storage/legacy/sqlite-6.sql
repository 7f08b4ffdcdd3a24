-- A SQLite file as the last release left it (schema version 6): its migrations
-- exactly as that release ran them, then the replies of the conversation in
-- conversation.sql, committed but not all sent, one row per turn. Turn 5 had
-- its first call (the answer mark) delivered; turn 6 had none.

-- version 1
CREATE TABLE conversations (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    dialog_version TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    updated_at REAL NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX conversations_by_user ON conversations (user_id);

-- version 2
CREATE TABLE applied_updates (
    update_id INTEGER PRIMARY KEY,
    applied_at REAL NOT NULL
);
CREATE TABLE outbox (
    update_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    user_id INTEGER,
    call TEXT NOT NULL CHECK (json_valid(call)),
    created_at REAL NOT NULL,
    UNIQUE (update_id, seq)
);
CREATE INDEX outbox_by_chat ON outbox (chat_id);
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    language TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at REAL NOT NULL
);

-- version 3
CREATE TABLE chats (
    chat_id INTEGER PRIMARY KEY,
    language TEXT,
    updated_at REAL NOT NULL
);

-- version 4
CREATE TABLE quiz_sessions (
    chat_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL CHECK (json_valid(data)),
    due_at REAL
);
CREATE INDEX quiz_sessions_by_due ON quiz_sessions (due_at);
CREATE TABLE quiz_polls (
    poll_id TEXT PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    question_index INTEGER NOT NULL,
    opened_at REAL NOT NULL,
    closes_at REAL NOT NULL
);
CREATE INDEX quiz_polls_by_chat ON quiz_polls (chat_id);
CREATE TABLE quiz_answers (
    chat_id INTEGER NOT NULL,
    question_index INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    options TEXT NOT NULL CHECK (json_valid(options)),
    seconds REAL NOT NULL,
    PRIMARY KEY (chat_id, question_index, user_id)
);
CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id);
CREATE TABLE quiz_players (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX quiz_players_by_user ON quiz_players (user_id);

-- version 5
ALTER TABLE quiz_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'
    CHECK (kind IN ('quiz', 'case'));

-- version 6
CREATE TABLE outbox_by_turn (
    update_id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    user_id INTEGER,
    calls TEXT NOT NULL CHECK (json_valid(calls)),
    sent INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
INSERT INTO outbox_by_turn (update_id, chat_id, user_id, calls, created_at)
    SELECT update_id, min(chat_id), min(user_id), json_group_array(json(call)),
        min(created_at)
    FROM (SELECT * FROM outbox ORDER BY update_id, seq)
    GROUP BY update_id;
DROP TABLE outbox;
ALTER TABLE outbox_by_turn RENAME TO outbox;
CREATE INDEX outbox_by_chat ON outbox (chat_id);
PRAGMA user_version = 6;

INSERT INTO outbox (update_id, chat_id, user_id, calls, sent, created_at) VALUES
    (5, 10, 10, '[{"method":"editMessageText","params":{"chat_id":10,"message_id":4,"text":"a"}},{"method":"sendMessage","params":{"chat_id":10,"text":"¿Dónde?"}}]', 1, 1700000000.5),
    (6, 10, 10, '[{"method":"editMessageText","params":{"chat_id":10,"message_id":6,"text":"b"}},{"method":"sendMessage","params":{"chat_id":10,"text":"¿Cuánto?"}}]', 0, 1700000000.5);
