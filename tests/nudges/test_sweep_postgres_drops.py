"""A sweep of 30 due check-ins while PostgreSQL connections are killed under it: each DM is
delivered once, and none is left claimed once the database answers again."""

from __future__ import annotations

import collections
import logging
import threading
import time
from datetime import UTC, datetime

import psycopg
from support.clock import FrozenClock
from support.factories import new_oops

from bot.nudges.dispatcher import NudgeDispatcher
from bot.nudges.policy import LEASE
from bot.slack_client import build_web_client
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema
from storage.models import Nudge

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KINDS = ("reflection", "prevention", "followup")
log = logging.getLogger(__name__)


class Terminator(threading.Thread):
    """Terminates every other connection to one database, over and over, until stopped."""

    def __init__(self, url: str, every: float) -> None:
        super().__init__(daemon=True)
        self.url, self.every, self.done, self.killed = url, every, threading.Event(), 0

    def run(self) -> None:
        name = self.url.rsplit("/", 1)[1]
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.done.wait(self.every):
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                ).fetchall()
                self.killed += sum(1 for (ok,) in rows if ok)


def _sent_ids(fake) -> collections.Counter:
    counts = collections.Counter()
    for call in fake.calls("chat.postMessage", delivered_only=True):
        actions = next(b for b in call.args["blocks"] if b["type"] == "actions")
        counts[actions["elements"][0]["value"]] += 1
    return counts


def _statuses(sf) -> collections.Counter:
    with sf() as s:
        return collections.Counter(
            s.scalars(Nudge.__table__.select().with_only_columns(Nudge.status))
        )


def _errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "Error" in r.getMessage()]


def _sweep(dispatcher) -> None:
    """As APScheduler runs it: an exception is logged and the next sweep comes all the same."""
    try:
        dispatcher.sweep()
    except Exception:
        log.exception("sweep raised")


def test_connections_killed_mid_sweep_deliver_each_once_and_strand_nothing(
    new_pg_database, fake_slack, caplog
):
    caplog.set_level(logging.INFO, logger="bot.nudges.dispatcher")
    url = new_pg_database()
    engine = build_engine(url)
    create_schema(engine)
    sf = build_session_factory(engine)
    with sf.begin() as s:
        for i in range(10):
            repo.record_oops(
                s, now=T0, nudges=[(k, T0) for k in KINDS], new=new_oops(author_id=f"U{i:04d}")
            )
    fake_slack.delay("chat.postMessage", 0.05)  # sends take a while: kills land between them
    client = build_web_client(api_url=fake_slack.base_url, token="xoxb-test")
    clock = FrozenClock(T0)  # leases never lapse on their own during the test
    dispatcher = NudgeDispatcher(lambda _t: client, sf, clock, concurrency=4, batch_size=6)

    terminator = Terminator(url, every=0.02)
    terminator.start()
    try:
        # At least 1.5 s of kills, and on until they have hit a sweep that still sent DMs: on
        # a loaded machine the first sends can take longer than that (a 20 s cap).
        start = time.monotonic()
        while time.monotonic() < start + 20:
            _sweep(dispatcher)
            hit = terminator.killed and _errors(caplog) and sum(_sent_ids(fake_slack).values())
            if hit and time.monotonic() > start + 1.5:
                break
    finally:
        terminator.done.set()
        terminator.join()
    sent_while_killing = sum(_sent_ids(fake_slack).values())

    _sweep(dispatcher)  # one sweep once the database is back
    statuses = _statuses(sf)
    clock.advance(seconds=LEASE.total_seconds() + 1)  # a stuck claim would be taken again now
    _sweep(dispatcher)
    counts = _sent_ids(fake_slack)
    failures = _errors(caplog)
    print(
        f"\nkilled {terminator.killed} connections; {sent_while_killing} DMs sent meanwhile; "
        f"after one sweep: {dict(statuses)}; {len(failures)} database errors"
    )
    # The kills hit a sweep at work: it saw database errors, and sent DMs all the same.
    assert terminator.killed > 0 and failures and sent_while_killing > 0
    assert statuses == {"sent": 30}, "claims left stuck after the database came back"
    assert sorted(counts.values()) == [1] * 30, f"sent more than once: {counts}"
    dispatcher.stop()
    engine.dispose()


def test_connections_killed_while_the_away_hold_looks_people_up(new_pg_database, fake_slack):
    """The hold's lookups run on their own thread (bot/nudges/hold_refresh.py): killed
    connections under them and under the claims still send each DM once, strand no claim,
    and the sweep never raises."""
    from bot.away import AwayHold
    from bot.config import load_settings

    url = new_pg_database()
    engine = build_engine(url)
    create_schema(engine)
    sf = build_session_factory(engine)
    with sf.begin() as s:
        for i in range(150):  # more than a batch: the next refresh runs beside the sends
            repo.record_oops(
                s, now=T0, nudges=[("reflection", T0)], new=new_oops(author_id=f"U{i:04d}")
            )
    fake_slack.delay("chat.postMessage", 0.02)
    fake_slack.delay("users.info", 0.01)
    client = build_web_client(api_url=fake_slack.base_url, token="xoxb-test")
    clock = FrozenClock(T0)
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s"})
    hold = AwayHold(lambda _t: client, clock, settings)
    dispatcher = NudgeDispatcher(
        lambda _t: client, sf, clock, concurrency=4, batch_size=50, hold=hold
    )
    terminator = Terminator(url, every=0.05)
    terminator.start()
    try:
        until = time.monotonic() + 1.5
        while time.monotonic() < until:
            dispatcher.sweep()  # raises nothing: failures are logged and retried
    finally:
        terminator.done.set()
        terminator.join()
    for _ in range(3):  # the database answers again
        dispatcher.sweep()
    clock.advance(seconds=LEASE.total_seconds() + 1)
    dispatcher.sweep()
    dispatcher.stop()
    assert terminator.killed > 0
    assert _statuses(sf) == {"sent": 150}, "claims left stuck after the database came back"
    assert sorted(_sent_ids(fake_slack).values()) == [1] * 150
    assert fake_slack.calls("users.info")  # the hold did look people up
    engine.dispose()
