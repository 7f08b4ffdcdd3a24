"""One terminal session from the first message to the exit status.

The turns run on one event loop (`asyncio.Runner`), but the lines are read
between turns on the main thread, so Ctrl-C interrupts the wait for a line at
once (it used to wait for Enter in a reader thread).

Ctrl-C, like Ctrl-D and /quit, is an ordinary way to leave: every answer is
saved as it is given, so the exit status is 0 and `make chat` reports no error.
So is a closed output pipe (`spasmbot chat < answers.txt | head`).
"""

from __future__ import annotations

import asyncio
import os
from typing import TextIO

from bot.adapters.terminal.chat import TerminalChat
from bot.adapters.terminal.lines import LineReader


def hold(chat: TerminalChat, reader: LineReader) -> int:
    """Talk until /quit, the end of the input (Ctrl-D) or Ctrl-C; the exit status."""
    storage = chat.assistant.storage
    with asyncio.Runner() as runner:
        runner.run(storage.open())
        try:
            runner.run(chat.begin())
            while (line := reader.read()) is not None:
                if not runner.run(chat.turn(line)):
                    return 0
            _end_the_prompt_line(chat, reader)  # Ctrl-D left the cursor after the prompt
        except KeyboardInterrupt:
            _end_the_prompt_line(chat, reader)
        except BrokenPipeError:  # what reads the output (`| head`) has stopped reading
            _discard_output(chat.out)
        finally:
            runner.run(storage.close())
    return 0


def _end_the_prompt_line(chat: TerminalChat, reader: LineReader) -> None:
    """A newline, so that the shell's prompt starts on a line of its own."""
    if reader.interactive and chat.out.isatty():
        chat.out.write("\n")
        chat.out.flush()


def _discard_output(out: TextIO) -> None:
    """Send what is still buffered for a closed pipe nowhere, so leaving prints no traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, out.fileno())
    os.close(devnull)
