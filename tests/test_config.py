from pathlib import Path

import pytest

from bot.config import ConfigError, Settings


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


def test_the_database_url_is_never_shown() -> None:
    url = "postgresql://spasmbot:pa55word@db/spasmbot"
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:A", "DATABASE_URL": url})
    assert settings.database_url == url and "pa55word" not in repr(settings)
