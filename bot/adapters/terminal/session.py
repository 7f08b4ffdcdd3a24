"""One terminal session from the first message to the exit status.

The turns run on one event loop (`asyncio.Runner`), but the lines are read
between turns on the main thread, so Ctrl-C interrupts the wait for a line at
once (it used to wait for Enter in a reader thread).
"""

from __future__ import annotations

import asyncio

from bot.adapters.terminal.chat import TerminalChat
from bot.adapters.terminal.lines import LineReader

#: The shell's status for a program stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


def hold(chat: TerminalChat, reader: LineReader) -> int:
    """Talk until /quit, the end of the input or Ctrl-D (status 0), or Ctrl-C (130)."""
    storage = chat.assistant.storage
    with asyncio.Runner() as runner:
        runner.run(storage.open())
        try:
            runner.run(chat.begin())
            while (line := reader.read()) is not None:
                if not runner.run(chat.turn(line)):
                    return 0
            _end_the_prompt_line(chat, reader)  # Ctrl-D left the cursor after the prompt
            return 0
        except KeyboardInterrupt:
            _end_the_prompt_line(chat, reader)
            return INTERRUPTED
        finally:
            runner.run(storage.close())


def _end_the_prompt_line(chat: TerminalChat, reader: LineReader) -> None:
    """A newline, so that the shell's prompt starts on a line of its own."""
    if reader.interactive and chat.out.isatty():
        chat.out.write("\n")
        chat.out.flush()
