"""Ack latency of /oops: signed request -> HTTP 200, and -> modal opened, oops vs a bare Bolt app.

Both apps run as subprocesses behind the same server stack (waitress + Bolt's WSGI adapter) and
talk to one fake Slack on 127.0.0.1. Each request carries a unique trigger_id, so the views.open
call it caused is found at the fake: "modal" is request start -> the fake answering views.open.
Run: .venv/bin/python benchmarks/ack_latency.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench_support import (
    BENCH_DIR,
    BOT_TOKEN,
    SIGNING_SECRET,
    machine_line,
    print_table,
    summarize_ms,
)
from support.app_process import AppProcess
from support.fake_slack import FakeSlack
from support.slack_payloads import new_trigger_id
from support.slack_requests import send_slash_command

SLACK_ACK_LIMIT_MS = 3000.0
TARGET_RATIO = 1.2
COMMAND_TEXT = "I deleted the staging database by mistake"


@dataclass(frozen=True)
class Sample:
    """One /oops request: its status, ack time, and when it was sent (wall clock, for the fake)."""

    status: int
    ack_s: float
    sent_at: float
    trigger_id: str


@dataclass
class Run:
    """The samples of one scenario against one app, plus the modal latencies found at the fake."""

    scenario: str
    app: str
    samples: list[Sample]
    modal_s: list[float]

    @property
    def ack_ms(self) -> dict[str, float]:
        """Ack latency summary in ms."""
        return summarize_ms([s.ack_s for s in self.samples])

    @property
    def modal_ms(self) -> dict[str, float]:
        """Request -> views.open summary in ms."""
        return summarize_ms(self.modal_s)

    @property
    def non_200(self) -> int:
        """Requests that did not get HTTP 200."""
        return sum(s.status != 200 for s in self.samples)


def send_one(url: str, user_id: str) -> Sample:
    """Send one signed /oops and time it until the HTTP answer is read."""
    trigger_id = new_trigger_id()
    sent_at = time.time()
    started = time.perf_counter()
    response = send_slash_command(
        url, SIGNING_SECRET, text=COMMAND_TEXT, user_id=user_id, trigger_id=trigger_id, timeout=10
    )
    return Sample(response.status, time.perf_counter() - started, sent_at, trigger_id)


def run_scenario(
    fake: FakeSlack, app: AppProcess, name: str, scenario: str, n: int, concurrency: int
) -> Run:
    """Send `n` requests (`concurrency` at a time) and match each to its views.open at the fake."""
    users = [f"U{1000 + i % 50}" for i in range(n)]
    if concurrency <= 1:
        samples = [send_one(app.url, user) for user in users]
    else:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            samples = list(pool.map(lambda user: send_one(app.url, user), users))
    by_trigger = {s.trigger_id: s for s in samples}

    def opened() -> list:
        return fake.calls("views.open", where=lambda c: c.args.get("trigger_id") in by_trigger)

    deadline = time.monotonic() + 10
    calls = opened()
    while len(calls) < len(samples) and time.monotonic() < deadline:
        time.sleep(0.05)
        calls = opened()
    modal = [c.at - by_trigger[c.args["trigger_id"]].sent_at for c in calls if c.delivered]
    return Run(scenario, name, samples, modal)


def start_apps(fake: FakeSlack, workdir: Path) -> dict[str, AppProcess]:
    """Start the real oops app and the bare baseline, both healthy, on their own ports."""
    common = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
    }
    oops_env = {
        **common,
        "DATABASE_URL": f"sqlite:///{workdir / 'oops.db'}",
        "OOPS_WORKING_HOURS": "off",
        "OOPS_SCHEDULER_INTERVAL": "30",
    }
    apps = {
        "bare": AppProcess(
            common,
            argv=[sys.executable, str(BENCH_DIR / "bare_bolt_app.py")],
            log_path=workdir / "bare.log",
            startup_timeout=30,
        ),
        "oops": AppProcess(oops_env, log_path=workdir / "oops.log", startup_timeout=30),
    }
    for app in apps.values():
        app.start()
    return apps


def main(argv: list[str] | None = None) -> int:
    """Measure and print the ack latency table, the p99 ratio and the worst ack."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small N for CI (< 30 s)")
    parser.add_argument("--requests", type=int, help="sequential requests per app")
    parser.add_argument("--concurrent-requests", type=int, help="requests per app, concurrently")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--warmup", type=int, help="untimed requests per app first")
    args = parser.parse_args(argv)
    sequential_n = args.requests or (40 if args.quick else 500)
    concurrent_n = args.concurrent_requests or (100 if args.quick else 2000)
    warmup = args.warmup if args.warmup is not None else (10 if args.quick else 50)

    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="oops-bench-ack-") as tmp, FakeSlack() as fake:
        apps = start_apps(fake, Path(tmp))
        try:
            for name, app in apps.items():
                check = run_scenario(fake, app, name, "warmup", warmup, 1)
                if check.non_200 or len(check.modal_s) < len(check.samples):
                    print(f"{name}: warmup failed; app log tail:\n{app.log_text()[-3000:]}")
                    return 1
            runs: list[Run] = []
            scenarios = [
                ("sequential", sequential_n, 1),
                (f"{args.concurrency} concurrent", concurrent_n, args.concurrency),
            ]
            for scenario, n, concurrency in scenarios:
                # Alternate the two apps so drift on the machine hits both alike.
                for name in ("bare", "oops"):
                    runs.append(run_scenario(fake, apps[name], name, scenario, n, concurrency))
        finally:
            for app in apps.values():
                app.stop()

    print(
        "\nack = signed /oops -> HTTP 200 read by the client; "
        "modal = request sent -> fake Slack answered views.open (ms)"
    )
    print_table(
        [
            "scenario",
            "app",
            "n",
            "non-200",
            "views.open",
            "ack p50",
            "ack p99",
            "ack max",
            "modal p50",
            "modal p99",
            "modal max",
        ],
        [
            [
                r.scenario,
                r.app,
                len(r.samples),
                r.non_200,
                len(r.modal_s),
                r.ack_ms["p50"],
                r.ack_ms["p99"],
                r.ack_ms["max"],
                r.modal_ms["p50"],
                r.modal_ms["p99"],
                r.modal_ms["max"],
            ]
            for r in runs
        ],
    )
    print()
    for scenario, *_ in scenarios:
        bare, oops = (
            next(r for r in runs if r.scenario == scenario and r.app == a) for a in ("bare", "oops")
        )
        ratio = oops.ack_ms["p99"] / bare.ack_ms["p99"]
        verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
        print(
            f"p99 ratio oops/bare ({scenario}): {ratio:.2f}x "
            f"(target <= {TARGET_RATIO}x: {verdict}); "
            f"modal p99 ratio {oops.modal_ms['p99'] / bare.modal_ms['p99']:.2f}x"
        )
    worst = max(r.ack_ms["max"] for r in runs if r.app == "oops")
    print(
        f"max ack (oops): {worst:.1f} ms vs Slack's {SLACK_ACK_LIMIT_MS:.0f} ms "
        f"({worst / SLACK_ACK_LIMIT_MS:.1%} of the limit)"
    )
    failures = sum(r.non_200 + len(r.samples) - len(r.modal_s) for r in runs)
    print(f"requests without HTTP 200 or without a modal: {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
