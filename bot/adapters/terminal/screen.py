"""How the terminal shows the bot's messages: Telegram HTML as wrapped, styled text.

The messages are written for Telegram (bold headings, italics, links). In a
terminal, bold stays bold, the urgency headline takes its colour, and every
paragraph is wrapped to the window's width so that words never break at the
edge. Piped output, `NO_COLOR` (https://no-color.org) and `TERM=dumb` get the
same words without escape codes.
"""

from __future__ import annotations

import itertools
import os
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TextIO

#: A piece of text and the styles around it ("b", "i", "a", an urgency, ...).
Run = tuple[str, frozenset[str]]
Line = list[Run]

#: Select Graphic Rendition codes per style; the urgency colours match the 🟢🟡🟠🔴 markers.
CODES: dict[str, str] = {
    "b": "1",
    "i": "3",
    "u": "4",
    "a": "4",
    "self_care": "32",
    "routine": "33",
    "urgent": "38;5;208",
    "emergency": "31",
}
_RESET = "\033[0m"
#: Whitespace textwrap would turn into spaces, turned into spaces first: wrapping keeps the text.
_SPACES = str.maketrans("\t\v\f\r", "    ")
#: Lines that continue a bullet or a numbered option start under its text.
_BULLET = "• "


class _TelegramHTML(HTMLParser):
    """Telegram's HTML subset to lines of runs; a link becomes "text (address)"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = [[]]
        self._open: list[str] = []
        self._links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open.append(tag)
        if tag == "a":
            self._links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag)]
        if tag == "a" and self._links and (address := self._links.pop()):
            self.handle_data(f" ({address})")

    def handle_data(self, data: str) -> None:
        first, *others = data.translate(_SPACES).split("\n")
        self._add(first)
        for text in others:
            self.lines.append([])
            self._add(text)

    def _add(self, text: str) -> None:
        if text:
            self.lines[-1].append((text, frozenset(self._open)))


def parse(html_text: str) -> list[Line]:
    """The lines of a Telegram-HTML message, each a list of styled runs."""
    parser = _TelegramHTML()
    parser.feed(html_text)
    parser.close()
    return parser.lines


def to_plain(html_text: str) -> str:
    """Telegram HTML to text without any styling (for `--json` and transcripts)."""
    return "\n".join("".join(text for text, _ in line) for line in parse(html_text))


def wrap(line: Line, width: int, indent: str = "") -> list[Line]:
    """`line` broken at spaces into lines of at most `width` characters.

    textwrap breaks the plain text; each character keeps its style because
    textwrap only ever drops the spaces where it breaks a line. Continuation
    lines start under the text of a bullet (or under `indent`, if given).
    """
    plain = "".join(text for text, _ in line)
    styles = [style for text, style in line for _ in text]
    hanging = indent or (" " * len(_BULLET) if plain.lstrip().startswith(_BULLET) else "")
    pieces = textwrap.wrap(
        plain,
        width,
        subsequent_indent=hanging,
        break_long_words=False,  # an address stays whole, so it can still be opened
        break_on_hyphens=False,
    )
    wrapped: list[Line] = []
    position = 0
    for number, piece in enumerate(pieces):
        body = piece[len(hanging) :] if number else piece
        position = plain.index(body, position)
        chars = zip(body, styles[position : position + len(body)], strict=True)
        runs = [
            ("".join(char for char, _ in group), style)
            for style, group in itertools.groupby(chars, key=lambda pair: pair[1])
        ]
        wrapped.append([(hanging, frozenset()), *runs] if number and hanging else runs)
        position += len(body)
    return wrapped or [[]]


def wants_style(out: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Bold and colour only on a terminal that has not asked for plain text."""
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return out.isatty()


@dataclass
class Screen:
    """Writes wrapped paragraphs, styled when `styled`, to `out`."""

    out: TextIO
    styled: bool = False

    @classmethod
    def on(cls, out: TextIO) -> Screen:
        return cls(out, wants_style(out))

    def width(self) -> int:
        """The window's width (or $COLUMNS, else 80), less one column.

        The spare column keeps a line whole when an emoji such as 🔴 takes two
        columns while counting as one character.
        """
        return max(shutil.get_terminal_size().columns - 1, 20)

    def paragraphs(self, html_text: str, accent: str | None = None) -> None:
        """A message: a blank line, then each of its lines wrapped; `accent` colours the first."""
        width = self.width()
        self.out.write("\n")
        for number, line in enumerate(parse(html_text)):
            if number == 0 and accent:
                line = [(text, style | {accent}) for text, style in line]
            self._write_lines(wrap(line, width))

    def choices(self, labels: Sequence[str]) -> None:
        """Numbered answers, "  1. label", continued under the label."""
        width = self.width()
        for number, label in enumerate(labels, start=1):
            marker = f"  {number}. "
            line: Line = [(marker, frozenset({"b"})), (label, frozenset())]
            self._write_lines(wrap(line, width, indent=" " * len(marker)))

    def _write_lines(self, lines: list[Line]) -> None:
        for line in lines:
            self.out.write("".join(self._styled(text, style) for text, style in line) + "\n")

    def _styled(self, text: str, style: frozenset[str]) -> str:
        codes = sorted(CODES[s] for s in style if s in CODES)
        if not self.styled or not codes or not text.strip():
            return text
        return f"\033[{';'.join(codes)}m{text}{_RESET}"
