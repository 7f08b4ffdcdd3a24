"""A group quiz run by three `spasmbot webhook` processes sharing one PostgreSQL database.

A load balancer sends each vote and command to any process, Telegram may
deliver a tap twice, and every process's schedule wakes up to move the quiz
on. The class must see what one process shows: one poll per question, one
explanation, one final board, every vote counted once (issue 26).
"""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import texts
from tests.adapters.telegram.processes import Webhooks, fresh_database
from tests.fakes.bot_api import FakeBotApiServer
from tests.storage.backends import POSTGRES_URL

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="set SPASMBOT_TEST_DATABASE_URL (bash .ci/postgres.sh)"
)

GROUP = -100950
ADMIN = 905
#: The class: each votes through a process of its own choosing.
STUDENTS = range(1, 7)


def test_a_group_quiz_across_three_processes_counts_every_vote_once(tmp_path: Path) -> None:
    with (
        fresh_database() as url,
        FakeBotApiServer() as server,
        Webhooks(server, url, tmp_path, 3) as hooks,
    ):
        tg = server.telegram
        tg.admins.add((GROUP, ADMIN))
        update_ids = itertools.count(1)

        def post(process: int, update: dict[str, Any]) -> None:
            assert hooks.post(process, {"update_id": next(update_ids), **update}) == 200

        # 30-second polls: on a busy machine each process may take seconds to handle a
        # vote, and the poll's session must still be running then
        post(0, tg.message_update(GROUP, "/quiz 2 30", ADMIN))
        server.wait_for(lambda t: any(m.get("reply_markup") for m in t.sent(GROUP)), timeout=20)
        # The admin's Start, delivered to two processes at the same moment.
        start = {
            "update_id": next(update_ids),
            **tg.callback_update(GROUP, "session:begin", len(tg.sent(GROUP)), user_id=ADMIN),
        }
        with ThreadPoolExecutor(2) as both:
            assert list(both.map(lambda p: hooks.post(p, start), [1, 2])) == [200, 200]

        for question in range(2):
            server.wait_for(lambda t, n=question: len(t.polls_in(GROUP)) > n, timeout=90)
            poll_id, params = tg.polls_in(GROUP)[question]
            # Students read the question first: a vote in the same millisecond as the
            # poll's send can reach another process before the poll is on record, and is
            # then (rightly) not counted as a vote of this session.
            time.sleep(1)
            right = list(params["correct_option_ids"])
            wrong = [next(o for o in range(len(params["options"])) if o not in right)]
            for student in STUDENTS:
                # Students 1-4 answer right; 5 first answers right, then changes to wrong;
                # 6 answers wrong. Each vote goes to another process than the last.
                first = right if student <= 5 else wrong
                post(student, tg.poll_answer_update(poll_id, student, first))
                if student == 5:
                    post(student + 1, tg.poll_answer_update(poll_id, student, wrong))

        server.wait_for(lambda t: any(texts.QUIZ_FINAL in m for m in t.texts(GROUP)), timeout=120)
        server.wait_for(lambda t: not t.poll_open(t.polls_in(GROUP)[-1][0]), timeout=20)

    said = tg.texts(GROUP)
    assert len(tg.polls_in(GROUP)) == 2, "a question was asked twice"
    finals = [m for m in said if texts.QUIZ_FINAL in m]
    assert len(finals) == 1, "the final board was posted twice"
    # a score a time parts from the same score says it: "— 2 correct in 7.5 s"
    board = [line for line in finals[0].splitlines() if " correct" in line]
    # Four students right twice; the one who changed to a wrong answer, and the one who
    # answered wrong, have none right (a changed vote replaces the first, once).
    assert sum("— 2 correct" in line for line in board) == 4
    assert not any("— 1 correct" in line for line in board)
    assert texts.SORRY not in said
    for log in hooks.logs:
        assert "Traceback" not in log.read_text(errors="replace"), log.name
