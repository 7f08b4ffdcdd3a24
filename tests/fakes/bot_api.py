"""Fakes of the Telegram Bot API that let tests and benchmarks drive the real PTB stack offline.

Mocking ``telegram.Bot`` methods would skip exactly the code that breaks in production: PTB's
request building, its HTTP-status-to-exception mapping, ``de_json`` of every answer, the
``Updater`` polling loop and the ``Application`` dispatch.  So instead of mocking PTB we fake
*Telegram*:

* :class:`FakeTelegram` is an in-memory model of Telegram's side: it answers Bot API methods with
  plausible results, records every call, queues updates for ``getUpdates`` and can be told to
  fail (flood control, blocked bot, timeouts, dropped connections).  It knows nothing about
  transports and is guarded by one ``threading.RLock``, so it can be shared between an event
  loop and server threads.
* :class:`FakeRequest` plugs it into a :class:`telegram.Bot` in-process as a
  :class:`telegram.request.BaseRequest` (no sockets; cheap enough for benchmarks).
* :class:`FakeBotApiServer` serves it over loopback HTTP so a bot running in another process
  (configured with ``base_url=server.base_url``) talks to it through PTB's real
  ``HTTPXRequest``.

Typical use::

    tg = FakeTelegram()
    bot = telegram.Bot("123:ABC", request=FakeRequest(tg), get_updates_request=FakeRequest(tg))
    tg.push_update(tg.message_update(42, "/start"))
    ...
    assert tg.texts(42) == ["Hello!"]
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import itertools
import json
import select
import socket
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final, Literal, get_args
from urllib.parse import parse_qsl, urlsplit

import orjson
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from tests.fakes.files import FakeFiles

__all__ = [
    "Call",
    "ErrorKind",
    "FakeBotApiServer",
    "FakeRequest",
    "FakeTelegram",
    "TransportFailure",
    "UploadedFile",
]

JSONDict = dict[str, Any]
ErrorKind = Literal["retry_after", "forbidden", "bad_request", "not_found", "timeout", "network"]
_ERROR_KINDS: Final[frozenset[str]] = frozenset(get_args(ErrorKind))
_TRANSPORT_ERRORS: Final[frozenset[str]] = frozenset({"timeout", "network"})

#: Longest time a ``getUpdates`` long poll is held, whatever ``timeout`` the client asked for:
#: keeps polling tests and shutdowns snappy.
MAX_POLL_WAIT: Final[float] = 1.0

#: Telegram's limit on new messages in one group: this many per :data:`GROUP_WINDOW` seconds.
GROUP_MESSAGES_PER_MINUTE: Final[int] = 20
GROUP_WINDOW: Final[float] = 60.0

#: The user Telegram shows as the sender of an anonymous admin's message in a group.
ANONYMOUS_ADMIN_ID: Final[int] = 1087968824

#: User id used for messages in group chats when the caller does not name one.
DEFAULT_GROUP_USER_ID: Final[int] = 4242

#: Incoming (user-sent) messages get ids from this base upwards, so they never collide with the
#: ids of messages the bot sends (which start at 1 per chat, as the brief for the fake promises).
INCOMING_MESSAGE_ID_BASE: Final[int] = 1_000_000

#: Form fields that are strings in the Bot API: never JSON-decode them, so a message text such
#: as ``"42"`` or ``"true"`` stays a string when it arrives over HTTP.
_STRING_PARAMS: Final[frozenset[str]] = frozenset(
    {
        "address",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "currency",
        "custom_title",
        "description",
        "emoji",
        "error_message",
        "explanation",
        "explanation_parse_mode",
        "first_name",
        "inline_message_id",
        "inline_query_id",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "pre_checkout_query_id",
        "provider_token",
        "question",
        "question_parse_mode",
        "secret_token",
        "shipping_query_id",
        "short_description",
        "start_parameter",
        "text",
        "title",
        "url",
        "web_app_query_id",
    }
)
_JSON_START: Final[frozenset[str]] = frozenset('{["-0123456789tfn')


@dataclass(slots=True)
class Call:
    """One Bot API call as Telegram saw it; ``error`` names the injected failure, if any."""

    method: str
    params: JSONDict
    error: str | None = None
    #: When Telegram answered it (``time.monotonic()``): a user sees a message from then on.
    at: float = field(default_factory=time.monotonic)
    #: When, by Telegram's clock (``FakeTelegram.clock``), a successful call was answered.
    at_telegram: float | None = None


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request (kept as bytes so tests can inspect uploads)."""

    filename: str | None
    content: bytes
    mimetype: str | None = None


class TransportFailure(Exception):
    """Raised by :meth:`FakeTelegram.handle` for failures a transport must simulate itself.

    Telegram cannot *answer* "timeout" or "network": the transport has to raise
    (:class:`FakeRequest`) or hold/drop the connection (:class:`FakeBotApiServer`).
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _ApiError(Exception):
    """A Telegram-side rejection (HTTP status + description) raised inside method handlers."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass(slots=True)
