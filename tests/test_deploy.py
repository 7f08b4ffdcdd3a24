"""The deployment files describe a real deployment: every setting, sandboxing, health."""

from __future__ import annotations

import configparser
import re
import tempfile
import urllib.request
from pathlib import Path

import pytest
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
    assert services["bot"]["command"][0] == "webhook"
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


def assigned_in_the_example() -> dict[str, str]:
    example = (DEPLOY / "spasmbot.env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z][A-Z_]+)=(.*)$", example, re.MULTILINE))


def test_example_env_file_assigned_defaults_over_what_the_image_and_unit_set() -> None:
    """compose's env_file beats the image's ENV, systemd's EnvironmentFile beats
    Environment=: an example that assigned SPASMBOT_DB or SPASMBOT_HEALTH_LISTEN put
    the database in a read-only /opt and made the published health port unreachable."""
    assert assigned_in_the_example() == {"TELEGRAM_BOT_TOKEN": ""}
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    runtime = dockerfile[dockerfile.rindex("FROM ") :]
    image_sets = set(re.findall(r"\b((?:SPASMBOT|TELEGRAM|DATABASE)_[A-Z_]+)=", runtime))
    unit = (DEPLOY / "spasmbot.service").read_text(encoding="utf-8")
    unit_sets = set(re.findall(r"^Environment=([A-Z_]+)=", unit, re.MULTILINE))
    assert {"SPASMBOT_DB", "SPASMBOT_HEALTH_LISTEN"} <= image_sets and "SPASMBOT_DB" in unit_sets
    assert not (image_sets | unit_sets) & set(assigned_in_the_example())


def test_systemd_install_steps_failed_without_the_env_folder() -> None:
    """`install` without -D fails when /etc/spasmbot does not exist yet."""
    header = (DEPLOY / "spasmbot.service").read_text(encoding="utf-8").split("[Unit]")[0]
    steps = [line.lstrip("# ").strip() for line in header.splitlines() if "sudo" in line]
    (env_step,) = [step for step in steps if "spasmbot.env.example /etc/spasmbot/" in step]
    assert env_step.startswith("sudo install -D ") and "-g spasmbot" in env_step
    assert any(step.startswith("sudoedit /etc/spasmbot/spasmbot.env") for step in steps)
    assert "--user-group" in steps[0]  # the group the env file is given to exists
    assert steps[-1].endswith("systemctl enable --now spasmbot")


def test_build_context_carried_the_virtualenv_data_and_the_token() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    context = (DEPLOY / compose["x-bot"]["build"]["context"]).resolve()
    assert context == ROOT
    ignored = (context / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".venv", "data", "spasmbot.env", "deploy/spasmbot.env", ".git"):
        assert entry in ignored, entry
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    copied = re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.MULTILINE)
    needed = {name for line in copied for name in line.split()}
    assert not needed & set(ignored), "the image needs what the context leaves out"


def test_compose_published_the_webhook_port_on_every_interface() -> None:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    services = yaml.safe_load(text)["services"]
    assert services["bot"]["ports"] == ["127.0.0.1:8443:8443"]
    assert services["bot-polling"]["ports"] == ["127.0.0.1:8081:8081"]
    header = text.split("\nname:")[0]
    assert "POSTGRES_PASSWORD" in header and "deploy/.env" in header


def test_image_validation_skipped_the_catalogs_it_copies() -> None:
    """Installed with `pip install .`, the package no longer sits beside locales/, so
    `validate --strict` found no catalogs and checked no translation."""
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    build = dockerfile[: dockerfile.rindex("FROM ")]
    (workdir,) = re.findall(r"^WORKDIR (\S+)$", build, re.MULTILINE)
    assert re.search(r"^COPY locales \./locales$", build, re.MULTILINE)
    assert re.search(r"^COPY dialogs \./dialogs$", build, re.MULTILINE)
    env = dict(re.findall(r"\b(SPASMBOT_[A-Z]+)=(\S+)", build))
    assert env["SPASMBOT_LOCALES"] == f"{workdir}/locales"
    assert env["SPASMBOT_DIALOGS"] == f"{workdir}/dialogs"
    assert build.index("SPASMBOT_LOCALES=") < build.index("spasmbot validate --strict")
    assert build.index("pybabel compile") < build.index("spasmbot validate --strict")


@pytest.mark.parametrize(
    ("settings", "port"),
    [
        ({"SPASMBOT_HEALTH_PORT": "8081"}, "8081"),
        ({"SPASMBOT_HEALTH_PORT": ""}, "8081"),
        ({"SPASMBOT_WEBHOOK_URL": "https://bot.example.org", "SPASMBOT_WEBHOOK_PORT": ""}, "8443"),
        ({"SPASMBOT_WEBHOOK_URL": "", "SPASMBOT_HEALTH_PORT": "9000"}, "9000"),
    ],
)
def test_healthcheck_with_an_empty_setting_called_a_port_that_is_not_there(
    settings: dict[str, str], port: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An empty setting means its default, in the image's HEALTHCHECK too."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # no held bot's reason there
    monkeypatch.setattr(tempfile, "tempdir", None)
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    (code,) = re.findall(r'HEALTHCHECK .*?CMD python -c "(.*?)"\n', dockerfile, re.DOTALL)
    called: list[str] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: called.append(url))
    for name in ("SPASMBOT_HEALTH_PORT", "SPASMBOT_WEBHOOK_PORT", "SPASMBOT_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    exec(code.replace("\\\n", ""), {})  # the Dockerfile joins the continued lines
    assert called == [f"http://127.0.0.1:{port}/healthz"]


def test_regression_a_setting_the_bot_cannot_use_restarted_it_every_five_seconds() -> None:
    """A mistyped setting (exit status 2: SPASMBOT_DB unwritable, a DATABASE_URL that is
    no PostgreSQL URL, a bad port) was restarted by the unit's Restart=on-failure every
    five seconds, for ever, its one line repeated in the journal among thousands; a
    setting does not fix itself. Status 2 now stops the unit (`systemctl status` says
    so); status 1 (Telegram or PostgreSQL unreachable at start) is still restarted."""
    unit = (DEPLOY / "spasmbot.service").read_text(encoding="utf-8")
    service = dict(re.findall(r"^(\w+)=(.*)$", unit.split("[Service]")[1], re.MULTILINE))
    assert service["Restart"] == "on-failure"
    assert service.get("RestartPreventExitStatus", "").split() == ["2"]


def test_compose_restarted_the_bot_forever_on_a_setting_it_cannot_use() -> None:
    """Exit status 2 (a setting, or a database a newer release upgraded) is never fixed by
    starting again: the unit stops there (RestartPreventExitStatus=2). Compose cannot spare
    one exit status, so the bot in a container holds instead of exiting and is not
    restarted; exit status 1 (Telegram or PostgreSQL unreachable) is still restarted."""
    unit = (DEPLOY / "spasmbot.service").read_text(encoding="utf-8")
    assert re.search(r"^RestartPreventExitStatus=2$", unit, re.MULTILINE)
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    for name in ("bot", "bot-polling"):
        service = compose["services"][name]
        assert service["restart"] == "unless-stopped", name  # started again after a reboot
        assert "--hold-on-exit-2" in service["command"], name


def test_restore_in_a_container_was_not_described() -> None:
    """The README's restore named `spasmbot restore` for the systemd unit only."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "docker compose -f deploy/compose.yaml stop bot-polling" in readme
    assert "run --rm bot-polling restore" in readme
