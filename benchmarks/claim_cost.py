"""Cost of claiming 100 due nudges on PostgreSQL with small vs large history, and its query plan.

One scratch database holds ~1,000 due nudges (recorded through storage.repositories) plus
history: nudges already sent or answered, bulk-loaded with COPY. The claim is timed at the
small history size, the history grown, and timed again; each claim runs
`storage.repositories.claim_due_nudges` in a transaction that is rolled back, so every claim
sees the same due set. The SQL the function emits is captured and EXPLAINed (ANALYZE, rolled back).
Run: .venv/bin/python benchmarks/claim_cost.py [--quick]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench_support import machine_line, pg_unreachable_reason, scratch_database
from sqlalchemy import Engine, event, text
from support.factories import new_oops

from bot.nudges.policy import LEASE
from storage import nudge_queue
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

TARGET_RATIO = 2.0
INDEX = "ix_nudges_due"
KINDS = ("reflection", "prevention", "followup")
DUE_OOPSES = 1000  # each: reflection due now; prevention and follow-up still ahead, as in life
CLAIM_LIMIT = 100


def record_due_set(engine: Engine, now: datetime) -> None:
    """Record oopses as the app does: the first nudge due now, the other two days ahead."""
    session_factory = build_session_factory(engine)
    with session_factory.begin() as s:
        for i in range(DUE_OOPSES):
            repo.record_oops(
                s,
                new=new_oops(
                    team_id="T0001",
                    author_id=f"U{200000 + i}",
                    what_happened=f"due oops {i}",
                    message="I made a mistake.",
                    channel_id="C0BENCH",
                    message_ts=None,
                ),
                now=now - timedelta(days=2),
                nudges=[
                    ("reflection", now - timedelta(minutes=i % 60 + 1)),
                    ("prevention", now + timedelta(days=2, minutes=i)),
                    ("followup", now + timedelta(days=13, minutes=i)),
                ],
            )


def add_history(engine: Engine, count: int, now: datetime) -> None:
    """Bulk-load `count` sent/answered nudges (three per oops) with COPY."""
    oopses = -(-count // len(KINDS))
    with engine.begin() as conn:
        first = conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM oopses")).scalar_one()
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur:
            columns = (
                "id, team_id, author_id, what_happened, impact, severity, repair, prevention,"
                " message, delivery, status, created_at, posted_at"
            )
            with cur.copy(f"COPY oopses ({columns}) FROM STDIN") as copy:
                for i in range(oopses):
                    at = now - timedelta(days=30, seconds=i * 30)
                    copy.write_row(
                        (first + i, "T0001", f"U{i % 5000}", "history oops", "", "minor", "",
                         "", "I made a mistake.", "channel", "posted", at, at)
                    )  # fmt: skip
            columns = "oops_id, team_id, author_id, kind, due_at, status, next_attempt_at, attempts"
            with cur.copy(f"COPY nudges ({columns}, sent_at) FROM STDIN") as copy:
                for n in range(count):
                    i = n // len(KINDS)
                    due = now - timedelta(days=29, seconds=i * 30)
                    status = "answered" if n % 3 == 0 else "sent"
                    copy.write_row(
                        (first + i, "T0001", f"U{i % 5000}", KINDS[n % 3], due, status, due, 1,
                         due)
                    )  # fmt: skip
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('oopses', 'id'), max(id)) FROM oopses")
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE oopses"))
        conn.execute(text("VACUUM ANALYZE nudges"))


def time_claims(engine: Engine, now: datetime, repeats: int) -> tuple[float, int]:
    """Median seconds of one claim of CLAIM_LIMIT (each rolled back), and how many it claimed."""
    session_factory = build_session_factory(engine)
    times, claimed = [], 0
    for n in range(repeats + 3):
        with session_factory() as s:
            started = time.perf_counter()
            claimed = len(nudge_queue.claim_due_nudges(s, now=now, limit=CLAIM_LIMIT, lease=LEASE))
            elapsed = time.perf_counter() - started
            s.rollback()
        if n >= 3:  # the first few warm the caches and the statement cache
            times.append(elapsed)
    return statistics.median(times), claimed


def explain_claim(engine: Engine, now: datetime) -> str:
    """Capture the SQL claim_due_nudges emits; EXPLAIN ANALYZE it in a rolled-back transaction."""
    captured: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("UPDATE NUDGES"):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with build_session_factory(engine)() as s:
            nudge_queue.claim_due_nudges(s, now=now, limit=CLAIM_LIMIT, lease=LEASE)
            s.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = captured[0]
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters
        ).all()
        conn.rollback()
    return "\n".join(row[0] for row in rows)


def main(argv: list[str] | None = None) -> int:
    """Time the claim at both history sizes; print the times, the ratio and the plan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k vs 100k history (< 30 s)")
    parser.add_argument("--small", type=int, default=10_000, help="history rows, first size")
    parser.add_argument("--large", type=int, help="history rows, second size (default 1M)")
    parser.add_argument("--repeats", type=int, help="timed claims per size (median reported)")
    args = parser.parse_args(argv)
    large = args.large or (100_000 if args.quick else 1_000_000)
    repeats = args.repeats or (7 if args.quick else 21)

    reason = pg_unreachable_reason()
    if reason:
        print(f"claim_cost: {reason}", file=sys.stderr)
        return 2
    print(machine_line())
    now = datetime.now(UTC)
    results: list[tuple[int, float, int]] = []
    with scratch_database("claim") as url:
        engine = build_engine(url)
        try:
            create_schema(engine)
            record_due_set(engine, now)
            loaded = 0
            for size in (args.small, large):
                started = time.perf_counter()
                add_history(engine, size - loaded, now)
                loaded = size
                print(f"loaded {size:,} history rows ({time.perf_counter() - started:.1f} s)")
                median, claimed = time_claims(engine, now, repeats)
                results.append((size, median, claimed))
            plan = explain_claim(engine, now)
        finally:
            engine.dispose()

    print()
    for size, median, claimed in results:
        print(
            f"claim {claimed} of {DUE_OOPSES} due with {size:>9,} history rows: "
            f"median {median * 1000:.2f} ms over {repeats} claims"
        )
    ratio = results[1][1] / results[0][1]
    verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(
        f"claim time ratio {large:,} / {args.small:,} history: {ratio:.2f}x "
        f"(target <= {TARGET_RATIO:.0f}x: {verdict})"
    )
    used = sorted(set(re.findall(r"Index (?:Only )?Scan (?:using|on) (\w+)", plan)))
    print(f"uses index {INDEX}: {'yes' if INDEX in used else 'NO'} (indexes in plan: {used})")
    seq_scans = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
    print(f"sequential scans in plan: {seq_scans or 'none'}")
    print(f"\nEXPLAIN ANALYZE of the claim statement with {large:,} history rows:\n{plan}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
