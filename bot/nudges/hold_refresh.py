"""The hold's lookups (bot/away.py: users.info for who is away) run beside the sweep, not in it.

A claim must follow a refresh of the statuses of the people about to be claimed, or a prompt
could reach someone on holiday. Run on the sweep's own thread, every claim of a busy sweep
waited for up to 100 users.info calls while no send started: a workspace's next call went out
late, its pace was learned from a gap that was not its limit, and 200 busy workspaces reached
0.87 of their limits instead of 0.93 (benchmarks/README.md). So the refresh runs on a thread of
its own and the next one starts as soon as a full batch is claimed: the sweep keeps sending
meanwhile and claims when it is done.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from bot.nudges.recording import DATABASE_ERRORS
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# A finished refresh that started longer ago than this (seconds) is done again before a claim:
# the people due have moved on since.
FRESH_FOR = 10.0


class HoldRefresher:
    """Runs `refresh(session_factory)` (the hold's Slack lookups) on its own thread.

    `ready()` before each claim: None when the claim may go now (no refresh to do, or one that
    started since the last claim, at most FRESH_FOR seconds ago, has finished), else the
    Future of the refresh under way, to wait on. `claimed(full)` after a claim starts the next
    refresh at once when the batch was full (more is likely due). Failures are logged, never
    raised: without fresh statuses, what is cached decides.
    """

    def __init__(
        self,
        refresh: Callable[[SessionFactory], object] | None,
        session_factory: SessionFactory,
        *,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._refresh = refresh
        self._session_factory = session_factory
        self._now = now
        self._pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="hold-refresh")
            if refresh is not None
            else None
        )
        self._future: Future[None] | None = None
        self._started = 0.0  # monotonic seconds the current refresh started

    def ready(self) -> Future[None] | None:
        """None when a claim may go now; else the refresh to wait for (started if needed)."""
        if self._pool is None:
            return None
        future = self._future
        if future is not None and not future.done():
            return future
        if future is not None and self._now() - self._started <= FRESH_FOR:
            return None
        return self._start()

    def claimed(self, *, full: bool) -> None:
        """A claim was made: the next one needs a refresh started after it."""
        self._future = None
        if full and self._pool is not None:
            self._start()

    def stop(self) -> None:
        """Wait for a refresh under way, then start no more."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _start(self) -> Future[None] | None:
        assert self._pool is not None
        self._started = self._now()
        try:
            self._future = self._pool.submit(self._run)
        except RuntimeError:  # stopped: claims go on what is cached
            self._future = None
        return self._future

    def _run(self) -> None:
        assert self._refresh is not None
        try:
            self._refresh(self._session_factory)
        except DATABASE_ERRORS as err:  # the claim will find out too; nothing is lost
            log.warning("hold refresh skipped, database unavailable: %s", type(err).__name__)
        except Exception:  # best effort: without fresh statuses, what is cached decides
            log.exception("hold refresh failed")
