"""Health, readiness, metrics and the webhook, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.adapters.telegram.http_front import MAX_BODY_BYTES
from bot.adapters.telegram.serving import serve_webhook
from bot.assistant import Content
from bot.config import Settings
from tests.adapters.telegram.harness import BENIGN_TAPS, TOKEN, BotHarness
from tests.adapters.telegram.test_polling_errors import HANDLED

SECRET = "s3cret-token_for-tests"


@pytest.fixture
async def served(content: Content, tmp_path: Path) -> AsyncIterator[BotHarness]:
    harness = BotHarness(content, tmp_path / "bot.sqlite3")
    harness.spasmbot.http_address = ("127.0.0.1", 0)
    async with harness:
        yield harness


def url(harness: BotHarness, path: str) -> str:
    return f"http://127.0.0.1:{harness.spasmbot.front.port}{path}"


async def get(harness: BotHarness, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url(harness, path)) as response:
        return response.status, await response.text()


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one Prometheus sample, 0 if absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    pattern = (
        rf"^{re.escape(name)}(?:\{{{re.escape(wanted)}\}})? (\S+)$"
        if labels
        else (rf"^{re.escape(name)} (\S+)$")
    )
    found = re.search(pattern, metrics, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def test_health_and_readiness(served: BotHarness) -> None:
    assert await get(served, "/healthz") == (200, "ok\n")
    status, body = await get(served, "/readyz")
    assert status == 200
    assert json.loads(body) == {"started": True, "database": True, "dialogs": True}
    await served.storage.close()  # the database goes away: not ready, still alive
    status, body = await get(served, "/readyz")
    assert status == 503 and json.loads(body)["database"] is False
    assert (await get(served, "/healthz"))[0] == 200
    await served.storage.open()


async def test_metrics_count_updates_calls_errors_and_outcomes(served: BotHarness) -> None:
    alice = served.user(4242)
    await alice.send("/start")
    for label in BENIGN_TAPS:
        await alice.click(label)
    served.telegram.fail("sendMessage", error="forbidden")
    await served.user(4343).send("/start")  # this user blocked the bot

    status, metrics = await get(served, "/metrics")
    assert status == 200
    assert sample(metrics, "spasmbot_updates_total", kind="message") == 2
    assert sample(metrics, "spasmbot_updates_total", kind="callback_query") == len(BENIGN_TAPS)
    assert sample(metrics, "spasmbot_update_processing_seconds_count") == 2 + len(BENIGN_TAPS)
    assert sample(metrics, "spasmbot_conversations_started_total") == 2
    assert sample(metrics, "spasmbot_conversations_finished_total") == 1
    assert sample(metrics, "spasmbot_outcomes_total", urgency="self_care") == 1
    assert sample(metrics, "spasmbot_bot_api_calls_total", method="editMessageText") == len(
        BENIGN_TAPS
    )
    errors = sample(
        metrics, "spasmbot_bot_api_errors_total", error="Forbidden", method="sendMessage"
    )
    assert errors == 1
    # Nothing personal: no user ids, no words anybody typed or was shown.
    # No user id and no text: as a word of its own, not inside a number such as a
    # series' creation time (1.7964017874242747e+09 once made this check fail).
    words = set(re.split(r"[^0-9A-Za-z_]+", metrics))
    assert not {"4242", "4343"} & words and "twitch" not in metrics


async def test_a_flood_wait_is_counted(served: BotHarness) -> None:
    served.telegram.fail("sendMessage", error="retry_after", retry_after=1)
    await served.user(5151).send("/start")
    _status, metrics = await get(served, "/metrics")
    assert (
        sample(metrics, "spasmbot_bot_api_errors_total", error="RetryAfter", method="sendMessage")
        == 1
    )
    assert sample(metrics, "spasmbot_flood_wait_seconds_total") == 1


@pytest.fixture
async def webhook(content: Content, tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The bot serving its webhook at `/hook` on a free loopback port."""
    harness = BotHarness(content, tmp_path / "bot.sqlite3")
    settings = Settings(
        token=TOKEN,
        database=tmp_path / "bot.sqlite3",
        webhook_url="https://bot.example.org",
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=0,
        webhook_path="hook",
    )
    stop = asyncio.Event()
    server = asyncio.create_task(serve_webhook(harness.app, settings, stop))
    for _ in range(500):
        if harness.spasmbot.front.port or server.done():
            break
        await asyncio.sleep(0.01)
    try:
        yield harness
    finally:
        stop.set()
        await server


