"""The sweep: claim due nudges, DM them, mark them sent; failures back off and stay pending."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.nudges.policy import LEASE, retry_backoff
from bot.views.nudge_views import build_nudge_message
from storage import repositories as repo
from storage.db import SessionFactory

log = logging.getLogger(__name__)

ClientForTeam = Callable[[str], WebClient | None]


@dataclass
class SweepResult:
    """What one sweep did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0


class NudgeDispatcher:
    """Sends due nudges; safe to run in several processes against one database."""

    def __init__(
        self,
        client_for_team: ClientForTeam,
        session_factory: SessionFactory,
        clock: Clock,
        *,
        batch_size: int = 100,
        workers: int = 32,
        max_batches: int = 50,
    ) -> None:
        self._client_for_team = client_for_team
        self._session_factory = session_factory
        self._clock = clock
        self._batch_size = batch_size
        self._max_batches = max_batches
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nudge-send")
        self._stopping = threading.Event()
        self._sweep_lock = threading.Lock()

    def sweep(self) -> SweepResult:
        """Send what is due now, batch by batch, until nothing is due or we are stopping."""
        result = SweepResult()
        # APScheduler may fire again while a long sweep runs; one sweep per process at a time.
        if not self._sweep_lock.acquire(blocking=False):
            return result
        try:
            for _ in range(self._max_batches):
                if self._stopping.is_set():
                    break
                with self._session_factory.begin() as s:
                    claimed = repo.claim_due_nudges(
                        s, now=self._clock(), limit=self._batch_size, lease=LEASE
                    )
                if not claimed:
                    break
                result.claimed += len(claimed)
                with self._session_factory() as s:
                    oopses = repo.oops_summaries(s, oops_ids=[n.oops_id for n in claimed])
                sends = [partial(self._send_one, n, oopses.get(n.oops_id)) for n in claimed]
                for ok in self._pool.map(lambda send: send(), sends):
                    result.sent += ok
                    result.failed += not ok
                if len(claimed) < self._batch_size:
                    break
        finally:
            self._sweep_lock.release()
        if result.claimed:
            log.info(
                "nudge sweep claimed=%d sent=%d failed=%d",
                result.claimed,
                result.sent,
                result.failed,
            )
        return result

    def _send_one(self, nudge: repo.ClaimedNudge, oops: tuple[str, datetime | None] | None) -> bool:
        if oops is None:  # the oops was deleted or cancelled after this nudge fell due
            with self._session_factory.begin() as s:
                repo.cancel_claimed_nudge(s, nudge_id=nudge.id, claim_token=nudge.claim_token)
            return False
        what, posted_at = oops
        client = self._client_for_team(nudge.team_id)
        if self._stopping.is_set() or client is None:
            with self._session_factory.begin() as s:
                repo.release_claims(s, claim_tokens=[nudge.claim_token])
            return False
        text, blocks = build_nudge_message(
            nudge_id=nudge.id, kind=nudge.kind, what_happened=what, posted_at=posted_at
        )
        try:
            # The client itself retries 429 (after Retry-After), 5xx and dropped connections.
            response = client.chat_postMessage(channel=nudge.author_id, text=text, blocks=blocks)
        except (SlackApiError, OSError) as err:
            error = err.response.get("error") if isinstance(err, SlackApiError) else repr(err)
            retry_at = self._clock() + retry_backoff(nudge.attempts)
            log.warning(
                "nudge send failed id=%s attempt=%s error=%s", nudge.id, nudge.attempts, error
            )
            with self._session_factory.begin() as s:
                repo.mark_nudge_failed(
                    s,
                    nudge_id=nudge.id,
                    claim_token=nudge.claim_token,
                    retry_at=retry_at,
                    error=str(error),
                )
            return False
        with self._session_factory.begin() as s:
            repo.mark_nudge_sent(
                s,
                nudge_id=nudge.id,
                claim_token=nudge.claim_token,
                now=self._clock(),
                channel_id=response["channel"],
                message_ts=response["ts"],
            )
        return True

    def stop(self) -> None:
        """Stop claiming; sends already under way finish; unsent claims are given back."""
        self._stopping.set()
        self._pool.shutdown(wait=True)
