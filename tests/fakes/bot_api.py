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

This module only gathers the public names; each concern has its own module:

* :mod:`tests.fakes.fake_telegram` — ``FakeTelegram``: state, dispatch table, error injection API;
* :mod:`tests.fakes.calls` — what a call is (``Call``, ``UploadedFile``);
* :mod:`tests.fakes.failures` — injected failures and refusals;
* :mod:`tests.fakes.limits` — the 20 messages a minute a group may get;
* :mod:`tests.fakes.objects` — the bot, users and chats as JSON;
* :mod:`tests.fakes.messages`, :mod:`tests.fakes.polls`, :mod:`tests.fakes.members` — answers
  to the Bot API methods that send and edit messages, run polls, ask about chat members;
* :mod:`tests.fakes.update_queue` — the ``getUpdates`` queue and its long polls;
* :mod:`tests.fakes.updates` — building incoming updates (``message_update`` and friends);
* :mod:`tests.fakes.queries` — what the bot did (``sent``, ``texts``, ``wait_until``);
* :mod:`tests.fakes.request` — ``FakeRequest``, the in-process transport;
* :mod:`tests.fakes.server`, :mod:`tests.fakes.forms` — ``FakeBotApiServer``, the HTTP one.
"""

from __future__ import annotations

from tests.fakes.calls import Call, JSONDict, UploadedFile
from tests.fakes.failures import ErrorKind, TransportFailure
from tests.fakes.fake_telegram import FakeTelegram
from tests.fakes.limits import GROUP_MESSAGES_PER_MINUTE, GROUP_WINDOW
from tests.fakes.request import FakeRequest
from tests.fakes.server import FakeBotApiServer
from tests.fakes.update_queue import MAX_POLL_WAIT
from tests.fakes.updates import (
    ANONYMOUS_ADMIN_ID,
    DEFAULT_GROUP_USER_ID,
    INCOMING_MESSAGE_ID_BASE,
)

__all__ = [
    "ANONYMOUS_ADMIN_ID",
    "DEFAULT_GROUP_USER_ID",
    "GROUP_MESSAGES_PER_MINUTE",
    "GROUP_WINDOW",
    "INCOMING_MESSAGE_ID_BASE",
    "MAX_POLL_WAIT",
    "Call",
    "ErrorKind",
    "FakeBotApiServer",
    "FakeRequest",
    "FakeTelegram",
    "JSONDict",
    "TransportFailure",
    "UploadedFile",
]
