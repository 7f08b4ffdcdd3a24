"""What understanding typed text costs: per message, at start-up, in memory.

Reads patients' messages of about 500 characters (stories from the
development set, joined and cut to length) in each language, many times, on
one core, and reports the CPU time per message (p50, p99), what building the
readers adds to start-up, and the memory they hold.

    python -m benchmarks.understanding [--rounds 2000]

Results: benchmarks/results/understanding.{json,md}.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

from bot.core.engine import Engine
from bot.core.loader import load_dialog
from bot.core.understanding.languages import FOLDER, load_lexicons
from bot.core.understanding.reader import MAX_TEXT

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DEV_SET = ROOT / "tests" / "core" / "understanding" / "utterances.yml"
LANGUAGES = ("en", "ru", "es", "de")
LENGTH = 500


def messages(language: str, count: int = 20) -> list[str]:
    """`count` different messages of LENGTH characters from the language's items."""
    items = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["items"]
    texts = [i["text"] for i in items if i["lang"] == language]
    joined = " ".join(texts) * 2
    step = max(1, (len(joined) - LENGTH) // count)
    return [joined[i * step : i * step + LENGTH] for i in range(count)]


#: Messages built to be slow: the longest text read (`reader.MAX_TEXT`), made of the
#: cues and lists the reach of negation walks through, and one word of letters alone (a
#: pattern tried from every letter of it took 3.7 s).
WORST_CASES = ("no, ", "not ", "no? ", "no droop or ", "no weakness, numbness or slurring. ", "x")


def worst_cases(reader: Any) -> dict[str, float]:
    """CPU ms per message for each WORST_CASES pattern repeated to MAX_TEXT characters."""
    out = {}
    for unit in WORST_CASES:
        text = unit * (MAX_TEXT // len(unit))
        before = time.process_time_ns()
        reader.understand(text)
        out[unit.strip()] = round((time.process_time_ns() - before) / 1e6, 1)
    return out


def build() -> dict[str, Any]:
    dialog = load_dialog(ROOT / "dialogs" / "consultation.yml")
    lexicons = load_lexicons(ROOT / "dialogs" / FOLDER, dialog)
    engine = Engine(dialog, lexicons=lexicons)
    return {language: engine.reader(language) for language in LANGUAGES}


def measure(rounds: int) -> dict[str, Any]:
    build()  # imports and first compilations are the program's, not understanding's
    started = time.process_time()
    readers = build()
    start_up = time.process_time() - started
    tracemalloc.start()  # a second build, traced: tracing slows it, so it is not timed
    build()
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    rows: dict[str, Any] = {}
    for language, reader in readers.items():
        texts = messages(language)
        for text in texts:  # warm the stem caches, as a running bot has them
            reader.understand(text)
        gc.collect()
        times = []
        for index in range(rounds):
            text = texts[index % len(texts)]
            before = time.process_time_ns()
            reader.understand(text)
            times.append((time.process_time_ns() - before) / 1e6)
        times.sort()
        rows[language] = {
            "p50_ms": round(times[len(times) // 2], 3),
            "p99_ms": round(times[int(len(times) * 0.99)], 3),
            "max_ms": round(times[-1], 3),
        }
    return {
        "worst_ms": worst_cases(readers["en"]),
        "message_chars": LENGTH,
        "rounds": rounds,
        "start_up_s": round(start_up, 2),
        "memory_mb": round(memory / 1e6, 1),
        "languages": rows,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Understanding a {result['message_chars']}-character message, CPU time on one core "
        f"({result['rounds']} messages per language).",
        "",
        "| language | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    for language, row in result["languages"].items():
        lines.append(f"| {language} | {row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} |")
    lines += [
        "",
        f"Start-up (the dialog, four lexicons checked against it, four readers): "
        f"{result['start_up_s']} s of CPU; "
        f"memory held: {result['memory_mb']} MB.",
        "",
        f"Built to be slow ({MAX_TEXT:,} characters of one pattern, en), CPU ms: "
        + ", ".join(f"“{k}” {v}" for k, v in result["worst_ms"].items())
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    result = measure(parser.parse_args().rounds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "understanding.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "understanding.md").write_text(table(result))
    print(table(result))


if __name__ == "__main__":
    main()
