"""Prometheus metrics: requests and ack latency, Web API calls, check-ins and unconfirmed posts.

Each process serves its own registry at `GET /metrics` (bot/ops_http.py); with several
replicas, scrape each one. Counters are per process (sum them across replicas); the gauges
read from the database (`refresh_database_gauges`) are the same on every replica (take the max).

Labels are bounded by construction, never user text or user ids: surfaces and outcomes are
fixed words, Web API method names and Slack error codes must match a fixed pattern (anything
else is counted as `other`), HTTP statuses are numbers.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import REGISTRY
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from sqlalchemy import case, func, select

from bot.clock import Clock
from storage.db import SessionFactory
from storage.models import Nudge, Oops
from storage.states import UNCONFIRMED, NudgeStatus

log = logging.getLogger(__name__)

SURFACES = ("command", "view", "action", "event", "shortcut", "options", "other", "unknown")
# A refused request's reason (bot/slack_request.py) by its HTTP status: the class, not the word.
_REFUSED_CLASS = {401: "refused_signature", 413: "refused_too_large"}
# Slack's method names (`chat.postMessage`) and error codes (`channel_not_found`).
_METHOD = re.compile(r"^[a-z]+(\.[a-zA-Z]+){1,3}$")
_ERROR_CODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
NUDGE_STATUSES = tuple(NudgeStatus)
# Slack answers within 3 s or the person sees an error: buckets around that.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)


class Metrics:
    """The app's metrics, on one registry (the process's default one in production)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "oops_requests",
            "Requests from Slack by surface and outcome "
            "(acked, unhandled, error, refused_signature, refused_malformed, refused_too_large).",
            ["surface", "outcome"],
            registry=registry,
        )
        self.ack_seconds = Histogram(
            "oops_ack_seconds",
            "Seconds from a request's arrival to its acknowledgement, by surface.",
            ["surface"],
            buckets=ACK_BUCKETS,
            registry=registry,
        )
        self.api_calls = Counter(
            "oops_slack_api_calls",
            "Slack Web API attempts by method and result (ok, Slack's error code, http_429, "
            "http_5xx codes, connection_error, timeout); each retry counts once more.",
            ["method", "result"],
            registry=registry,
        )
        self.checkins = Gauge(
            "oops_checkins",
            "Check-ins (nudge rows) by status, database-wide, as of the last refresh.",
            ["status"],
            registry=registry,
        )
        self.sweep_lag = Gauge(
            "oops_checkin_sweep_lag_seconds",
            "Age of the oldest check-in that is due and not sent yet (0 when none is).",
            registry=registry,
        )
        self.unconfirmed_posts = Gauge(
            "oops_posts_unconfirmed",
            "Owning-up posts whose outcome is not known yet (posting, unknown).",
            ["status"],
            registry=registry,
        )
        self.checkins_without_installation = Counter(
            "oops_checkins_without_installation",
            "Check-in sends that found no installation to send them (none stored, or Slack "
            "refused its token); each backs off and is tried again until an uninstall cancels it.",
            registry=registry,
        )
        self.gauges_refreshed = Gauge(
            "oops_gauges_refreshed_timestamp_seconds",
            "When this process last read the database gauges (Unix time).",
            registry=registry,
        )

    def record_request(self, surface: str, outcome: str, seconds: float | None) -> None:
        """Count one request; observe its ack latency when it was acknowledged."""
        surface = surface if surface in SURFACES else "other"
        self.requests.labels(surface, outcome).inc()
        if seconds is not None:
            self.ack_seconds.labels(surface).observe(seconds)

    def record_api_call(self, method: str, result: str) -> None:
        """Count one Web API attempt."""
        self.api_calls.labels(method, result).inc()

    def exposition(self) -> tuple[bytes, str]:
        """The registry in Prometheus' text format, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


METRICS = Metrics(REGISTRY)


def surface_of(body: Mapping[str, Any]) -> str:
    """Which surface a parsed Slack body belongs to (a fixed word)."""
    if body.get("command"):
        return "command"
    kind = body.get("type")
    return {
        "event_callback": "event",
        "block_actions": "action",
        "interactive_message": "action",
        "view_submission": "view",
        "view_closed": "view",
        "shortcut": "shortcut",
        "message_action": "shortcut",
        "block_suggestion": "options",
    }.get(kind if isinstance(kind, str) else "", "other")


def outcome_of_status(status: int) -> str:
    """A dispatched request's outcome by the status Bolt answered with."""
    if 200 <= status < 300:
        return "acked"
    return "unhandled" if status == 404 else "error"


