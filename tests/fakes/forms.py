"""How a Bot API call's parameters arrive over HTTP, decoded as Telegram decodes them.

PTB's ``HTTPXRequest`` sends an urlencoded form, or multipart when it uploads files; other
clients send JSON.  Form values are text, so JSON-looking values (numbers, booleans, keyboards)
are decoded, except in the fields that are strings in the Bot API: a message text "42" stays
"42".
"""

from __future__ import annotations

import email.parser
import email.policy
import json
from typing import Any, Final
from urllib.parse import parse_qsl

from tests.fakes.calls import JSONDict, UploadedFile

#: Form fields that are strings in the Bot API: never JSON-decode them, so a message text such
#: as ``"42"`` or ``"true"`` stays a string when it arrives over HTTP.
STRING_PARAMS: Final[frozenset[str]] = frozenset(
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


def decode_form_value(name: str, value: str) -> Any:
    """A form field's value: JSON-decoded unless the field is a string or it is not JSON."""
    if name in STRING_PARAMS or not value or value[0] not in _JSON_START:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def parse_multipart(content_type: str, body: bytes) -> JSONDict:
    """The fields of a ``multipart/form-data`` body; file parts become :class:`UploadedFile`."""
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
            params[name] = decode_form_value(name, content.decode(charset, "replace"))
    return params


def decode_params(query: str, content_type: str, body: bytes) -> JSONDict:
    """A call's parameters from its query string and body (raises ValueError on bad JSON)."""
    params: JSONDict = {name: decode_form_value(name, value) for name, value in parse_qsl(query)}
    if not body:
        return params
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        decoded = json.loads(body)
        if isinstance(decoded, dict):
            params.update(decoded)
    elif media_type == "multipart/form-data":
        params.update(parse_multipart(content_type, body))
    else:  # application/x-www-form-urlencoded (what httpx sends for ``data=``)
        for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
            params[name] = decode_form_value(name, value)
    return params
