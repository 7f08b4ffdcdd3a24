"""The exposition an operator's Prometheus scrapes."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    body, _content_type = metrics.exposition()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def test_counts_are_exposed_as_prometheus_counters_with_their_labels() -> None:
    metrics = Metrics()
    metrics.updates.labels("message").inc()
    metrics.updates.labels("message").inc()
    metrics.updates.labels("callback_query").inc()
    metrics.api_errors.labels("sendMessage", "Forbidden").inc()
    metrics.flood_wait_seconds.inc(2.5)
    metrics.conversations_started.inc()

    seen = samples(metrics)
    assert seen["spasmbot_updates_total", (("kind", "message"),)] == 2
    assert seen["spasmbot_updates_total", (("kind", "callback_query"),)] == 1
    assert (
        seen["spasmbot_bot_api_errors_total", (("error", "Forbidden"), ("method", "sendMessage"))]
        == 1
    )
    assert seen["spasmbot_flood_wait_seconds_total", ()] == 2.5
    assert seen["spasmbot_conversations_started_total", ()] == 1
    # A family without labels is there from the start, at zero.
    assert seen["spasmbot_conversations_finished_total", ()] == 0
    assert seen["spasmbot_chats_with_replies_waiting", ()] == 0


def test_the_names_operators_use_are_all_exposed() -> None:
    """Dashboards and alerts (README, docs/scaling.md) name these series."""
    metrics = Metrics()
    metrics.updates.labels("message").inc()
    metrics.update_seconds.observe(0.001)
    metrics.api_calls.labels("sendMessage").inc()
    metrics.api_errors.labels("sendMessage", "RetryAfter").inc()
    metrics.retries.labels("network").inc()
    metrics.outcomes.labels("self_care").inc()
    metrics.group_sessions.labels("quiz").inc()
    metrics.webhook_refused.labels("403", "wrong_secret").inc()
    names = {name for name, _labels in samples(metrics)}
    assert {
        "spasmbot_updates_total",
        "spasmbot_update_processing_seconds_bucket",
        "spasmbot_update_processing_seconds_count",
        "spasmbot_update_processing_seconds_sum",
        "spasmbot_bot_api_calls_total",
        "spasmbot_bot_api_errors_total",
        "spasmbot_delivery_retries_total",
        "spasmbot_turns_decided_again_total",
        "spasmbot_flood_wait_seconds_total",
        "spasmbot_conversations_started_total",
        "spasmbot_conversations_finished_total",
        "spasmbot_outcomes_total",
        "spasmbot_group_sessions_started_total",
        "spasmbot_webhook_refused_total",
    } <= names


def test_value_reads_one_sample_and_zero_before_the_first() -> None:
    metrics = Metrics()
    assert metrics.value("spasmbot_group_sessions_started_total", kind="case") == 0
    metrics.group_sessions.labels("case").inc()
    assert metrics.value("spasmbot_group_sessions_started_total", kind="case") == 1


def test_update_durations_fill_cumulative_buckets() -> None:
    metrics = Metrics()
    for seconds in (0.0002, 0.0005, 0.003, 0.003, 7.0):
        metrics.update_seconds.observe(seconds)

    seen = samples(metrics)
    bucket = "spasmbot_update_processing_seconds_bucket"
    assert seen[bucket, (("le", "0.0005"),)] == 2  # a bound is inclusive, as in Prometheus
    assert seen[bucket, (("le", "0.001"),)] == 2
    assert seen[bucket, (("le", "0.005"),)] == 4
    assert seen[bucket, (("le", "2.5"),)] == 4
    assert seen[bucket, (("le", "+Inf"),)] == 5
    assert seen["spasmbot_update_processing_seconds_count", ()] == 5
    assert abs(seen["spasmbot_update_processing_seconds_sum", ()] - 7.0067) < 1e-9
