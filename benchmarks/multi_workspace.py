"""The multi-workspace mode of dispatch_throughput.py (`--workspaces W`).

W workspaces are installed through the app's own OAuth flow (GET /slack/install, then the
redirect with a code; a quarter of them in an Enterprise Grid org), then N due check-ins spread
over them are written to a fresh PostgreSQL database, each with the installation key its oops
would carry. The fake Slack limits every bot token on its own to --rate chat.postMessage calls
per second (429 with Retry-After beyond), as Slack limits each workspace.

Phases: P sweeping app processes for each P in --processes; then one process again with one
workspace heavily throttled (--throttled-rate calls/s). Figures:
- delivered/s as a fraction of the sum of the workspaces' limits (target >= 0.9);
- the cost of the throttled workspace to the others: 1 - (their fraction with it) / (the
  1-process fraction without it) (target < 5%); its own check-ins wait, pending, none lost;
- duplicates and lost, counted from what the fake Slack saw (the nudge id in the buttons).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_support import SIGNING_SECRET, machine_line, print_table, scratch_database, wait_until
from dispatch_throughput import (
    KINDS,
    METHOD,
    TARGET_FRACTION,
    Phase,
    PostedIds,
    Runner,
    nudge_id_of,
)
from sqlalchemy import func, select
from support.factories import new_oops
from support.fake_slack import FakeSlack
from support.slack_requests import install_over_oauth

from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema
from storage.install_key import InstallKey
from storage.models import Nudge

COST_TARGET = 0.05


@dataclass
class WsPhase(Phase):
    """What one phase measured; delivered, span and lost count the others (every workspace
    but a throttled one), whose check-ins are counted apart."""

    label: str = ""
    workspaces: int = 0
    limit_sum: float = 0.0  # calls/s the others may make together
    throttled_delivered: int = 0
    throttled_pending: int = 0

    @property
    def fraction(self) -> float:
        """Delivered/s as a fraction of the sum of the others' limits."""
        return self.per_second / self.limit_sum if self.limit_sum else 0.0


def workspaces(count: int) -> list[InstallKey]:
    """`count` workspace installs; every fourth is in one of a few Grid orgs."""
    return [
        InstallKey(f"E{i % 3:04d}GRID" if i % 4 == 0 else None, f"T{i:05d}W") for i in range(count)
    ]


def install_workspace(base_url: str, key: InstallKey) -> None:
    """Install `key` through the app's OAuth flow, as a browser would (the fake's
    oauth.v2.access answers a code `ws-<team>[-<enterprise>]` for that workspace)."""
    code = f"ws-{key.team_id}" + (f"-{key.enterprise_id}" if key.enterprise_id else "")
    status = install_over_oauth(base_url, code)
    if status != 200:
        raise RuntimeError(f"install of {key} answered {status}")


