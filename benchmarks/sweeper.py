"""A sweeping loop without the HTTP app: NudgeDispatcher.sweep_continuously(--interval).

Used by dispatch_throughput.py with `--runner sweeper` (the default runner is the real app.py).
Environment: DATABASE_URL, SLACK_API_URL, SLACK_BOT_TOKEN. Stops on SIGTERM or after
--max-seconds, giving back unsent claims as the app does.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

import bench_support  # noqa: F401  (puts the repo root on sys.path)

from bot.clock import system_clock
from bot.nudges.dispatcher import NudgeDispatcher
from bot.slack_client import build_web_client
from storage.db import build_engine, build_session_factory, create_schema


def main(argv: list[str] | None = None) -> int:
    """Sweep until SIGTERM or the time bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between sweeps")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="stop after this long")
    parser.add_argument("--concurrency", type=int, default=16, help="sends in flight")
    parser.add_argument("--batch-size", type=int, default=100, help="NudgeDispatcher batch size")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    engine = build_engine(os.environ["DATABASE_URL"])
    create_schema(engine)
    client = build_web_client(
        api_url=os.environ["SLACK_API_URL"], token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-bench")
    )
    dispatcher = NudgeDispatcher(
        lambda _team: client,
        build_session_factory(engine),
        system_clock,
        batch_size=args.batch_size,
        concurrency=args.concurrency,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    # As app.py runs it: a thread of its own, the next sweep at once while there is a backlog.
    sweeping = threading.Thread(target=dispatcher.sweep_continuously, args=(args.interval,))
    sweeping.start()
    stop.wait(args.max_seconds)
    dispatcher.stop()
    sweeping.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
