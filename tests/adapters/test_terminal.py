"""`spasmbot chat` driven through a pipe, as a script or a new user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENIGN = [
    "5",
    "one eyelid twitches",
    "less than 2 weeks",
    "no",
    "none",
    "none",
    "none",
    "stress or anxiety",
]


def chat(tmp_path: Path, lines: list[str] | bytes, *extra: str) -> list[dict[str, object]]:
    data = lines if isinstance(lines, bytes) else ("\n".join(lines) + "\n").encode()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--json",
            "--db",
            str(tmp_path / "t.sqlite3"),
            *extra,
        ],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_whole_consultation_through_a_pipe(tmp_path: Path) -> None:
    records = chat(tmp_path, BENIGN)
    assert records[1]["state"] == "danger_screen"
    assert "None of these" in records[1]["options"]  # type: ignore[operator]
    outcome = records[-1]
    assert outcome["kind"] == "outcome"
    assert outcome["urgency"] == "self_care"
    assert outcome["pattern"] == ["myokymia"]
    assert "<b>" not in str(outcome["text"])
    assert "education, not a diagnosis" in str(outcome["text"])


def test_conversation_continues_after_the_process_restarts(tmp_path: Path) -> None:
    chat(tmp_path, BENIGN[:3])
    records = chat(tmp_path, BENIGN[3:])
    assert records[0]["text"].startswith("Welcome back")  # type: ignore[union-attr]
    assert records[1]["state"] == "closure"
    assert records[-1]["urgency"] == "self_care"


def test_commands_back_why_summary_and_forget(tmp_path: Path) -> None:
    records = chat(tmp_path, ["none of these", "/why", "/back", "/summary", "/forget", "/summary"])
    texts = [str(r["text"]) for r in records]
    assert any(t.startswith("Why we ask") for t in texts)
    assert any("Going back" in t for t in texts)
    assert any("not answered any questions" in t for t in texts)
    assert "deleted" in texts[-2]
    assert "not answered any questions" in texts[-1]


def test_odd_input_never_crashes(tmp_path: Path) -> None:
    odd = (
        b"\n".join(
            [
                b"",
                b"   ",
                "😀🤷‍♀️".encode(),
                "Ｎｏｎｅ ｏｆ ｔｈｅｓｅ".encode(),  # full-width letters
                b"x" * 200_000,
                b"\xff\xfe broken utf-8",
                "\u202e\u0000\u200b".encode(),
                b"/nonsense",
                b"99",
                b"<b>bold</b> & <script>",
            ]
        )
        + b"\n"
    )
    records = chat(tmp_path, odd)
    assert records[-1]["state"] == "location"  # the full-width "None of these" was understood
    assert all(isinstance(r["text"], str) and r["text"] for r in records)


def test_learn_topic_without_answering(tmp_path: Path) -> None:
    records = chat(tmp_path, ["/learn hfs"])
    assert "ephaptic" in str(records[-1]["text"])
