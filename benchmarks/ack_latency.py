"""Ack latency of /oops: signed request -> HTTP 200, and -> modal opened, oops vs bare Bolt apps.

Three apps run as subprocesses behind the same server stack (waitress + Bolt's WSGI adapter) and
talk to one fake Slack on 127.0.0.1, which runs in a process of its own
(benchmarks/fake_slack_process.py):
- "oops": the real app (app.py, SQLite);
- "bare+view": a bare Bolt app whose /oops acks and opens a fixed copy of the very view oops
  opens, built once before the run; the target compares oops with this one, so the figure is
  what oops's own work costs (finding the author's locale, building the view, its middleware
  and listeners), not what moving a 4.5 kB view through Slack and back costs;
- "bare": the same bare app opening a one-block modal, to show what the larger view alone costs.
Each request carries a unique trigger_id, so the views.open call it caused is found at the fake:
"modal" is request start -> the fake answering views.open.
Run: .venv/bin/python benchmarks/ack_latency.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench_support import (
    BENCH_DIR,
    BOT_TOKEN,
    SIGNING_SECRET,
    cpu_seconds,
    machine_line,
    print_table,
    summarize_ms,
)
from fake_slack_process import FakeSlackProcess
from support.app_process import AppProcess
from support.slack_payloads import new_trigger_id
from support.slack_requests import send_slash_command

from bot.compose_form import ComposeForm
from bot.views.compose import build_compose_modal

SLACK_ACK_LIMIT_MS = 3000.0
TARGET_RATIO = 1.2
COMMAND_TEXT = "I deleted the staging database by mistake"
COMMAND_CHANNEL = "C123"  # send_slash_command's default channel
APPS = ("bare", "bare+view", "oops")
BASELINE = "bare+view"


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
    round_p99_ms: list[float] = field(default_factory=list)
    app_cpu_s: float = 0.0

    @property
    def ack_ms(self) -> dict[str, float]:
        """Ack latency summary in ms."""
        return summarize_ms([s.ack_s for s in self.samples])

    @property
    def modal_ms(self) -> dict[str, float]:
        """Request -> views.open summary in ms."""
        return summarize_ms(self.modal_s)

    @property
    def cpu_ms_per_request(self) -> float:
        """CPU the app process used per request (user + system), in ms."""
        return self.app_cpu_s / len(self.samples) * 1000 if self.samples else float("nan")

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
    fake: FakeSlackProcess, app: AppProcess, name: str, scenario: str, n: int, concurrency: int
) -> Run:
    """Send `n` requests (`concurrency` at a time) and match each to its views.open at the fake."""
    users = [f"U{1000 + i % 50}" for i in range(n)]
    if concurrency <= 1:
        samples = [send_one(app.url, user) for user in users]
    else:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            samples = list(pool.map(lambda user: send_one(app.url, user), users))
    triggers = [s.trigger_id for s in samples]
    deadline = time.monotonic() + 10
    opened = fake.opened(triggers)
    while len(opened) < len(samples) and time.monotonic() < deadline:
        time.sleep(0.05)
        opened = fake.opened(triggers)
    modal = [opened[s.trigger_id] - s.sent_at for s in samples if s.trigger_id in opened]
    fake.reset()
    return Run(scenario, name, samples, modal)


def oops_view() -> dict:
    """The view oops opens for COMMAND_TEXT, built once, for the bare app to open as it is."""
    form = ComposeForm(what_happened=COMMAND_TEXT, channel_id=COMMAND_CHANNEL)
    return build_compose_modal(form, None)


def start_apps(fake: FakeSlackProcess, workdir: Path) -> dict[str, AppProcess]:
    """Start the real oops app and the two bare baselines, all healthy, on their own ports."""
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
    view_file = workdir / "oops_view.json"
    view_file.write_text(json.dumps(oops_view()))
    bare_argv = [sys.executable, str(BENCH_DIR / "bare_bolt_app.py")]
    apps = {
        "bare": AppProcess(
            common, argv=bare_argv, log_path=workdir / "bare.log", startup_timeout=30
        ),
        "bare+view": AppProcess(
            {**common, "BARE_MODAL_FILE": str(view_file)},
            argv=bare_argv,
            log_path=workdir / "bare_view.log",
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
    parser.add_argument("--rounds", type=int, default=10, help="alternations between the apps")
    args = parser.parse_args(argv)
    sequential_n = args.requests or (40 if args.quick else 500)
    concurrent_n = args.concurrent_requests or (100 if args.quick else 2000)
    warmup = args.warmup if args.warmup is not None else (10 if args.quick else 50)

    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="oops-bench-ack-") as tmp, FakeSlackProcess() as fake:
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
                # Alternate the apps in short rounds, so that drift on a shared machine (a noisy
                # neighbour, a slow minute) hits all of them alike, not one app's whole run.
                # The order rotates too, so no app is always the one run last in a round.
                pooled = {name: Run(scenario, name, [], []) for name in APPS}
                # At least 100 requests a round, so a round's p99 is not simply its slowest one.
                rounds = max(1, min(args.rounds, n // 100))
                size = -(-n // rounds)
                for number, start in enumerate(range(0, n, size)):
                    order = APPS[number % len(APPS) :] + APPS[: number % len(APPS)]
                    for name in order:
                        cpu_before = cpu_seconds(apps[name].proc.pid)
                        part = run_scenario(
                            fake, apps[name], name, scenario, min(size, n - start), concurrency
                        )
                        run = pooled[name]
                        run.app_cpu_s += cpu_seconds(apps[name].proc.pid) - cpu_before
                        run.samples += part.samples
                        run.modal_s += part.modal_s
                        run.round_p99_ms.append(part.ack_ms["p99"])
                runs += pooled.values()
        finally:
            for app in apps.values():
                app.stop()

    print(
        "\nack = signed /oops -> HTTP 200 read by the client; "
        "modal = request sent -> fake Slack answered views.open (ms); "
        "app CPU/req = the app process's CPU time per request (ms)"
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
            "app CPU/req",
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
                r.cpu_ms_per_request,
            ]
            for r in runs
        ],
    )
    print()
    print(
        "p99 ratios: 'paired' is the median over rounds of oops's p99 / the baseline's p99 in "
        "the same round (robust to a noisy minute; the target is judged on it); 'pooled' "
        "compares the p99s of all samples"
    )
    for scenario, *_ in scenarios:
        by_app = {r.app: r for r in runs if r.scenario == scenario}
        oops = by_app["oops"]
        for name in (BASELINE, "bare"):
            base = by_app[name]
            paired = sorted(
                o / b for o, b in zip(oops.round_p99_ms, base.round_p99_ms, strict=True)
            )
            median = statistics.median(paired)
            verdict = (
                f"target <= {TARGET_RATIO}x: {'ok' if median <= TARGET_RATIO else 'ABOVE TARGET'}"
                if name == BASELINE
                else "the larger view's own cost included"
            )
            print(
                f"p99 ratio oops/{name} ({scenario}): paired {median:.2f}x "
                f"(rounds {paired[0]:.2f}-{paired[-1]:.2f}; {verdict}); "
                f"pooled {oops.ack_ms['p99'] / base.ack_ms['p99']:.2f}x; "
                f"modal p99 pooled {oops.modal_ms['p99'] / base.modal_ms['p99']:.2f}x"
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
