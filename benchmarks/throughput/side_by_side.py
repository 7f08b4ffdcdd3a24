"""Measurements in processes of their own; closed loads side by side, taking turns.

Each measurement runs in a fresh process, so its peak RSS is its own. On a shared
machine, runs one after the other meet different minutes of the other tenants' work:
two back-to-back runs of the same code differed by up to 40% on the project's
machine, which swamps the ratio the guardrail is about. So under a closed load the
systems of a round run side by side: each process sets up and stops itself, then
they run one at a time, each for `SLICE_SECONDS` in turn, until all are done. A slow
stretch of the machine then slows every system alike, and their ratio stays steady.
A system's time is the sum of its own slices between its load's start and end.

An open load is not sliced: its arrivals would bunch up after every stop.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from benchmarks.throughput.load import Load
from bot.paths import PROJECT_ROOT

#: Under a closed load, each system's process runs for this long in its turn (seconds).
SLICE_SECONDS = 0.25
Slice = tuple[float, float]


def command(system: str, users: int, load: Load, sliced: bool = False) -> list[str]:
    """The command of one measurement's process (`benchmarks.throughput.load`)."""
    run = {"system": system, "users": users, **load._asdict(), "sliced": sliced}
    return [sys.executable, "-m", "benchmarks.throughput.load", json.dumps(run)]


def run_alone(system: str, users: int, load: Load) -> dict[str, Any]:
    """One measurement in a fresh process."""
    done = subprocess.run(
        command(system, users, load), capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    if done.returncode:
        raise RuntimeError(f"{system} failed: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def own_seconds(slices: list[Slice], began: float, ended: float) -> float:
    """How much of its slices a system spent between its load's start and end."""
    return sum(max(0.0, min(end, ended) - max(start, began)) for start, end in slices)


def run_side_by_side(
    systems: list[str], users: int, load: Load, slice_seconds: float = SLICE_SECONDS
) -> dict[str, dict[str, Any]]:
    """One measurement of each system, each in its own process, taking turns.

    Besides the measurement's own figures, each result has `seconds` (its own slices
    only), `seconds_side_by_side` (from its load's start to its end, everybody's slices)
    and `slices`, the turns it was given as (start, end) on the monotonic clock.
    """
    assert not load.is_open
    children: dict[str, subprocess.Popen[str]] = {}
    slices: dict[str, list[Slice]] = {system: [] for system in systems}
    with tempfile.TemporaryFile("w+") as errors:
        try:
            for system in systems:
                child = subprocess.Popen(
                    command(system, users, load, sliced=True),
                    stdout=subprocess.PIPE,
                    stderr=errors,
                    text=True,
                    cwd=PROJECT_ROOT,
                )
                children[system] = child
                assert child.stdout is not None
                if child.stdout.readline().strip() != "ready":
                    raise RuntimeError(f"{system} did not start: {_tail(errors)}")
                wait_until_stopped(child.pid)
            waiting = list(systems)
            while waiting:
                for system in list(waiting):
                    child = children[system]
                    resumed = time.monotonic()
                    os.kill(child.pid, signal.SIGCONT)
                    try:
                        child.wait(timeout=slice_seconds)
                    except subprocess.TimeoutExpired:
                        os.kill(child.pid, signal.SIGSTOP)
                        wait_until_stopped(child.pid)
                    slices[system].append((resumed, time.monotonic()))
                    if child.poll() is not None:
                        waiting.remove(system)
                        if child.returncode:
                            raise RuntimeError(f"{system} failed: {_tail(errors)}")
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.kill()
                    child.wait()
        results = {}
        for system, child in children.items():
            assert child.stdout is not None
            result = dict(json.loads(child.stdout.read().strip().splitlines()[-1]))
            child.stdout.close()
            began, ended = result.pop("load_began"), result.pop("load_ended")
            seconds = own_seconds(slices[system], began, ended)
            results[system] = {
                **result,
                "seconds": round(seconds, 3),
                "seconds_side_by_side": round(ended - began, 3),
                "updates_per_s": round(result["updates"] / seconds, 1),
                "slices": slices[system],
            }
        return results


def wait_until_stopped(pid: int) -> None:
    """Until process `pid` is stopped, or has ended (it may end just as its slice does)."""
    while process_state(pid) not in ("T", "t", "Z", "X"):
        time.sleep(0.0005)


def process_state(pid: int) -> str:
    """The state letter Linux shows for process `pid` (R running, T stopped, Z exited)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _tail(errors: IO[str]) -> str:
    errors.seek(0)
    return errors.read()[-2000:]
