"""The deployment files describe a real deployment: every setting, sandboxing, health."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def settings_read_by_the_code() -> set[str]:
    sources = [ROOT / "bot" / "config.py", ROOT / "bot" / "paths.py"]
    names: set[str] = set()
    for source in sources:
        names |= set(
            re.findall(r"""["']((?:SPASMBOT|TELEGRAM|DATABASE)_[A-Z_]+)["']""", source.read_text())
        )
    return names


def test_the_example_environment_lists_every_setting() -> None:
    example = (DEPLOY / "spasmbot.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z_]+)=", example, re.MULTILINE))
    assert settings_read_by_the_code() <= listed


def test_the_image_runs_as_an_unprivileged_user_with_compiled_catalogs_and_a_healthcheck() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.count("FROM ") == 2, "multi-stage"
    assert "USER spasmbot" in dockerfile and "HEALTHCHECK" in dockerfile
    assert "pybabel compile" in dockerfile and "/healthz" in dockerfile


def test_compose_runs_the_webhook_with_postgresql_and_a_polling_profile() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["bot"]["command"] == ["webhook"]
    assert services["bot"]["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert services["bot"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["bot-polling"]["profiles"] == ["polling"]
    assert "DATABASE_URL" not in services["bot-polling"]["environment"]


def test_the_systemd_unit_is_sandboxed() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "spasmbot.service")
    service = unit["Service"]
    assert service["User"] == "spasmbot" and service["StateDirectory"] == "spasmbot"
    assert service["ProtectSystem"] == "strict" and service["PrivateTmp"] == "yes"
    assert service["NoNewPrivileges"] == "yes" and service["ExecReload"].endswith("$MAINPID")
