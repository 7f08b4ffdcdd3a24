"""How long a user who taps quickly waits for the next question, end to end.

Starts `spasmbot run` as a real process (long polling, SQLite, Telegram's
sending limits on) against a loopback fake Bot API, and has users hold whole
consultations (`/start` and nine taps, the benign-twitch path) one after the
other, each tapping once a second: a tap comes one second after the previous
one, or as soon as the question it answers appears if that took longer. For
every tap it takes the time from the tap reaching Telegram (the update is
queued for `getUpdates`) to the `sendMessage` that carries the next question
(the advice, after the last tap) reaching Telegram: what the user waits for; a
tick on a choose-all-that-apply question is timed to its ✓ edited in place.
Reported: p50, p95 and the longest wait over all taps, and the p50 per tap
of the consultation (a limit that runs out shows as later taps waiting more).

    python -m benchmarks.tap_latency --consultations 5

Results: benchmarks/results/tap_latency.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.adapters.telegram.bot_process import BotProcess, newest_button, ticks
from tests.adapters.telegram.harness import BENIGN_TAPS
from tests.fakes.bot_api import FakeBotApiServer, FakeTelegram

RESULTS = Path(__file__).resolve().parent / "results"
#: A quick user taps this long after the previous tap (seconds).
TAP_EVERY = 1.0
#: The first chat id; each consultation has a chat of its own.
FIRST_CHAT = 7000


def first_message_after(
    tg: FakeTelegram, chat: int, count: int, timeout: float = 30, ticked: int | None = None
) -> float:
    """When the bot's message number `count + 1` in `chat` reached Telegram, or (given
    `ticked`, the ticks so far) its next tick edited in place, whichever came first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with tg.lock:
            calls = [
                call
                for call in tg.calls
                if call.error is None and str(call.params.get("chat_id")) == str(chat)
            ]
        sent = [call for call in calls if call.method == "sendMessage"]
        edits = [
            call
            for call in calls
            if call.method == "editMessageText" and call.params.get("reply_markup")
        ]
        arrivals = [sent[count].at] if len(sent) > count else []
        if ticked is not None and len(edits) > ticked:
            arrivals.append(edits[ticked].at)
        if arrivals:
            return min(arrivals)
        time.sleep(0.001)
    raise AssertionError(f"chat {chat}: no message number {count + 1} within {timeout}s")


def consultation(tg: FakeTelegram, chat: int) -> list[float]:
    """One user's consultation, tapping once a second; the wait after each tap (seconds)."""
    tg.push_update(tg.message_update(chat, "/start"))
    shown = first_message_after(tg, chat, 1)  # the greeting, then the first question
    next_tap = max(time.monotonic(), shown + TAP_EVERY)
    waits: list[float] = []
    for label in BENIGN_TAPS:
        time.sleep(max(0.0, next_tap - time.monotonic()))
        before, ticked = len(tg.sent(chat)), len(ticks(tg, chat))
        message_id, data = newest_button(tg, label, chat)
        tapped = time.monotonic()
        tg.push_update(tg.callback_update(chat, data, message_id))
        # the next question, or for a tick on a choose-all-that-apply question its ✓
        arrived = first_message_after(tg, chat, before, ticked=ticked)
        waits.append(arrived - tapped)
        next_tap = max(tapped + TAP_EVERY, arrived)
    return waits


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(consultations: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, FakeBotApiServer() as server:
        bot = BotProcess(server, Path(tmp), log_level="WARNING")
        bot.start()
        try:
            runs = [consultation(server.telegram, FIRST_CHAT + n) for n in range(consultations)]
        finally:
            assert bot.stop() == 0
    waits = [wait for run in runs for wait in run]
    return {
        "consultations": consultations,
        "taps": len(waits),
        "tap_every_s": TAP_EVERY,
        "p50_ms": round(statistics.median(waits) * 1000, 1),
        "p95_ms": round(percentile(waits, 0.95) * 1000, 1),
        "max_ms": round(max(waits) * 1000, 1),
        "p50_ms_by_tap": [
            round(statistics.median(run[n] for run in runs) * 1000, 1)
            for n in range(len(BENIGN_TAPS))
        ],
    }


def table(result: dict[str, Any]) -> str:
    by_tap = " / ".join(f"{ms:g}" for ms in result["p50_ms_by_tap"])
    return "\n".join(
        [
            "| consultations | taps | tap every s | p50 ms | p95 ms | max ms | p50 ms per tap |",
            "|---:|---:|---:|---:|---:|---:|---|",
            f"| {result['consultations']} | {result['taps']} | {result['tap_every_s']:g}"
            f" | {result['p50_ms']:g} | {result['p95_ms']:g} | {result['max_ms']:g} | {by_tap} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consultations", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    result = measure(args.consultations)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "tap_latency.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / "tap_latency.md").write_text(table(result) + "\n")
    print(table(result))


if __name__ == "__main__":
    main()
