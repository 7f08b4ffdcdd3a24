"""Files people send the bot, as the fake Telegram keeps them: documents, getFile, downloads.

A test builds a ``document`` update with the file's bytes (`document_update`);
the bot asks ``getFile`` for its path and downloads it from the file URL, as
``Bot.get_file(...).download_as_bytearray()`` does against Telegram. Files
the bot sends (``sendDocument``) are the fake's ordinary calls.
"""

from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Any

from tests.fakes.failures import Rejection

if TYPE_CHECKING:
    from tests.fakes.fake_telegram import FakeTelegram

JSONDict = dict[str, Any]
#: Telegram's limit for files a bot may download.
DOWNLOAD_LIMIT = 20 * 1024 * 1024


class FakeFiles:
    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram
        self._lock = threading.Lock()
        self._content: dict[str, bytes] = {}
        self._numbers = itertools.count(1)
        #: How many files the bot downloaded.
        self.downloads = 0

    def document_update(
        self,
        chat_id: int,
        content: bytes,
        file_name: str | None,
        caption: str | None = None,
        mime_type: str = "text/plain",
        file_size: int | None = None,
        user_id: int | None = None,
        language_code: str | None = "en",
        **extra: Any,
    ) -> JSONDict:
        """A ``message`` update carrying a document; `file_size` may claim another size
        than the bytes have (Telegram states it; a huge file need not be built). ``extra``
        is merged into the message (a private topic's ``message_thread_id``)."""
        with self._lock:
            number = next(self._numbers)
            file_id = f"document-file-{number}"
            self._content[file_id] = content
        update = self.telegram.message_update(chat_id, "", user_id, language_code, **extra)
        message = update["message"]
        del message["text"]
        document: JSONDict = {
            "file_id": file_id,
            "file_unique_id": f"document-unique-{number}",
            "mime_type": mime_type,
            "file_size": len(content) if file_size is None else file_size,
        }
        if file_name is not None:
            document["file_name"] = file_name
        message["document"] = document
        if caption is not None:
            message["caption"] = caption
        return update

    def get_file(self, params: JSONDict) -> JSONDict:
        """``getFile``: where the bot downloads the file from."""
        file_id = str(params.get("file_id", ""))
        with self._lock:
            content = self._content.get(file_id)
        if content is None:
            raise Rejection(400, "Bad Request: invalid file_id")
        if len(content) > DOWNLOAD_LIMIT:
            raise Rejection(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": file_id.replace("file", "unique"),
            "file_size": len(content),
            "file_path": f"documents/{file_id}",
        }

    def download(self, url: str) -> tuple[int, bytes]:
        """A GET of the file URL: the file's bytes, or 404."""
        file_id = url.rsplit("/", 1)[-1]
        with self._lock:
            content = self._content.get(file_id)
            if content is not None:
                self.downloads += 1
        return (200, content) if content is not None else (404, b"")

    def sent_documents(self, chat_id: int) -> list[tuple[str, bytes, str]]:
        """(file name, bytes, caption) of every document the bot sent to `chat_id`."""
        found = []
        for call in self.telegram.calls_of("sendDocument"):
            if call.params.get("chat_id") != chat_id:
                continue
            upload = call.params["document"]
            found.append((upload.filename, upload.content, str(call.params.get("caption", ""))))
        return found