def refused_outcome(status: int) -> str:
    """A refused request's outcome: the class of its reason, by the status it got."""
    return _REFUSED_CLASS.get(status, "refused_malformed")


def method_of(url: str) -> str:
    """The Web API method a request URL names, or `other`."""
    name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return name if _METHOD.match(name) else "other"


def result_of(response: HttpResponse | None, error: Exception | None) -> str:
    """`ok`, Slack's error code, `http_<status>`, `timeout` or `connection_error`."""
    if response is None:
        if isinstance(error, TimeoutError | socket.timeout):
            return "timeout"
        reason = getattr(error, "reason", None)  # urllib wraps the socket's error
        return "timeout" if isinstance(reason, TimeoutError) else "connection_error"
    if response.status_code != 200:
        return f"http_{int(response.status_code)}"
    body = response.body if isinstance(response.body, dict) else {}
    if body.get("ok", True):
        return "ok"
    code = body.get("error")
    return code if isinstance(code, str) and _ERROR_CODE.match(code) else "other"


class ApiCallObserver(RetryHandler):
    """Counts every Web API attempt and never asks for a retry.

    slack_sdk hands each attempt's answer (or connection error) to the client's retry handlers
    in order, so this one, placed first, sees them all. Bolt copies the app client's handlers
    into every per-request client, so listener calls are counted as well.
    """

    def __init__(self, metrics: Metrics | None = None) -> None:
        super().__init__(max_retry_count=0)
        self._metrics = metrics or METRICS

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        """Count the attempt; False, so the next handler decides about retrying."""
        try:
            self._metrics.record_api_call(method_of(request.url), result_of(response, error))
        except Exception:  # noqa: BLE001 - counting must never break a Slack call
            log.warning("could not count a Web API call", exc_info=True)
        return False


@dataclass(frozen=True)
class DatabaseGauges:
    """What the gauges read from the database."""

    checkins: dict[str, int]
    sweep_lag_seconds: float
    unconfirmed_posts: dict[str, int]


def _as_utc(value: datetime | str) -> datetime:
    """An aggregate's datetime as aware UTC (SQLite may hand back naive values or text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def read_database_gauges(session_factory: SessionFactory, now: datetime) -> DatabaseGauges:
    """Check-ins by status with the oldest due pending one (one GROUP BY), unconfirmed posts."""
    due = case((Nudge.next_attempt_at <= now, Nudge.next_attempt_at))
    with session_factory() as s:
        rows = s.execute(
            select(Nudge.status, func.count(), func.min(due)).group_by(Nudge.status)
        ).all()
        posts = s.execute(
            select(Oops.status, func.count())
            .where(Oops.status.in_([str(status) for status in UNCONFIRMED]))
            .group_by(Oops.status)
        ).all()
    checkins = dict.fromkeys(NUDGE_STATUSES, 0)
    oldest: datetime | None = None
    for status, count, first_due in rows:
        key = status if status in checkins else "other"
        checkins[key] = checkins.get(key, 0) + count
        if status == NudgeStatus.PENDING and first_due is not None:
            oldest = _as_utc(first_due)
    lag = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
    unconfirmed = {str(status): 0 for status in UNCONFIRMED}
    unconfirmed.update({status: count for status, count in posts})
    return DatabaseGauges(checkins, lag, unconfirmed)


def refresh_database_gauges(
    session_factory: SessionFactory, clock: Clock, metrics: Metrics | None = None
) -> None:
    """Set the check-in and unconfirmed-post gauges from the database (a scheduled job)."""
    metrics = metrics or METRICS
    now = clock()
    try:
        gauges = read_database_gauges(session_factory, now)
    except Exception as error:  # noqa: BLE001 - a database away: keep the last values
        log.warning("metrics: could not read the database gauges: %s", type(error).__name__)
        return
    for status, count in gauges.checkins.items():
        metrics.checkins.labels(status).set(count)
    metrics.sweep_lag.set(gauges.sweep_lag_seconds)
    for status, count in gauges.unconfirmed_posts.items():
        metrics.unconfirmed_posts.labels(status).set(count)
    metrics.gauges_refreshed.set(now.timestamp())
