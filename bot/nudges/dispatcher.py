"""The sweep: claim due nudges, keep a window of DMs in flight, record each outcome.

Sends run on a thread pool; this loop alone touches the database (claims, one transaction per
round of finished sends). A 429 pauses every new send until Retry-After instead of retrying in a
worker, and the rate-limited nudge goes back to pending until then.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.nudges.policy import LEASE, retry_backoff
from bot.nudges.sending import ClientForTeam, Outcome, Result, send_nudge
from storage import repositories as repo
from storage.db import SessionFactory

log = logging.getLogger(__name__)

# nudge, what happened, posted at, the author's Slack locale (cached; None -> English)
Queued = tuple[repo.ClaimedNudge, str, datetime | None, str | None]


@dataclass
class SweepResult:
    """What one sweep did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    rate_limited: int = 0


class NudgeDispatcher:
    """Sends due nudges; safe to run in several processes against one database."""

    def __init__(
        self,
        client_for_team: ClientForTeam,
        session_factory: SessionFactory,
        clock: Clock,
        *,
        concurrency: int = 16,
        batch_size: int = 100,
        sweep_budget: float = 20.0,
    ) -> None:
        self._client_for_team = client_for_team
        self._session_factory = session_factory
        self._clock = clock
        self._concurrency = concurrency
        self._batch_size = batch_size
        # Under the default 30 s interval, so APScheduler never finds a sweep still running.
        self._sweep_budget = sweep_budget
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="nudge-send")
        self._stopping = threading.Event()
        self._sweep_lock = threading.Lock()
        self._resume_at = 0.0  # time.monotonic() before which no send starts (after a 429)
        self._unsent: list[repo.ClaimedNudge] = []  # this sweep's claims to give back at its end

    def sweep(self) -> SweepResult:
        """Send what is due until nothing is, the budget is spent, or we are stopping."""
        result = SweepResult()
        # APScheduler may fire again while a long sweep runs; one sweep per process at a time.
        if not self._sweep_lock.acquire(blocking=False):
            return result
        try:
            queue: deque[Queued] = deque()
            self._unsent = []
            self._run(queue, result)
            # Claims we did not send go back at once rather than when their lease lapses. Only
            # now: release works by claim token, and until the window drained, other nudges of
            # the same claim were still in flight.
            self._release([queued[0] for queued in queue] + self._unsent)
        finally:
            self._sweep_lock.release()
        if result.claimed:
            log.info(
                "nudge sweep claimed=%d sent=%d failed=%d rate_limited=%d",
                result.claimed,
                result.sent,
                result.failed,
                result.rate_limited,
            )
        return result

    def _run(self, queue: deque[Queued], result: SweepResult) -> None:
        """The window: claim ahead, start sends up to the limit, record them as they finish."""
        in_flight: dict[Future[Outcome], repo.ClaimedNudge] = {}
        finished: list[tuple[Future[Outcome], repo.ClaimedNudge]] = []
        deadline = time.monotonic() + self._sweep_budget
        may_be_due = True
        while True:
            now = time.monotonic()
            open_ = now < deadline and not self._stopping.is_set()
            paused = self._resume_at - now
            if open_ and paused <= 0:
                self._start(queue, in_flight)
                # Claim a batch when the queue runs low; after a short batch, only once the
                # window drained. Never a backlog: claimed rows must be sent within their lease.
                if len(queue) < self._concurrency and (may_be_due or not in_flight):
                    may_be_due = self._claim(queue, result) == self._batch_size
                    self._start(queue, in_flight)
            if finished:  # recorded after the window was refilled: sends never wait on the DB
                self._record(finished, result)
                finished = []
            if not in_flight:
                if not open_ or not (queue or may_be_due) or paused > deadline - now:
                    return
                # Paused by a 429 with nothing in flight: wait it out (stop() cuts it short).
                self._stopping.wait(max(0.0, paused))
                continue
            # While paused, wake when the pause ends to start sends again.
            timeout = paused if open_ and paused > 0 else None
            done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            finished = [(f, in_flight.pop(f)) for f in done]
            for future, _ in finished:
                outcome = None if future.exception() else future.result()
                if outcome and outcome.result is Result.RATE_LIMITED:
                    # Pause before starting anything else, not only once this is recorded.
                    wake = time.monotonic() + outcome.retry_after
                    self._resume_at = max(self._resume_at, wake)

    def _start(
        self, queue: deque[Queued], in_flight: dict[Future[Outcome], repo.ClaimedNudge]
    ) -> None:
        while queue and len(in_flight) < self._concurrency:
            nudge, what, posted_at, locale = queue.popleft()
            future = self._pool.submit(
                send_nudge, self._client_for_team, nudge, what, posted_at, locale=locale
            )
            in_flight[future] = nudge

    def _claim(self, queue: deque[Queued], result: SweepResult) -> int:
        with self._session_factory.begin() as s:
            claimed = repo.claim_due_nudges(
                s, now=self._clock(), limit=self._batch_size, lease=LEASE
            )
            oopses = repo.oops_summaries(s, oops_ids={n.oops_id for n in claimed})
            # From the profile cache: the sweep never calls users.info per DM.
            locales = repo.get_locales(s, users={(n.team_id, n.author_id) for n in claimed})
            for nudge in claimed:
                if nudge.oops_id in oopses:
                    locale = locales.get((nudge.team_id, nudge.author_id))
                    queue.append((nudge, *oopses[nudge.oops_id], locale))
                else:  # the oops was deleted or cancelled after this nudge fell due
                    repo.cancel_claimed_nudge(s, nudge_id=nudge.id, claim_token=nudge.claim_token)
        result.claimed += len(claimed)
        return len(claimed)

    def _record(
        self, finished: list[tuple[Future[Outcome], repo.ClaimedNudge]], result: SweepResult
    ) -> None:
        """Write the outcomes of finished sends in one transaction."""
        now = self._clock()
        with self._session_factory.begin() as s:
            for future, nudge in finished:
                if future.exception() is not None:
                    # A bug, not Slack: log it with its traceback; the nudge backs off.
                    log.error("nudge send crashed id=%s", nudge.id, exc_info=future.exception())
                    outcome = Outcome(nudge, Result.FAILED, error="internal error")
                else:
                    outcome = future.result()
                self._record_one(s, outcome, now, result)

    def _record_one(self, s: Session, outcome: Outcome, now: datetime, result: SweepResult) -> None:
        nudge = outcome.nudge
        if outcome.result is Result.SENT:
            result.sent += 1
            repo.mark_nudge_sent(
                s,
                nudge_id=nudge.id,
                claim_token=nudge.claim_token,
                now=now,
                channel_id=outcome.channel_id,
                message_ts=outcome.message_ts,
            )
            return
        if outcome.result is Result.NO_CLIENT:
            self._unsent.append(nudge)  # still ours, so this sweep does not claim it again
            return
        if outcome.result is Result.RATE_LIMITED:
            result.rate_limited += 1
            retry_at = now + timedelta(seconds=outcome.retry_after)
        else:
            result.failed += 1
            retry_at = now + retry_backoff(nudge.attempts)
            log.warning(
                "nudge send failed id=%s attempt=%s error=%s",
                nudge.id,
                nudge.attempts,
                outcome.error,
            )
        repo.mark_nudge_failed(
            s,
            nudge_id=nudge.id,
            claim_token=nudge.claim_token,
            retry_at=retry_at,
            error=outcome.error,
        )

    def _release(self, nudges: list[repo.ClaimedNudge]) -> None:
        if nudges:
            with self._session_factory.begin() as s:
                repo.release_claims(s, claim_tokens={n.claim_token for n in nudges})

    def stop(self, *, wait: bool = True) -> None:
        """Stop claiming and starting sends; in-flight sends finish, unsent claims go back."""
        self._stopping.set()
        if wait:
            with self._sweep_lock:  # a running sweep drains its window and releases first
                self._pool.shutdown(wait=True)
