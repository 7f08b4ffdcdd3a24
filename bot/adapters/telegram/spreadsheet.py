"""Results files a teacher opens in a spreadsheet (Excel, LibreOffice, Google Sheets).

Two things a teacher noticed in `quiz-results.csv` and `homework-CODE.csv`:

* Written as plain UTF-8, Excel (opened with a double tap, as teachers do) reads it
  in the computer's ANSI code page: a Russian class's 'Иван' showed as 'Ð˜Ð²Ð°Ð½',
  'Müller' as 'MÃ¼ller'. A byte order mark tells it the file is UTF-8; other tools
  skip it.
* A member's Telegram name is theirs to choose: one named '=HYPERLINK("http://…",
  "Open")' or '+7 (999)…' was a formula the spreadsheet ran, or a sum it worked out,
  in the teacher's results. A name that begins as a formula does is kept as text
  (a leading apostrophe, as a spreadsheet itself shows it).
"""

from __future__ import annotations

#: How a cell that a spreadsheet reads as a formula begins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def as_text(name: str) -> str:
    """A member's name, never read as a formula."""
    return f"'{name}" if name.startswith(FORMULA_STARTS) else name


def names_as_text(names: dict[int, str]) -> dict[int, str]:
    return {user: as_text(name) for user, name in names.items()}


def file_bytes(content: str) -> bytes:
    """The CSV's bytes, marked as UTF-8 for Excel."""
    return content.encode("utf-8-sig")
