"""Nudge delivery throughput on PostgreSQL against a rate-limited, slow fake Slack, 1 and 3 procs.

Each phase gets a fresh database with N due nudges (inserted through storage.repositories) and a
fresh fake Slack that allows --rate chat.postMessage calls per second (429 + Retry-After beyond)
and answers each after --latency seconds. Then P sweeping processes run until every nudge was
delivered or --timeout passes. Delivered nudges are identified by the nudge id in the button
values of the posted blocks, so duplicates (posted twice) and lost (never posted) are counted
from what Slack saw, not from what the app believes.
Run: .venv/bin/python benchmarks/dispatch_throughput.py [--quick] [--runner app|sweeper]

With `--workspaces W` it runs the multi-workspace mode instead (benchmarks/multi_workspace.py):
check-ins spread over W OAuth-installed workspaces, each rate-limited on its own.
Run: .venv/bin/python benchmarks/dispatch_throughput.py --workspaces 200 [--quick] [--rate N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_support import (
    BENCH_DIR,
    BOT_TOKEN,
    SIGNING_SECRET,
    CpuMeter,
    machine_line,
    pg_unreachable_reason,
    print_table,
    scratch_database,
    wait_until,
)
from sqlalchemy import func, select
from support.app_process import AppProcess, child_env, free_port
from support.factories import new_oops
from support.fake_slack import Call, FakeSlack

from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema
from storage.models import Nudge

METHOD = "chat.postMessage"
TARGET_FRACTION = 0.9
KINDS = ("reflection", "prevention", "followup")
DEFAULT_RATE = 200.0
DEFAULT_PROCESSES = "1,3"


@dataclass
class Phase:
    """What one phase (P processes) measured."""

    processes: int
    inserted: int
    delivered_calls: int = 0
    unique_delivered: int = 0
    duplicates: int = 0
    lost: int = 0
    rate_limited: int = 0
    other_failures: int = 0
    span_s: float = 0.0
    drain_s: float = 0.0
    send_failures_logged: int = 0
    db_status: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        """Unique nudges delivered per second, first delivery to last."""
        return self.unique_delivered / self.span_s if self.span_s > 0 else 0.0


def insert_due_nudges(url: str, n: int, now: datetime) -> set[int]:
    """Record oopses (three nudges each, the last maybe fewer) whose nudges are all due now."""
    engine = build_engine(url)
    create_schema(engine)
    session_factory = build_session_factory(engine)
    ids: set[int] = set()
    with session_factory.begin() as s:
        for i in range(-(-n // len(KINDS))):
            kinds = KINDS[: min(len(KINDS), n - i * len(KINDS))]
            author = f"U{100000 + i % 500}"
            due = now - timedelta(minutes=5) + timedelta(microseconds=i)
            oops = repo.record_oops(
                s,
                new=new_oops(
                    team_id="T0001",
                    author_id=author,
                    what_happened=f"benchmark oops {i}: I merged without running the tests",
                    impact="CI was red for an hour",
                    repair="reverted",
                    prevention="pre-push hook",
                    message="I broke main; reverted, adding a hook.",
                    channel_id="C0BENCH",
                    message_ts=f"1700000000.{i:06d}",
                ),
                now=now - timedelta(days=1),
                nudges=[(kind, due) for kind in kinds],
            )
            ids.update(nudge.id for nudge in oops.nudges)
    engine.dispose()
    return ids


class PostedIds:
    """The nudge ids the fake has delivered so far, reading only calls new since the last look.

    Parsing every recorded call's blocks each poll held the fake's process (and its request
    threads) for tens of milliseconds every half second; requests that arrived meanwhile were
    timestamped late, so the next call of a workspace paced 2 s apart looked early and drew a
    429 the app did not cause.
    """

    def __init__(self, fake: FakeSlack) -> None:
        self._fake = fake
        self._seen = 0
        self.ids: set[int | None] = set()

    def __call__(self) -> set[int | None]:
        """The ids delivered up to now."""
        calls = self._fake.calls(METHOD)  # append-only: the first _seen were read before
        self.ids.update(nudge_id_of(c) for c in calls[self._seen :] if c.delivered)
        self._seen = len(calls)
        return self.ids


def nudge_id_of(call: Call) -> int | None:
    """The nudge id a posted DM is about: the value of its buttons."""
    for block in call.json("blocks") or []:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements", []):
            if element.get("type") == "button" and str(element.get("value", "")).isdigit():
                return int(element["value"])
    return None


class Runner:
    """P processes sweeping one database: the real app.py or benchmarks/sweeper.py."""

    def __init__(self, kind: str, env: dict[str, str], workdir: Path, concurrency: int) -> None:
        self.kind, self.env, self.workdir, self.concurrency = kind, env, workdir, concurrency
        self.apps: list[AppProcess] = []
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start(self, count: int) -> None:
        """Start `count` processes together; wait until the apps are healthy."""
        for i in range(count):
            log = self.workdir / f"{self.kind}-{count}p-{i}.log"
            self.logs.append(log)
            if self.kind == "app":
                app = AppProcess(self.env, log_path=log, startup_timeout=30)
                self.apps.append(app.start(wait=False))
            else:
                argv = [sys.executable, str(BENCH_DIR / "sweeper.py"), "--interval", "1"]
                argv += ["--concurrency", str(self.concurrency), "--max-seconds", "900"]
                with log.open("ab") as out:
                    self.procs.append(
                        subprocess.Popen(
                            argv,
                            env=child_env(self.env, free_port()),
                            stdin=subprocess.DEVNULL,
                            stdout=out,
                            stderr=subprocess.STDOUT,
                        )
                    )
        for app in self.apps:
            app.wait_ready()

    @property
    def pids(self) -> list[int]:
        """Ids of the sweeping processes."""
        return [a.pid for a in self.apps if a.pid] + [p.pid for p in self.procs]

    def stop(self) -> None:
        """SIGTERM every process (the app finishes in-flight sends); SIGKILL after 15 s."""
        for app in self.apps:
            app.stop(timeout=15)
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def failures_logged(self) -> int:
        """Sends that failed after the client's own retries (they back off, stay pending)."""
        return sum(p.read_text(errors="replace").count("nudge send failed") for p in self.logs)


