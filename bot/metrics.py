"""What an operator watches: Prometheus metrics, with no user ids and no message text.

Each bot process has its own registry (tests and the benchmark build several
bots in one process). Labels are small fixed sets — update kinds, Bot API
method names, error class names, urgency levels, session kinds — so the
series count stays bounded however many people use the bot.

Counting happens for every update and every Bot API call, always on the event
loop's thread, so the counts are plain numbers: `prometheus_client`'s own
counters take a lock for each increment, which cost about 10 µs per update in
the benchmark. The registry reads the numbers when `/metrics` is scraped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    HistogramMetricFamily,
    Metric,
)

#: Processing time of one update, in seconds: the in-process p99 is a few ms.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Counts:
    """A counter family: one total per combination of label values."""

    def __init__(self, name: str, documentation: str, labels: tuple[str, ...] = ()) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = labels
        self.totals: dict[tuple[str, ...], float] = {} if labels else {(): 0.0}

    def inc(self, *values: str, amount: float = 1.0) -> None:
        """Add `amount` to the total of these label values (one per label, in order)."""
        self.totals[values] = self.totals.get(values, 0.0) + amount

    def value(self, *values: str) -> float:
        return self.totals.get(values, 0.0)

    def collect(self) -> Metric:
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labels)
        for values, total in sorted(self.totals.items()):
            family.add_metric(list(values), total)
        return family


class Durations:
    """A histogram of durations in seconds, with Prometheus's cumulative buckets."""

    def __init__(self, name: str, documentation: str, buckets: tuple[float, ...]) -> None:
        self.name = name
        self.documentation = documentation
        self.bounds = tuple(sorted(buckets))
        #: Observations per bucket, not cumulative; the last one is above every bound.
        self.counts = [0] * (len(self.bounds) + 1)
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(self.bounds, seconds)] += 1
        self.sum += seconds

    def collect(self) -> Metric:
        buckets: list[tuple[str, float]] = []
        below = 0
        for bound, count in zip((*self.bounds, float("inf")), self.counts, strict=True):
            below += count
            buckets.append(("+Inf" if bound == float("inf") else repr(bound), below))
        return HistogramMetricFamily(
            self.name, self.documentation, buckets=buckets, sum_value=self.sum
        )


class Metrics:
    def __init__(self) -> None:
        self.updates = Counts("spasmbot_updates", "Updates received, by kind.", ("kind",))
        self.update_seconds = Durations(
            "spasmbot_update_processing_seconds",
            "Time from taking an update to its replies being sent.",
            LATENCY_BUCKETS,
        )
        self.api_calls = Counts(
            "spasmbot_bot_api_calls", "Bot API calls made, by method.", ("method",)
        )
        self.api_errors = Counts(
            "spasmbot_bot_api_errors",
            "Bot API calls that failed, by method and error type.",
            ("method", "error"),
        )
        self.retries = Counts(
            "spasmbot_delivery_retries",
            "Replies sent again after a network error or flood control, by reason.",
            ("reason",),
        )
        self.turns_decided_again = Counts(
            "spasmbot_turns_decided_again",
            "Updates decided again because another process or connection changed the"
            " stored state between their read and their commit.",
        )
        self.flood_wait_seconds = Counts(
            "spasmbot_flood_wait_seconds",
            "Seconds Telegram asked us to wait (429 RetryAfter), in total.",
        )
        self.conversations_started = Counts(
            "spasmbot_conversations_started", "Consultations started."
        )
        self.conversations_finished = Counts(
            "spasmbot_conversations_finished", "Consultations that reached advice."
        )
        self.outcomes = Counts(
            "spasmbot_outcomes",
            "Advice given at the end of a consultation, by urgency level.",
            ("urgency",),
        )
        self.group_sessions = Counts(
            "spasmbot_group_sessions_started",
            "Group quizzes and case studies started, by kind.",
            ("kind",),
        )
        self.webhook_refused = Counts(
            "spasmbot_webhook_refused",
            "Webhook requests refused, by HTTP status and reason (wrong_secret: 403,"
            " not_an_update: 400, too_large: 413).",
            ("status", "reason"),
        )
        self.registry = CollectorRegistry()
        self.registry.register(self)

    def collect(self) -> Iterator[Metric]:
        """Every family as it stands now (the registry calls this on each scrape)."""
        for family in vars(self).values():
            if isinstance(family, Counts | Durations):
                yield family.collect()

    def exposition(self) -> tuple[bytes, str]:
        """The body and content type of a `/metrics` response."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
