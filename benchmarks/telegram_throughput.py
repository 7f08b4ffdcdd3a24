"""How many updates per second the Telegram bot handles, and how fast, against bare PTB.

Simulated users hold whole consultations (`/start` and eight taps) through the real
PTB stack with an injected request (no network), in two systems (`throughput/systems.py`):
spasmbot as it runs, every turn committed to SQLite before its reply is sent, and
bare PTB, which keeps a counter in a dict and replies. Issue 25's guardrails compare
them at 10,000 and 100,000 stored users:

- *throughput* under a closed load of 16 users mid-consultation at once, as a share of
  bare PTB's (at least 0.75), and the p99 in process there (under 10 ms);
- *latency from arrival* under an open load, updates arriving at 250 a second whatever
  the bot does (p99 under 20 ms);
- *memory*: peak RSS above bare PTB's, which should not grow with stored users.

How (`throughput/`): each measurement runs in a process of its own, so its peak RSS is
its own (`load.py` holds the users and the measurement). Each of `--repeat` rounds runs
every system once; under a closed load a round's systems run side by side, taking
turns in quarter-second slices (`side_by_side.py`), so a busy stretch of a shared
machine slows them alike. Figures are medians over the rounds, and the ratio to bare
PTB is the median of each round's ratio (`report.py`), which stays steady when the
machine's speed does not. Results: `benchmarks/results/telegram.{json,md}`.

    python -m benchmarks.telegram_throughput            # the guardrails, as `make bench`
    python -m benchmarks.telegram_throughput --users 200 --open-users 200 --repeat 1
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks.throughput import report
from benchmarks.throughput.load import Load
from benchmarks.throughput.side_by_side import run_alone, run_side_by_side
from benchmarks.throughput.systems import SYSTEMS
from bot.paths import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"


def run_round(systems: list[str], users: int, load: Load) -> dict[str, dict[str, Any]]:
    """Every system once under `load`: side by side if closed, one after the other if open."""
    if load.is_open:
        return {system: run_alone(system, users, load) for system in systems}
    return run_side_by_side(systems, users, load)


def _numbers(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10000,100000", help="stored users, closed loads")
    parser.add_argument("--active", default="16", help="closed loads: users at once")
    parser.add_argument("--rate", default="250", help="open loads: updates arriving a second")
    parser.add_argument(
        "--open-users",
        type=int,
        default=1000,
        help="stored users, open loads (at 250/s, 100,000 users take an hour a round)",
    )
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--repeat", type=int, default=3, help="rounds per measurement")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where results go")
    args = parser.parse_args()
    runs = [
        (int(users), Load(active=int(n)))
        for users in _numbers(args.users)
        for n in _numbers(args.active)
    ]
    runs += [(args.open_users, Load(rate=rate)) for rate in _numbers(args.rate)]
    systems = args.systems.split(",")
    results: list[dict[str, Any]] = []
    for users, load in runs:
        rounds = [run_round(systems, users, load) for _ in range(max(1, args.repeat))]
        for result in report.summarise(rounds):
            print(json.dumps(result), flush=True)
            results.append(result)
    report.write(results, args.results)
    print(report.table(results), *report.guardrails(results), sep="\n")


if __name__ == "__main__":
    main()
