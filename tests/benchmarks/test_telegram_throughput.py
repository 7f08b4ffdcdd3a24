"""The throughput benchmark keeps measuring what it says (tiny runs; no machine speed asserted)."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import SimpleUpdateProcessor

from benchmarks.throughput import report
from benchmarks.throughput.load import UPDATES_PER_USER, Load, Timed, measure
from benchmarks.throughput.side_by_side import (
    own_seconds,
    process_state,
    run_side_by_side,
    wait_until_stopped,
)
from benchmarks.throughput.systems import SYSTEMS
from bot.paths import PROJECT_ROOT


@pytest.mark.parametrize("system", SYSTEMS)
async def test_every_simulated_update_is_handled_and_answered(system: str, tmp_path: Path) -> None:
    result = await measure(system, users=5, load=Load(active=2), workdir=tmp_path)
    assert result["updates"] == 5 * UPDATES_PER_USER
    # spasmbot: answer the tap, send the next question, edit the answered one; bare: two.
    calls_per_user = {"spasmbot": 26, "bare": 17}[system]
    start_up = result["bot_api_calls"] - 5 * calls_per_user  # getMe; spasmbot: + command menus
    assert start_up >= 1 and (start_up == 1) == (system == "bare")
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["p99_from_arrival_ms"]


@pytest.mark.parametrize("system", SYSTEMS)
async def test_an_open_load_sends_every_update_at_its_own_pace(system: str, tmp_path: Path) -> None:
    """Users arrive at random moments and think between taps: every update is still
    handled, once, and its wait from arrival is measured."""
    result = await measure(system, users=6, load=Load(rate=400.0), workdir=tmp_path)
    assert result["updates"] == 6 * UPDATES_PER_USER
    assert result["rate"] == 400.0 and result["active"] is None
    # 6 users' think time alone (8 pauses of 50 ms on average each) takes a while.
    assert result["seconds"] > 0.1
    assert 0 < result["p50_ms"] <= result["p99_from_arrival_ms"]


def test_systems_side_by_side_each_handle_every_update_in_their_own_slices() -> None:
    """Two processes take turns, never at once; each one's time is only its own slices.

    What the method guarantees, however fast or busy the machine: the turns do not
    overlap, and a system's time is what its turns held of its load's span.
    """
    results = run_side_by_side(
        ["spasmbot", "bare"], users=40, load=Load(active=4), slice_seconds=0.05
    )
    assert set(results) == {"spasmbot", "bare"}
    for result in results.values():
        assert result["updates"] == 40 * UPDATES_PER_USER
        assert "load_began" not in result and "load_ended" not in result
        assert result["slices"]
        assert 0 < result["seconds"] <= result["seconds_side_by_side"] + 0.001
        assert result["seconds"] <= sum(end - start for start, end in result["slices"]) + 0.001
        assert result["updates_per_s"] == pytest.approx(
            result["updates"] / result["seconds"], rel=0.01
        )
    turns = sorted(turn for result in results.values() for turn in result["slices"])
    for (_, ended), (started, _) in itertools.pairwise(turns):
        assert started >= ended  # one process at a time


def test_a_systems_time_is_what_its_slices_held_of_its_loads_span() -> None:
    """Slices before the load began (set-up) or after it ended do not count."""
    slices = [(0.0, 1.0), (2.0, 3.0), (4.0, 5.0), (6.0, 7.0)]
    assert own_seconds(slices, began=0.5, ended=4.2) == pytest.approx(0.5 + 1.0 + 0.2)


def _run(system: str, per_second: float, p99: float, **load: Any) -> dict[str, Any]:
    return {
        "system": system,
        "users": 1000,
        **load,
        "updates": 9000,
        "bot_api_calls": 1,
        "updates_per_s": per_second,
        "cpu_us_per_update": 1.0,
        "p50_ms": 1.0,
        "p99_ms": p99,
        "p99_from_arrival_ms": p99,
        "peak_rss_mb": 70.0,
    }


def test_the_ratio_to_bare_is_the_median_of_each_rounds_ratio() -> None:
    """A slow minute of the machine in one round moves both systems of that round,
    not the ratio of the runs that shared that minute."""
    rates = [(900.0, 1000.0), (1800.0, 2000.0), (850.0, 2200.0)]
    rounds = [
        {
            "spasmbot": _run("spasmbot", ours, 2.0, active=16),
            "bare": _run("bare", bare, 1.0, active=16),
        }
        for ours, bare in rates
    ]
    spasmbot, bare = report.summarise(rounds)
    # Medians on their own: 900 / 2000 = 0.45; round by round: 0.90, 0.90, 0.39.
    assert spasmbot["updates_per_s"] == 900.0 and spasmbot["ratio_to_bare"] == 0.9
    assert bare["ratio_to_bare"] == 1.0
    assert "| 1,000 | 16 active | spasmbot | 900 | 0.90 |" in report.table([spasmbot, bare])


def test_open_loads_compare_latency_not_throughput() -> None:
    """Every system handled the same arrival rate: a throughput ratio would be about 1
    whatever the bot does, so there is none; closed loads come first in the table."""
    rounds = [
        {
            "spasmbot": _run("spasmbot", 245.0, p99, rate=250.0),
            "bare": _run("bare", 245.0, 1.0, rate=250.0),
        }
        for p99 in (9.0, 3.0, 4.0)
    ]
    opened = report.summarise(rounds)
    assert opened[0]["p99_from_arrival_ms"] == 4.0 and "ratio_to_bare" not in opened[0]
    closed = report.summarise([{"bare": _run("bare", 980.0, 1.0, active=16)}])
    rendered = report.table([*opened, *closed])
    assert "| 1,000 | 250/s | spasmbot | 245 | - |" in rendered
    assert rendered.index("| 16 active | bare") < rendered.index("| 250/s | spasmbot")


def test_the_guardrails_are_checked_for_spasmbot() -> None:
    slow = [
        {
            "spasmbot": _run("spasmbot", 700.0, 12.0, active=16),
            "bare": _run("bare", 1000.0, 1.0, active=16),
        }
    ]
    fine = [
        {
            "spasmbot": _run("spasmbot", 250.0, 5.0, rate=250.0),
            "bare": _run("bare", 250.0, 1.0, rate=250.0),
        }
    ]
    lines = report.guardrails(report.summarise(slow) + report.summarise(fine))
    assert "- ✗ 1,000 users, 16 active: ratio to bare PTB 0.70 (needs >= 0.75)" in lines
    assert "- ✗ 1,000 users, 16 active: p99 ms 12.00 (needs < 10)" in lines
    assert "- ✓ 1,000 users, 250/s: p99 from arrival ms 5.00 (needs < 20)" in lines
    assert "- 1,000 users, 16 active: peak RSS +0.0 MB above bare PTB's" in lines


def test_the_command_writes_the_results_and_the_guardrails(tmp_path: Path) -> None:
    """The whole tool, tiny: one closed and one open load, both systems, both files."""
    tiny = shlex.split("--users 12 --active 4 --open-users 12 --rate 1000 --repeat 1")
    subprocess.run(
        [sys.executable, "-m", "benchmarks.telegram_throughput", *tiny, "--results", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=PROJECT_ROOT,
    )
    results = json.loads((tmp_path / "telegram.json").read_text())["results"]
    # Closed loads first, spasmbot before bare PTB in each.
    loads = [(r["system"], r.get("active"), r.get("rate")) for r in results]
    assert loads == [
        ("spasmbot", 4, None),
        ("bare", 4, None),
        ("spasmbot", None, 1000.0),
        ("bare", None, 1000.0),
    ]
    assert all(r["updates"] == 12 * UPDATES_PER_USER for r in results)
    markdown = (tmp_path / "telegram.md").read_text()
    assert "## Guardrails (issue 25)" in markdown and "12 users, 4 active" in markdown


async def test_an_update_in_flight_across_a_pause_is_counted_but_not_timed() -> None:
    """A stop between slices is the harness's time, not the bot's: leaving it in
    would put the slice's length into the p99."""
    timed = Timed(SimpleUpdateProcessor(4))
    release = asyncio.Event()

    async def paused_midway() -> None:
        timed.pauses += 1  # what SIGCONT does after a stop
        await release.wait()

    async def quick() -> None:
        return None

    first = asyncio.create_task(timed.do_process_update(object(), paused_midway()))
    await asyncio.sleep(0)
    release.set()
    await first
    await timed.do_process_update(object(), quick())
    assert timed.handled == 2 and timed.untimed == 1
    assert len(timed.latencies) == 1


def test_continuing_the_process_counts_as_a_pause() -> None:
    timed = Timed(SimpleUpdateProcessor(4))
    previous: Any = signal.getsignal(signal.SIGCONT)
    try:
        timed.count_pauses()
        os.kill(os.getpid(), signal.SIGCONT)  # not stopped: only the handler runs
        assert timed.pauses == 1
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
        waiting = threading.Thread(target=wait_until_stopped, args=(child.pid,), daemon=True)
        waiting.start()
        waiting.join(timeout=10)
        assert not waiting.is_alive()
    finally:
        child.wait()
