"""Writing what the sweep did: one conditional update per outcome, retried while the database
is away (bot/nudges/dispatcher.py keeps what could not be written for the next sweep)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session

from bot.nudges.policy import retry_backoff
from bot.nudges.sending import Outcome, Result
from storage import nudge_queue
from storage.db import SessionFactory

log = logging.getLogger("bot.nudges.dispatcher")

# The database is away for now (not a bug): worth another try.
DATABASE_ERRORS = (OperationalError, InterfaceError, PoolTimeoutError)


@dataclass
class SweepResult:
    """What one sweep did: how many nudges it claimed, and how each send it recorded ended."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    rate_limited: int = 0
    unknown: int = 0
    deferred: int = 0
    no_installation: int = 0
    # It stopped on its budget with nudges still queued or due: sweep again at once.
    budget_spent: bool = False

    def count(self, result: Result) -> None:
        """Count one recorded send by how it ended."""
        name = _COUNTED.get(result, "failed")
        setattr(self, name, getattr(self, name) + 1)

    def log(self) -> None:
        """One line for a sweep that did anything."""
        if self.claimed or self.sent or self.failed:
            log.info(
                "nudge sweep claimed=%d sent=%d failed=%d rate_limited=%d unknown=%d "
                "deferred=%d no_installation=%d",
                *(self.claimed, self.sent, self.failed, self.rate_limited, self.unknown),
                *(self.deferred, self.no_installation),
            )


_COUNTED = {
    Result.SENT: "sent",
    Result.RATE_LIMITED: "rate_limited",
    Result.UNKNOWN: "unknown",
    Result.DEFERRED: "deferred",
    Result.NO_CLIENT: "no_installation",
}


def _record_undelivered(s: Session, outcome: Outcome, now: datetime) -> None:
    """One conditional update (our claim token) for a send that did not deliver: writing it
    twice changes nothing.

    UNKNOWN -> unknown (never sent again); DEFERRED -> pending until the pause ends, the
    attempt not counted; RATE_LIMITED -> pending for Retry-After; FAILED and NO_CLIENT ->
    pending after the back-off (30 s doubling, at most 1 h).
    """
    nudge = outcome.nudge
    mine = {"nudge_id": nudge.id, "claim_token": nudge.claim_token}
    if outcome.result is Result.UNKNOWN:
        nudge_queue.mark_nudge_unknown(s, **mine, now=now, error=outcome.error)
    elif outcome.result is Result.DEFERRED:
        until = now + timedelta(seconds=outcome.retry_after)
        nudge_queue.release_claims(
            s, claim_tokens=[nudge.claim_token], nudge_ids=[nudge.id], until=until
        )
    else:
        if outcome.result is Result.RATE_LIMITED:
            retry_at = now + timedelta(seconds=outcome.retry_after)
        else:
            retry_at = now + retry_backoff(nudge.attempts)
        nudge_queue.mark_nudge_failed(s, **mine, retry_at=retry_at, error=outcome.error)


def record_outcomes(s: Session, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Write what each send did, conditionally on its claim token (a replay changes nothing):
    SENT -> sent, all deliveries in one statement; the rest as `_record_undelivered` says."""
    delivered = [o for o in outcomes if o.result is Result.SENT]
    nudge_queue.mark_nudges_sent(
        s,
        (
            nudge_queue.Delivery(o.nudge.id, o.nudge.claim_token, o.channel_id, o.message_ts)
            for o in delivered
        ),
        now=now,
    )
    for outcome in outcomes:
        if outcome.result is not Result.SENT:
            _record_undelivered(s, outcome, now)


def write_with_retries(
    session_factory: SessionFactory,
    work: Callable[[Session], None],
    what: str,
    delays: Sequence[float],
) -> bool:
    """Run `work` in a transaction, tried again on a fresh connection (after each of `delays`
    seconds) while the database is away; False when every try failed (a bug still raises)."""
    for delay in (*delays, None):
        try:
            with session_factory.begin() as s:
                work(s)
            return True
        except DATABASE_ERRORS as error:
            if delay is None:  # the message may carry data: the type says enough
                log.warning(
                    "nudge sweep could not %s, next sweep retries: %s", what, type(error).__name__
                )
                return False
            log.info("nudge sweep could not %s, trying again: %s", what, type(error).__name__)
            time.sleep(delay)
    return False
