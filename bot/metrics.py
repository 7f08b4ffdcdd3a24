"""What an operator watches: Prometheus metrics, with no user ids and no message text.

Each bot process has its own registry (tests and the benchmark build several
bots in one process). Labels are small fixed sets — update kinds, Bot API
method names, error class names, urgency levels, session kinds — so the
series count stays bounded however many people use the bot.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

#: One labelled series of a counter (`Counter.labels(...)`): callers that count on every
#: update or call keep theirs rather than look it up each time.
CounterChild = Counter

#: Processing time of one update, in seconds: the in-process p99 is a few ms.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.updates = Counter(
            "spasmbot_updates", "Updates received, by kind.", ["kind"], registry=registry
        )
        self.update_seconds = Histogram(
            "spasmbot_update_processing_seconds",
            "Time from taking an update to its replies being sent.",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.api_calls = Counter(
            "spasmbot_bot_api_calls",
            "Bot API calls made, by method.",
            ["method"],
            registry=registry,
        )
        self.api_errors = Counter(
            "spasmbot_bot_api_errors",
            "Bot API calls that failed, by method and error type.",
            ["method", "error"],
            registry=registry,
        )
        self.update_errors = Counter(
            "spasmbot_update_errors",
            "Updates that ended in an error (the person told 'something went wrong'),"
            " by error type.",
            ["error"],
            registry=registry,
        )
        self.waiting_for_database = Gauge(
            "spasmbot_updates_waiting_for_database",
            "Updates waiting for the database to answer again (PostgreSQL down).",
            registry=registry,
        )
        self.retries = Counter(
            "spasmbot_delivery_retries",
            "Replies sent again after a network error or flood control, by reason.",
            ["reason"],
            registry=registry,
        )
        self.chats_waiting = Gauge(
            "spasmbot_chats_with_replies_waiting",
            "Chats whose committed replies wait for the periodic redelivery"
            " (Telegram unreachable or flood control).",
            registry=registry,
        )
        self.turns_decided_again = Counter(
            "spasmbot_turns_decided_again",
            "Updates decided again because another process or connection changed the"
            " stored state between their read and their commit.",
            registry=registry,
        )
        self.flood_wait_seconds = Counter(
            "spasmbot_flood_wait_seconds",
            "Seconds Telegram asked us to wait (429 RetryAfter), in total.",
            registry=registry,
        )
        self.conversations_started = Counter(
            "spasmbot_conversations_started", "Consultations started.", registry=registry
        )
        self.conversations_finished = Counter(
            "spasmbot_conversations_finished",
            "Consultations that reached advice.",
            registry=registry,
        )
        self.outcomes = Counter(
            "spasmbot_outcomes",
            "Advice given at the end of a consultation, by urgency level.",
            ["urgency"],
            registry=registry,
        )
        self.group_sessions = Counter(
            "spasmbot_group_sessions_started",
            "Group quizzes and case studies started, by kind.",
            ["kind"],
            registry=registry,
        )
        self.webhook_refused = Counter(
            "spasmbot_webhook_refused",
            "Webhook requests refused, by HTTP status and reason (wrong_secret: 403,"
            " not_an_update: 400, too_large: 413).",
            ["status", "reason"],
            registry=registry,
        )

        self.ready = Gauge(
            "spasmbot_ready",
            "What /readyz checks, each 1 or 0 at the scrape: started (start-up done),"
            " database (it answers), dialogs (loaded).",
            ["check"],
            registry=registry,
        )

    def value(self, name: str, **labels: str) -> float:
        """The current value of one exposed sample (`spasmbot_updates_total`, kind=...);
        0 for a label combination not seen yet."""
        return self.registry.get_sample_value(name, labels) or 0.0

    def exposition(self) -> tuple[bytes, str]:
        """The body and content type of a `/metrics` response."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