class _Failure:
    error: str
    times: int
    retry_after: int | None
    description: str | None
    #: Calls of the method still let through before this failure starts.
    after: int = 0

    def response(self) -> tuple[int, JSONDict]:
        if self.error == "retry_after":
            seconds = self.retry_after if self.retry_after is not None else 1
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": self.description or f"Too Many Requests: retry after {seconds}",
                "parameters": {"retry_after": seconds},
            }
        if self.error == "forbidden":
            status, description = 403, "Forbidden: bot was blocked by the user"
        elif self.error == "not_found":
            status, description = 400, "Bad Request: message to edit not found"
        else:  # bad_request
            status, description = 400, "Bad Request: message is not modified"
        description = self.description or description
        return status, {"ok": False, "error_code": status, "description": description}


def _chat_key(value: object) -> int | str | None:
    """Normalise a ``chat_id`` (int, or str over HTTP / for ``@channel`` names) for comparison."""
    if value is None or isinstance(value, int):
        return value
    text = str(value)
    try:
        return int(text)
    except ValueError:
        return text


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _member_dict(status: str, user: JSONDict) -> JSONDict:
    """A ChatMember of ``status`` with every field PTB 22 requires for that status."""
    member: JSONDict = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_pin_messages=True,
        )
    elif status == "restricted":
        member.update(
            is_member=True,
            can_change_info=False,
            can_invite_users=False,
            can_pin_messages=False,
            can_send_messages=False,
            can_send_polls=False,
            can_send_other_messages=False,
            can_add_web_page_previews=False,
            can_manage_topics=False,
            until_date=0,
            can_send_audios=False,
            can_send_documents=False,
            can_send_photos=False,
            can_send_videos=False,
            can_send_video_notes=False,
            can_send_voice_notes=False,
            can_edit_tag=False,
            can_react_to_messages=False,
        )
    elif status == "kicked":
        member["until_date"] = 0
    return member


