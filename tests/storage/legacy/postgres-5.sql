-- A PostgreSQL database as the last release left it (schema version 5): its
-- migrations exactly as that release ran them, then the same replies as in
-- sqlite-6.sql, one row per call.

CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL);
INSERT INTO schema_migrations (version, applied_at) VALUES
    (1, 1700000000), (2, 1700000000), (3, 1700000000), (4, 1700000000), (5, 1700000000);

-- version 1
CREATE TABLE conversations (
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    dialog_version TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX conversations_by_user ON conversations (user_id);
CREATE INDEX conversations_by_age ON conversations (updated_at);
CREATE TABLE applied_updates (
    update_id BIGINT PRIMARY KEY,
    applied_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE outbox (
    update_id BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    call TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (update_id, seq)
);
CREATE INDEX outbox_by_chat ON outbox (chat_id);

-- version 2
CREATE TABLE users (
    user_id BIGINT PRIMARY KEY,
    language TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at DOUBLE PRECISION NOT NULL
);

-- version 3
CREATE TABLE chats (
    chat_id BIGINT PRIMARY KEY,
    language TEXT,
    updated_at DOUBLE PRECISION NOT NULL
);

-- version 4
CREATE TABLE quiz_sessions (
    chat_id BIGINT PRIMARY KEY,
    data TEXT NOT NULL,
    due_at DOUBLE PRECISION
);
CREATE INDEX quiz_sessions_by_due ON quiz_sessions (due_at);
CREATE TABLE quiz_polls (
    poll_id TEXT PRIMARY KEY,
    chat_id BIGINT NOT NULL,
    question_index INTEGER NOT NULL,
    opened_at DOUBLE PRECISION NOT NULL,
    closes_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX quiz_polls_by_chat ON quiz_polls (chat_id);
CREATE TABLE quiz_answers (
    chat_id BIGINT NOT NULL,
    question_index INTEGER NOT NULL,
    user_id BIGINT NOT NULL,
    options TEXT NOT NULL,
    seconds DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (chat_id, question_index, user_id)
);
CREATE INDEX quiz_answers_by_user ON quiz_answers (user_id);
CREATE TABLE quiz_players (
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX quiz_players_by_user ON quiz_players (user_id);

-- version 5
ALTER TABLE quiz_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz'
    CHECK (kind IN ('quiz', 'case'));

INSERT INTO outbox (update_id, seq, chat_id, user_id, call, created_at) VALUES
    (5, 1, 10, 10, '{"method":"sendMessage","params":{"chat_id":10,"text":"¿Dónde?"}}', 1700000000.5),
    (6, 0, 10, 10, '{"method":"editMessageText","params":{"chat_id":10,"message_id":6,"text":"b"}}', 1700000000.5),
    (6, 1, 10, 10, '{"method":"sendMessage","params":{"chat_id":10,"text":"¿Cuánto?"}}', 1700000000.5);
