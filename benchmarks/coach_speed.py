"""Speed and size of the coach: review() on a ~3,000-character message, import, model memory.

Run from the repository root: python benchmarks/coach_speed.py [--quick]

Targets (issue 11): review median < 5 ms and p99 < 20 ms; import < 1 s; the app's RSS at most
30 MB above today's. "Today" is the rules-only coach before the model, measured with this
script's method on the same VM (2026-11-29): see BEFORE.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coach import review  # noqa: E402

# The rules-only coach before the model (commit c5d2d90), same message and method.
BEFORE = {"median_ms": 0.37, "p99_ms": 0.42, "import_s": 0.074, "import_rss_mb": 7.2}

# Run in a fresh interpreter: import the coach, review once (loads the model), report.
_PROBE = """
import time, sys
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
sys.path.insert(0, {root!r})
r0 = rss(); t0 = time.perf_counter()
import bot.coach
t1 = time.perf_counter(); r1 = rss()
bot.coach.review("Dave said it was safe, so I shipped it.")
t2 = time.perf_counter(); r2 = rss()
print(t1 - t0, t2 - t1, r1 - r0, r2 - r1)
"""

# A long, realistic owning-up message (with a few weak phrases, so findings get built too).
MESSAGE = (
    "Hi everyone, I want to own a mistake I made this morning and explain what happened. "
    "At 09:40 I ran the invoice cleanup job against the production billing database instead "
    "of staging. I had both terminals open and didn't check which one I was typing in. The job "
    "removed about 1,200 pending invoices before I noticed the row counts and stopped it at "
    "09:52. Customers who were due to be billed today didn't receive their invoices on time, and "
    "the finance team spent most of the morning answering questions from them. Honestly I was "
    "too busy to go through the checklist properly, which is no excuse. I'm sorry for the extra "
    "work and for the worry this caused.\n\n"
    "Here is what I've done so far. I restored the invoices from the 07:00 snapshot, compared the "
    "totals against yesterday's report line by line, and they match. I re-sent the 1,200 invoices "
    "at 11:30 with a short note explaining the delay. I've also checked the payment provider's "
    "logs: no customer was charged twice and no payment data was lost. Support has a short "
    "answer they can paste if anyone writes in, and I'm watching the inbox this afternoon.\n\n"
    "What I'm changing so this can't happen again: from today the cleanup job refuses to run "
    "against production unless a flag is passed, and I've opened a ticket to colour the "
    "production terminal prompt red for everyone on the team. I'll also add the job to the "
    "list of scripts that need a second person to approve before they touch live data. "
    "Some of the old runbook steps were skipped, and it was only a small window, but the impact "
    "was real and I don't want to play it down.\n\n"
    "If you were affected and need something from me, reply here or message me directly; I'll "
    "go through every reply today. I'd also welcome feedback on how I handled the first hour, "
    "because I think I could have told the finance team sooner. Thanks to Priya for spotting "
    "the missing invoices in the dashboard and to Tom for helping me verify the restore. "
    "I'll post a short write-up in #billing by Friday with the timeline and the changes above.\n\n"
    "For anyone who wants the detail: the job takes a database URL from the environment, and my "
    "shell still had the production URL exported from an investigation last week. I should have "
    "opened a fresh terminal, and I should have run the job with its dry-run option first, which "
    "prints the rows it would remove. Either would have shown me the production row counts "
    "straight away. The restore took about forty minutes because the snapshot had to be copied "
    "across regions first; I've noted that in the ticket, since a faster restore path would help "
    "anyone in the same spot. Finance confirmed at 12:15 that their reconciliation balances, and "
    "the payment provider confirmed that the re-sent invoices went out once each. Nobody needs to "
    "do anything else, but if a customer mentions a duplicate email, please send them to me and "
    "I'll reply the same day. Sorry again to the finance and support teams for a long morning."
)
_BASELINE = re.compile(r"\b(?:sorry|apologi[sz]e)\b")


def _time(func: Callable[[str], object], text: str, runs: int) -> tuple[float, float]:
    """Median and 99th percentile of `runs` calls, in milliseconds."""
    for _ in range(min(runs, 50)):  # warm caches and the regex engine
        func(text)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def _baseline(text: str) -> object:
    return _BASELINE.findall(text.lower())


def _probe(runs: int) -> list[float]:
    """Median over fresh interpreters of: import s, first review s, import MB, model MB."""
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _PROBE.format(root=str(ROOT))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows.append([float(x) for x in out.split()])
    return [statistics.median(col) for col in zip(*rows, strict=True)]


def main(argv: list[str] | None = None) -> int:
    """Print times and memory beside the figures before the model; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for CI")
    args = parser.parse_args(argv)
    runs = 200 if args.quick else 3000
    text = MESSAGE[:3000]
    print(f"message: {len(text)} characters, {len(review(text))} findings, {runs} runs each")
    print(f"{'':<26}{'median ms':>10}{'p99 ms':>9}")
    before = f"{BEFORE['median_ms']:>10.3f}{BEFORE['p99_ms']:>9.3f}"
    print(f"{'before: rules only':<26}{before}")
    for name, func in (
        ("review(), rules + model", review),
        ("review(model=False)", lambda t: review(t, model=False)),
        ("baseline lower()+regex", _baseline),
    ):
        median, p99 = _time(func, text, runs)
        print(f"{name:<26}{median:>10.3f}{p99:>9.3f}")
    import_s, load_s, import_mb, model_mb = _probe(1 if args.quick else 7)
    print(f"import bot.coach: {import_s:.3f} s (before {BEFORE['import_s']:.3f} s, target < 1 s)")
    print(f"first review, loading the model: {load_s * 1000:.0f} ms")
    print(
        f"RSS added: import {import_mb:.1f} MB (before {BEFORE['import_rss_mb']:.1f} MB), "
        f"model on first review {model_mb:.1f} MB; "
        f"total {import_mb + model_mb - BEFORE['import_rss_mb']:+.1f} MB vs before (target <= 30)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
