"""Understanding what people type: stories, natural answers, negation, doubt.

`Reader.understand(text)` turns a message into facts (answers to any question
of the dialog, danger signs with their context, a duration, medicines); the
words come from `dialogs/language/<lang>.yml`.
"""

from bot.core.understanding.lexicon import Context, Lexicon
from bot.core.understanding.reader import CONCERN, Reader, Understanding

__all__ = ["CONCERN", "Context", "Lexicon", "Reader", "Understanding"]
