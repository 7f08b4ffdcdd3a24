"""Reading what the user types: line editing and history on a terminal, plain lines from a pipe.

On a terminal, `input()` goes through GNU readline (or libedit) once the
`readline` module is loaded: arrow keys move and recall earlier lines, and
Ctrl-C and Ctrl-D act at once, without waiting for Enter. The history lives
in memory only: what people type about their health is never written to a
history file.
"""

from __future__ import annotations

import sys
from typing import TextIO


class LineReader:
    def __init__(self, source: TextIO | None = None, prompt: str = "> ") -> None:
        self.source = source or sys.stdin
        #: A person at a terminal (not a pipe or a file) types the lines.
        self.interactive = self.source.isatty()
        self.prompt = prompt
        if self._edits_lines:
            import readline  # noqa: F401 - loading it gives input() editing and history

    @property
    def _edits_lines(self) -> bool:
        return self.interactive and self.source is sys.stdin

    def read(self) -> str | None:
        """The next line, or None at the end of the input (Ctrl-D on a terminal).

        Ctrl-C raises KeyboardInterrupt, as everywhere in Python.
        """
        if self._edits_lines:
            try:
                return input(self.prompt)
            except EOFError:
                return None
        return self.source.readline() or None
