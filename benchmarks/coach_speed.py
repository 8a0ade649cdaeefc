"""How long review() takes on a ~3,000-character message, next to a trivial baseline.

Run from the repository root: python benchmarks/coach_speed.py [--quick]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.coach import review  # noqa: E402

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
    """Median and 95th percentile of `runs` calls, in milliseconds."""
    for _ in range(min(runs, 50)):  # warm caches and the regex engine
        func(text)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _baseline(text: str) -> object:
    return _BASELINE.findall(text.lower())


def main(argv: list[str] | None = None) -> int:
    """Print median and p95 times; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for CI")
    args = parser.parse_args(argv)
    runs = 200 if args.quick else 3000
    text = MESSAGE[:3000]
    print(f"message: {len(text)} characters, {len(review(text))} findings, {runs} runs each")
    for name, func in (("review()", review), ("baseline lower()+regex", _baseline)):
        median, p95 = _time(func, text, runs)
        print(f"{name:<24} median {median:.3f} ms   p95 {p95:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
