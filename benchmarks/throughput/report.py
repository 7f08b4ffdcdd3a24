"""Rounds summed up, the guardrails checked, and `benchmarks/results/telegram.{json,md}`.

Every figure is the median over a measurement's rounds, and the ratio to bare PTB is
the median of each round's own ratio: the two systems of a round shared its minutes
of the machine, so their ratio is the steady figure, not either throughput.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.throughput.load import THINK_SECONDS, UPDATES_PER_USER, Load

Result = dict[str, Any]
#: Issue 25's guardrails for spasmbot: the least ratio to bare PTB under a closed load...
MIN_RATIO_TO_BARE = 0.75
#: ... the p99 in process there (ms) ...
MAX_P99_MS = 10.0
#: ... and the p99 from arrival under an open load of at most this rate (updates/s, ms).
OPEN_RATE, MAX_ARRIVAL_P99_MS = 250.0, 20.0
MEDIANS = (
    "updates_per_s",
    "cpu_us_per_update",
    "p50_ms",
    "p99_ms",
    "p99_from_arrival_ms",
    "peak_rss_mb",
)


def summarise(rounds: list[dict[str, Result]]) -> list[Result]:
    """One result per system from its runs, one run of each system per round."""
    summaries = []
    for system in rounds[0]:
        runs = [round_[system] for round_ in rounds]
        first = runs[0]
        summary: Result = {
            "system": system,
            "users": first["users"],
            **Load.of(first)._asdict(),
            "rounds": len(runs),
            "updates": first["updates"],
            "bot_api_calls": first["bot_api_calls"],
        }
        for field in MEDIANS:
            summary[field] = _median([run[field] for run in runs])
        if "bare" in rounds[0]:
            pairs = [(round_[system], round_["bare"]) for round_ in rounds]
            if not Load.of(first).is_open:  # an open load's rate is the same for all
                ratios = [r["updates_per_s"] / b["updates_per_s"] for r, b in pairs]
                summary["ratio_to_bare"] = round(statistics.median(ratios), 3)
                summary["rounds_ratio_to_bare"] = [round(ratio, 3) for ratio in ratios]
            above = [r["peak_rss_mb"] - b["peak_rss_mb"] for r, b in pairs]
            summary["rss_above_bare_mb"] = round(statistics.median(above), 1)
        summary["rounds_updates_per_s"] = [run["updates_per_s"] for run in runs]
        summary["rounds_p99_from_arrival_ms"] = [run["p99_from_arrival_ms"] for run in runs]
        summaries.append(summary)
    return summaries


def _median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return round(statistics.median(known), 3) if known else None


def _key(result: Result) -> tuple[bool, int, float]:
    """Closed loads before open ones, then by users and load (systems in the order run)."""
    load = Load.of(result)
    return load.is_open, result["users"], load.rate or -(load.active or 0)


def table(results: list[Result]) -> str:
    """The results as Markdown, spasmbot and bare PTB row by row."""
    lines = [
        "| users | load | system | updates/s | ratio to bare | CPU µs/update | p50 ms | p99 ms "
        "| p99 from arrival ms | peak RSS MB | RSS above bare MB | rounds |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(results, key=_key):
        cells = [
            f"{r['users']:,}",
            Load.of(r).label(),
            r["system"],
            f"{r['updates_per_s']:,.0f}",
            _cell(r.get("ratio_to_bare"), ".2f"),
            _cell(r["cpu_us_per_update"], ",.0f"),
            _cell(r["p50_ms"], ".3f"),
            _cell(r["p99_ms"], ".3f"),
            _cell(r["p99_from_arrival_ms"], ".3f"),
            _cell(r["peak_rss_mb"], ".1f"),
            _cell(r.get("rss_above_bare_mb"), "+.1f"),
            str(r["rounds"]),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines)


def _cell(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def guardrails(results: list[Result]) -> list[str]:
    """Issue 25's guardrails, a line for each spasmbot row they apply to (✓ held, ✗ not)."""
    lines = []
    for r in sorted(results, key=_key):
        if r["system"] != "spasmbot":
            continue
        load = Load.of(r)
        where = f"{r['users']:,} users, {load.label()}"
        if not load.is_open:
            checks = [
                ("ratio to bare PTB", r.get("ratio_to_bare"), ">=", MIN_RATIO_TO_BARE),
                ("p99 ms", r["p99_ms"], "<", MAX_P99_MS),
            ]
        elif (load.rate or 0) <= OPEN_RATE:
            checks = [("p99 from arrival ms", r["p99_from_arrival_ms"], "<", MAX_ARRIVAL_P99_MS)]
        else:
            checks = []
        for name, value, sign, bound in checks:
            if value is not None:
                held = value >= bound if sign == ">=" else value < bound
                mark = "✓" if held else "✗"
                lines.append(f"- {mark} {where}: {name} {value:.2f} (needs {sign} {bound:g})")
        if r.get("rss_above_bare_mb") is not None:
            lines.append(f"- {where}: peak RSS {r['rss_above_bare_mb']:+.1f} MB above bare PTB's")
    return lines


def write(results: list[Result], directory: Path) -> None:
    """`telegram.json` (every figure) and `telegram.md` (the table and the guardrails)."""
    directory.mkdir(parents=True, exist_ok=True)
    meta = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "updates_per_user": UPDATES_PER_USER,
    }
    document = {"meta": meta, "results": sorted(results, key=_key)}
    (directory / "telegram.json").write_text(json.dumps(document, indent=2) + "\n")
    (directory / "telegram.md").write_text(
        f"# Telegram throughput\n\n{UPDATES_PER_USER} updates per user. Load: how many users "
        "are mid-consultation at once (a closed load), or how many updates arrive per second "
        "whatever the bot does (an open load: Poisson arrivals, "
        f"{THINK_SECONDS * 1000:.0f} ms of thought between taps on average). Medians over "
        "the rounds; the ratio to bare PTB is the median of each round's ratio. "
        f"Python {meta['python']}, {meta['cpus']} CPUs.\n\n"
        f"{table(results)}\n\n## Guardrails (issue 25)\n\n" + "\n".join(guardrails(results)) + "\n"
    )
