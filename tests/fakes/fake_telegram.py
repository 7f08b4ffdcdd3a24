"""``FakeTelegram``: the in-memory model of Telegram that both transports talk to.

It holds Telegram's state for one bot and answers each Bot API call: count it, meet an injected
failure or the group limit, else hand it to the method's handler, and record it.  The handlers
live with their concern (messages, polls, members, the update queue); the table that maps Bot API
method names to them is :meth:`FakeTelegram.__init__`'s ``_handlers``, the one place to extend.
It knows nothing about transports (:mod:`tests.fakes.request`, :mod:`tests.fakes.server`).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Final

from tests.fakes import members, objects
from tests.fakes.calls import Call, JSONDict
from tests.fakes.clock import Clock
from tests.fakes.failures import (
    TRANSPORT_ERRORS,
    Answer,
    ErrorKind,
    FailureQueue,
    InjectedFailure,
    Rejection,
    TransportFailure,
)
from tests.fakes.files import FakeFiles
from tests.fakes.limits import GROUP_MESSAGES_PER_MINUTE, GroupSendLimit
from tests.fakes.messages import Messages
from tests.fakes.polls import Polls
from tests.fakes.queries import CallQueries
from tests.fakes.update_queue import UpdateQueue
from tests.fakes.updates import UpdateBuilders

#: Answers one Bot API method: its params in, the ``result`` out (or raises Rejection).
MethodHandler = Callable[[JSONDict], Any]


class FakeTelegram(UpdateBuilders, CallQueries):
    """In-memory model of Telegram's side of the Bot API, shared by both transports.

    Why a model rather than canned responses: the bot under test needs answers that PTB can
    ``de_json`` (message ids that increase per chat, an echoed inline keyboard, a poll with its
    options), and tests need to look at what the bot *did* (:attr:`calls`, :meth:`sent`,
    :meth:`texts`) and to make Telegram misbehave (:meth:`fail`).

    Everything is guarded by one re-entrant lock (:attr:`lock`), so the same instance can be used
    by an event loop (via :class:`FakeRequest`) and by HTTP server threads
    (:class:`FakeBotApiServer`) while the test thread pushes updates and inspects calls.
    """

    bot_id: Final[int] = objects.BOT_ID
    username: Final[str] = objects.BOT_USERNAME
    first_name: Final[str] = objects.BOT_FIRST_NAME

    def __init__(self) -> None:
        self.lock = threading.RLock()
        super().__init__()
        #: Every call, appended when answered (a long poll when it ends; failed calls too),
        #: unless a transport was told not to record.
        self.calls: list[Call] = []
        #: Number of calls per method, counted on arrival (so a ``getUpdates`` long poll is
        #: counted while it waits) and also when calls are not recorded.
        self.counts: Counter[str] = Counter()
        #: ``(chat_id, user_id)`` pairs for which ``getChatMember`` answers "administrator".
        self.admins: members.Admins = set()
        #: Telegram's clock (message dates, poll close dates, the group limit): real time
        #: from a fixed date, moved on by :meth:`advance`; a test may give its own.
        self.clock: Callable[[], float] = Clock()
        #: New messages a group may get per minute before 429 (None: no limit).
        self.group_limit: int | None = GROUP_MESSAGES_PER_MINUTE
        #: Forum topics closed to the bot, as ``(chat_id, message_thread_id)``; None for
        #: a forum's General topic (closed, or hidden: Telegram closes a hidden General).
        #: Every ``send*`` into one is refused with Telegram's "TOPIC_CLOSED".
        self.closed_topics: set[tuple[int, int | None]] = set()
        self._group_sends = GroupSendLimit()
        self._failures = FailureQueue()
        self._updates = UpdateQueue(self.lock)
        self._messages = Messages(self._now)
        self._polls = Polls(self._messages, self._now)
        #: Documents users send, and their downloads (`tests/fakes/files.py`).
        self.files = FakeFiles(self)
        #: Bot API methods by lower-case name; other ``send*`` methods get a plain message,
        #: anything else ``True``.
        self._handlers: dict[str, MethodHandler] = {
            "getme": lambda _: objects.me(),
            "sendmessage": self._messages.send_message,
            "editmessagetext": self._messages.edit_message_text,
            "editmessagereplymarkup": self._messages.edit_message,
            "editmessagecaption": self._messages.edit_message,
            "sendpoll": self._polls.send_poll,
            "stoppoll": self._polls.stop_poll,
            "sendmediagroup": self._messages.send_media_group,
            "copymessage": self._messages.copy_message,
            "sendchataction": lambda _: True,
            "getchatmember": lambda params: members.get_chat_member(params, self.admins),
            "getchatadministrators": lambda params: members.get_chat_administrators(
                params, self.admins
            ),
            "getchat": members.get_chat,
            "getfile": lambda params: self.files.get_file(params),
            "getupdates": self._updates.get_updates,
            "deletewebhook": self._updates.delete_webhook,
            "getwebhookinfo": self._updates.get_webhook_info,
            "getmycommands": lambda _: [],
            "getmydescription": lambda _: {"description": ""},
            "getmyshortdescription": lambda _: {"short_description": ""},
            "getmyname": lambda _: {"name": self.first_name},
            "getchatmenubutton": lambda _: {"type": "default"},
        }

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass at Telegram at once: polls close, dates move on. A bot that
        reads a clock of its own must be given the same one (``Clock``) to see it."""
        clock = self.clock
        if not isinstance(clock, Clock):
            raise TypeError("advance needs the fake's own Clock; move the one you gave")
        clock.advance(seconds)

    def _now(self) -> float:
        """Telegram's clock as it is now (tests may replace :attr:`clock` at any time)."""
        return self.clock()

    # ------------------------------------------------------------------ dispatch

    def handle(
        self, method: str, params: JSONDict, *, record: bool = True, count: bool = True
    ) -> Answer:
        """Answer one Bot API call: ``(http_status, json_body)``; never blocks.

        Raises :class:`TransportFailure` for injected "timeout"/"network" failures.  Waiting for
        updates is the transport's job (:meth:`begin_get_updates`, then
        :meth:`wait_for_updates` or :meth:`wait_for_updates_async`, then this method with
        ``count=False``) so that this method never holds the lock for long.
        """
        key = method.lower()
        with self.lock:
            if count:
                self.counts[method] += 1
            if self._failures:
                failure = self._failures.take(key)
                if failure is not None:
                    if record:
                        self.calls.append(Call(method, params, failure.error))
                    if failure.error in TRANSPORT_ERRORS:
                        raise TransportFailure(failure.error)
                    return failure.response()
            limited = self._group_sends.refuse(key, params, self.group_limit, self.clock)
            if limited is not None:
                if record:
                    self.calls.append(Call(method, params, "retry_after"))
                return limited
            if key.startswith("send") and self._into_closed_topic(params):
                if record:
                    self.calls.append(Call(method, params, "bad_request"))
                return Rejection(400, "Bad Request: TOPIC_CLOSED").answer()
            handler = self._handlers.get(key)
            if handler is None:
                result: Any = self._messages.send_other(params) if key.startswith("send") else True
            else:
                try:
                    result = handler(params)
                except Rejection as exc:
                    if record:
                        self.calls.append(Call(method, params, "bad_request"))
                    return exc.answer()
            if record:
                self.calls.append(Call(method, params, at_telegram=self.clock()))
            return 200, {"ok": True, "result": result}

    def _into_closed_topic(self, params: JSONDict) -> bool:
        chat = params.get("chat_id")
        if not self.closed_topics or not isinstance(chat, int):
            return False
        thread = params.get("message_thread_id")
        return (chat, int(thread) if thread is not None else None) in self.closed_topics

    # ------------------------------------------------------------------ error injection

    def fail(
        self,
        method: str,
        *,
        error: ErrorKind | str,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
        after: int = 0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``error``.

        With ``after``, that many calls of ``method`` succeed first (say, the first message
        of a two-message reply arrives and the second hangs).

        ``error`` is one of "retry_after" (HTTP 429 with ``retry_after`` seconds, default 1),
        "forbidden" (403, bot blocked), "bad_request" (400, ``description`` or "message is not
        modified"), "not_found" (400, message to edit not found), "conflict" (409, another
        client polls with the bot's token), "bad_gateway" (502), "timeout" and "network"
        (transport failures; the call is recorded but counts as not delivered).
        """
        failure = InjectedFailure(error, times, retry_after, description, after)
        with self.lock:
            self._failures.add(method.lower(), failure)

    def clear_failures(self) -> None:
        """Forget all queued failures."""
        with self.lock:
            self._failures.clear()

    # ------------------------------------------------------------------ updates

    def push_update(self, update: JSONDict) -> int:
        """Queue ``update`` (without ``update_id``) for ``getUpdates``; returns its update_id."""
        return self._updates.push(update)

    def push_again(self, update: JSONDict) -> None:
        """Queue ``update`` (with its ``update_id``) again, as Telegram does with an update
        the bot had not confirmed when it crashed."""
        self._updates.push_again(update)

    def push_updates(self, updates: Iterable[JSONDict]) -> list[int]:
        """:meth:`push_update` each of ``updates``; returns their update_ids."""
        with self.lock:
            return [self.push_update(update) for update in updates]

    @property
    def pending_updates(self) -> int:
        """Number of updates not yet confirmed by a later ``getUpdates`` offset."""
        return len(self._updates)

    def has_updates(self, offset: int | None) -> bool:
        """Whether ``getUpdates(offset)`` would return something right now."""
        return self._updates.has_updates(offset)

    def wait_for_updates(self, offset: int | None, timeout: float) -> bool:
        """Block the calling thread until updates >= ``offset`` exist (long poll, capped)."""
        return self._updates.wait(offset, timeout)

    async def wait_for_updates_async(self, offset: int | None, seconds: float) -> bool:
        """Like :meth:`wait_for_updates` but suspends the coroutine instead of the thread."""
        return await self._updates.wait_async(offset, seconds)

    def interrupt_waiters(self) -> None:
        """Wake every pending long poll (used when a server shuts down)."""
        self._updates.interrupt_waiters()

    def begin_get_updates(self, method: str, params: JSONDict) -> bool:
        """The arrival half of a ``getUpdates`` call; returns whether to long-poll.

        Telegram confirms the ``offset`` when the request *arrives*, not when the long poll
        ends: a bot killed mid-poll must not get the confirmed updates again after a restart.
        So transports call this first (it also counts the call), then wait, then
        :meth:`handle` with ``count=False``.  No waiting when a failure is queued for it.
        """
        with self.lock:
            self.counts[method] += 1
            self._updates.confirm(params.get("offset"))
            return method.lower() not in self._failures

    # ------------------------------------------------------------------ building blocks

    def me(self) -> JSONDict:
        """The ``getMe`` answer: the bot as a full User."""
        return objects.me()

    def bot_user(self) -> JSONDict:
        """The bot as it appears in ``from`` of its own messages."""
        return objects.bot_user()

    user = staticmethod(objects.user)
    chat = staticmethod(objects.chat)

    def polls_in(self, chat_id: int | str) -> list[tuple[str, JSONDict]]:
        """Each poll Telegram took for `chat_id`, oldest first: its id and its parameters."""
        with self.lock:
            return self._polls.in_chat(chat_id)

    def poll_open(self, poll_id: str) -> bool:
        """Whether Telegram still takes votes in the poll (not stopped, not past its close)."""
        with self.lock:
            return self._polls.is_open(poll_id)
