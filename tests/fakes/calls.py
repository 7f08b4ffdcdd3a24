"""What a Bot API call is to the fake: a method name, its parameters and how Telegram answered.

Both transports decode a call into the same shape (a method name and a dict of parameters, uploads
as :class:`UploadedFile`), so :class:`~tests.fakes.fake_telegram.FakeTelegram` records one
:class:`Call` per call whichever way it arrived, and tests look at those records.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

#: A Bot API object or parameter set as JSON: what Telegram reads and answers.
JSONDict = dict[str, Any]


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
