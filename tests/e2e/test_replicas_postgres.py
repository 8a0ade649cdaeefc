"""Three app processes sweeping one PostgreSQL database: every nudge is sent exactly once."""

from __future__ import annotations

import collections
import time
from datetime import UTC, datetime, timedelta

from support.factories import new_oops

from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

NUDGES = 2000


def _seed(url: str, n: int) -> None:
    engine = build_engine(url)
    create_schema(engine)
    sf = build_session_factory(engine)
    due = datetime.now(UTC) - timedelta(minutes=1)
    kinds = ("reflection", "prevention", "followup")
    with sf.begin() as s:
        for i in range(0, n, 2):
            repo.record_oops(
                s,
                now=due,
                nudges=[(kinds[i % 3], due), (kinds[(i + 1) % 3], due)],
                new=new_oops(
                    team_id="T0001",
                    author_id=f"U{i:06d}",
                    what_happened=f"oops {i}",
                    message_ts=f"1.{i}",
                ),
            )
    engine.dispose()


def _nudge_id(call) -> str:
    actions = next(b for b in call.args["blocks"] if b["type"] == "actions")
    return actions["elements"][0]["value"]


def test_three_replicas_deliver_each_of_2000_nudges_once(new_pg_database, start_app, fake_slack):
    # new_pg_database comes first so its teardown (DROP DATABASE) runs after the apps stop.
    url = new_pg_database()
    _seed(url, NUDGES)
    started = time.monotonic()
    apps = [start_app(DATABASE_URL=url, OOPS_SCHEDULER_INTERVAL="1") for _ in range(3)]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if fake_slack.count("chat.postMessage", delivered_only=True) >= NUDGES:
            break
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    time.sleep(2)  # more sweeps: nothing may be sent again
    posts = fake_slack.calls("chat.postMessage", delivered_only=True)
    counts = collections.Counter(_nudge_id(c) for c in posts)
    assert len(counts) == NUDGES, f"lost {NUDGES - len(counts)}"
    assert [k for k, v in counts.items() if v > 1] == []
    print(
        f"\n3 replicas delivered {NUDGES} nudges in {elapsed:.1f}s "
        f"({NUDGES / elapsed:.0f}/s, including start-up)"
    )
    assert all(app.running for app in apps)
