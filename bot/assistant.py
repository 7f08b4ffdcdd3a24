"""One turn of the bot, whatever the transport: the engine's step, put into words.

`Assistant.respond` is that step without storage: the Telegram adapter calls it
inside its own storage transaction, where the turn, its update id and the
messages to send commit together. `Assistant.take_turn` loads the conversation,
responds and saves it: the terminal chat and the tests use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.core.content import check_teaching
from bot.core.conversation import Conversation
from bot.core.engine import Engine
from bot.core.events import Event
from bot.core.loader import DialogError, load_dialog
from bot.core.model import Dialog
from bot.core.render import Message, Renderer, Surface
from bot.core.replies import Notice, Notify
from bot.core.teaching import CaseBook, QuizBank
from bot.core.understanding.languages import FOLDER as LANGUAGE_FOLDER
from bot.core.understanding.languages import load_lexicons
from bot.i18n import Catalogs
from bot.storage.base import ConversationKey, Storage

T = TypeVar("T")


@dataclass(frozen=True)
class Content:
    """What `dialogs/` and `locales/` hold, loaded: the dialog with its engine and
    renderer, and the group quiz and case studies — one per dialog version, shared
    by every conversation, replaced whole by a reload."""

    dialog: Dialog
    engine: Engine
    renderer: Renderer
    #: The group quiz questions (`dialogs/quiz.yml`), if the folder has them.
    quiz: QuizBank | None = None
    #: The group case studies (`dialogs/cases.yml`), if the folder has them.
    cases: CaseBook | None = None

    @classmethod
    def load(cls, dialogs: Path, locales: Path, name: str = "consultation") -> Content:
        dialog = load_dialog(dialogs / f"{name}.yml", dialogs / "templates")
        catalogs = Catalogs(locales)
        lexicons = load_lexicons(dialogs / LANGUAGE_FOLDER, dialog)
        engine = Engine(dialog, lambda lang: catalogs.translations(lang).gettext, lexicons)
        engine.warm_up()
        medicines = {language: lexicon.medicine_names() for language, lexicon in lexicons.items()}
        renderer = Renderer(dialog, dialogs / "templates", catalogs, medicines)
        renderer.warm_up(catalogs.shipped)
        loaded = {name: dialog}
        quiz = _load_teaching(dialogs / "quiz.yml", QuizBank, loaded)
        cases = _load_teaching(dialogs / "cases.yml", CaseBook, loaded)
        return cls(dialog, engine, renderer, quiz, cases)


def load_engine(dialog: Dialog, dialogs: Path, catalogs: Catalogs) -> Engine:
    """The engine of `dialog` with every language's lexicon and the translated danger
    words: what reads the people's messages (the tools that score reading use it too)."""
    lexicons = load_lexicons(dialogs / LANGUAGE_FOLDER, dialog)
    return Engine(dialog, lambda lang: catalogs.translations(lang).gettext, lexicons)


def _load_teaching(path: Path, model: type[T], loaded: Mapping[str, Dialog]) -> T | None:
    if not path.exists():
        return None
    found, _positions, problems = check_teaching(path, loaded)
    errors = [p for p in problems if p.severity == "error"]
    if errors or not isinstance(found, model):
        raise DialogError(errors)
    return found


@dataclass(frozen=True)
class Turn:
    """What one event produced: the messages to show and the conversation after it."""

    messages: list[Message]
    conversation: Conversation | None
    #: What the engine said besides the dialog (a button no longer valid, tick one
    #: first, ...): an adapter may say it differently, say, as the answer to a tap.
    notices: tuple[Notice, ...] = ()

    @property
    def state(self) -> str | None:
        return self.conversation.state if self.conversation else None


class Assistant:
    def __init__(self, content: Content, storage: Storage) -> None:
        #: Replaced whole by a reload; read on every turn.
        self.content = content
        self.storage = storage

    def respond(
        self,
        before: Conversation | None,
        event: Event,
        language: str = "en",
        surface: Surface = Surface.TELEGRAM,
    ) -> Turn:
        """What `event` leads to, without storage: the conversation after it (from the
        engine) and the messages that say so (from the renderer)."""
        after, replies = self.content.engine.handle(before, event, language)
        renderer = self.content.renderer
        messages = [m for reply in replies for m in renderer.render(reply, language, surface)]
        notices = tuple(reply.notice for reply in replies if isinstance(reply, Notify))
        return Turn(messages, after, notices)

    async def take_turn(
        self,
        key: ConversationKey,
        event: Event,
        language: str = "en",
        surface: Surface = Surface.TELEGRAM,
    ) -> Turn:
        """One turn with storage: load the conversation, respond, save it if it changed."""
        before = await self.storage.load(key)
        turn = self.respond(before, event, language, surface)
        if turn.conversation is not None and turn.conversation != before:
            await self.storage.save(key, turn.conversation)
        return turn

    async def forget(self, user_id: int) -> int:
        return await self.storage.forget_user(user_id)
