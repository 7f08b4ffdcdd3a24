"""The bot's periodic work, on PTB's `JobQueue`: it runs while the application runs.

- replies that could not go out (network, flood control) are tried again;
- conversations idle past the retention period are deleted (hourly, and at start), and
  so are group sessions nobody moved on for as long (`sql.PURGE_GROUP_SESSIONS`);
- group quizzes and case studies move on when their next step is due;
- with `--watch`, the dialogs are reloaded when a file under them changes.

A job that fails is logged by the application's error handler and runs again
at its next time. A job the stop cuts short ends quietly (`stops_quietly`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import ContextTypes, JobQueue

from bot.adapters.telegram.groups import Groups
from bot.adapters.telegram.reload import Reloading
from bot.adapters.telegram.turns import Turns

#: Seconds between attempts to send replies that are waiting.
REDELIVERY_INTERVAL = 15.0
#: Seconds between deletions of idle conversations past the retention period.
RETENTION_INTERVAL = 3600.0
#: Seconds between looks at the schedule of group quizzes and case studies.
SESSION_TICK = 1.0
#: Seconds between looks at the watched dialog files.
WATCH_INTERVAL = 1.0

Context = ContextTypes.DEFAULT_TYPE
#: A run that comes late (start-up took a while, the loop was busy) still runs, once:
#: APScheduler would otherwise skip a run more than a second late, such as the
#: purge at start, scheduled when the application was built, before start-up.
LATE_RUNS_RUN = {"misfire_grace_time": None, "coalesce": True}

log = logging.getLogger(__name__)

Job = Callable[[Context], Coroutine[Any, Any, None]]


def stops_quietly(job: Job) -> Job:
    """`job`, ending quietly when the application's stop cancels it mid-run. APScheduler
    logged that cancellation as "Error running job" with a traceback, in every process
    stopped while the group sessions' one-second tick was looking at the database; the
    work is done again at the next start (its transaction was rolled back)."""

    @functools.wraps(job)
    async def run(context: Context) -> None:
        try:
            await job(context)
        except asyncio.CancelledError:
            log.info("a periodic job was cut short by the stop; it runs at the next start")

    return run


def schedule_jobs(
    jobs: JobQueue[Any],
    turns: Turns,
    groups: Groups,
    *,
    retention_days: int,
    reloading: Reloading | None = None,
    watch: bool = False,
) -> None:
    async def redeliver_waiting_replies(context: Context) -> None:
        await turns.redeliver_backlog(context.bot)

    async def purge_idle_conversations(context: Context) -> None:
        await turns.purge_idle(retention_days)

    async def run_due_sessions(context: Context) -> None:
        await groups.run_due_sessions(context.bot)

    redeliver, purge = (
        stops_quietly(redeliver_waiting_replies),
        stops_quietly(purge_idle_conversations),
    )
    jobs.run_repeating(redeliver, REDELIVERY_INTERVAL, job_kwargs=LATE_RUNS_RUN)
    if retention_days > 0:
        jobs.run_once(purge, 0, job_kwargs=LATE_RUNS_RUN)  # at start
        jobs.run_repeating(purge, RETENTION_INTERVAL, job_kwargs=LATE_RUNS_RUN)
    jobs.run_repeating(stops_quietly(run_due_sessions), SESSION_TICK, job_kwargs=LATE_RUNS_RUN)
    if reloading is not None and watch:
        watching = reloading

        async def reload_changed_dialogs(context: Context) -> None:
            result = await watching.live.reload_if_changed()
            if result is not None:
                await watching.tell_admins(context.bot, result)

        jobs.run_repeating(
            stops_quietly(reload_changed_dialogs), WATCH_INTERVAL, job_kwargs=LATE_RUNS_RUN
        )