def run_phase(args: argparse.Namespace, processes: int, workdir: Path) -> Phase:
    """One fresh database and fake Slack, `processes` sweepers, until all delivered or timeout."""
    with scratch_database("dispatch") as url, FakeSlack() as fake:
        ids = insert_due_nudges(url, args.nudges, datetime.now(UTC))
        fake.rate_limit(args.rate, methods=[METHOD])
        fake.delay(METHOD, args.latency)
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": url,
            "OOPS_WORKING_HOURS": "off",
            "OOPS_SCHEDULER_INTERVAL": "1",
            "OOPS_SEND_CONCURRENCY": str(args.concurrency),
        }
        runner = Runner(args.runner, env, workdir, args.concurrency)
        started = time.time()
        phase = Phase(processes, len(ids))
        try:
            runner.start(processes)
            meter = CpuMeter()
            meter.start({"apps": runner.pids})

            posted = PostedIds(fake)

            def all_delivered() -> bool:
                return ids <= posted()

            phase.timed_out = not wait_until(all_delivered, args.timeout, interval=0.25)
            phase.cpu = meter.stop()
            # A duplicate would come after the last first-delivery: give stragglers a moment.
            time.sleep(args.settle)
        finally:
            runner.stop()
        calls = fake.calls(METHOD)
        delivered = [c for c in calls if c.delivered]
        posts = Counter(nudge_id_of(c) for c in delivered)
        phase.delivered_calls = len(delivered)
        phase.unique_delivered = len(ids & posts.keys())
        phase.duplicates = sum(n - 1 for n in posts.values() if n > 1)
        phase.lost = len(ids - posts.keys())
        phase.rate_limited = sum(c.status == 429 for c in calls)
        phase.other_failures = sum(not c.delivered and c.status != 429 for c in calls)
        if delivered:
            phase.span_s = max(c.at for c in delivered) - min(c.at for c in delivered)
            phase.drain_s = max(c.at for c in delivered) - started
        phase.send_failures_logged = runner.failures_logged()
        engine = build_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(select(Nudge.status, func.count()).group_by(Nudge.status))
            phase.db_status = {status: count for status, count in rows}
        engine.dispose()
    return phase


