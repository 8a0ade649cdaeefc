"""The sweep: claim due nudges, keep a window of DMs in flight, record each outcome.

Sends run on a thread pool; this loop alone claims and records (one transaction per round of
finished sends), and the away hold's Slack lookups run on a thread of their own before each
claim (bot/nudges/hold_refresh.py). A 429 pauses new sends *of that installation* until Retry-After
(bot/nudges/pacing.py) instead of retrying in a worker; the rate-limited nudge goes back to
pending until then, and claimed nudges of a paused installation wait in the queue (or, for a
longer pause, go back to pending until it ends) while other installations keep sending.
A check-in whose installation is missing is logged, counted and backed off like a failure.

A database that fails mid-sweep (a dropped connection, a restart) costs no duplicate DM and
strands no claim:
- A finished send's outcome stays in memory until it is written (bot/nudges/owed_writes.py):
  retried at once a few times, each on a fresh connection; if the database is still away, the
  sweep stops sending and the next sweep writes it before it claims anything. Writes are
  conditional on our claim token, so a replay changes nothing. A sent row keeps our claim until
  then; only an outage longer than the lease (5 min) would let another replica take it and send
  it again.
- Claims not sent are given back on every exit (by id and token), retried the same way.
- A claim whose commit went unanswered is given back by its token at the next sweep.
- A DM whose request went out but whose answer never came (timeout, dropped connection) may
  have been posted: it is recorded `unknown` and not sent again (see `Result.UNKNOWN`).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.logs import run_logged
from bot.metrics import METRICS, Metrics
from bot.nudges.hold_refresh import HoldRefresher
from bot.nudges.owed_writes import OwedWrites
from bot.nudges.pacing import Pacer
from bot.nudges.policy import LEASE
from bot.nudges.recording import DATABASE_ERRORS, SweepResult
from bot.nudges.sending import METHOD, ClientForTeam, Outcome, Result, send_nudge
from storage import nudge_queue, sweepers
from storage import repositories as repo
from storage.db import SessionFactory
from storage.install_key import InstallKey

log = logging.getLogger(__name__)

# nudge, what happened, posted at, the author's Slack locale (cached; None -> English)
Queued = tuple[nudge_queue.ClaimedNudge, str, datetime | None, str | None]
# Seconds each installation must wait before its next chat.postMessage (bot/nudges/pacing.py).
Waits = dict[InstallKey, float]
# Pauses between tries of one write within a sweep; then it waits for the next sweep.
WRITE_RETRY_DELAYS = (0.05, 0.2, 0.5)
# A claimed nudge whose installation is paused longer than this goes back to pending until the
# pause ends, rather than waiting in this process's queue.
HOLD_SECONDS = 5.0
# Finished sends are written together once the oldest has waited this long (seconds), or a
# batch has finished: a write per finished send kept the sweep thread in the database a third
# of its time, and a send due meanwhile started late (a slot lost at a workspace's pace).
RECORD_EVERY = 0.25
# In the claim's transaction: moves claimed rows that must wait (bot/away.py), returns the rest.
Hold = Callable[[Session, list[nudge_queue.ClaimedNudge]], list[nudge_queue.ClaimedNudge]]


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
        write_retry_delays: Sequence[float] = WRITE_RETRY_DELAYS,
        record_every: float = RECORD_EVERY,
        pacer: Pacer | None = None,
        metrics: Metrics | None = None,
        hold: Hold | None = None,
        claimer: str | None = None,
    ) -> None:
        self._client_for_team = client_for_team
        self._session_factory = session_factory
        self._clock = clock
        self._concurrency = concurrency
        self._batch_size = batch_size
        # A sweep hands back what it could not send and starts afresh after this many seconds;
        # with a backlog the next one starts at once (sweep_continuously).
        self._sweep_budget = sweep_budget
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="nudge-send")
        self._stopping = threading.Event()
        self._sweep_lock = threading.Lock()
        self._metrics = metrics or METRICS
        self._pacer = pacer or Pacer()  # per installation and method, after a 429
        # This process's mark on its claims (8 characters; storage/sweepers.sweeper_name for
        # one that survives a restart): a workspace it is sending to is left to it.
        self._claimer = claimer or uuid.uuid4().hex[:8]
        # At most this many claimed nudges wait in memory (most for paused installations).
        self._max_queue = batch_size * 4
        self._owed = OwedWrites(
            session_factory,
            clock,
            retry_delays=write_retry_delays,
            record_every=record_every,
            batch_size=batch_size,
        )
        self._hold = hold
        # The hold's Slack lookups run beside the sweep; a claim waits for one (hold_refresh.py).
        refresh = getattr(hold, "refresh", None)
        self._refresher = HoldRefresher(
            partial(refresh, claimer=self._claimer) if refresh else None, session_factory
        )
        self._database_failed = False  # this sweep: stop claiming and sending
        self._seen = 0.0  # monotonic time this sweeper last marked itself live

    def sweep(self) -> SweepResult:
        """Send what is due until nothing is, the budget is spent, or we are stopping."""
        result = SweepResult()
        # APScheduler may fire again while a long sweep runs; one sweep per process at a time.
        if not self._sweep_lock.acquire(blocking=False):
            return result
        try:
            # What an earlier sweep could not write comes first: a sent row must be recorded
            # before anything is claimed (or its lease lapses and it is sent again).
            if self._owed.record(result) and self._owed.give_back([]):
                self._sweep(result)
        finally:
            self._sweep_lock.release()
        result.log()
        return result

    def sweep_continuously(self, interval: float) -> None:
        """Sweep until stop(): again at once after a sweep that ran out of budget with work
        left, else after `interval` seconds. A sweep that raises is logged and the loop goes
        on (a database that is away: one warning line). Run it on a thread of its own: a
        scheduler's fixed interval left a backlog idle between the end of one sweep's budget
        and the next tick (a third of the time with the 30 s default)."""
        while not self._stopping.is_set():
            result = run_logged("nudge sweep", self.sweep)
            if result is None or not result.budget_spent:
                self._rest(interval)

    def _rest(self, seconds: float) -> None:
        """Wait `seconds` (stop() cuts it short), marking this sweeper live every HEARTBEAT
        seconds so the others leave its workspaces to it (storage/sweepers.py)."""
        until = time.monotonic() + seconds
        while not self._stopping.wait(min(sweepers.HEARTBEAT, max(0.0, until - time.monotonic()))):
            if time.monotonic() >= until:
                return
            self._heartbeat()

    def _heartbeat(self) -> None:
        """Mark this sweeper live (claims do too); without it for a while, as in a long
        window that claims nothing, the others would take its workspaces and give them back."""
        self._seen = time.monotonic()
        try:
            with self._session_factory.begin() as s:
                sweepers.live_sweepers(s, claimer=self._claimer, now=self._clock())
        except DATABASE_ERRORS:  # the next claim finds out and says so
            pass

    def _sweep(self, result: SweepResult) -> None:
        queue: deque[Queued] = deque()
        self._database_failed = False
        try:
            self._run(queue, result)
        finally:
            # Claims we did not send go back at once rather than when their lease lapses, on
            # every exit. By id: other nudges of the same claim may be sent and not recorded.
            self._owed.give_back([queued[0] for queued in queue])

    def _run(self, queue: deque[Queued], result: SweepResult) -> None:
        """The window: claim ahead, start sends up to the limit, record them as they finish."""
        in_flight: dict[Future[Outcome], nudge_queue.ClaimedNudge] = {}
        try:
            self._window(queue, in_flight, result)
        finally:
            # However the window ended, sends under way finish (each bounded by the client's
            # timeout) and what they did is kept, written now or by the next sweep.
            if in_flight:
                self._collect(wait(in_flight).done, in_flight)
            # Only a long pause moves a nudge's due time; the rest go back in their place in
            # line (_sweep). Deferring every queued nudge whose workspace was between two calls
            # sent them to the back, each workspace's together, and the next sweep reached the
            # last workspaces seconds late (holes of 4-13 s with 3 processes).
            self._defer_paused(queue, self._waits(queue), hold=HOLD_SECONDS)
            self._owed.record(result)

    def _window(
        self,
        queue: deque[Queued],
        in_flight: dict[Future[Outcome], nudge_queue.ClaimedNudge],
        result: SweepResult,
    ) -> None:
        deadline = time.monotonic() + self._sweep_budget
        may_be_due = True
        finished = False
        while True:
            now = time.monotonic()
            open_ = now < deadline and not self._stopping.is_set() and not self._database_failed
            waits: Waits = {}
            refreshing = None  # the hold's lookups a claim waits for (they run beside us)
            if open_:
                waits = self._start(queue, in_flight)
                # Claim a batch when few queued sends can start; after a short batch, only once
                # the window drained. Never a backlog: claimed rows must be sent within their
                # lease (nudges of paused installations wait at most HOLD_SECONDS here).
                ready = sum(waits[q[0].install_key] <= 0 for q in queue)
                if (
                    ready < self._concurrency
                    and len(queue) < self._max_queue
                    and (may_be_due or not in_flight)
                ):
                    refreshing = self._refresher.ready()
                    if refreshing is None:
                        may_be_due = self._claim(queue, result) == self._batch_size
                        waits = self._start(queue, in_flight)
            if time.monotonic() - self._seen >= sweepers.HEARTBEAT:
                self._heartbeat()
            record_in = self._owed.record_in(time.monotonic()) if finished else None
            if record_in is not None and record_in <= 0:
                # Recorded after the window was refilled: sends never wait on the DB. Not
                # written even after retries: send nothing more this sweep.
                self._database_failed |= not self._owed.record(result)
                finished, record_in = False, None
            # Queued nudges all wait for paused installations: wake when the first may go.
            waits = waits or self._waits(queue)
            paused = min((waits[q[0].install_key] for q in queue), default=0.0)
            if not in_flight:
                if not open_ or not (queue or may_be_due) or paused > deadline - now:
                    # Out of budget with work left: the next sweep should start at once.
                    result.budget_spent = bool(queue or may_be_due) and not (
                        self._stopping.is_set() or self._database_failed
                    )
                    return
                if refreshing is not None:  # bounded: each lookup gives up soon
                    sooner = [x for x in (paused, record_in) if x is not None and x > 0]
                    wait([refreshing], timeout=min(sooner, default=None))
                elif paused > 0:  # stop() cuts the wait short
                    self._stopping.wait(paused if record_in is None else min(paused, record_in))
                continue
            timeout = paused if open_ and paused > 0 else None
            if record_in is not None:
                timeout = record_in if timeout is None else min(timeout, record_in)
            watched = [*in_flight, refreshing] if refreshing is not None else list(in_flight)
            done, _ = wait(watched, timeout=timeout, return_when=FIRST_COMPLETED)
            sent = {f for f in done if f in in_flight}  # not the refresh
            self._collect(sent, in_flight)
            finished = finished or bool(sent)

    def _waits(self, queue: deque[Queued]) -> Waits:
        """Seconds each queued installation must wait: one reading per installation per pass
        (the queue holds several nudges of each, and a pause must read the same throughout)."""
        waits: Waits = {}
        for queued in queue:
            key = queued[0].install_key
            if key not in waits:
                waits[key] = self._pacer.wait(key, METHOD)
        return waits

    def _collect(
        self, done: set[Future[Outcome]], in_flight: dict[Future[Outcome], nudge_queue.ClaimedNudge]
    ) -> None:
        """Take finished sends out of the window; keep their outcomes until they are written."""
        for future in done:
            nudge = in_flight.pop(future)
            if future.exception() is not None:
                # A bug, not Slack: log it with its traceback; the nudge backs off.
                log.error("nudge send crashed id=%s", nudge.id, exc_info=future.exception())
                outcome = Outcome(nudge, Result.FAILED, error="internal error")
            else:
                outcome = future.result()
            if outcome.result is Result.NO_CLIENT:
                # Loud, not silent: the installation is gone or its token refused. It backs off
                # like a failure (uninstall cancels it; a reinstall lets it through).
                log.warning(
                    "nudge has no installation to send it id=%s oops=%s author_team=%s %s "
                    "attempt=%s error=%s",
                    nudge.id,
                    nudge.oops_id,
                    nudge.team_id,
                    nudge.install_key,
                    nudge.attempts,
                    outcome.error,
                )
                self._metrics.checkins_without_installation.inc()
            elif outcome.result is Result.RATE_LIMITED:
                # Pause that installation before starting anything else of it, not only once
                # this is recorded; other installations keep sending.
                self._pacer.pause(nudge.install_key, METHOD, outcome.retry_after)
            elif outcome.result is Result.SENT:
                self._pacer.succeeded(nudge.install_key, METHOD)
            elif outcome.result is Result.FAILED:
                log.warning(
                    "nudge send failed id=%s attempt=%s error=%s",
                    nudge.id,
                    nudge.attempts,
                    outcome.error,
                )
            elif outcome.result is Result.UNKNOWN:
                log.warning("nudge send unanswered id=%s error=%s", nudge.id, outcome.error)
            self._owed.keep(outcome)

    def _start(
        self, queue: deque[Queued], in_flight: dict[Future[Outcome], nudge_queue.ClaimedNudge]
    ) -> Waits:
        """Start queued sends whose installation may call now, up to the concurrency; returns
        each queued installation's wait afterwards."""
        waits = self._waits(queue)
        self._defer_paused(queue, waits, hold=HOLD_SECONDS)
        waiting: list[Queued] = []
        while queue and len(in_flight) < self._concurrency:
            queued = queue.popleft()
            nudge, what, posted_at, locale = queued
            key = nudge.install_key
            if waits[key] > 0:  # its installation is paused: others go first
                waiting.append(queued)
                continue
            self._pacer.started(key, METHOD)
            waits[key] = self._pacer.wait(key, METHOD)  # spaced after a 429
            future = self._pool.submit(
                send_nudge, self._client_for_team, nudge, what, posted_at, locale=locale
            )
            in_flight[future] = nudge
        queue.extendleft(reversed(waiting))
        return waits

    def _defer_paused(self, queue: deque[Queued], waits: Waits, *, hold: float) -> None:
        """Queued nudges whose installation waits longer than `hold` seconds (by `waits`) go
        back to pending until then (written with the next outcomes; conditional on our claim),
        so they neither fill the queue nor wait for this process alone."""
        if all(wait_s <= hold for wait_s in waits.values()):
            return
        kept: list[Queued] = []
        for queued in queue:
            nudge = queued[0]
            wait_s = waits[nudge.install_key]
            if wait_s <= hold:
                kept.append(queued)
            else:
                self._owed.keep(Outcome(nudge, Result.DEFERRED, retry_after=wait_s))
        queue.clear()
        queue.extend(kept)

    def _claim(self, queue: deque[Queued], result: SweepResult) -> int:
        """Claim a batch and queue what is still to be sent; 0 when the database is away."""
        got: dict = {}

        def claim(s: Session) -> None:
            got["token"] = token = nudge_queue.new_claim_token(self._claimer)
            self._owed.claiming(token)
            got["claimed"], got["ready"] = self._claim_with(s, token)

        if not self._owed.write(claim, "claim"):
            self._database_failed = True
            return 0
        self._seen = time.monotonic()  # the claim marked this sweeper live
        self._owed.claimed(got["token"])
        queue.extend(got["ready"])
        result.claimed += len(got["claimed"])
        self._refresher.claimed(full=len(got["claimed"]) == self._batch_size)
        return len(got["claimed"])

    def _claim_with(
        self, s: Session, token: str
    ) -> tuple[list[nudge_queue.ClaimedNudge], list[Queued]]:
        """Claim a batch under `token`: (claimed, to be sent)."""
        ready: list[Queued] = []
        claimed = nudge_queue.claim_due_nudges(
            s,
            now=self._clock(),
            limit=self._batch_size,
            lease=LEASE,
            token=token,
            claimer=self._claimer,
        )
        to_send = self._hold(s, claimed) if self._hold else claimed
        oopses = nudge_queue.oops_summaries(s, oops_ids={n.oops_id for n in to_send})
        # From the profile cache: the sweep never calls users.info per DM.
        locales = repo.get_locales(s, users={(n.team_id, n.author_id) for n in to_send})
        for nudge in to_send:
            if nudge.oops_id in oopses:
                locale = locales.get((nudge.team_id, nudge.author_id))
                ready.append((nudge, *oopses[nudge.oops_id], locale))
            else:  # the oops was deleted or cancelled after this nudge fell due
                nudge_queue.cancel_claimed_nudge(
                    s, nudge_id=nudge.id, claim_token=nudge.claim_token
                )
        return claimed, ready

    def stop(self, *, wait: bool = True) -> None:
        """Stop claiming and starting sends; in-flight sends finish, unsent claims go back."""
        self._stopping.set()
        if wait:
            with self._sweep_lock:  # a running sweep drains its window and releases first
                self._pool.shutdown(wait=True)
                self._refresher.stop()
                # A last try for what the database refused earlier (lost after this).
                self._owed.record(SweepResult())
                self._owed.give_back([])
                # The other sweepers take this one's workspaces at once.
                self._owed.write(partial(sweepers.leave, claimer=self._claimer), "leave")
