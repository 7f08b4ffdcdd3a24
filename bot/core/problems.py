"""A problem in a dialog file, and where in the file it is.

Shared by the loader and the flow checks so that every problem reads the same:
`file:line:column: severity: message (fix: ...)`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

Path_ = tuple[str | int, ...]


def display_path(path: Path | str) -> str:
    """The file as the maintainer named it, so an editor or terminal can open it.

    A relative path stays as given; an absolute one inside the working directory
    (the default `dialogs/` folder) is shown relative to it.
    """
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    fix: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} (fix: {self.fix})" if self.fix else text


class Positions:
    """Line/column of every node in the YAML file, by its path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._marks: dict[Path_, tuple[int, int]] = {}
        #: Where each mapping key is written: a typo in a key is fixed there, not on the
        #: line below it where its block of values starts.
        self._keys: dict[Path_, tuple[int, int]] = {}

    def record(self, path: Path_, node: yaml.Node) -> None:
        self._marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def record_key(self, path: Path_, node: yaml.Node) -> None:
        """Where the key of the value at `path` is written."""
        self._keys[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def record_at(self, path: Path_, line: int, column: int) -> None:
        """A place that is not a YAML node (a CSV file's cell)."""
        self._marks[path] = (line, column)

    def at(self, path: Path_) -> tuple[int, int]:
        while path not in self._marks and path:
            path = path[:-1]
        return self._marks.get(path, (1, 1))

    def key_at(self, path: Path_) -> tuple[int, int]:
        """Where the key of the value at `path` is written (where its value is, without one)."""
        return self._keys.get(path) or self.at(path)

    def problem(self, path: Path_, message: str, fix: str = "", severity: str = "error") -> Problem:
        line, column = self.at(path)
        return Problem(self.file, line, column, message, fix, severity)

    def key_problem(
        self, path: Path_, message: str, fix: str = "", severity: str = "error"
    ) -> Problem:
        """A problem with the key itself (an unknown id written as a key), at that key."""
        line, column = self.key_at(path)
        return Problem(self.file, line, column, message, fix, severity)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A hint for a name a slip away from a known one ("did you mean 'duration'? "), or ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}? " if close else ""
