"""`spasmbot chat` driven as a script would (a pipe) and as a person would (a terminal)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from bot.adapters.terminal.screen import parse, wrap
from bot.core.render import NOTICES, TYPED_NOTICES, Surface, notice_text
from bot.core.replies import Notice
from bot.i18n import Catalogs
from tests.conftest import LOCALES

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


#: Select Graphic Rendition escapes: bold, colours (not readline's own mode switches).
SGR = re.compile(r"\x1b\[[0-9;]*m")


def run_chat(
    tmp_path: Path, lines: list[str] | bytes, *extra: str, **env: str
) -> subprocess.CompletedProcess[bytes]:
    data = lines if isinstance(lines, bytes) else ("\n".join(lines) + "\n").encode()
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--db", str(tmp_path / "t.sqlite3"), *extra],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
    )


def chat(tmp_path: Path, lines: list[str] | bytes, *extra: str) -> list[dict[str, object]]:
    done = run_chat(tmp_path, lines, "--json", *extra)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def transcript(tmp_path: Path, lines: list[str], *extra: str, **env: str) -> str:
    """What a piped chat prints as text."""
    done = run_chat(tmp_path, lines, *extra, **env)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


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
                "😀🧑‍🦰".encode(),  # emoji that stand for no words (a shrug is "not sure")
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


# -- in a terminal -------------------------------------------------------------


class Terminal:
    """`spasmbot chat` in a pseudo-terminal of 80x24, its controlling terminal, as a person runs it.

    Keys go in as bytes (b"\\x03" is Ctrl-C); everything the chat and the
    terminal echo comes back in `screen`.
    """

    def __init__(self, tmp_path: Path, *extra: str, **env: str) -> None:
        self.master, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--db", str(tmp_path / "t.sqlite3"), *extra],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
            # The terminal becomes the chat's own, so Ctrl-C reaches it as SIGINT.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
            env={**environ, "TERM": "xterm", "PYTHONIOENCODING": "utf-8", **env},
        )
        os.close(follower)
        self.screen = b""
        self.seen = 0

    def wait_for(self, expected: bytes, timeout: float = 30) -> bytes:
        """Read until `expected` appears after the last thing waited for; what came up to it."""
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(expected, self.seen)) < 0:
            assert self._read(deadline - time.monotonic()), (expected, self.screen[self.seen :])
        start, self.seen = self.seen, found + len(expected)
        return self.screen[start : self.seen]

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the chat has exited and closed the terminal
            return False
        self.screen += data
        return bool(data)

    def press(self, keys: bytes) -> None:
        # As a person would, a moment after the prompt: a signal in the instant between
        # readline drawing the prompt and waiting for a key is only seen at the next key.
        time.sleep(0.3)
        os.write(self.master, keys)

    def exit_status(self, timeout: float = 10) -> int:
        """The chat's exit status; it must exit on its own within `timeout` seconds."""
        try:
            status = self.process.wait(timeout)
        finally:
            self.process.kill()
        deadline = time.monotonic() + 1
        while self._read(deadline - time.monotonic()):
            pass
        os.close(self.master)
        return status


@pytest.fixture
def terminal(tmp_path: Path) -> Terminal:
    return Terminal(tmp_path)


def test_ctrl_c_exits_at_once_without_enter(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"5\r")
    terminal.wait_for(b"Which of these describes it best?")
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"\x03")  # no Enter after it
    assert terminal.exit_status() == 0  # leaving is not an error; every answer is saved
    after = terminal.screen.rsplit(b"> ", 1)[1]
    assert after.endswith(b"\r\n")  # the shell's prompt starts on a new line
    assert b"Traceback" not in terminal.screen
    records = chat(tmp_path, [])
    assert records[0]["text"].startswith("Welcome back")  # type: ignore[union-attr]
    assert records[1]["state"] == "location"


def test_ctrl_d_prints_a_newline_and_exits_cleanly(terminal: Terminal) -> None:
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"\x04")
    assert terminal.exit_status() == 0
    assert terminal.screen.endswith(b"> \r\n")


def test_arrow_up_recalls_the_previous_line(terminal: Terminal) -> None:
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"/why\r")
    terminal.wait_for(b"Why we ask")
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"\x1b[A\r")  # arrow up, Enter: /why again
    again = terminal.wait_for(b"\r\n> ")
    assert b"Why we ask" in again
    assert b"^[[A" not in terminal.screen
    assert b"did not understand" not in terminal.screen
    terminal.press(b"/quit\r")
    assert terminal.exit_status() == 0


def test_headings_and_numbers_are_bold_on_a_terminal(terminal: Terminal) -> None:
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"/why\r")
    shown = terminal.wait_for(b"\r\n> ")
    assert b"\x1b[1mWhy we ask\x1b[0m" in shown
    assert b"\x1b[1m  1. \x1b[0mFace, arm, speech or sight" in terminal.screen
    terminal.press(b"/quit\r")
    assert terminal.exit_status() == 0


def test_no_color_keeps_a_terminal_plain(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path, NO_COLOR="1")
    terminal.wait_for(b"\r\n> ")
    terminal.press(b"/why\r")
    terminal.wait_for(b"Why we ask")
    terminal.press(b"/quit\r")
    assert terminal.exit_status() == 0
    assert not SGR.search(terminal.screen.decode())


def test_piped_output_has_no_escape_codes(tmp_path: Path) -> None:
    text = transcript(tmp_path, ["/why", "1"])
    assert "Why we ask" in text and "EMERGENCY" in text
    assert "\x1b" not in text


