"""The /metrics gauges read from the database: check-ins by status, sweep lag, unconfirmed posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry
from support.factories import new_oops

from bot.metrics import Metrics, read_database_gauges, refresh_database_gauges
from storage import repositories as repo
from storage.models import Oops

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_gauges_count_statuses_and_the_oldest_due_pending(session_factory):
    with session_factory.begin() as s:
        repo.record_oops(
            s,
            new=new_oops(),
            now=NOW - timedelta(days=2),
            nudges=[
                ("reflection", NOW - timedelta(minutes=5)),  # due 5 min ago: the lag
                ("prevention", NOW - timedelta(minutes=1)),
                ("followup", NOW + timedelta(days=3)),  # not due yet
            ],
        )
        late = repo.record_oops(s, new=new_oops(), now=NOW, nudges=[])
        late.status = "unknown"

    gauges = read_database_gauges(session_factory, NOW)
    assert gauges.checkins["pending"] == 3 and gauges.checkins["sent"] == 0
    assert gauges.sweep_lag_seconds == 300
    assert gauges.unconfirmed_posts == {"posting": 0, "unknown": 1}

    metrics = Metrics(CollectorRegistry())
    refresh_database_gauges(session_factory, lambda: NOW, metrics)
    registry = metrics.registry
    assert registry.get_sample_value("oops_checkins", {"status": "pending"}) == 3
    assert registry.get_sample_value("oops_checkin_sweep_lag_seconds") == 300
    assert registry.get_sample_value("oops_posts_unconfirmed", {"status": "unknown"}) == 1


def test_no_due_checkin_means_no_lag(session_factory):
    with session_factory.begin() as s:
        repo.record_oops(s, new=new_oops(), now=NOW, nudges=[("reflection", NOW + timedelta(1))])
        assert s.query(Oops).count() == 1
    assert read_database_gauges(session_factory, NOW).sweep_lag_seconds == 0
