"""How far more webhook processes on one PostgreSQL database carry the bot.

Starts 1 and then 3 `spasmbot webhook` processes against a loopback fake Bot
API, posts whole typed consultations of many chats at once (each chat's
updates one after the other, to a different process each time, as a load
balancer would), and reports updates/s and the p50/p99 time until Telegram
would get its 200 (the update is stored and its replies sent).

    SPASMBOT_TEST_DATABASE_URL=$(bash .ci/postgres.sh start) python -m benchmarks.webhook_processes

Everything runs on this machine, load generator and database included, so
the figures show the shape, not a data-centre ceiling. Results:
benchmarks/results/processes.{json,md}.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.adapters.telegram.processes import LINES, Webhooks, conversation, fresh_database
from tests.fakes.bot_api import FakeBotApiServer
from tests.storage.backends import POSTGRES_URL

RESULTS = Path(__file__).resolve().parent / "results"


def measure(processes: int, chats: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as tmp,
        fresh_database() as url,
        FakeBotApiServer() as server,
        Webhooks(server, url, Path(tmp), processes) as hooks,
    ):
        telegram = server.telegram
        ids = itertools.count(1, len(LINES))
        plans = [conversation(telegram, 10_000 + n, next(ids)) for n in range(chats)]
        for warm in conversation(telegram, 9_999, 1_000_000):  # first connections, caches
            hooks.post(0, warm)
        latencies: list[float] = []

        def play(chat: int) -> None:
            for step, update in enumerate(plans[chat]):
                started = time.perf_counter()
                hooks.post(chat + step, update)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        with ThreadPoolExecutor(min(chats, 64)) as pool:
            list(pool.map(play, range(chats)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "processes": processes,
        "chats": chats,
        "updates": len(latencies),
        "seconds": round(elapsed, 3),
        "updates_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| processes | chats | updates | updates/s | p50 ms | p99 ms |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['processes']} | {r['chats']} | {r['updates']} | {r['updates_per_second']} "
            f"| {r['p50_ms']} | {r['p99_ms']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    if not POSTGRES_URL:
        raise SystemExit("set SPASMBOT_TEST_DATABASE_URL (bash .ci/postgres.sh prints one)")
    results = [measure(n, args.chats) for n in args.processes]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "processes.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "processes.md").write_text(table(results) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
