"""Case studies through the real PTB stack: a group votes a story through the consultation."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.telegram import texts
from bot.assistant import Content
from bot.core import replies
from bot.core.conversation import Assessment
from bot.core.model import Urgency
from bot.core.teaching import CaseStudy
from tests.adapters.telegram.group import (
    Clock,
    GroupBots,
    command,
    poll_id,
    polls,
    start_session,
    tick,
    vote,
)
from tests.adapters.telegram.harness import BotHarness

GROUP, OTHER_GROUP = -100400, -100500
ADMIN = 800
MEMBERS = range(2000, 2007)


def lead(text: str) -> str:
    """A message's first paragraph: how a vote went, before the next question's text."""
    return text.split("\n\n", 1)[0]


def case(content: Content, case_id: str) -> CaseStudy:
    assert content.cases is not None
    return next(c for c in content.cases.cases if c.id == case_id)


def open_question(content: Content, harness: BotHarness, chat: int) -> str:
    """Which consultation question the newest poll asks, told by its options."""
    poll = polls(harness, chat)[-1]
    labels = [o if isinstance(o, str) else o["text"] for o in poll["options"]]
    same_options = [q for q in content.dialog.questions if [o.label for o in q.options] == labels]
    if len(same_options) > 1:  # yes / no / not sure: told apart by the question's title
        asked = poll["question"]
        same_options = [q for q in same_options if q.title in asked or q.text[:40] in asked]
    assert len(same_options) == 1, (poll["question"], [q.id for q in same_options])
    return same_options[0].id


async def vote_as_the_story_says(
    content: Content, harness: BotHarness, clock: Clock, story: CaseStudy
) -> list[str]:
    """Most members vote the story's answer, some dissent or change their mind; every poll."""
    asked: list[str] = []
    while await harness.spasmbot.classroom.store.kind(GROUP) == "case":  # type: ignore[union-attr]
        question_id = open_question(content, harness, GROUP)
        asked.append(question_id)
        options = [o.id for o in content.dialog.question(question_id).options]
        right = options.index(story.answers[question_id])
        wrong = (right + 1) % len(options)
        poll = await poll_id(harness, GROUP)
        for member in MEMBERS:
            await vote(harness, poll, member, [wrong if member % 3 == 0 else right])
        await vote(harness, poll, MEMBERS[0], [right])  # changed their mind
        await vote(harness, poll, MEMBERS[1], [])  # retracted
        await tick(harness, clock, 61)
    return asked


