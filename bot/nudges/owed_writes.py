"""What a sweeper owes the database: outcomes of finished sends and claims to give back.

Kept in memory, across sweeps, until written (bot/nudges/dispatcher.py): a sent row must be
recorded before anything else is claimed, or its lease lapses and another replica sends it
again. Every write is conditional on the claim token (storage/nudge_queue.py), so writing the
same thing twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.nudges.recording import SweepResult, record_outcomes, write_with_retries
from bot.nudges.sending import Outcome
from storage import nudge_queue
from storage.db import SessionFactory


class OwedWrites:
    """Outcomes not yet written, claims to release (id, token), and tokens of claims whose
    commit went unanswered. Used by the sweep thread only."""

    def __init__(
        self,
        session_factory: SessionFactory,
        clock: Clock,
        *,
        retry_delays: Sequence[float],
        record_every: float,
        batch_size: int,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._retry_delays = tuple(retry_delays)
        self._record_every = record_every
        self._batch_size = batch_size
        self.outcomes: dict[tuple[int, str], Outcome] = {}
        self._since = 0.0  # monotonic time the oldest unwritten outcome finished
        self._to_release: set[tuple[int, str]] = set()
        self._lost_tokens: set[str] = set()

    def keep(self, outcome: Outcome) -> None:
        """Hold `outcome` until it is written."""
        if not self.outcomes:
            self._since = time.monotonic()
        self.outcomes[(outcome.nudge.id, outcome.nudge.claim_token)] = outcome

    def record_in(self, now: float) -> float:
        """Seconds (monotonic) until the kept outcomes are due to be written; <= 0: now."""
        if len(self.outcomes) >= self._batch_size:
            return 0.0
        return self._since + self._record_every - now

    def claiming(self, token: str) -> None:
        """A claim under `token` is being committed: until it is known to have happened it
        may have, even if the commit raised, so its rows are given back by token."""
        self._lost_tokens.add(token)

    def claimed(self, token: str) -> None:
        """The claim under `token` committed and its rows reached us."""
        self._lost_tokens.discard(token)

    def record(self, result: SweepResult) -> bool:
        """Write every kept outcome in one transaction and count it in `result`; False if
        the database is away (they stay kept)."""
        if not self.outcomes:
            return True
        outcomes = list(self.outcomes.values())

        def write(s: Session) -> None:
            record_outcomes(s, outcomes, self._clock())

        if not self.write(write, "record sends"):
            return False
        for outcome in outcomes:
            del self.outcomes[(outcome.nudge.id, outcome.nudge.claim_token)]
            result.count(outcome.result)
        return True

    def give_back(self, nudges: list[nudge_queue.ClaimedNudge]) -> bool:
        """Release claims we will not send (and those an earlier try could not); False if
        they must wait for the next sweep."""
        self._to_release.update((n.id, n.claim_token) for n in nudges)
        pairs, lost = set(self._to_release), set(self._lost_tokens)
        if not pairs and not lost:
            return True
        by_token: dict[str, set[int]] = {}
        for nudge_id, token in pairs:
            by_token.setdefault(token, set()).add(nudge_id)

        def write(s: Session) -> None:
            for token, ids in by_token.items():
                nudge_queue.release_claims(s, claim_tokens=[token], nudge_ids=ids)
            if lost:  # none of these rows reached us, so none was sent: the whole claim goes
                nudge_queue.release_claims(s, claim_tokens=lost)

        if not self.write(write, "give back claims"):
            return False
        self._to_release -= pairs
        self._lost_tokens -= lost
        return True

    def write(self, work: Callable[[Session], None], what: str) -> bool:
        """Run `work` in a transaction, retried while the database is away; False when every
        try failed (a bug still raises)."""
        return write_with_retries(self._session_factory, work, what, self._retry_delays)
