"""The throughput benchmark keeps measuring what it says (tiny runs, no timing asserted)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import SimpleUpdateProcessor

from benchmarks.telegram_throughput import (
    SLICE_SECONDS,
    SYSTEMS,
    UPDATES_PER_USER,
    Load,
    Pauses,
    Timed,
    _kept,
    _merged,
    _wait_until_stopped,
    measure,
    process_state,
    run_side_by_side,
    table,
)


@pytest.mark.parametrize("system", SYSTEMS)
async def test_every_simulated_update_is_handled_and_answered(system: str, tmp_path: Path) -> None:
    result = await measure(system, users=5, active=2, workdir=tmp_path)
    assert result["updates"] == 5 * UPDATES_PER_USER
    calls_per_user = {"spasmbot": 26, "bare": 17, "sqlite": 17, "bare_same_calls": 26}[system]
    start_up = result["bot_api_calls"] - 5 * calls_per_user  # getMe; spasmbot: + command menu
    assert start_up == (13 if system == "spasmbot" else 1)
    assert 0 < result["p50_ms"] <= result["p99_ms"]


@pytest.mark.parametrize("system", ["spasmbot", "bare"])
async def test_an_open_load_sends_every_update_at_its_own_pace(system: str, tmp_path: Path) -> None:
    """Users arrive at random moments and think between taps: every update is still
    handled, once, and its wait from arrival is measured."""
    result = await measure(system, users=6, active=0, workdir=tmp_path, rate=400.0)
    assert result["updates"] == 6 * UPDATES_PER_USER
    assert result["rate"] == 400.0 and "active" not in result
    # 6 users' think time alone (8 pauses of 50 ms on average each) takes a while.
    assert result["seconds"] > 0.1
    assert 0 < result["p50_ms"] <= result["p99_from_arrival_ms"]


def test_appended_measurements_replace_those_of_the_same_run() -> None:
    def run(users: int, active: int, system: str, rate: float) -> dict[str, object]:
        return {
            "users": users,
            "active": active,
            "system": system,
            "updates_per_s": rate,
            "cpu_us_per_update": 1.0,
            "p50_ms": 1.0,
            "p99_ms": 2.0,
            "peak_rss_mb": 70.0,
            "bot_api_calls": 1,
        }

    old = [run(1000, 16, "spasmbot", 900.0), run(1000, 16, "bare", 2000.0)]
    merged = _merged(old, [run(1000, 16, "spasmbot", 1500.0), run(1000, 1, "bare", 2100.0)])
    rates = sorted((r["active"], r["system"], r["updates_per_s"]) for r in merged)
    assert rates == [(1, "bare", 2100.0), (16, "bare", 2000.0), (16, "spasmbot", 1500.0)]
    assert "| 1,000 | 16 | spasmbot | 1,500 | 0.75 | - | - |" in table(merged)


def test_the_paired_ratio_is_the_median_of_each_rounds_ratio() -> None:
    """A slow minute of the machine in one round moves the fastest runs apart, not
    the ratio of the runs that shared that minute."""

    def run(system: str, rounds: list[float]) -> dict[str, object]:
        return {
            "users": 1000,
            "active": 16,
            "system": system,
            "updates_per_s": max(rounds),
            "rounds_updates_per_s": rounds,
            "p50_ms": 1.0,
            "p99_ms": 2.0,
            "peak_rss_mb": 70.0,
            "bot_api_calls": 1,
        }

    results = [run("spasmbot", [900.0, 1800.0, 850.0]), run("bare", [1000.0, 2000.0, 2200.0])]
    # Fastest against fastest: 1800 / 2200 = 0.82; round by round: 0.90, 0.90, 0.39.
    assert "| 1,000 | 16 | spasmbot | 1,800 | 0.82 | - | 0.90 |" in table(results)


def test_open_loads_compare_latency_not_throughput() -> None:
    """Every system handled the same arrival rate: a throughput ratio would be about
    1 whatever the bot does, so the table shows none; the run kept is the median."""

    def run(system: str, p99s: list[float]) -> list[dict[str, object]]:
        return [
            {
                "users": 1000,
                "rate": 500.0,
                "system": system,
                "updates_per_s": 490.0,
                "p50_ms": 1.0,
                "p99_ms": p99,
                "p99_from_arrival_ms": p99,
                "peak_rss_mb": 70.0,
                "bot_api_calls": 1,
            }
            for p99 in p99s
        ]

    load = Load(rate=500.0)
    kept = [_kept(load, run("spasmbot", [9.0, 3.0, 4.0])), _kept(load, run("bare", [2.0]))]
    assert kept[0]["p99_from_arrival_ms"] == 4.0
    assert kept[0]["rounds_p99_from_arrival_ms"] == [9.0, 3.0, 4.0]
    closed = {**kept[1], "rate": None, "active": 16, "updates_per_s": 980.0}
    rendered = table([*kept, closed])
    assert "| 1,000 | 500/s | spasmbot | 490 | - | - | - |" in rendered
    assert "| 1,000 | 16 | bare | 980 | 1.00 |" in rendered
    # The closed load comes first, as the saturated one always has.
    assert rendered.index("| 16 | bare") < rendered.index("| 500/s | spasmbot")


def test_systems_side_by_side_each_handle_every_update_in_their_own_slices() -> None:
    """Two processes take turns; each one's time is only that of its own slices."""
    results = run_side_by_side(["spasmbot", "bare"], users=300, load=Load(active=4))
    assert set(results) == {"spasmbot", "bare"}
    for result in results.values():
        assert result["updates"] == 300 * UPDATES_PER_USER
        assert "load_began" not in result and "load_ended" not in result
        # Long enough for several slices each: the other's slices are not ours.
        assert result["seconds_side_by_side"] > 3 * SLICE_SECONDS
        assert 0 < result["seconds"] < 0.8 * result["seconds_side_by_side"]
        assert result["updates_per_s"] == pytest.approx(
            result["updates"] / result["seconds"], rel=0.01
        )


async def test_an_update_in_flight_across_a_pause_is_counted_but_not_timed() -> None:
    """A stop between slices is the harness's time, not the bot's: leaving it in
    would put the slice's length into the p99."""
    pauses = Pauses()
    timed = Timed(SimpleUpdateProcessor(4), pauses)
    release = asyncio.Event()

    async def paused_midway() -> None:
        pauses.count += 1  # what SIGCONT does after a stop
        await release.wait()

    async def quick() -> None:
        return None

    first = asyncio.create_task(timed.do_process_update(object(), paused_midway()))
    await asyncio.sleep(0)
    release.set()
    await first
    await timed.do_process_update(object(), quick())
    assert timed.handled == 2
    assert len(timed.latencies) == 1


def test_continuing_the_process_counts_as_a_pause() -> None:
    pauses = Pauses()
    previous: Any = signal.getsignal(signal.SIGCONT)
    try:
        pauses.listen()
        os.kill(os.getpid(), signal.SIGCONT)  # not stopped: only the handler runs
        assert pauses.count == 1
    finally:
        signal.signal(signal.SIGCONT, previous)


def test_regression_a_process_that_ends_as_its_slice_ends_is_not_waited_for_forever() -> None:
    """The last slice's stop can reach a process that has just exited: it never
    stops, it is a zombie until reaped, and the turns must go on."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        while process_state(child.pid) != "Z":
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGSTOP)  # what the slice's end sends
        waiting = threading.Thread(target=_wait_until_stopped, args=(child.pid,), daemon=True)
        waiting.start()
        waiting.join(timeout=10)
        assert not waiting.is_alive()
    finally:
        child.wait()
