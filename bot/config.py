"""Configuration from the environment (12-factor), never from argv.

The token is read from `TELEGRAM_BOT_TOKEN` or the file named by
`TELEGRAM_BOT_TOKEN_FILE` (e.g. a container secret), so it never shows in
`ps`; `Settings` hides it from its repr so it cannot leak into logs.

A setting that is set but empty means its default, for every setting: env
files (`deploy/spasmbot.env.example`) and compose files list settings that way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot import paths


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


#: What @BotFather hands out: the bot's id, a colon, then letters, digits, _ and -.
TOKEN_SHAPE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    database: Path
    base_url: str | None = None
    base_file_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    retention_days: int = 180
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    #: Health and metrics in polling mode (in webhook mode they share the webhook's server).
    health_listen: str = "127.0.0.1"
    health_port: int = 8081
    #: "text" or "json" (one JSON object per line, for log collectors).
    log_format: str = "text"
    #: Messages per second this process sends at most (Telegram allows a bot about 30).
    #: Several processes serving one bot should share that: 30 / number of processes.
    send_rate: int = 30
    #: PostgreSQL instead of SQLite, for several bot processes: postgresql://user@host/db
    database_url: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, need_token: bool = True) -> Settings:
        env = os.environ if env is None else env
        token = _text(env, "TELEGRAM_BOT_TOKEN", "")
        token_file = _text(env, "TELEGRAM_BOT_TOKEN_FILE", "")
        if not token and token_file:
            try:
                token = Path(token_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"TELEGRAM_BOT_TOKEN_FILE cannot be read: {exc.strerror}"
                ) from exc
        if need_token and not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it, "
                "or put it in a file and set TELEGRAM_BOT_TOKEN_FILE"
            )
        if token and not TOKEN_SHAPE.fullmatch(token):
            source = (
                "TELEGRAM_BOT_TOKEN"
                if _text(env, "TELEGRAM_BOT_TOKEN", "")
                else "the file TELEGRAM_BOT_TOKEN_FILE names"
            )
            raise ConfigError(
                f"{source} does not hold a bot token: a token from @BotFather is the bot's "
                "numeric id, a colon, then letters, digits, _ and -"
            )
        database = _text(env, "SPASMBOT_DB", "")
        return cls(
            token=token,
            database=Path(database) if database else paths.default_database(),
            base_url=_text(env, "TELEGRAM_BASE_URL", "") or None,
            base_file_url=_text(env, "TELEGRAM_BASE_FILE_URL", "") or None,
            admin_ids=_ids(_text(env, "SPASMBOT_ADMINS", "")),
            retention_days=_int(env, "SPASMBOT_RETENTION_DAYS", 180),
            log_level=_log_level(env),
            webhook_url=_text(env, "SPASMBOT_WEBHOOK_URL", "") or None,
            webhook_secret=_text(env, "SPASMBOT_WEBHOOK_SECRET", "") or None,
            webhook_listen=_text(env, "SPASMBOT_WEBHOOK_LISTEN", "127.0.0.1"),
            webhook_port=_port(env, "SPASMBOT_WEBHOOK_PORT", 8443, least=1),
            webhook_path=_text(env, "SPASMBOT_WEBHOOK_PATH", "telegram").strip("/"),
            health_listen=_text(env, "SPASMBOT_HEALTH_LISTEN", "127.0.0.1"),
            health_port=_port(env, "SPASMBOT_HEALTH_PORT", 8081, least=0),
            log_format=_choice(env, "SPASMBOT_LOG_FORMAT", ("text", "json")),
            database_url=_text(env, "DATABASE_URL", "") or None,
            send_rate=_positive(env, "SPASMBOT_SEND_RATE", 30),
        )


def _text(env: Mapping[str, str], name: str, default: str) -> str:
    """The setting `name`, or `default` when it is unset or blank."""
    return env.get(name, "").strip() or default


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _text(env, name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _port(env: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    value = _int(env, name, default)
    if not least <= value <= 65535:
        off = " (0 turns it off)" if least == 0 else ""
        raise ConfigError(f"{name} must be a port from {least} to 65535{off}, not {value}")
    return value


#: What SPASMBOT_LOG_LEVEL may be; WARN is Python's other name for WARNING.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _log_level(env: Mapping[str, str]) -> str:
    value = _text(env, "SPASMBOT_LOG_LEVEL", "INFO").upper()
    value = "WARNING" if value == "WARN" else value
    if value not in LOG_LEVELS:
        raise ConfigError(
            f"SPASMBOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value.lower()!r}"
        )
    return value


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ConfigError(f"{name} must be 1 or more, not {value}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = env.get(name, "").strip().lower() or choices[0]
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _ids(raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(";", ",").split(",") if part.strip())
    except ValueError as exc:
        raise ConfigError("SPASMBOT_ADMINS must be Telegram user ids separated by commas") from exc
