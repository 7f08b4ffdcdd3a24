"""What every storage backend promises, checked on SQLite and on a real PostgreSQL server.

The bot depends only on these behaviours: a conversation survives a restart;
an update is applied once however often it arrives; its replies wait in the
outbox until delivered; /forget deletes a person everywhere; idle data goes;
group sessions keep their schedule and votes; and a chat is handled by one
process at a time.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.assistant import Assistant, Content
from bot.core import events
from bot.core.group_polls import PollWindow
from bot.core.group_session import GroupSession, Kind
from bot.storage import ConversationKey
from bot.storage.base import Database, Storage, TurnRecord
from bot.storage.schema import MIGRATIONS
from bot.storage.teaching import TeachingStore, ending, saving
from tests.storage.backends import Backend

KEY = ConversationKey(chat_id=10, user_id=20)
CALL = {"method": "sendMessage", "params": {"chat_id": 10, "text": "hello"}}


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Database]:
    async with backend.opened() as opened:
        yield opened


async def test_a_conversation_survives_a_restart(content: Content, backend: Backend) -> None:
    async with backend.opened() as first:
        assistant = Assistant(content, first)
        await assistant.take_turn(KEY, events.Start())
        await assistant.take_turn(KEY, events.Typed("none of these"))
    async with backend.opened() as second:  # migrations run again: nothing changes
        assert await second.schema_version() == len(MIGRATIONS)  # type: ignore[attr-defined]
        turn = await Assistant(content, second).take_turn(KEY, events.Start())
        assert turn.state == "location" and "Welcome back" in turn.messages[0].text
        assert await second.ping()


async def test_an_update_is_applied_once_and_its_replies_wait_until_delivered(
    content: Content, store: Storage
) -> None:
    conversation = content.engine.new_conversation()
    record = TurnRecord(7, KEY, conversation=conversation, calls=[CALL, CALL], language="de")
    assert await store.commit(record)
    assert not await store.commit(TurnRecord(7, KEY, calls=[CALL]))  # delivered again
    snapshot = await store.snapshot(7, KEY)
    assert snapshot.applied and snapshot.conversation == conversation
    assert snapshot.language == "de" and snapshot.active
    pending = await store.pending(KEY.chat_id)
    assert [(p.update_id, p.seq) for p in pending] == [(7, 0), (7, 1)]
    assert pending[0].call == CALL
    await store.delivered(pending[:1])
    assert [(p.update_id, p.seq) for p in await store.pending()] == [(7, 1)]
    await store.deactivate(KEY.user_id, KEY.chat_id)  # blocked the bot: nothing more to send
    assert await store.pending() == []
    assert not (await store.snapshot(8, KEY)).active


async def test_a_partly_delivered_turn_sends_only_the_rest_after_a_restart(
    backend: Backend,
) -> None:
    edit = {"method": "editMessageText", "params": {"chat_id": 10, "message_id": 3, "text": "a"}}
    async with backend.opened() as first:
        assert await first.commit(TurnRecord(7, KEY, calls=[edit, CALL]))
        assert await first.commit(TurnRecord(8, KEY, calls=[CALL]))
        pending = await first.pending(KEY.chat_id)
        assert [(p.update_id, p.seq) for p in pending] == [(7, 0), (7, 1), (8, 0)]
        await first.delivered(pending[:1])  # the edit went out, then the process died
    async with backend.opened() as second:
        left = await second.pending()
        assert [(p.update_id, p.seq, p.call) for p in left] == [(7, 1, CALL), (8, 0, CALL)]
        await second.delivered(left)
    async with backend.opened() as third:
        assert await third.pending() == []


async def test_concurrent_deliveries_of_one_update_apply_it_once(store: Storage) -> None:
    results = await asyncio.gather(
        *(store.commit(TurnRecord(99, KEY, calls=[CALL])) for _ in range(8))
    )
    assert sorted(results) == [False] * 7 + [True]
    assert len(await store.pending()) == 1


async def test_forget_deletes_a_person_everywhere(content: Content, store: Database) -> None:
    assistant = Assistant(content, store)
    await assistant.take_turn(KEY, events.Start())
    await assistant.take_turn(ConversationKey(-5, KEY.user_id), events.Start())
    await assistant.take_turn(ConversationKey(11, 21), events.Start())
    teaching = TeachingStore(store.statements)
    await teaching.add_poll("p1", -5, 0, PollWindow(0.0, time.time() + 60))
    assert await teaching.record_answer("p1", KEY.user_id, "Ann", [1], time.time())
    assert await store.forget_user(KEY.user_id) == 2
    assert await store.load(KEY) is None
    assert await store.load(ConversationKey(11, 21)) is not None
    assert await teaching.answers(-5) == [] and await teaching.players(-5) == {}


async def test_regression_forget_left_a_starters_id_in_a_session_whose_json_was_laid_out_otherwise(
    store: Database,
) -> None:
    """/forget cleared a group session's starter by finding `"started_by":ID,` in its
    JSON: stored with another layout (spaces after the colons, as PostgreSQL's `jsonb`
    writes it, or the keys in another order) the teacher's id stayed, and the results
    went to them after all; a step under way wrote it back the same way. Who started a
    session is a column of its own, cleared by its value."""
    teaching = TeachingStore(store.statements)
    starter = 7_000_000_001
    session = GroupSession(Kind.QUIZ, -100, "en", 30, starter, due_at=1000.0)
    await teaching.save(session)
    (data,) = await store.statements.fetchone("SELECT data FROM group_sessions") or ("",)
    laid_out = json.dumps(dict(reversed(json.loads(data).items())), indent=1)
    await store.statements.execute("UPDATE group_sessions SET data = ?", laid_out)
    loaded = await teaching.load(-100)
    assert loaded is not None and loaded.started_by == starter
    await store.forget_user(starter)
    forgotten = await teaching.load(-100)
    assert forgotten is not None and forgotten.started_by == 0
    assert forgotten.questions == session.questions and forgotten.due_at == 1000.0
    await teaching.save(replace(loaded, round=1))  # a step that read it before the forget
    again = await teaching.load(-100)
    assert again is not None and again.started_by == 0 and again.round == 1
    rows = await store.statements.fetch("SELECT * FROM group_sessions")
    assert str(starter) not in str(rows)


async def test_idle_conversations_are_purged(content: Content, store: Storage) -> None:
    await Assistant(content, store).take_turn(KEY, events.Start())
    assert (await store.purge_idle(time.time() - 3600)).conversations == 0
    assert (await store.purge_idle(time.time() + 1)).conversations == 1
    assert await store.load(KEY) is None


async def test_comment_threads_are_kept_until_nobody_wrote_in_them_for_the_retention(
    backend: Backend,
) -> None:
    async with backend.opened() as first:
        await first.comment_thread_seen(-100888, 901)
        await first.comment_thread_seen(-100888, 901)  # seen again: still one
    async with backend.opened() as after_a_restart:
        assert await after_a_restart.is_comment_thread(-100888, 901)
        assert not await after_a_restart.is_comment_thread(-100888, 902)
        assert not await after_a_restart.is_comment_thread(-100777, 901)
        await after_a_restart.purge_idle(time.time() - 3600)
        assert await after_a_restart.is_comment_thread(-100888, 901)
        await after_a_restart.purge_idle(time.time() + 1)
        assert not await after_a_restart.is_comment_thread(-100888, 901)


async def test_a_supergroup_a_group_became_is_known_to_every_process_until_the_bot_leaves(
    backend: Backend,
) -> None:
    async with backend.opened() as first:
        await first.migrated_into(-100888)
        await first.migrated_into(-100888)  # told by both service messages: still one
    async with backend.opened() as another:
        assert await another.came_by_migration(-100888)
        assert not await another.came_by_migration(-100777)
        await another.purge_idle(time.time() - 3600)
        assert await another.came_by_migration(-100888)
        await another.left_chat(-100888)  # the bot left it
        assert not await another.came_by_migration(-100888)
        await another.migrated_into(-100888)
        await another.purge_idle(time.time() + 1)
        assert not await another.came_by_migration(-100888)


async def test_regression_a_paused_group_session_kept_its_members_names_and_votes_for_ever(
    store: Database,
) -> None:
    """A quiz paused (or left in its lobby, or waiting for /next) and never resumed kept
    its members' names and votes for ever: retention purged conversations, homework and
    teachers' quizzes, never group sessions, though /privacy says "until it ends". A
    session untouched for the retention period now goes with its polls, votes and names;
    one still moving is kept."""
    teaching = TeachingStore(store.statements)
    paused = GroupSession(Kind.QUIZ, -100, "en", 30, 7, poll_id="p1")
    paused.questions = ["q1"]
    await teaching.save(paused)
    await teaching.add_poll("p1", -100, 0, PollWindow(0.0, time.time() + 60))
    assert await teaching.record_answer("p1", 1, "Ann", [0], time.time())
    await store.purge_idle(time.time() - 3600)  # touched within the period: kept
    assert await teaching.load(-100) == paused and await teaching.players(-100) == {1: "Ann"}
    purged = await store.purge_idle(time.time() + 1)  # untouched for the whole period
    assert purged.group_sessions == 1 and purged.conversations == 0  # the operator's count
    assert await teaching.kind(-100) is None and await teaching.load(-100) is None
    assert await teaching.answers(-100) == [] and await teaching.players(-100) == {}
    assert not await teaching.record_answer("p1", 2, "Bo", [0], time.time())  # its poll too
    for table in ("group_sessions", "group_polls", "group_votes", "group_players"):
        assert await store.statements.fetch(f"SELECT * FROM {table}") == []


async def test_a_group_session_stored_before_the_upgrade_is_kept_a_whole_period_after_it(
    store: Database,
) -> None:
    """A session stored before schema version 14 has no last-change time: it is counted
    from the first purge after the upgrade, never deleted by it at once."""
    teaching = TeachingStore(store.statements)
    await teaching.save(GroupSession(Kind.CASE, -100, "en", 30, 7))
    await store.statements.execute("UPDATE group_sessions SET updated_at = NULL")
    await store.purge_idle(time.time() + 1)
    assert await teaching.kind(-100) == "case"
    await store.purge_idle(time.time() + 2)
    assert await teaching.kind(-100) is None


async def test_group_sessions_keep_their_schedule_votes_and_migration(store: Database) -> None:
    teaching = TeachingStore(store.statements)
    session = GroupSession(Kind.QUIZ, -100, "en", 30, 1, due_at=1000.0, poll_id="p9")
    session.questions = ["q1", "q2"]
    await teaching.save(session)
    assert await teaching.kind(-100) == "quiz" and await teaching.load(-100) == session
    assert await teaching.due(999.0) == [] and await teaching.due(1000.0) == [-100]
    await teaching.add_poll("p9", -100, 0, PollWindow(970.0, 1000.0))
    assert await teaching.record_answer("p9", 1, "Ann", [0], 980.0)
    assert await teaching.record_answer("p9", 1, "Ann", [1], 985.0)  # changed: replaces
    assert await teaching.record_answer("p9", 2, "Bo", [1], 990.0)
    assert await teaching.record_answer("p9", 2, "Bo", [], 991.0)  # retracted
    # Telegram takes votes only while the poll is open: one delivered late (again after a
    # restart) was cast in time, and counts as cast at the close.
    assert await teaching.record_answer("p9", 3, "Cy", [0], 1200.0)
    assert not await teaching.record_answer("nope", 3, "Cy", [1], 990.0)  # unknown poll
    answer, late = await teaching.answers(-100, 0)
    assert (answer.user_id, answer.options, answer.seconds) == (1, (1,), 15.0)
    assert (late.user_id, late.seconds) == (3, 30.0)
    await teaching.migrate_chat(-100, -200)
    moved = await teaching.load(-200)
    assert moved is not None and moved.chat_id == -200 and await teaching.kind(-100) is None
    assert await teaching.players(-200) == {1: "Ann", 2: "Bo", 3: "Cy"}
    await teaching.end(-200)
    assert await teaching.kind(-200) is None and await teaching.answers(-200) == []
    replay = await teaching.last(-200, Kind.QUIZ)  # what ran, to run again
    assert replay is not None and replay.questions == ["q1", "q2"]
    assert await teaching.last(-200, Kind.CASE) is None


async def test_one_process_at_a_time_holds_a_chat(backend: Backend) -> None:
    if backend.name == "sqlite":
        pytest.skip("one process owns a SQLite file; the in-process locks serialise chats")
    order: list[str] = []
    async with backend.opened() as one, backend.opened() as two:  # two processes, one database

        async def hold(storage: Storage, name: str, pause: float) -> None:
            async with storage.hold_chat(42):
                order.append(f"{name} in")
                await asyncio.sleep(pause)
                order.append(f"{name} out")

        first = asyncio.create_task(hold(one, "one", 0.2))
        await asyncio.sleep(0.05)
        await asyncio.gather(first, hold(two, "two", 0.0))
        async with two.hold_chat(43), one.hold_chat(44):  # other chats do not wait
            pass
    assert order == ["one in", "one out", "two in", "two out"]


async def test_a_group_sessions_step_is_written_once_with_its_update(store: Database) -> None:
    """A session command's change goes in its update's transaction: delivered again, the
    update changes the session no more than it posts again."""
    teaching = TeachingStore(store.statements)
    session = GroupSession(Kind.QUIZ, -100, "en", 30, 1, due_at=1000.0)
    session.questions = ["q1", "q2"]
    await teaching.save(session)
    moved = replace(session, round=1, due_at=2000.0)
    group = ConversationKey(-100, -100)
    assert await store.commit(TurnRecord(70, group, calls=[CALL], writes=saving(moved)))
    again = replace(moved, round=2)
    assert not await store.commit(TurnRecord(70, group, calls=[CALL], writes=saving(again)))
    assert await teaching.load(-100) == moved and await teaching.due(1500.0) == []
    assert not await store.commit(TurnRecord(70, group, writes=ending(moved)))
    assert await teaching.kind(-100) == "quiz"
    assert await store.commit(TurnRecord(71, group, writes=ending(moved)))
    assert await teaching.kind(-100) is None and await teaching.last(-100, Kind.QUIZ) is not None


async def test_the_open_questions_message_survives_a_restart(
    content: Content, backend: Backend
) -> None:
    """Which message shows the open question is kept with the conversation (a Reply to an
    older one is told apart after a restart): never moved back, gone with /forget."""
    conversation = content.engine.new_conversation()
    async with backend.opened() as first:
        assert await first.commit(TurnRecord(7, KEY, conversation=conversation))
        assert (await first.snapshot(8, KEY)).question_message_id is None
        await first.question_shown(KEY, 12)
        await first.question_shown(KEY, 9)  # an older copy, noted late: not taken
        await first.settled()
    async with backend.opened() as second:
        assert (await second.snapshot(8, KEY)).question_message_id == 12
        assert await second.commit(TurnRecord(8, KEY, conversation=conversation))
        assert (await second.snapshot(9, KEY)).question_message_id == 12  # a turn keeps it
        await second.forget_user(KEY.user_id)
        await second.question_shown(KEY, 14)  # no conversation: nothing is written
        await second.settled()
        assert (await second.snapshot(9, KEY)).question_message_id is None
