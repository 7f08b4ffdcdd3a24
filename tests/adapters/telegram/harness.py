"""Drive the real PTB `Application` by "send" and "click", with no network.

In the spirit of aiogram-dialog's test tools: a test talks like a user and looks at
what Telegram received through the fake Bot API (`tests/fakes/`). A first test, in a
`test_*.py` beside this file (the fixtures are in `conftest.py`; each test runs on
SQLite, and on PostgreSQL too when `SPASMBOT_TEST_DATABASE_URL` names a server):

    async def test_none_of_these_asks_where_it_twitches(
        harness: BotHarness, alice: ChatUser
    ) -> None:
        replies = await alice.send("/start")        # what the bot said back, in order
        assert "safety check" in replies[-1]
        await alice.click("None of these")          # taps the newest such button
        assert "One eyelid twitches" in alice.keyboard()
        assert await harness.count("conversations") == 1

What a user does:
- `ChatUser.send(text)` and `ChatUser.click(label)` return the texts the bot sent in
  answer; `harness.user(id, language_code)` is another person (`alice` is 1001, "en").
- `ChatUser.received()` is every message sent to the chat (`texts()` their texts),
  `keyboard()` the labels under the last one.
- Anything else Telegram delivers is built by the fake (`harness.telegram.*_update`:
  a photo, a sticker, a voice note, a forward, an edit, a Reply, a tap on an old
  button …) and given to the bot with `await harness.feed(update)`.

What to look at afterwards: `harness.telegram` (every Bot API call: `calls_of`,
`sent`, `edits`; `fail` makes Telegram refuse or time out), `harness.count(table)`
and `harness.storage` (what was stored). Group quizzes run in `group.py`'s
`GroupBots` (the `bots` fixture); the bot as a real process in `bot_process.py`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.adapters.telegram.application import SpasmBot, build_application
from bot.assistant import Content
from bot.config import Settings
from bot.i18n import Catalogs
from bot.storage.sqlite import SQLiteStorage
from tests.conftest import LOCALES
from tests.fakes.bot_api import FakeRequest, FakeTelegram
from tests.storage.backends import Backend

TOKEN = "123456:TEST-token-never-logged"
#: Button labels of a harmless eyelid twitch, from the safety check to the outcome.
BENIGN_TAPS = [
    "None of these",
    "One eyelid twitches",
    "Less than 2 weeks",
    "No",
    "None of these",
    "None of these",
    "None of these",
    "Stress or anxiety",
    "Done ✔",  # triggers: choose all that apply
]
#: Seconds between two messages `ChatUser.send` types: reading the question, typing.
READING_SECONDS = 3


class BotHarness:
    """One bot, built as `spasmbot run` builds it (`build_application`), talking to the
    fake Telegram through `FakeRequest`; `async with` starts and stops it as PTB does.
    Updates are given to it one at a time by `feed`, each handled to the end."""

    def __init__(
        self,
        content: Content,
        database: Path,
        telegram: FakeTelegram | None = None,
        *,
        rate_limits: bool = False,
        first_update_id: int = 1,
        locales: Path = LOCALES,
        admin_ids: frozenset[int] = frozenset(),
        reload: Callable[[], Content] | None = None,
        watch: Sequence[Path] = (),
        backend: Backend | None = None,
        retention_days: int = 180,
    ) -> None:
        self.telegram = telegram or FakeTelegram()
        self.database = database
        #: Where the state lives: SQLite at `database`, or `backend`'s database.
        self.backend = backend
        self.storage = backend.new(database) if backend else SQLiteStorage(database)
        self.app: Application[Any, Any, Any, Any, Any, Any] = build_application(
            Settings(
                token=TOKEN,
                database=database,
                admin_ids=admin_ids,
                retention_days=retention_days,
            ),
            content=content,
            storage=self.storage,
            catalogs=Catalogs(locales),
            request=FakeRequest(self.telegram),
            rate_limits=rate_limits,
            reload=reload,
            watch=watch,
        )
        self.spasmbot: SpasmBot = self.app.bot_data["spasmbot"]
        self.spasmbot.turns.delivery.backoff = (0.01, 0.02)
        self._update_ids = itertools.count(first_update_id)

    async def __aenter__(self) -> BotHarness:
        await self.app.initialize()
        await self.spasmbot.post_init(self.app)
        await self.storage.settled()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.spasmbot.post_stop(self.app)
        await self.app.shutdown()
        await self.spasmbot.post_shutdown(self.app)

    async def restart(self, content: Content, first_update_id: int) -> BotHarness:
        """Stop this bot and build another on the same database and fake Telegram, as a
        crash's restart or a deploy does; enter it with `async with`. Its update ids
        begin at `first_update_id` (past this bot's, or none would be handled)."""
        await self.__aexit__(None, None, None)
        return BotHarness(
            content,
            self.database,
            self.telegram,
            first_update_id=first_update_id,
            backend=self.backend,
        )

    def update(self, payload: dict[str, Any], update_id: int | None = None) -> Update:
        """`payload` (an update without its id, as the fake builds them) as PTB reads
        it, numbered on from the last (or `update_id`: the same update delivered again)."""
        number = next(self._update_ids) if update_id is None else update_id
        update = Update.de_json({"update_id": number, **payload}, self.app.bot)
        assert update is not None
        return update

    async def feed(self, payload: dict[str, Any], update_id: int | None = None) -> int:
        """Hand `payload` to the bot and wait until it is handled and its replies sent;
        returns its update id."""
        update = self.update(payload, update_id)
        # As the polling loop and the webhook do: through the per-chat update processor.
        await self.app.update_processor.process_update(update, self.app.process_update(update))
        await self.storage.settled()  # delivered replies leave the outbox in the background
        return update.update_id

    async def count(self, table: str, where: str = "", *args: Any) -> int:
        """Rows in `table` (optionally `WHERE ...` with `?` placeholders), on any backend,
        once what is written in the background (delivered replies) is written."""
        await self.storage.settled()
        query = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
        row = await self.storage.statements.fetchone(query, *args)
        assert row is not None
        return int(row[0])

    def user(self, user_id: int, language_code: str = "en") -> ChatUser:
        """A person whose private chat with the bot has id `user_id`, their Telegram
        app in `language_code`."""
        return ChatUser(self, user_id, language_code)


class ChatUser:
    """A person in a private chat with the bot."""

    def __init__(self, harness: BotHarness, user_id: int, language_code: str) -> None:
        self.harness = harness
        self.user_id = user_id
        self.language_code = language_code
        #: The date of this person's last message: each next one is dated a few seconds
        #: on, as a person reads the question before typing (the same words within a
        #: second are Send tapped twice, answered once: `turns.DoubleSends`).
        self._typed_at = 0

    @property
    def telegram(self) -> FakeTelegram:
        return self.harness.telegram

    def received(self) -> list[dict[str, Any]]:
        """Every message the bot sent to this chat, in order (message_id = position + 1)."""
        return self.telegram.sent(self.user_id)

    def texts(self) -> list[str]:
        """The text of every message the bot sent to this chat, in order."""
        return [m["text"] for m in self.received()]

    async def send(self, text: str) -> list[str]:
        """Type `text` and send it (a few seconds after the last message); the texts the
        bot sent in answer."""
        before = len(self.received())
        # at least a second after the question it answers was shown (Telegram's dates
        # are whole seconds: words dated that second were sent before it could be read)
        self._typed_at = max(int(self.telegram.clock()) + 1, self._typed_at + READING_SECONDS)
        await self.harness.feed(
            self.telegram.message_update(
                self.user_id, text, language_code=self.language_code, date=self._typed_at
            )
        )
        return self.texts()[before:]

    def button(self, label: str) -> tuple[int, str]:
        """(message_id, callback data) of the newest button with this label."""
        for index in range(len(self.received()) - 1, -1, -1):
            markup = self.received()[index].get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label and "callback_data" in button:
                        return index + 1, button["callback_data"]
        raise AssertionError(f"no button {label!r}; last message: {self.texts()[-1:]}")

    def click_update(self, label: str) -> dict[str, Any]:
        """The tap on the newest button labelled `label`, built but not yet fed (to feed
        it twice, or later)."""
        message_id, data = self.button(label)
        return self.telegram.callback_update(
            self.user_id, data, message_id, language_code=self.language_code
        )

    async def click(self, label: str) -> list[str]:
        """Tap the newest button labelled `label`; the texts the bot sent in answer (an
        edit of the tapped message is in `telegram.edits`, a toast in `answerCallbackQuery`)."""
        before = len(self.received())
        await self.harness.feed(self.click_update(label))
        return self.texts()[before:]

    def keyboard(self) -> list[str]:
        """The labels of the inline buttons under the last message sent to this chat."""
        markup = self.received()[-1].get("reply_markup") or {}
        return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