class FakeTelegram:
    """In-memory model of Telegram's side of the Bot API, shared by both transports.

    Why a model rather than canned responses: the bot under test needs answers that PTB can
    ``de_json`` (message ids that increase per chat, an echoed inline keyboard, a poll with its
    options), and tests need to look at what the bot *did* (:attr:`calls`, :meth:`sent`,
    :meth:`texts`) and to make Telegram misbehave (:meth:`fail`).

    Everything is guarded by one re-entrant lock (:attr:`lock`), so the same instance can be used
    by an event loop (via :class:`FakeRequest`) and by HTTP server threads
    (:class:`FakeBotApiServer`) while the test thread pushes updates and inspects calls.
    """

    bot_id: Final[int] = 777
    username: Final[str] = "spasmbot_test_bot"
    first_name: Final[str] = "SpasmBot Test"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._updates_ready = threading.Condition(self.lock)
        #: Every call, appended when answered (a long poll when it ends; failed calls too),
        #: unless a transport was told not to record.
        self.calls: list[Call] = []
        #: Number of calls per method, counted on arrival (so a ``getUpdates`` long poll is
        #: counted while it waits) and also when calls are not recorded.
        self.counts: Counter[str] = Counter()
        #: ``(chat_id, user_id)`` pairs for which ``getChatMember`` answers "administrator".
        self.admins: set[tuple[int, int]] = set()
        #: Telegram's clock (message dates, poll close dates, the group limit); tests that
        #: move time by hand give theirs.
        self.clock: Callable[[], float] = time.time
        #: New messages a group may get per minute before 429 (None: no limit).
        self.group_limit: int | None = GROUP_MESSAGES_PER_MINUTE
        self._group_sends: dict[int | str, deque[float]] = {}
        #: Open and closed polls by id: chat, message id, close date (None: until stopped).
        self._polls: dict[str, JSONDict] = {}
        self._failures: dict[str, deque[_Failure]] = {}
        self._updates: deque[JSONDict] = deque()
        self._next_update_id = 1
        self._sent_ids: dict[int | str, int] = {}
        self._incoming_ids: dict[int | str, int] = {}
        self._callback_ids = itertools.count(1)
        self._poll_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._wakeups = 0
        #: Documents users send, and their downloads (`tests/fakes/files.py`).
        self.files = FakeFiles(self)
        self._handlers: dict[str, Callable[[JSONDict], Any]] = {
            "getme": lambda _: self.me(),
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message,
            "editmessagecaption": self._edit_message,
            "sendpoll": self._send_poll,
            "stoppoll": self._stop_poll,
            "sendmediagroup": self._send_media_group,
            "copymessage": lambda p: {"message_id": self._next_sent_id(self._chat_id(p))},
            "sendchataction": lambda _: True,
            "getchatmember": self._get_chat_member,
            "getchatadministrators": self._get_chat_administrators,
            "getchat": self._get_chat,
            "getfile": lambda p: self.files.get_file(p),
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getmycommands": lambda _: [],
            "getmydescription": lambda _: {"description": ""},
            "getmyshortdescription": lambda _: {"short_description": ""},
            "getmyname": lambda _: {"name": self.first_name},
            "getchatmenubutton": lambda _: {"type": "default"},
        }

    # ------------------------------------------------------------------ dispatch

    def handle(
        self, method: str, params: JSONDict, *, record: bool = True, count: bool = True
    ) -> tuple[int, JSONDict]:
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
                failure = self._take_failure(key)
                if failure is not None:
                    if record:
                        self.calls.append(Call(method, params, failure.error))
                    if failure.error in _TRANSPORT_ERRORS:
                        raise TransportFailure(failure.error)
                    return failure.response()
            limited = self._over_group_limit(key, params)
            if limited is not None:
                if record:
                    self.calls.append(Call(method, params, "retry_after"))
                return limited
            handler = self._handlers.get(key)
            if handler is None:
                result: Any = self._send_generic(params) if key.startswith("send") else True
            else:
                try:
                    result = handler(params)
                except _ApiError as exc:
                    if record:
                        self.calls.append(Call(method, params, "bad_request"))
                    return exc.status, {
                        "ok": False,
                        "error_code": exc.status,
                        "description": exc.description,
                    }
            if record:
                self.calls.append(Call(method, params, at_telegram=self.clock()))
            return 200, {"ok": True, "result": result}

    def _over_group_limit(self, key: str, params: JSONDict) -> tuple[int, JSONDict] | None:
        """Telegram's 20 new messages a minute in a group: the 21st gets 429 and how long
        to wait (until the oldest of the minute leaves the window)."""
        chat = _chat_key(params.get("chat_id"))
        if self.group_limit is None or not isinstance(chat, int) or chat > 0:
            return None
        if not key.startswith(("send", "copymessage", "forwardmessage")) or key == "sendchataction":
            return None
        now = self.clock()
        sends = self._group_sends.setdefault(chat, deque())
        while sends and sends[0] <= now - GROUP_WINDOW:
            sends.popleft()
        if len(sends) >= self.group_limit:
            wait = max(1, int(sends[0] + GROUP_WINDOW - now + 0.999))
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {wait}",
                "parameters": {"retry_after": wait},
            }
        sends.append(now)
        return None

    def group_messages_per_minute(self, chat_id: int) -> int:
        """The most new messages ``chat_id`` got within any minute, by Telegram's clock."""
        times = sorted(
            call.at_telegram
            for call in self.calls
            if call.error is None
            and call.at_telegram is not None
            and _chat_key(call.params.get("chat_id")) == chat_id
            and call.method.lower().startswith("send")
        )
        most, start = 0, 0
        for end, at in enumerate(times):
            while times[start] <= at - GROUP_WINDOW:
                start += 1
            most = max(most, end - start + 1)
        return most

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
        modified"), "not_found" (400, message to edit not found), "timeout" and "network"
        (transport failures; the call is recorded but counts as not delivered).
        """
        if error not in _ERROR_KINDS:
            raise ValueError(f"unknown error {error!r}; expected one of {sorted(_ERROR_KINDS)}")
        if times < 1:
            raise ValueError("times must be >= 1")
        if after < 0:
            raise ValueError("after must be >= 0")
        with self.lock:
            self._failures.setdefault(method.lower(), deque()).append(
                _Failure(error, times, retry_after, description, after)
            )

    def clear_failures(self) -> None:
        """Forget all queued failures."""
        with self.lock:
            self._failures.clear()

    def _take_failure(self, key: str) -> _Failure | None:
        queue = self._failures.get(key)
        if not queue:
            return None
        failure = queue[0]
        if failure.after > 0:
            failure.after -= 1
            return None
        failure.times -= 1
        if failure.times <= 0:
            queue.popleft()
            if not queue:
                del self._failures[key]
        return failure

    # ------------------------------------------------------------------ updates

    def push_update(self, update: JSONDict) -> int:
        """Queue ``update`` (without ``update_id``) for ``getUpdates``; returns its update_id."""
        with self.lock:
            update_id = self._next_update_id
            self._next_update_id += 1
            self._updates.append({**update, "update_id": update_id})
            self._wake_waiters()
            return update_id

    def push_updates(self, updates: Iterable[JSONDict]) -> list[int]:
        """:meth:`push_update` each of ``updates``; returns their update_ids."""
        with self.lock:
            return [self.push_update(update) for update in updates]

    @property
    def pending_updates(self) -> int:
        """Number of updates not yet confirmed by a later ``getUpdates`` offset."""
        with self.lock:
            return len(self._updates)

    def has_updates(self, offset: int | None) -> bool:
        """Whether ``getUpdates(offset)`` would return something right now."""
        with self.lock:
            if not self._updates:
                return False
            if offset is None or offset <= 0:
                return True
            return bool(self._updates[-1]["update_id"] >= offset)

    def wait_for_updates(self, offset: int | None, timeout: float) -> bool:
        """Block the calling thread until updates >= ``offset`` exist (long poll, capped)."""
        deadline = time.monotonic() + min(max(timeout, 0.0), MAX_POLL_WAIT)
        with self._updates_ready:
            wakeups = self._wakeups
            while not self.has_updates(offset):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._updates_ready.wait(remaining)
                if self._wakeups != wakeups and not self.has_updates(offset):
                    # interrupt_waiters() was called: give up now.
                    return False
            return True

    async def wait_for_updates_async(self, offset: int | None, seconds: float) -> bool:
        """Like :meth:`wait_for_updates` but suspends the coroutine instead of the thread."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(seconds, 0.0), MAX_POLL_WAIT)
        while True:
            with self.lock:
                if self.has_updates(offset):
                    return True
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return False
                future: asyncio.Future[None] = loop.create_future()
                waiter = (loop, future)
                self._async_waiters.append(waiter)
            try:
                await asyncio.wait_for(future, remaining)
            except TimeoutError:
                return self.has_updates(offset)
            finally:
                with self.lock:
                    if waiter in self._async_waiters:
                        self._async_waiters.remove(waiter)

    def interrupt_waiters(self) -> None:
        """Wake every pending long poll (used when a server shuts down)."""
        with self.lock:
            self._wakeups += 1
            self._wake_waiters()

    def _wake_waiters(self) -> None:
        self._updates_ready.notify_all()
        if self._async_waiters:
            for loop, future in self._async_waiters:
                # RuntimeError: that loop is closed, so nobody is waiting there any more.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_resolve, future)
            self._async_waiters.clear()

    def begin_get_updates(self, method: str, params: JSONDict) -> bool:
        """The arrival half of a ``getUpdates`` call; returns whether to long-poll.

        Telegram confirms the ``offset`` when the request *arrives*, not when the long poll
        ends: a bot killed mid-poll must not get the confirmed updates again after a restart.
        So transports call this first (it also counts the call), then wait, then
        :meth:`handle` with ``count=False``.  No waiting when a failure is queued for it.
        """
        with self.lock:
            self.counts[method] += 1
            self._confirm(params.get("offset"))
            return method.lower() not in self._failures

    def _confirm(self, offset: object) -> None:
        if not isinstance(offset, int) or offset == 0:
            return
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        else:  # negative offset: only the last -offset updates survive
            while len(self._updates) > -offset:
                self._updates.popleft()

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        limit = params.get("limit") or 100
        self._confirm(params.get("offset"))
        return list(itertools.islice(self._updates, max(1, min(int(limit), 100))))

    def _delete_webhook(self, params: JSONDict) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, _params: JSONDict) -> JSONDict:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    # ------------------------------------------------------------------ building blocks

    def me(self) -> JSONDict:
        """The ``getMe`` answer: the bot as a full User."""
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def bot_user(self) -> JSONDict:
        """The bot as it appears in ``from`` of its own messages."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    @staticmethod
    def user(user_id: int, language_code: str | None = "en") -> JSONDict:
        """A human user named "Test"."""
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": "Test"}
        if language_code is not None:
            user["language_code"] = language_code
        return user

    @staticmethod
    def chat(chat_id: int | str) -> JSONDict:
        """A private chat for positive ids, otherwise a supergroup."""
        key = _chat_key(chat_id)
        if isinstance(key, int) and key > 0:
            return {"id": key, "type": "private", "first_name": "Test"}
        return {"id": key, "type": "supergroup", "title": "Test group"}

    def _chat_id(self, params: JSONDict) -> int | str:
        key = _chat_key(params.get("chat_id"))
        if key is None:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        return key

    def _next_sent_id(self, chat_id: int | str) -> int:
        message_id = self._sent_ids.get(chat_id, 0) + 1
        self._sent_ids[chat_id] = message_id
        return message_id

    def _next_incoming_id(self, chat_id: int | str) -> int:
        with self.lock:
            message_id = self._incoming_ids.get(chat_id, INCOMING_MESSAGE_ID_BASE) + 1
            self._incoming_ids[chat_id] = message_id
            return message_id

    def _bot_message(self, chat_id: int | str, message_id: int | None = None) -> JSONDict:
        return {
            "message_id": self._next_sent_id(chat_id) if message_id is None else message_id,
            "date": int(self.clock()),
            "chat": self.chat(chat_id),
            "from": self.bot_user(),
        }

    @staticmethod
    def _echo_markup(message: JSONDict, params: JSONDict) -> None:
        # Telegram only ever returns inline keyboards in Message.reply_markup.
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup

    # ------------------------------------------------------------------ method handlers

    def _send_message(self, params: JSONDict) -> JSONDict:
        message = self._bot_message(self._chat_id(params))
        message["text"] = str(params.get("text", ""))
        if params.get("entities"):
            message["entities"] = params["entities"]
        self._echo_markup(message, params)
        return message

    def _send_generic(self, params: JSONDict) -> JSONDict:
        message = self._bot_message(self._chat_id(params))
        if "caption" in params:
            message["caption"] = str(params["caption"])
        self._echo_markup(message, params)
        return message

    def _send_media_group(self, params: JSONDict) -> list[JSONDict]:
        chat_id = self._chat_id(params)
        media = params.get("media")
        count = len(media) if isinstance(media, list) else 1
        return [self._bot_message(chat_id) for _ in range(max(count, 1))]

    def _edit_message(self, params: JSONDict) -> JSONDict | bool:
        if params.get("inline_message_id"):
            return True
        if params.get("message_id") is None:
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        message = self._bot_message(self._chat_id(params), int(params["message_id"]))
        message["edit_date"] = message["date"]
        if "caption" in params:
            message["caption"] = str(params["caption"])
        self._echo_markup(message, params)
        return message

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        message = self._edit_message(params)
        if isinstance(message, dict):
            message["text"] = str(params.get("text", ""))
            if params.get("entities"):
                message["entities"] = params["entities"]
        return message

    def _poll(self, params: JSONDict, poll_id: str) -> JSONDict:
        options = params.get("options") or []
        return {
            "id": poll_id,
            "question": str(params.get("question", "")),
            "options": [
                {
                    "text": option["text"] if isinstance(option, dict) else str(option),
                    "voter_count": 0,
                    "persistent_id": str(index),
                }
                for index, option in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": bool(params.get("is_anonymous", True)),
            "type": str(params.get("type", "regular")),
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
            "allows_revoting": False,
            "members_only": False,
        }

    def _send_poll(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        message = self._bot_message(chat_id)
        poll = self._poll(params, str(next(self._poll_ids)))
        if params.get("open_period"):  # Telegram closes it by itself then, and says when
            poll["open_period"] = int(params["open_period"])
            poll["close_date"] = message["date"] + poll["open_period"]
        if params.get("explanation"):
            poll["explanation"] = str(params["explanation"])
        message["poll"] = poll
        self._polls[poll["id"]] = {
            "chat": _chat_key(chat_id),
            "message_id": message["message_id"],
            "close_date": poll.get("close_date"),
            "stopped": False,
            "params": params,
        }
        self._echo_markup(message, params)
        return message

    def _stop_poll(self, params: JSONDict) -> JSONDict:
        chat, message_id = _chat_key(self._chat_id(params)), params.get("message_id")
        found = next(
            (
                (poll_id, poll)
                for poll_id, poll in self._polls.items()
                if poll["chat"] == chat and poll["message_id"] == message_id
            ),
            None,
        )
        if found is None:
            raise _ApiError(400, "Bad Request: message with poll to stop not found")
        poll_id, poll = found
        if poll["stopped"] or not self.poll_open(poll_id):
            raise _ApiError(400, "Bad Request: poll has already been closed")
        poll["stopped"] = True
        answer = self._poll(poll["params"], poll_id)
        answer["is_closed"] = True
        return answer

    def poll_open(self, poll_id: str) -> bool:
        """Whether Telegram still takes votes in the poll (not stopped, not past its close)."""
        with self.lock:
            poll = self._polls.get(str(poll_id))
            if poll is None or poll["stopped"]:
                return False
            return poll["close_date"] is None or self.clock() < poll["close_date"]

    def _member(self, chat_id: int | str, user_id: int) -> JSONDict:
        user = self.bot_user() if user_id == self.bot_id else self.user(user_id, None)
        status = "administrator" if (chat_id, user_id) in self.admins else "member"
        return _member_dict(status, user)

    def _get_chat_member(self, params: JSONDict) -> JSONDict:
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise _ApiError(400, "Bad Request: user not found")
        return self._member(self._chat_id(params), user_id)

    def _get_chat_administrators(self, params: JSONDict) -> list[JSONDict]:
        chat_id = self._chat_id(params)
        return [self._member(chat, user) for chat, user in sorted(self.admins) if chat == chat_id]

    def _get_chat(self, params: JSONDict) -> JSONDict:
        return {
            **self.chat(self._chat_id(params)),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # ------------------------------------------------------------------ update builders

    def _default_user(self, chat_id: int | str, user_id: int | None) -> int:
        if user_id is not None:
            return user_id
        key = _chat_key(chat_id)
        return key if isinstance(key, int) and key > 0 else DEFAULT_GROUP_USER_ID

    def _incoming(
        self, chat_id: int, user_id: int | None, language_code: str | None = "en"
    ) -> JSONDict:
        return {
            "message_id": self._next_incoming_id(chat_id),
            "date": int(self.clock()),
            "chat": self.chat(chat_id),
            "from": self.user(self._default_user(chat_id, user_id), language_code),
        }

    def _file_id(self, prefix: str) -> tuple[str, str]:
        with self.lock:
            number = next(self._file_ids)
        return f"{prefix}-file-{number}", f"{prefix}-unique-{number}"

    def message_update(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        language_code: str | None = "en",
        **extra: Any,
    ) -> JSONDict:
        """A ``message`` update; "/command" texts get a ``bot_command`` entity.

        ``user_id`` defaults to ``chat_id`` in private chats (``chat_id > 0``) and to
        :data:`DEFAULT_GROUP_USER_ID` in groups.  ``extra`` is merged into the message.
        """
        message = self._incoming(chat_id, user_id, language_code)
        message["text"] = text
        if text.startswith("/") and len(text) > 1:
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message.update(extra)
        return {"message": message}

    def anonymous_admin_update(self, chat_id: int, text: str) -> JSONDict:
        """A group admin who "remains anonymous" writes: the sender is the group itself."""
        update = self.message_update(chat_id, text, user_id=ANONYMOUS_ADMIN_ID)
        update["message"]["from"] = {
            "id": ANONYMOUS_ADMIN_ID,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        }
        update["message"]["sender_chat"] = self.chat(chat_id)
        return update

    def callback_update(
        self,
        chat_id: int,
        data: str,
        message_id: int,
        user_id: int | None = None,
        language_code: str | None = "en",
    ) -> JSONDict:
        """A ``callback_query`` update: a tap on an inline button of bot message ``message_id``."""
        with self.lock:
            query_id = str(next(self._callback_ids))
        return {
            "callback_query": {
                "id": query_id,
                "from": self.user(self._default_user(chat_id, user_id), language_code),
                "message": {
                    "message_id": message_id,
                    "chat": self.chat(chat_id),
                    "date": int(time.time()),
                    "text": "…",
                    "from": self.bot_user(),
                },
                "chat_instance": str(chat_id),
                "data": data,
            }
        }

    def sticker_update(self, chat_id: int, user_id: int | None = None) -> JSONDict:
        """A ``message`` update carrying a sticker."""
        message = self._incoming(chat_id, user_id)
        file_id, unique_id = self._file_id("sticker")
        message["sticker"] = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "😀",
        }
        return {"message": message}

    def photo_update(
        self, chat_id: int, user_id: int | None = None, caption: str | None = None
    ) -> JSONDict:
        """A ``message`` update carrying a photo (two sizes), optionally captioned."""
        message = self._incoming(chat_id, user_id)
        file_id, unique_id = self._file_id("photo")
        message["photo"] = [
            {
                "file_id": f"{file_id}-{size}",
                "file_unique_id": f"{unique_id}-{size}",
                "width": size,
                "height": size,
                "file_size": size * 10,
            }
            for size in (90, 800)
        ]
        if caption is not None:
            message["caption"] = caption
        return {"message": message}

    def edited_message_update(
        self, chat_id: int, text: str, user_id: int | None = None, message_id: int | None = None
    ) -> JSONDict:
        """An ``edited_message`` update (the user edited one of their messages)."""
        message = self._incoming(chat_id, user_id)
        if message_id is not None:
            message["message_id"] = message_id
        message["text"] = text
        message["edit_date"] = message["date"]
        return {"edited_message": message}

    def channel_post_update(self, chat_id: int, text: str) -> JSONDict:
        """A ``channel_post`` update (no ``from``; ``sender_chat`` is the channel)."""
        channel = {"id": chat_id, "type": "channel", "title": "Test channel"}
        return {
            "channel_post": {
                "message_id": self._next_incoming_id(chat_id),
                "date": int(time.time()),
                "chat": channel,
                "sender_chat": channel,
                "text": text,
            }
        }

    def poll_answer_update(self, poll_id: str, user_id: int, option_ids: list[int]) -> JSONDict:
        """A ``poll_answer`` update (a user voted in a non-anonymous poll).

        Telegram takes votes only while the poll is open: a vote in a closed one is refused
        (an ``AssertionError`` here), as a member's tap would be. Build the update while the
        poll is open to feed it later, as Telegram delivers votes again after a restart."""
        if str(poll_id) in self._polls and not self.poll_open(poll_id):
            raise AssertionError(f"Telegram refuses a vote in closed poll {poll_id}")
        return {
            "poll_answer": {
                "poll_id": str(poll_id),
                "user": self.user(user_id),
                "option_ids": list(option_ids),
                "option_persistent_ids": [str(option) for option in option_ids],
            }
        }

    def my_chat_member_update(
        self, chat_id: int, status: str, user_id: int | None = None
    ) -> JSONDict:
        """A ``my_chat_member`` update: the bot's status in ``chat_id`` changed to ``status``.

        ``status`` is a ChatMember status: "member", "kicked" (user blocked the bot),
        "left", "administrator", "restricted" or "creator".
        """
        old_status = "left" if status in ("member", "administrator") else "member"
        if status == "member" and chat_id > 0:
            old_status = "kicked"  # private chat: the user unblocked/restarted the bot
        bot = self.bot_user()
        return {
            "my_chat_member": {
                "chat": self.chat(chat_id),
                "from": self.user(self._default_user(chat_id, user_id)),
                "date": int(time.time()),
                "old_chat_member": _member_dict(old_status, bot),
                "new_chat_member": _member_dict(status, bot),
            }
        }

    # ------------------------------------------------------------------ queries

    def calls_of(self, method: str) -> list[Call]:
        """All recorded calls of ``method`` (case-insensitive), failed ones included."""
        key = method.lower()
        with self.lock:
            return [call for call in self.calls if call.method.lower() == key]

    def _successful(self, method: str, chat_id: int | str | None) -> list[JSONDict]:
        wanted = _chat_key(chat_id)
        with self.lock:
            return [
                call.params
                for call in self.calls
                if call.method == method
                and call.error is None
                and (wanted is None or _chat_key(call.params.get("chat_id")) == wanted)
            ]

    def sent(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Params of successful ``sendMessage`` calls (to ``chat_id``, if given), in order."""
        return self._successful("sendMessage", chat_id)

    def edits(self, chat_id: int | str | None = None) -> list[JSONDict]:
        """Params of successful ``editMessageText`` calls (in ``chat_id``, if given)."""
        return self._successful("editMessageText", chat_id)

    def texts(self, chat_id: int | str) -> list[str]:
        """Texts the bot successfully sent to ``chat_id`` with ``sendMessage``."""
        return [str(params.get("text", "")) for params in self.sent(chat_id)]

    async def wait_until(
        self,
        predicate: Callable[[FakeTelegram], object],
        timeout: float = 10.0,  # noqa: ASYNC109 -- same signature as the sync wait_for
        interval: float = 0.005,
    ) -> None:
        """Async twin of :meth:`FakeBotApiServer.wait_for` for bots running in the test's loop.

        Yields to the event loop between checks, so the bot under test keeps running.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            satisfied, error = self.check(predicate)
            if satisfied:
                return
            if loop.time() >= deadline:
                raise AssertionError(self.unmet_report(timeout, error))
            await asyncio.sleep(interval)

    def check(self, predicate: Callable[[FakeTelegram], object]) -> tuple[bool, Exception | None]:
        """Evaluate ``predicate(self)`` under the lock; an exception counts as "not yet"."""
        try:
            with self.lock:
                return bool(predicate(self)), None
        except Exception as exc:
            return False, exc

    def unmet_report(self, timeout: float, error: Exception | None) -> str:
        reason = f" (last predicate error: {error!r})" if error else ""
        return f"condition not met within {timeout}s{reason}; last calls:\n{self.describe_calls()}"

    def describe_calls(self, last: int = 20) -> str:
        """The last ``last`` calls, one a line, for assertion messages."""
        with self.lock:
            calls = self.calls[-last:]
        if not calls:
            return "  (no calls)"
        return "\n".join(
            f"  {call.method}{' [' + call.error + ']' if call.error else ''} {call.params!r}"
            for call in calls
        )


# ====================================================================== in-process transport


def _upload(field: tuple[str, Any, str]) -> UploadedFile:
    filename, content, mimetype = field
    if not isinstance(content, bytes):
        content = content.read()
    return UploadedFile(filename, bytes(content), mimetype)


def _params_from_request_data(request_data: RequestData | None) -> JSONDict:
    """The call's parameters as Telegram would decode them.

    Equivalent to ``json.loads`` of every non-str value of ``request_data.json_parameters``
    (str values stay str), but cheaper and without mistaking a text like "42" for a number.
    """
    if request_data is None:
        return {}
    params: JSONDict = {}
    nested: JSONDict = {}
    for name, value in request_data.parameters.items():
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float:
            params[name] = value
        else:
            nested[name] = value
    if nested:
        params.update(orjson.loads(orjson.dumps(nested)))
    if request_data.contains_files:
        for name, field in request_data.multipart_data.items():
            params[name] = _upload(field)
    return params


class FakeRequest(BaseRequest):
    """A :class:`telegram.request.BaseRequest` that hands calls to a :class:`FakeTelegram`.

    Why: it runs all of PTB above the HTTP layer (parameter encoding, status-code to exception
    mapping, ``de_json``) without sockets, fast enough for benchmarks.  HTTP-style failures are
    returned as status + JSON body so PTB itself raises ``RetryAfter``/``Forbidden``/
    ``BadRequest``; "timeout"/"network" raise ``TimedOut``/``NetworkError`` like
    ``HTTPXRequest`` does.

    Args:
        telegram: the model to talk to (a new one by default; see :attr:`telegram`).
        record_calls: store every call in ``telegram.calls`` (turn off for benchmarks; the
            per-method :attr:`FakeTelegram.counts` are kept either way).
        latency: seconds to sleep per call, to simulate a network round trip; with 0 the call
            still yields to the event loop once, like real I/O would.
    """

    __slots__ = ("latency", "record_calls", "telegram")

    def __init__(
        self,
        telegram: FakeTelegram | None = None,
        *,
        record_calls: bool = True,
        latency: float = 0.0,
    ) -> None:
        self.telegram = telegram if telegram is not None else FakeTelegram()
        self.record_calls = record_calls
        self.latency = latency

    @property
    def read_timeout(self) -> float | None:
        """No default read timeout: nothing here ever blocks on I/O."""
        return None

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer ``url``'s Bot API method from :attr:`telegram`; see BaseRequest.do_request."""
        if method != "POST":  # file downloads (BaseRequest.retrieve)
            return self.telegram.files.download(url)
        api_method = url.rsplit("/", 1)[-1]
        params = _params_from_request_data(request_data)
        await asyncio.sleep(self.latency)
        polling = api_method.lower() == "getupdates"
        if polling and self.telegram.begin_get_updates(api_method, params):
            wait = params.get("timeout")
            if isinstance(wait, int | float) and wait > 0:
                offset = params.get("offset")
                await self.telegram.wait_for_updates_async(
                    offset if isinstance(offset, int) else None, float(wait)
                )
        try:
            status, body = self.telegram.handle(
                api_method, params, record=self.record_calls, count=not polling
            )
        except TransportFailure as exc:
            if exc.kind == "timeout":
                raise TimedOut(f"Timed out (injected) calling {api_method}") from None
            raise NetworkError(f"httpx.ConnectError: injected failure of {api_method}") from None
        return status, orjson.dumps(body)