async def test_the_webhook_checks_the_secret_and_answers_after_the_update_is_stored(
    webhook: BotHarness,
) -> None:
    harness = webhook
    hook = url(harness, "/hook")
    update = {"update_id": 77, **harness.telegram.message_update(6161, "/start")}
    async with aiohttp.ClientSession() as http:
        async with http.post(hook, json=update) as response:
            assert response.status == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        async with http.post(hook, json=update, headers=headers) as response:
            assert response.status == 403
        headers["X-Telegram-Bot-Api-Secret-Token"] = SECRET
        async with http.post(hook, data=b"not json", headers=headers) as response:
            assert response.status == 400
        assert harness.telegram.texts(6161) == []
        async with http.post(hook, json=update, headers=headers) as response:
            assert response.status == 200
            # Processed before the answer: the replies are already out.
            assert "safety check" in harness.telegram.texts(6161)[1]
        async with http.post(hook, json=update, headers=headers) as response:
            assert response.status == 200  # Telegram sent it again: nothing new happens
        assert len(harness.telegram.texts(6161)) == 2
        async with http.get(url(harness, "/readyz")) as response:
            assert response.status == 200
    (registered,) = harness.telegram.calls_of("setWebhook")
    assert registered.params["url"] == "https://bot.example.org/hook"
    assert registered.params["secret_token"] == SECRET


NOT_UPDATES = {
    "null": b"null",
    "list": b"[]",
    "number": b"1",
    "string": b'"x"',
    "text_update_id": b'{"update_id":"abc"}',
    "true_update_id": b'{"update_id":true}',
    "no_update_id": b"{}",
    "message_not_an_object": b'{"update_id":5,"message":3}',
    "message_without_its_fields": b'{"update_id":5,"message":{"text":1}}',
    "nested_list": b"[" * 100_000 + b"]" * 100_000,
    "nested_in_an_update": b'{"update_id":5,"message":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "not_utf8": b'{"update_id":5,"x":"\xff\xfe"}',
}


