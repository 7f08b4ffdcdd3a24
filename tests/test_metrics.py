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
    metrics.updates.inc("message")
    metrics.updates.inc("message")
    metrics.updates.inc("callback_query")
    metrics.api_errors.inc("sendMessage", "Forbidden")
    metrics.flood_wait_seconds.inc(amount=2.5)
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
