"""Simulated users, and one measurement of one system under one load.

Each user holds a whole consultation: `/start` and eight taps down the benign-twitch
path, handed to PTB as polling would hand them (`Update.de_json`, then the
application's update queue). Two kinds of load:

- *closed* (`Load(active=16)`): that many users are mid-consultation at any time,
  each sending its next update once the previous one was handled. Sixteen saturate
  the process, so the rate handled is the throughput, and the latency is mostly the
  wait behind the other fifteen.
- *open* (`Load(rate=250)`): updates arrive at a set rate whatever the bot does, as
  Telegram's do: users start at random (Poisson) moments and think a random while
  between taps. Its latency from arrival includes the waits a closed load hides
  (its users hold back while the bot is slow).

The total number of users sets how many conversations end up stored.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
from array import array
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from benchmarks.throughput import systems
from tests.fakes.bot_api import FakeRequest, FakeTelegram

#: The benign path: (question, option) per tap, after /start.
PATH = [
    ("danger_screen", "none"),
    ("location", "one_eyelid"),
    ("duration", "under_2_weeks"),
    ("closure", "no"),
    ("neuro", "none"),
    ("other_signs", "none"),
    ("body_clues", "none"),
    ("triggers", "stress"),
]
UPDATES_PER_USER = 1 + len(PATH)
#: An open load's users wait this long between taps on average (seconds, exponential).
THINK_SECONDS = 0.05


class Load(NamedTuple):
    """`active` users at once (closed), or updates arriving at `rate` per second (open)."""

    active: int | None = None
    rate: float | None = None

    @classmethod
    def of(cls, result: dict[str, Any]) -> Load:
        return cls(result.get("active"), result.get("rate"))

    @property
    def is_open(self) -> bool:
        return self.rate is not None

    def label(self) -> str:
        return f"{self.rate:,.0f}/s" if self.rate is not None else f"{self.active} active"


def user_updates(telegram: FakeTelegram, user_id: int) -> Iterator[dict[str, Any]]:
    """One user's consultation, update by update (without `update_id`: the sender numbers them)."""
    yield telegram.message_update(user_id, "/start")
    for step, (question, option) in enumerate(PATH):
        data = f"a:{step}:{question}:{option}"
        yield telegram.callback_update(user_id, data, message_id=2 + 2 * step)