@pytest.mark.parametrize("body", NOT_UPDATES.values(), ids=NOT_UPDATES.keys())
async def test_webhook_body_that_is_not_an_update_gets_400_not_500(
    webhook: BotHarness, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """With the right secret, JSON that is not an Update object used to crash the
    handler: 500 and an ERROR traceback in the log, for Telegram to retry forever."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    caplog.set_level("DEBUG")
    async with (
        aiohttp.ClientSession() as http,
        http.post(url(webhook, "/hook"), data=body, headers=headers) as response,
    ):
        assert response.status == 400
    assert [r.getMessage() for r in caplog.records if r.levelno >= 40 or r.exc_info] == []
    _status, metrics = await get(webhook, "/metrics")
    assert (
        sample(metrics, "spasmbot_webhook_refused_total", reason="not_an_update", status="400") == 1
    )
    assert webhook.telegram.calls_of("sendMessage") == []


async def test_refused_webhook_requests_are_counted_by_reason(webhook: BotHarness) -> None:
    hook = url(webhook, "/hook")
    update = {"update_id": 78, **webhook.telegram.message_update(6262, "/start")}
    right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with http.post(hook, json=update, headers=headers) as response:
                assert response.status == 403
        async with http.post(hook, data=b"{", headers=right) as response:
            assert response.status == 400
        too_big = b'{"update_id":79,"x":"' + b"a" * MAX_BODY_BYTES + b'"}'
        async with http.post(hook, data=too_big, headers=right) as response:
            assert response.status == 413
        async with http.post(hook, json=update, headers=right) as response:
            assert response.status == 200  # accepted: not counted as refused
    _status, metrics = await get(webhook, "/metrics")
    refused = "spasmbot_webhook_refused_total"
    assert sample(metrics, refused, reason="wrong_secret", status="403") == 2
    assert sample(metrics, refused, reason="not_an_update", status="400") == 1
    assert sample(metrics, refused, reason="too_large", status="413") == 1
    assert len(webhook.telegram.texts(6262)) == 2


async def test_regression_an_update_that_failed_was_not_counted_in_the_metrics(
    served: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update that ended in 'Sorry, something went wrong' (an ERROR in the log) moved
    no series of /metrics: an operator's alert on failed updates had nothing to watch."""
    alice = served.user(4242)
    await alice.send("/start")
    _status, metrics = await get(served, "/metrics")
    assert sample(metrics, "spasmbot_update_errors_total", error="RuntimeError") == 0
    engine = served.spasmbot.assistant.content.engine

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "handle", broken)
    assert (await alice.send("no"))[0].startswith("Sorry, something went wrong")
    _status, metrics = await get(served, "/metrics")
    assert sample(metrics, "spasmbot_update_errors_total", error="RuntimeError") == 1
    assert sample(metrics, "spasmbot_updates_waiting_for_database") == 0


async def test_regression_the_database_going_away_was_not_in_the_metrics(
    served: BotHarness,
) -> None:
    """Prometheus scrapes /metrics alone, and nothing there said the database had gone
    away (SQLite's file, or PostgreSQL down with no update waiting for it yet): the
    alert needed a second prober on /readyz. `spasmbot_ready{check}` now holds what
    /readyz checks, taken at each scrape, and comes back to 1 with the database."""
    _, metrics = await get(served, "/metrics")
    for check in ("started", "database", "dialogs"):
        assert sample(metrics, "spasmbot_ready", check=check) == 1.0, check
    await served.storage.close()
    _, metrics = await get(served, "/metrics")
    assert sample(metrics, "spasmbot_ready", check="database") == 0.0
    assert sample(metrics, "spasmbot_ready", check="dialogs") == 1.0
    await served.storage.open()
    _, metrics = await get(served, "/metrics")
    assert sample(metrics, "spasmbot_ready", check="database") == 1.0


async def test_regression_the_metrics_an_alert_needs_were_not_named_in_the_readme(
    served: BotHarness,
) -> None:
    """README described /metrics in words ('Bot API calls and errors by method and error
    type, retries and flood-control waits…') and named no series: an operator writing an
    alert for a 429 storm, a blocked patient or the database going away had to scrape
    the bot first to learn that it is `spasmbot_flood_wait_seconds_total`. Every series
    /metrics exposes is now named in README, with its labels."""
    from bot.paths import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    _, metrics = await get(served, "/metrics")
    series = {  # as the exposition names them (counters with _total); not the _created
        line.split()[2]
        for line in metrics.splitlines()
        if line.startswith("# TYPE spasmbot_") and not line.split()[2].endswith("_created")
    }
    assert len(series) >= 16
    for name in sorted(series):
        assert f"`{name}`" in readme, f"{name} is not named in README"


async def test_regression_the_webhook_asked_telegram_for_every_update_type(
    webhook: BotHarness,
) -> None:
    """`setWebhook` asked for every update type (`Update.ALL_TYPES`): reactions, members
    joining, poll totals were posted to the webhook, each processed under its chat's lock
    and counted as "other", for nothing. It asks for those the handlers take."""
    for _ in range(500):  # set once the health server listens, right after post_init
        if webhook.telegram.calls_of("setWebhook"):
            break
        await asyncio.sleep(0.01)
    (registered,) = webhook.telegram.calls_of("setWebhook")
    assert registered.params["allowed_updates"] == HANDLED