def workspaces_mode(args: argparse.Namespace) -> int:
    """The multi-workspace mode: its own defaults, then benchmarks/multi_workspace.py."""
    import multi_workspace

    reason = pg_unreachable_reason()
    if reason:
        print(f"dispatch_throughput: {reason}", file=sys.stderr)
        return 2
    if args.quick:  # the smoke test's tiny run: a few seconds of sending per phase
        args.workspaces = min(args.workspaces, 10)
    args.checkins = args.nudges or (90 if args.quick else 10_000)
    # 0.5 call/s per workspace by default: 200 workspaces make 100 DMs/s, which this shared
    # 2-vCPU box serves with the apps, PostgreSQL and the fake Slack on it while other work
    # runs (at 1/s, 200/s, the 1-process sweep was CPU-bound at about 150/s; --rate sets it).
    if args.rate == DEFAULT_RATE:
        args.rate = 3.0 if args.quick else 0.5
    args.throttled_rate = args.throttled_rate or args.rate / 10
    if args.quick and args.processes == DEFAULT_PROCESSES:
        args.processes = "1"
    args.timeout = args.timeout or (20.0 if args.quick else 300.0)
    args.settle = 0.5 if args.quick else 2.0
    return multi_workspace.main(args)


def main(argv: list[str] | None = None) -> int:
    """Run the phases and print delivered/s, fraction of the limit, duplicates and lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small N for CI (< 30 s)")
    parser.add_argument("--nudges", type=int, help="due nudges per phase (default 10000)")
    parser.add_argument(
        "--processes", default=DEFAULT_PROCESSES, help="comma-separated process counts"
    )
    parser.add_argument("--runner", choices=("app", "sweeper"), default="app")
    parser.add_argument(
        "--concurrency", type=int, default=16, help="sends in flight per process (default 16)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help="chat.postMessage calls/s (multi-workspace: per workspace, default 0.5)",
    )
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per postMessage")
    parser.add_argument("--timeout", type=float, help="seconds per phase to deliver everything")
    parser.add_argument(
        "--workspaces", type=int, default=0, help="multi-workspace mode with W workspaces"
    )
    parser.add_argument(
        "--throttled-rate", type=float, help="multi-workspace: the throttled one's calls/s"
    )
    parser.add_argument(
        "--dump", help="multi-workspace: write each phase's calls to DIR/<phase>.tsv"
    )
    args = parser.parse_args(argv)
    if args.workspaces:
        return workspaces_mode(args)
    args.nudges = args.nudges or (500 if args.quick else 10_000)
    args.timeout = args.timeout or (10.0 if args.quick else 300.0)
    args.settle = 0.5 if args.quick else 2.0
    counts = [int(p) for p in args.processes.split(",") if p.strip()]

    reason = pg_unreachable_reason()
    if reason:
        print(f"dispatch_throughput: {reason}", file=sys.stderr)
        return 2
    print(machine_line())
    print(
        f"{args.nudges} due nudges per phase; fake Slack: {args.rate:.0f} {METHOD}/s "
        f"(429 + Retry-After beyond, burst {args.rate:.0f}), {args.latency * 1000:.0f} ms each; "
        f"runner: {args.runner}"
        + f" ({'benchmarks/sweeper.py' if args.runner == 'sweeper' else 'app.py'}), "
        f"OOPS_SEND_CONCURRENCY={args.concurrency}"
    )
    phases = []
    with tempfile.TemporaryDirectory(prefix="oops-bench-dispatch-") as tmp:
        for count in counts:
            phases.append(run_phase(args, count, Path(tmp)))
    print()
    print_table(
        ["processes", "nudges", "delivered/s", "of limit", "duplicates", "lost", "429s",
         "other errors", "failed sends", "span s", "drain s", "db status"],
        [
            [p.processes, p.inserted, p.per_second, f"{p.per_second / args.rate:.2f}",
             p.duplicates, p.lost, p.rate_limited, p.other_failures, p.send_failures_logged,
             p.span_s, p.drain_s, ",".join(f"{k}={v}" for k, v in sorted(p.db_status.items()))]
            for p in phases
        ],
    )  # fmt: skip
    print()
    print(
        "CPU from apps ready to last delivery, % of one CPU (the machine has "
        f"{os.cpu_count()}: {100 * (os.cpu_count() or 1)}% is all of it)"
    )
    print_table(
        ["processes", "apps", "bench + fake Slack", "postgres", "machine busy", "steal"],
        [[p.processes] + [p.cpu.get(k, 0.0)
                          for k in ("apps", "bench", "postgres", "machine", "steal")]
         for p in phases],
    )  # fmt: skip
    print()
    for p in phases:
        verdict = "ok" if p.per_second / args.rate >= TARGET_FRACTION else "BELOW TARGET"
        print(
            f"{p.processes} process(es): delivered/s {p.per_second:.1f} = "
            f"{p.per_second / args.rate:.2f} of the limit (target >= {TARGET_FRACTION}: "
            f"{verdict}); duplicates {p.duplicates}; lost {p.lost}"
            + (f" (not delivered within {args.timeout:.0f} s)" if p.timed_out else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