class Timed(BaseUpdateProcessor):
    """Wraps the application's update processor: times each update, says when it is done.

    The time runs from when PTB hands the update to the processor to when its handling,
    replies included, has ended: the "in process" latency. Run side by side, the process
    is stopped between its slices; an update in flight across such a pause took the
    pause's length longer because of the harness, so it is counted but not timed.
    """

    def __init__(self, inner: BaseUpdateProcessor) -> None:
        super().__init__(inner.max_concurrent_updates)
        self.inner = inner
        #: Times this process was continued (`SIGCONT`) after a stop, once `count_pauses`.
        self.pauses = 0
        #: Seconds per update, unboxed: 900,000 floats must not weigh on the peak RSS measured.
        self.latencies = array("d")
        #: Updates handled across a pause: counted, but their latency is not.
        self.untimed = 0
        self.waiters: dict[int, asyncio.Future[None]] = {}

    def count_pauses(self) -> None:
        signal.signal(signal.SIGCONT, lambda _signum, _frame: self._paused())

    def _paused(self) -> None:
        self.pauses += 1

    @property
    def handled(self) -> int:
        return len(self.latencies) + self.untimed

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started, pauses = time.perf_counter(), self.pauses
        try:
            await self.inner.do_process_update(update, coroutine)
        finally:
            if self.pauses == pauses:
                self.latencies.append(time.perf_counter() - started)
            else:
                self.untimed += 1
            if isinstance(update, Update):
                waiter = self.waiters.pop(update.update_id, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()


async def measure(
    system: str, users: int, load: Load, workdir: Path, sliced: bool = False
) -> dict[str, Any]:
    """Run `users` consultations through `system` under `load`; what it took.

    `sliced`: this process runs side by side with others (`side_by_side`): once set
    up, it says "ready" and stops itself until the runner gives it its first slice;
    the load's start and end on the machine's monotonic clock tell the runner which
    of its slices were ours.
    """
    telegram = FakeTelegram()
    timed: Timed | None = None

    def instrument(inner: BaseUpdateProcessor) -> BaseUpdateProcessor:
        nonlocal timed
        timed = Timed(inner)
        return timed

    request = FakeRequest(telegram, record_calls=False)
    app = systems.application(system, request, workdir, instrument)
    await systems.start(app)
    assert timed is not None
    loop = asyncio.get_running_loop()
    from_arrival = array("d")
    update_ids = iter(range(1, 10**9))
    next_user = iter(range(1, users + 1))

    async def send(payload: dict[str, Any]) -> None:
        """Hand one update to PTB as polling would; return once it was handled."""
        assert timed is not None
        update = Update.de_json({"update_id": next(update_ids), **payload}, app.bot)
        done: asyncio.Future[None] = loop.create_future()
        timed.waiters[update.update_id] = done
        arrived, pauses = time.perf_counter(), timed.pauses
        await app.update_queue.put(update)
        await done
        if timed.pauses == pauses:
            from_arrival.append(time.perf_counter() - arrived)

    async def closed_user() -> None:
        """One of the `active` users: consultation after consultation, no pause."""
        for user_id in next_user:
            for payload in user_updates(telegram, user_id):
                await send(payload)

    async def open_user(user_id: int) -> None:
        think = random.Random(user_id)  # the same pauses for every system
        for step, payload in enumerate(user_updates(telegram, user_id)):
            if step:
                await asyncio.sleep(think.expovariate(1 / THINK_SECONDS))
            await send(payload)

    async def open_load(rate: float) -> None:
        """Users start at Poisson moments, `rate / UPDATES_PER_USER` a second."""
        arrivals = random.Random(users)  # the same moments for every system
        started: list[asyncio.Task[None]] = []
        due = loop.time()
        for user_id in next_user:
            due += arrivals.expovariate(rate / UPDATES_PER_USER)
            await asyncio.sleep(max(0.0, due - loop.time()))
            started.append(loop.create_task(open_user(user_id)))
        await asyncio.gather(*started)

    if sliced:
        timed.count_pauses()
        print("ready", flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)
    began = time.monotonic()
    started, cpu_started = time.perf_counter(), time.process_time()
    if load.rate is not None:
        await open_load(load.rate)
    else:
        await asyncio.gather(*(closed_user() for _ in range(min(load.active or 1, users))))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    ended = time.monotonic()
    await systems.stop(app)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before sorting

    handled = timed.handled
    return {
        "system": system,
        "users": users,
        **load._asdict(),
        "updates": handled,
        "seconds": round(seconds, 3),
        "updates_per_s": round(handled / seconds, 1),
        "cpu_us_per_update": round(cpu / handled * 1e6, 1),
        "p50_ms": _percentile_ms(timed.latencies, 0.5),
        "p99_ms": _percentile_ms(timed.latencies, 0.99),
        "p99_from_arrival_ms": _percentile_ms(from_arrival, 0.99),
        "untimed": timed.untimed,
        "peak_rss_mb": round(peak_rss_mb, 1),
        "bot_api_calls": sum(telegram.counts.values()),
        **({"load_began": began, "load_ended": ended} if sliced else {}),
    }


def _percentile_ms(seconds: array[float], share: float) -> float | None:
    """None when no update was timed (each was in flight across a pause)."""
    ordered = sorted(seconds)
    return round(ordered[int(len(ordered) * share)] * 1000, 3) if ordered else None


def main() -> None:
    """One measurement in this process, its result as one JSON line (`side_by_side` runs it).

    Its one argument says what to measure, as JSON: `system`, `users`, `active` or
    `rate`, and `sliced`.
    """
    run = json.loads(sys.argv[1])
    load = Load(run["active"], run["rate"])
    with tempfile.TemporaryDirectory() as workdir:
        result = asyncio.run(
            measure(run["system"], run["users"], load, Path(workdir), run["sliced"])
        )
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
