from pathlib import Path

import pytest

from bot import paths
from bot.adapters.telegram.application import build_application
from bot.adapters.telegram.limits import SendingLimits
from bot.assistant import Content
from bot.config import ConfigError, Settings
from bot.i18n import Catalogs
from bot.storage.sqlite import SQLiteStorage
from tests.conftest import LOCALES
from tests.fakes.bot_api import FakeRequest, FakeTelegram


def test_token_from_a_file_and_hidden_from_repr(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("42:SECRET\n")
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN_FILE": str(token_file), "SPASMBOT_ADMINS": "1, 2;3"}
    )
    assert settings.token == "42:SECRET"
    assert "SECRET" not in repr(settings)
    assert settings.admin_ids == {1, 2, 3}


def test_missing_token_says_how_to_fix() -> None:
    with pytest.raises(ConfigError, match="BotFather"):
        Settings.from_env({})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SPASMBOT_RETENTION_DAYS", "soon"),
        ("SPASMBOT_ADMINS", "alice"),
        ("SPASMBOT_LOG_FORMAT", "xml"),
        ("SPASMBOT_HEALTH_PORT", "http"),
        ("SPASMBOT_SEND_RATE", "0"),
    ],
)
def test_malformed_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:A", name: value})


def test_defaults() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:A", "SPASMBOT_DB": "x.sqlite3"})
    assert settings.database == Path("x.sqlite3")
    assert settings.retention_days == 180
    assert settings.base_url is None
    assert (settings.health_listen, settings.health_port) == ("127.0.0.1", 8081)
    assert settings.log_format == "text" and settings.database_url is None
    assert settings.send_rate == 30


def test_each_process_sends_at_its_share_of_the_bots_rate(content: Content, tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:A", "SPASMBOT_DB": str(tmp_path / "b.sqlite3")}
    settings = Settings.from_env({**env, "SPASMBOT_SEND_RATE": "10"})  # three processes
    app = build_application(
        settings,
        content=content,
        storage=SQLiteStorage(settings.database),
        catalogs=Catalogs(LOCALES),
        request=FakeRequest(FakeTelegram()),
    )
    limits = app.bot.rate_limiter
    assert isinstance(limits, SendingLimits) and limits.overall_per_second == 10


def test_the_database_url_is_never_shown() -> None:
    url = "postgresql://spasmbot:pa55word@db/spasmbot"
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:A", "DATABASE_URL": url})
    assert settings.database_url == url and "pa55word" not in repr(settings)


def test_empty_env_setting_means_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """An env file lists settings as `NAME=`: empty must mean the default, for every one."""
    from tests.test_deploy import settings_read_by_the_code

    token = {"TELEGRAM_BOT_TOKEN": "1:A"}
    names = settings_read_by_the_code() - set(token)
    empty = {name: "" for name in names}
    assert Settings.from_env({**token, **empty}) == Settings.from_env(token)
    blank = {name: "  " for name in names}
    assert Settings.from_env({**token, **blank}) == Settings.from_env(token)
    for name in names:
        monkeypatch.setenv(name, "")
    assert paths.dialogs_dir() == paths.PROJECT_ROOT / "dialogs"
    assert paths.locales_dir() == paths.PROJECT_ROOT / "locales"
    assert paths.default_database().name == "spasmbot.sqlite3"
    assert paths.default_database().parent.name == "spasmbot"


def test_missing_dialog_names_the_folder_it_looked_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPASMBOT_DIALOGS", str(tmp_path))
    problem = paths.missing_dialog()
    assert problem is not None
    assert str(tmp_path) in problem and "consultation.yml" in problem
    assert "SPASMBOT_DIALOGS" in problem
    monkeypatch.setenv("SPASMBOT_DIALOGS", "")
    assert paths.missing_dialog() is None


@pytest.mark.parametrize("token", ["123456", "abc:DEF", "123456:has space", "bot123:ABC"])
def test_malformed_token_is_refused_without_showing_it(token: str) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN does not hold a bot token") as caught:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": token})
    assert token not in str(caught.value)


@pytest.mark.parametrize("value", ["verbose", "DEBGU", "trace", "2"])
def test_regression_a_mistyped_log_level_was_silently_info(value: str) -> None:
    """SPASMBOT_LOG_LEVEL=verbose (or a typo of DEBUG) started the bot at INFO with no word:
    the operator waited for debug lines that never came. It is refused by name, with the
    levels it may be."""
    with pytest.raises(ConfigError, match="SPASMBOT_LOG_LEVEL must be one of DEBUG, INFO"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", "SPASMBOT_LOG_LEVEL": value})
    assert (
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", "SPASMBOT_LOG_LEVEL": "warn"}).log_level
        == "WARNING"
    )
    assert (
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", "SPASMBOT_LOG_LEVEL": "debug"}).log_level
        == "DEBUG"
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SPASMBOT_HEALTH_PORT", "99999"),
        ("SPASMBOT_HEALTH_PORT", "-1"),
        ("SPASMBOT_WEBHOOK_PORT", "0"),
        ("SPASMBOT_WEBHOOK_PORT", "70000"),
    ],
)
def test_regression_a_port_out_of_range_ended_in_a_traceback(name: str, value: str) -> None:
    """SPASMBOT_HEALTH_PORT=99999 passed the settings and ended the start in aiohttp's
    'OverflowError: bind(): port must be 0-65535' traceback. It is refused by name."""
    with pytest.raises(ConfigError, match=f"{name} must be a port from [01] to 65535"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", name: value})
    assert (
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", "SPASMBOT_HEALTH_PORT": "0"}).health_port
        == 0
    )