def test_text_is_wrapped_to_the_terminal_width(tmp_path: Path) -> None:
    text = transcript(tmp_path, ["/summary"], COLUMNS="40")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 40
    # Broken only at spaces: the welcome reads the same joined up again.
    welcome = " ".join(lines[1 : lines.index("", 1)])
    assert welcome == NOTICES[Notice.WELCOME]


def test_wrapped_bullets_and_answers_continue_under_their_text() -> None:
    (line,) = parse("• <b>Hemifacial spasm</b>: one side of the face pulls, again and again")
    wrapped = wrap(line, 30)
    plain = ["".join(text for text, _ in piece) for piece in wrapped]
    assert plain == ["• Hemifacial spasm: one side", "  of the face pulls, again and", "  again"]
    assert wrapped[0][1] == ("Hemifacial spasm", frozenset({"b"}))
    assert all(len(piece) <= 30 for piece in plain)


def test_tabs_and_form_feeds_in_a_message_wrap_like_spaces() -> None:
    (line,) = parse("<b>a\tb</b>\x0bc\x0cd\re " * 10)
    wrapped = ["".join(text for text, _ in piece) for piece in wrap(line, 20)]
    assert " ".join(wrapped).split() == ["a", "b", "c", "d", "e"] * 10
    assert all(len(piece) <= 20 for piece in wrapped)


# -- words for a surface without buttons ---------------------------------------


def test_terminal_never_asks_to_tap_a_button(tmp_path: Path) -> None:
    text = " ".join(transcript(tmp_path, ["banana", "is this serious?"]).split())
    assert "Sorry, I did not understand that. Please type the number or the words" in text
    assert "tap" not in text.lower()


@pytest.mark.parametrize("language", ["de", "es", "ru"])
def test_terminal_notices_are_translated(language: str) -> None:
    translate = Catalogs(LOCALES).translations(language).gettext
    for notice in TYPED_NOTICES:
        typed = translate(notice_text(notice, Surface.TERMINAL))
        assert typed != notice_text(notice, Surface.TERMINAL)  # not shown in English
        assert typed != translate(notice_text(notice, Surface.TELEGRAM))


def test_why_shows_the_choices_again(tmp_path: Path) -> None:
    text = transcript(tmp_path, ["/why"])
    after_why = text.split("Why we ask", 1)[1]
    assert "1. Face, arm, speech or sight" in after_why
    assert "6. Not sure" in after_why
    records = chat(tmp_path, ["/why"])
    assert records[-2]["kind"] == "why"
    assert records[-1]["state"] == "danger_screen"
    assert "Not sure" in records[-1]["options"]  # type: ignore[operator]


def test_unknown_language_is_refused_with_the_available_ones(tmp_path: Path) -> None:
    done = run_chat(tmp_path, [], "--lang", "xx")
    assert done.returncode == 2
    assert done.stderr.decode() == "spasmbot: no language 'xx'; available: de, en, es, ru\n"
    assert done.stdout == b""


def test_language_with_a_region_uses_its_language(tmp_path: Path) -> None:
    assert "Hallo!" in transcript(tmp_path, [], "--lang", "de-AT")


def test_piped_transcript_shows_the_answer_taken(tmp_path: Path) -> None:
    text = transcript(tmp_path, ["5", "one eyelid"])
    assert "\n→ None of these\n" in text
    assert "\n→ One eyelid twitches\n" in text
    assert "→" not in "".join(str(r["text"]) for r in chat(tmp_path / "json", ["5"]))


def test_output_piped_into_head_stops_without_a_traceback(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--db", str(tmp_path / "t.sqlite3")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert process.stdout is not None and process.stdin is not None
    process.stdout.read(10)
    process.stdout.close()  # as `| head -c 10` does
    _, errors = process.communicate(b"/help\n" * 2000, timeout=60)
    assert errors == b""
    assert process.returncode == 0


@pytest.mark.parametrize(
    ("language", "story", "no"),
    [
        ("en", "my left eyelid has twitched for about 5 days, too much coffee", "no, nothing"),
        ("ru", "левое веко дёргается дней пять, пью много кофе", "нет, ничего такого"),
        ("es", "me tiembla el párpado izquierdo desde hace 5 días, tomo mucho café", "no, nada"),
        ("de", "mein linkes Augenlid zuckt seit 5 Tagen, trinke viel Kaffee", "nein, nichts davon"),
    ],
)
def test_a_typed_story_skips_what_it_answered(
    tmp_path: Path, language: str, story: str, no: str
) -> None:
    out = chat(tmp_path, [story, no, "2"], "--lang", language)
    noted = next(m for m in out if m["kind"] == "noted")
    understood = noted["understood"]
    assert isinstance(understood, dict)
    assert understood["answers"]["location"] == ["one_eyelid"]
    assert understood["answers"]["side"] == ["left"]
    assert understood["duration_days"] == 5
    asked = [m["state"] for m in out if m["kind"] == "question"]
    # the safety screen is asked even so; where and how long are not asked at all
    assert asked[:2] == ["danger_screen", "danger_screen"]
    assert "location" not in asked and "duration" not in asked
    assert asked[2] == "closure"


def test_regression_a_carers_piped_answer_was_echoed_in_the_first_person(
    tmp_path: Path,
) -> None:
    """A father typing for his son saw "→ An urge first, I can hold it" under the question
    that had asked about "them"; two answers ticked together were not echoed at all. The
    echo is now the renderer's own: worded for the person helped, every answer listed."""
    story = "My son is 10, his eyelid twitches for 3 weeks and he says he has to do it"
    text = transcript(tmp_path, [story, "none", "comes and goes", "no", "none", "2", "done"])
    assert "\n→ Bright light bothers them, Urge first, they can hold it\n" in text