def insert_checkins(url: str, n: int, keys: list[InstallKey], now: datetime) -> dict[int, str]:
    """N due check-ins, three per oops, oopses dealt round the workspaces; nudge id -> team.

    Due times go round the workspaces too, so the sweep's oldest-first claims mix them as a
    day's real traffic would."""
    engine = build_engine(url)
    create_schema(engine)
    session_factory = build_session_factory(engine)
    oopses = -(-n // len(KINDS))
    teams: dict[int, str] = {}
    with session_factory.begin() as s:
        for i in range(oopses):
            key = keys[i % len(keys)]
            kinds = KINDS[: min(len(KINDS), n - i * len(KINDS))]
            base = now - timedelta(minutes=5)
            oops = repo.record_oops(
                s,
                new=new_oops(
                    team_id=key.team_id,
                    author_id=f"U{i:07d}",
                    what_happened=f"benchmark oops {i}: I merged without running the tests",
                    channel_id="C0BENCH",
                    message_ts=f"1700000000.{i:06d}",
                    install=key,
                ),
                now=now - timedelta(days=1),
                nudges=[
                    (kind, base + timedelta(microseconds=k * oopses + i))
                    for k, kind in enumerate(kinds)
                ],
            )
            teams.update((nudge.id, key.team_id) for nudge in oops.nudges)
    engine.dispose()
    return teams


def run_phase(args, processes: int, workdir: Path, throttled: InstallKey | None) -> WsPhase:
    """Fresh database and fake; install, insert, sweep with `processes` apps until the others'
    check-ins are all delivered (or the timeout)."""
    keys = workspaces(args.workspaces)
    label = f"{processes}p" + (" + 1 throttled" if throttled else "")
    others = len(keys) - (1 if throttled else 0)
    phase = WsPhase(processes, 0, label=label, workspaces=len(keys), limit_sum=others * args.rate)
    dump = Path(args.dump) / label.replace(" ", "_") if args.dump else None  # DIR/<phase>
    if dump is not None:
        dump.parent.mkdir(parents=True, exist_ok=True)
    with scratch_database("dispatch_ws") as url, FakeSlack() as fake:
        fake.delay(METHOD, args.latency)
        env = {
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "bench-secret",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": url,
            "OOPS_WORKING_HOURS": "off",
            "OOPS_SCHEDULER_INTERVAL": "1",
            "OOPS_SEND_CONCURRENCY": str(args.concurrency),
        }
        create_schema(build_engine(url))  # the apps migrate it too; the first one wins
        runner = Runner("app", env, workdir, args.concurrency)
        try:
            runner.start(processes)
            for key in keys:
                install_workspace(runner.apps[0].base_url, key)
            overrides = {f"xoxb-{throttled.team_id}": args.throttled_rate} if throttled else {}
            fake.rate_limit_per_token(args.rate, methods=[METHOD], overrides=overrides)
            teams = insert_checkins(url, args.checkins, keys, datetime.now(UTC))
            phase.inserted = len(teams)
            hot = {i for i, team in teams.items() if throttled and team == throttled.team_id}
            wanted = set(teams) - hot

            posted = PostedIds(fake)

            def others_delivered() -> bool:
                return wanted <= posted()

            phase.timed_out = not wait_until(others_delivered, args.timeout, interval=0.5)
            time.sleep(args.settle)  # a duplicate would come after the last first-delivery
        finally:
            runner.stop()
            if dump is not None:  # the apps' logs beside the calls
                for i, app_log in enumerate(runner.logs):
                    shutil.copy(app_log, dump.with_name(f"{dump.name}-{i}.log"))
        if dump is not None:
            dump_calls(dump.with_name(f"{dump.name}.tsv"), fake.calls(METHOD))
        delivered = [c for c in fake.calls(METHOD) if c.delivered]
        posts = Counter(nudge_id_of(c) for c in delivered)
        mine = [c for c in delivered if nudge_id_of(c) in wanted]
        phase.unique_delivered = len(wanted & posts.keys())
        phase.duplicates = sum(n - 1 for n in posts.values() if n > 1)
        phase.rate_limited = sum(c.status == 429 for c in fake.calls(METHOD))
        if mine:
            phase.span_s = max(c.at for c in mine) - min(c.at for c in mine)
        engine = build_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(select(Nudge.id, Nudge.status))
            status = {nudge_id: state for nudge_id, state in rows}
            counts = conn.execute(select(Nudge.status, func.count()).group_by(Nudge.status))
            phase.db_status = dict(counts.all())
        engine.dispose()
        # Lost: neither delivered nor still waiting in the database to be sent.
        phase.lost = sum(1 for i in teams if i not in posts and status.get(i) != "pending")
        phase.throttled_delivered = len(hot & posts.keys())
        phase.throttled_pending = sum(1 for i in hot if status.get(i) == "pending")
    return phase


def dump_calls(path: Path, calls) -> None:
    """One line per chat.postMessage the fake saw: seconds, bot token, HTTP status, nudge id
    (to find where a workspace's calls had gaps)."""
    with path.open("w") as out:
        for c in calls:
            out.write(f"{c.at:.3f}\t{c.token or ''}\t{c.status}\t")
            out.write(f"{nudge_id_of(c) if c.delivered else ''}\n")


def main(args: argparse.Namespace) -> int:
    """Run the phases and print the figures (see the module docstring)."""
    counts = [int(p) for p in args.processes.split(",") if p.strip()]
    print(machine_line())
    print(
        f"{args.checkins} due check-ins over {args.workspaces} workspaces installed via OAuth; "
        f"fake Slack: {args.rate:g} {METHOD}/s per workspace (429 + Retry-After beyond), sum of "
        f"limits {args.workspaces * args.rate:g}/s, {args.latency * 1000:.0f} ms each; "
        f"runner: app.py, OOPS_SEND_CONCURRENCY={args.concurrency}; throttled workspace: "
        f"{args.throttled_rate:g}/s"
    )
    throttled = workspaces(args.workspaces)[1]
    phases: list[WsPhase] = []
    with tempfile.TemporaryDirectory(prefix="oops-bench-ws-") as tmp:
        for count in counts:
            phases.append(run_phase(args, count, Path(tmp), None))
        phases.append(run_phase(args, 1, Path(tmp), throttled))
    print()
    print_table(
        ["phase", "check-ins", "delivered/s", "of limits", "duplicates", "lost", "429s",
         "span s", "throttled: delivered/pending", "db status"],
        [[p.label, p.inserted, p.per_second, f"{p.fraction:.2f}", p.duplicates, p.lost,
          p.rate_limited, p.span_s, f"{p.throttled_delivered}/{p.throttled_pending}",
          ",".join(f"{k}={v}" for k, v in sorted(p.db_status.items()))] for p in phases],
    )  # fmt: skip
    print()
    for p in phases[:-1]:
        verdict = "ok" if p.fraction >= TARGET_FRACTION else "BELOW TARGET"
        print(
            f"{p.processes} process(es), {p.workspaces} workspaces: delivered/s "
            f"{p.per_second:.1f} = {p.fraction:.2f} of the sum of the limits (target >= "
            f"{TARGET_FRACTION}: {verdict}); duplicates {p.duplicates}; lost {p.lost}"
            + (f" (not all delivered within {args.timeout:.0f} s)" if p.timed_out else "")
        )
    base = next((p for p in phases if p.processes == 1 and "throttled" not in p.label), None)
    hot = phases[-1]
    if base is not None and base.fraction > 0:
        cost = max(0.0, 1 - hot.fraction / base.fraction)
        verdict = "ok" if cost < COST_TARGET else "ABOVE TARGET"
        print(
            f"one throttled workspace ({args.throttled_rate:g}/s): the others got "
            f"{hot.fraction:.2f} of their limits vs {base.fraction:.2f} without it; cost to "
            f"the others {cost:.1%} (target < {COST_TARGET:.0%}: {verdict}); its own check-ins "
            f"{hot.throttled_delivered} delivered, {hot.throttled_pending} still pending; "
            f"duplicates {hot.duplicates}; lost {hot.lost}"
        )
    return 0


if __name__ == "__main__":
    sys.exit("run it as: benchmarks/dispatch_throughput.py --workspaces 200")