# ====================================================================== loopback HTTP transport


def _decode_form_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS or not value or value[0] not in _JSON_START:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse_multipart(content_type: str, body: bytes) -> JSONDict:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: JSONDict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = UploadedFile(filename, content, part.get_content_type())
        else:
            charset = part.get_content_charset() or "utf-8"
            params[name] = _decode_form_value(name, content.decode(charset, "replace"))
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, telegram: FakeTelegram, hold_seconds: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.telegram = telegram
        self.hold_seconds = hold_seconds
        self.stopping = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that vanished mid-request (a killed bot process); report the rest."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.telegram.org
    timeout = 60  # idle keep-alive connections release their thread eventually
    # Buffer the response (flushed once per request) and disable Nagle: otherwise headers and
    # body go out as two small segments and delayed ACKs add ~40 ms to every call.
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest output is for the test, not for the fake's access log."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _params(self, query: str, body: bytes) -> JSONDict:
        params: JSONDict = {
            name: _decode_form_value(name, value) for name, value in parse_qsl(query)
        }
        if not body:
            return params
        content_type = self.headers.get("Content-Type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type == "application/json":
            decoded = json.loads(body)
            if isinstance(decoded, dict):
                params.update(decoded)
        elif media_type == "multipart/form-data":
            params.update(_parse_multipart(content_type, body))
        else:  # application/x-www-form-urlencoded (what httpx sends for ``data=``)
            for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
                params[name] = _decode_form_value(name, value)
        return params

    def _respond(self, status: int, body: JSONDict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _dispatch(self) -> None:
        split = urlsplit(self.path)
        segments = split.path.strip("/").split("/")
        body = self._read_body()
        if len(segments) != 2 or not segments[0].startswith("bot") or not segments[1]:
            self._respond(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = segments[1]
        try:
            params = self._params(split.query, body)
        except ValueError as exc:
            self._respond(
                400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            )
            return
        telegram = self.server.telegram
        polling = method.lower() == "getupdates"
        if polling and telegram.begin_get_updates(method, params):
            wait = params.get("timeout")
            if isinstance(wait, int | float) and wait > 0 and not self.server.stopping.is_set():
                offset = params.get("offset")
                telegram.wait_for_updates(offset if isinstance(offset, int) else None, wait)
        try:
            status, answer = telegram.handle(method, params, count=not polling)
        except TransportFailure as exc:
            if exc.kind == "timeout":
                self._hold()
            self.close_connection = True  # no answer: the client sees a dropped connection
            return
        self._respond(status, answer)

    def _hold(self) -> None:
        """Keep the request unanswered until the client gives up (or the server stops)."""
        deadline = time.monotonic() + self.server.hold_seconds
        sock = self.connection
        while time.monotonic() < deadline and not self.server.stopping.is_set():
            readable, _, _ = select.select([sock], [], [], 0.05)
            if not readable:
                continue
            try:
                if not sock.recv(1, socket.MSG_PEEK):
                    return  # client closed the connection (its read timeout fired)
            except OSError:
                return
            time.sleep(0.05)  # the client sent something else: keep ignoring it


class FakeBotApiServer:
    """:class:`FakeTelegram` served at ``http://127.0.0.1:<port>/bot<token>/<method>``.

    Why: a bot started as a separate process (the real CLI entry point, a benchmark target)
    can only be faked at the network boundary.  Point PTB at it with
    ``base_url=server.base_url`` and everything, including ``HTTPXRequest``, is the real thing.

    Accepts what PTB's ``HTTPXRequest`` sends (urlencoded form, multipart when uploading files)
    and JSON bodies.  Injected "timeout" failures are held unanswered until the client closes the
    connection (or ``hold_seconds`` pass), "network" failures drop the connection; either way
    the call is recorded with ``error`` set and counts as not delivered.

    Usage::

        with FakeBotApiServer() as server:
            ... run the bot with base_url=server.base_url ...
            server.wait_for(lambda tg: tg.texts(42))
    """

    def __init__(self, telegram: FakeTelegram | None = None, *, hold_seconds: float = 30.0):
        self.telegram = telegram if telegram is not None else FakeTelegram()
        self.hold_seconds = hold_seconds
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The TCP port the server listens on (started servers only)."""
        if self._server is None:
            raise RuntimeError("FakeBotApiServer is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as PTB's ``base_url`` (the token gets appended to it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeBotApiServer:
        """Bind a free loopback port and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = _Server(self.telegram, self.hold_seconds)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotApiServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release held requests and close the listening socket."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.stopping.set()
        self.telegram.interrupt_waiters()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeBotApiServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_for(
        self,
        predicate: Callable[[FakeTelegram], object],
        timeout: float = 10.0,
        interval: float = 0.01,
    ) -> None:
        """Poll until ``predicate(self.telegram)`` is truthy, else fail listing the last calls.

        The predicate runs under the model's lock, so it sees a consistent snapshot; an
        exception in it (say an IndexError on a list that is still empty) counts as "not yet".
        """
        deadline = time.monotonic() + timeout
        while True:
            satisfied, error = self.telegram.check(predicate)
            if satisfied:
                return
            if time.monotonic() >= deadline:
                raise AssertionError(self.telegram.unmet_report(timeout, error))
            time.sleep(interval)