async def test_a_case_study_driven_by_votes_reaches_the_expected_outcome(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    story = case(content, "office_worker_eyelid")

    intro = await command(bot, GROUP, ADMIN, "/case office_worker_eyelid 60")
    assert intro[0].startswith(f"<b>{story.title}</b>")
    assert "counts as “Not sure”" in intro[0]
    first = polls(bot, GROUP)[0]
    assert first["is_anonymous"] is False and first.get("type", "regular") == "regular"
    assert first["open_period"] == 60
    # The danger screen is longer than a poll question: it comes first, with the story.
    danger = content.dialog.question("danger_screen")
    assert len(intro) == 1
    assert intro[0].endswith(f"\n\n<b>In the story: {danger.title}</b>\n{danger.text}")
    assert first["question"] == f"In the story: {danger.title}"

    asked = await vote_as_the_story_says(content, bot, clock, story)
    assert asked == list(story.answers)
    assert all(p["question"].startswith("In the story: ") for p in polls(bot, GROUP))

    sent = bot.telegram.texts(GROUP)
    chosen = [lead(t) for t in sent if t.startswith("The group chose")]
    assert len(chosen) == len(asked)
    assert chosen[0] == "The group chose “None of these” (5 of 6 votes)."
    result = next(t for t in sent if t.startswith("<b>Where the group's answers lead</b>"))
    assert "🟢 self-care — " in result and "✅" in result
    assert story.discussion in result
    topic = content.dialog.learn_topic("myokymia")
    assert topic is not None and sent[-1].startswith(f"<b>{topic.title}</b>")  # as /learn shows
    assert await bot.count("group_sessions") == 0
    assert await bot.count("group_votes") == 0
    assert await bot.count("conversations") == 0  # nothing became anybody's consultation


async def test_a_tie_counts_as_not_sure_and_keeps_the_safety_floor(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/case office_worker_eyelid")
    poll = await poll_id(bot, GROUP)
    none_of_these = 4
    await vote(bot, poll, 1, [none_of_these])
    await vote(bot, poll, 2, [0])  # one says stroke signs: a tie
    await tick(bot, clock, 61)
    assert lead(bot.telegram.texts(GROUP)[-1]) == "No clear majority, so this counts as “Not sure”."
    # Not sure about the danger signs: each sign is asked on its own.
    assert open_question(content, bot, GROUP) == "check_stroke"
    # Nobody votes from here on: every answer is "not sure", and the floor holds.
    while await bot.spasmbot.classroom.store.kind(GROUP) == "case":  # type: ignore[union-attr]
        await tick(bot, clock, 61)
    sent = bot.telegram.texts(GROUP)
    assert "Nobody voted, so this counts as “Not sure”." in map(lead, sent)
    result = next(t for t in sent if t.startswith("<b>Where the group's answers lead</b>"))
    reached = result.split("<b>What this story", 1)[0]
    assert "🟠 urgent" in reached and "🔍" in result


@pytest.mark.parametrize("danger", ["stroke", "eyelid_vision", "seizure", "breathing"])
async def test_every_danger_answer_ends_the_case_with_the_full_emergency_advice(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path, danger: str
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/case spreading_one_side 30")
    poll = await poll_id(bot, GROUP)
    options = [o.id for o in content.dialog.question("danger_screen").options]
    for member in MEMBERS:
        await vote(bot, poll, member, [options.index(danger)])
    await tick(bot, clock, 31)
    sent = bot.telegram.texts(GROUP)
    result = next(t for t in sent if t.startswith("<b>Where the group's answers lead</b>"))
    assert "🔴 emergency" in result and "🔍" in result
    # The same advice a private chat gives, not a headline alone.
    assessment = Assessment(
        Urgency.EMERGENCY, (content.dialog.danger_sign(danger).outcome,), danger=danger
    )
    (private,) = content.renderer.render(replies.Conclude(assessment, (("danger_screen", danger),)))
    assert sent[-1] == private.text
    assert "<b>What to do now</b>" in sent[-1]
    assert len(polls(bot, GROUP)) == 1
    assert await bot.spasmbot.classroom.store.kind(GROUP) is None  # type: ignore[union-attr]


async def test_a_vote_split_between_danger_answers_ends_in_the_emergency_advice(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/case office_worker_eyelid 30")
    poll = await poll_id(bot, GROUP)
    options = [o.id for o in content.dialog.question("danger_screen").options]
    await vote(bot, poll, 1, [options.index("seizure")])
    await vote(bot, poll, 2, [options.index("not_sure")])
    await tick(bot, clock, 31)
    sent = bot.telegram.texts(GROUP)
    assert any("nobody in the lead ruled out an emergency sign" in t for t in sent)
    assert sent[-1].startswith("🔴")
    assert await bot.spasmbot.classroom.store.kind(GROUP) is None  # type: ignore[union-attr]


async def test_only_admins_run_a_case_and_one_session_runs_at_a_time(
    content: Content, bots: GroupBots, tmp_path: Path
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    assert await command(bot, GROUP, 5, "/case office_worker_eyelid") == [
        texts.TEACHING_ADMINS_ONLY
    ]
    (usage,) = await command(bot, GROUP, ADMIN, "/case")
    assert usage.startswith(texts.CASE_USAGE)
    assert content.cases is not None
    assert all(f"• {c.id}: {c.title}" in usage for c in content.cases.cases)
    assert await command(bot, GROUP, ADMIN, "/case no_such_story") == [usage]
    assert polls(bot, GROUP) == []
    metrics, started = bot.spasmbot.metrics, "spasmbot_group_sessions_started_total"
    assert metrics.value(started, kind="case") == 0  # a usage answer starts nothing

    await command(bot, GROUP, ADMIN, "/case smile_after_palsy")
    assert metrics.value(started, kind="case") == 1
    assert await command(bot, GROUP, ADMIN, "/quiz") == [texts.SESSION_ALREADY_RUNNING]
    assert await command(bot, GROUP, ADMIN, "/case office_worker_eyelid") == [
        texts.SESSION_ALREADY_RUNNING
    ]
    assert await command(bot, GROUP, 5, "/stop") == [texts.TEACHING_ADMINS_ONLY]
    assert len(polls(bot, GROUP)) == 1


async def test_pause_next_score_and_stop_in_a_case(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    bot.telegram.admins.add((GROUP, ADMIN))
    await command(bot, GROUP, ADMIN, "/case office_worker_eyelid 60")
    (score,) = await command(bot, GROUP, 9, "/score")
    assert score.endswith("The group has not answered a question yet.")
    assert await command(bot, GROUP, ADMIN, "/pause") == [texts.CASE_PAUSED]
    await vote(bot, await poll_id(bot, GROUP), 9, [4])
    await tick(bot, clock, 61)  # counted, then the case waits
    await tick(bot, clock, 600)
    assert len(polls(bot, GROUP)) == 1
    assert [lead(t) for t in await command(bot, GROUP, ADMIN, "/pause")] == [texts.CASE_RESUMED]
    assert len(polls(bot, GROUP)) == 2
    replies = await command(bot, GROUP, ADMIN, "/next")  # counts the open vote now
    assert [lead(t) for t in replies] == ["Nobody voted, so this counts as “Not sure”."]
    assert bot.telegram.calls_of("stopPoll"), "the skipped poll is closed for everyone"
    assert len(polls(bot, GROUP)) == 3
    (score,) = await command(bot, GROUP, 9, "/score")
    assert "• Emergency signs: None of these" in score and "• What moves: Not sure" in score
    stopped = await command(bot, GROUP, ADMIN, "/stop")
    assert stopped[0] == texts.CASE_STOPPED and "• What moves: Not sure" in stopped[1]
    assert await command(bot, GROUP, 9, "/score") == [texts.NOTHING_RUNNING]


async def test_a_restart_in_the_middle_of_a_case_loses_no_vote(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    database = tmp_path / "bot.sqlite3"
    bot = await bots.start(content, database)
    bot.telegram.admins.add((GROUP, ADMIN))
    story = case(content, "office_worker_eyelid")
    await command(bot, GROUP, ADMIN, "/case office_worker_eyelid 60")
    poll = await poll_id(bot, GROUP)
    await vote(bot, poll, 1, [4])
    await bots.stop(bot)  # the votes so far are in the database
    bot = await bots.start(content, database, telegram=bot.telegram, first_update_id=900)
    await vote(bot, poll, 2, [4])
    await tick(bot, clock, 61)
    assert lead(bot.telegram.texts(GROUP)[-1]) == "The group chose “None of these” (2 of 2 votes)."
    asked = await vote_as_the_story_says(content, bot, clock, story)
    assert asked == list(story.answers)[1:]
    assert any("✅" in t for t in bot.telegram.texts(GROUP))


async def test_a_quiz_and_a_case_in_two_groups_at_once_and_a_migration(
    content: Content, bots: GroupBots, clock: Clock, tmp_path: Path
) -> None:
    bot = await bots.start(content, tmp_path / "bot.sqlite3")
    for group in (GROUP, OTHER_GROUP):
        bot.telegram.admins.add((group, ADMIN))
    await command(bot, GROUP, ADMIN, "/case office_worker_eyelid 60")
    await start_session(bot, OTHER_GROUP, ADMIN, "/quiz triggers 1 60")
    await vote(bot, await poll_id(bot, GROUP), 1, [4])
    moved = {"message": {**bot.telegram.message_update(GROUP, "x", user_id=ADMIN)["message"]}}
    del moved["message"]["text"]
    moved["message"]["migrate_to_chat_id"] = GROUP - 1
    await bot.feed(moved)
    await tick(bot, clock, 61)
    assert (
        lead(bot.telegram.texts(GROUP - 1)[0]) == "The group chose “None of these” (1 of 1 vote)."
    )
    assert open_question(content, bot, GROUP - 1) == "location"
    assert bot.telegram.texts(OTHER_GROUP)[-1].startswith("<b>Answer:</b>")
