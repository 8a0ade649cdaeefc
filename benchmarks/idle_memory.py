"""Idle memory (VmRSS) of the real app on SQLite after 1,000 oopses, vs the bare Bolt baseline.

The oopses (with their three nudges each, due days ahead) are recorded through
storage.repositories before the app starts; then the author opens the App Home (so their rows
are loaded and a view published) and runs /oops once, the app is left idle, and its resident
memory is read from /proc/PID/status. The bare app gets the same /oops and the same idle time.
Run: .venv/bin/python benchmarks/idle_memory.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_support import (
    BENCH_DIR,
    BOT_TOKEN,
    SIGNING_SECRET,
    machine_line,
    print_table,
    proc_status_kib,
)
from support.app_process import AppProcess
from support.factories import new_oops
from support.fake_slack import FakeSlack
from support.slack_requests import app_home_opened, send_event, send_slash_command

from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

AUTHOR = "U0MEMORY"


def record_oopses(db_url: str, count: int) -> None:
    """Record `count` oopses by one author, each with three nudges due in the coming days."""
    engine = build_engine(db_url)
    create_schema(engine)
    now = datetime.now(UTC)
    with build_session_factory(engine).begin() as s:
        for i in range(count):
            posted = now - timedelta(hours=count - i)
            repo.record_oops(
                s,
                new=new_oops(
                    team_id="T0001",
                    author_id=AUTHOR,
                    what_happened=f"Oops {i}: I pushed a config change without review " * 2,
                    impact="The deploy pipeline stalled for twenty minutes.",
                    repair="Reverted the change and re-ran the pipeline.",
                    prevention="Branch protection on the config repo.",
                    message="I pushed an unreviewed config change that stalled deploys. "
                    "I reverted it; branch protection is next.",
                    channel_id="C0MEMORY",
                    message_ts=f"1700000000.{i:06d}",
                    permalink=f"https://fake.slack/archives/C0MEMORY/p1700000000{i:06d}",
                    affected=["U0AFFECTED1", "U0AFFECTED2"],
                ),
                now=posted,
                nudges=[
                    ("reflection", now + timedelta(days=1, minutes=i)),
                    ("prevention", now + timedelta(days=3, minutes=i)),
                    ("followup", now + timedelta(days=14, minutes=i)),
                ],
            )
    engine.dispose()


def idle_rss(app: AppProcess, idle_s: float, samples: int = 5) -> tuple[int, int]:
    """Median VmRSS over the last part of an idle period, and the peak VmHWM, in KiB."""
    assert app.pid is not None
    time.sleep(max(0.0, idle_s - 1.0))
    readings = []
    for _ in range(samples):
        readings.append(proc_status_kib(app.pid, "VmRSS"))
        time.sleep(1.0 / samples)
    return int(statistics.median(readings)), proc_status_kib(app.pid, "VmHWM")


def exercise(app: AppProcess, fake: FakeSlack, *, home: bool) -> None:
    """What a user does before the app falls idle: open the App Home (oops only), run /oops."""
    if home:
        before = fake.count("views.publish")
        response = send_event(app.url, SIGNING_SECRET, app_home_opened(AUTHOR))
        if response.status != 200:
            raise RuntimeError(f"app_home_opened got HTTP {response.status}: {response.text}")
        fake.wait_for("views.publish", n=before + 1, timeout=15)
    before = fake.count("views.open")
    response = send_slash_command(app.url, SIGNING_SECRET, text="I broke the build", user_id=AUTHOR)
    if response.status != 200:
        raise RuntimeError(f"/oops got HTTP {response.status}: {response.text}")
    fake.wait_for("views.open", n=before + 1, timeout=15)


def main(argv: list[str] | None = None) -> int:
    """Start each app, exercise it, let it idle, and print its resident memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter idle period for CI")
    parser.add_argument("--oopses", type=int, default=1000, help="oopses recorded before start")
    parser.add_argument("--idle", type=float, help="seconds idle before reading (default 10)")
    args = parser.parse_args(argv)
    idle_s = args.idle or (2.0 if args.quick else 10.0)

    print(machine_line())
    rows = []
    with tempfile.TemporaryDirectory(prefix="oops-bench-mem-") as tmp, FakeSlack() as fake:
        workdir = Path(tmp)
        db_url = f"sqlite:///{workdir / 'oops.db'}"
        started = time.perf_counter()
        record_oopses(db_url, args.oopses)
        print(f"recorded {args.oopses} oopses ({time.perf_counter() - started:.1f} s)")
        common = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
        }
        oops_env = {
            **common,
            "DATABASE_URL": db_url,
            "OOPS_WORKING_HOURS": "off",
            "OOPS_SCHEDULER_INTERVAL": "1",  # the scheduler keeps sweeping while idle
        }
        apps = {
            "bare Bolt": AppProcess(
                common,
                argv=[sys.executable, str(BENCH_DIR / "bare_bolt_app.py")],
                log_path=workdir / "bare.log",
                startup_timeout=30,
            ),
            "oops": AppProcess(oops_env, log_path=workdir / "oops.log", startup_timeout=30),
        }
        results: dict[str, tuple[int, int, int]] = {}
        for name, app in apps.items():
            with app:
                assert app.pid is not None
                at_start = proc_status_kib(app.pid, "VmRSS")
                exercise(app, fake, home=name == "oops")
                rss, peak = idle_rss(app, idle_s)
                results[name] = (at_start, rss, peak)
    for name, (at_start, rss, peak) in results.items():
        rows.append([name, f"{at_start / 1024:.1f}", f"{rss / 1024:.1f}", f"{peak / 1024:.1f}"])
    print(
        f"\nresident memory (MiB) from /proc/PID/status, idle {idle_s:.0f} s after the last request"
    )
    print_table(["app", "RSS at start", "idle RSS", "peak (VmHWM)"], rows)
    oops_rss, bare_rss = results["oops"][1], results["bare Bolt"][1]
    print(
        f"\nidle RSS oops after {args.oopses} oopses: {oops_rss / 1024:.1f} MiB; "
        f"idle RSS bare Bolt: {bare_rss / 1024:.1f} MiB; "
        f"difference {(oops_rss - bare_rss) / 1024:+.1f} MiB ({oops_rss / bare_rss:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
