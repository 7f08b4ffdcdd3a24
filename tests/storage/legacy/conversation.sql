-- A conversation in progress, stored the same way by both databases of the last
-- release; its replies are in the outbox rows of sqlite-6.sql and postgres-5.sql.

INSERT INTO conversations (chat_id, user_id, dialog_version, data, updated_at) VALUES
    (10, 10, 'test', '{"dialog_version":"test","state":"duration","answers":{"location":"one_eyelid"},"history":[],"step":5,"assessment":null}', 1700000000.5),
    (-100, 10, 'test', '{"dialog_version":"test","state":"location","answers":{},"history":[],"step":3,"assessment":null}', 1700000000.5);
INSERT INTO users (user_id, language, active, updated_at) VALUES (10, 'de', 1, 1700000000.5);
INSERT INTO chats (chat_id, language, updated_at) VALUES (-100, 'es', 1700000000.5);
INSERT INTO applied_updates (update_id, applied_at) VALUES (5, 1700000000.5), (6, 1700000000.5);
INSERT INTO quiz_sessions (chat_id, data, due_at, kind) VALUES (-100, '{"chat_id":-100}', 1700000060.0, 'case'),
    (-101, '{"kind":"quiz","chat_id":-101,"language":"en","seconds":30,"started_by":77,"round":0,"phase":"asking","due_at":1700000090.0,"pause_after":false,"poll_id":null,"poll_message_id":null,"resent_round":-1,"opened_at":0.0,"closes_at":0.0,"shown":[],"turn_base":0,"posted":0,"questions":[],"quiz_code":"","own_quiz":"","bank":"","case_id":"","conversation":null,"place":{"topic":null,"comments_on":null}}', 1700000090.0, 'quiz');
