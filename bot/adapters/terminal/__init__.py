"""`spasmbot chat`: the consultation in a terminal, for people, scripts and tests.

`chat` turns typed lines into events and replies into text, `screen` wraps
and styles that text, `lines` reads the user's lines, and `session` holds one
conversation from the welcome to the exit status.
"""

from bot.adapters.terminal.chat import TerminalChat, pick_language
from bot.adapters.terminal.lines import LineReader
from bot.adapters.terminal.session import hold

__all__ = ["LineReader", "TerminalChat", "hold", "pick_language"]
