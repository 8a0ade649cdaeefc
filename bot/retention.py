"""The retention job: what is older than OOPS_RETENTION goes, a small batch per transaction."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from storage.db import SessionFactory
from storage.retention import STEPS

log = logging.getLogger(__name__)

BATCH_ROWS = 500
# Per run: a backlog (retention switched on for an old database) is worked off over several
# runs rather than holding the database for long.
MAX_BATCHES = 20


def apply_retention(
    session_factory: SessionFactory,
    clock: Clock,
    retention: timedelta | None,
    *,
    batch_rows: int = BATCH_ROWS,
    max_batches: int = MAX_BATCHES,
) -> dict[str, int]:
    """Delete what is older than `retention` (None: nothing); counts per kind, for the log."""
    deleted = {name: 0 for name, _ in STEPS}
    if retention is None:
        return deleted
    before = clock() - retention
    batches = 0
    for name, step in STEPS:
        while batches < max_batches:
            batches += 1
            with session_factory.begin() as s:
                count = step(s, before=before, limit=batch_rows)
            deleted[name] += count
            if count < batch_rows:
                break
    if any(deleted.values()):
        log.info(
            "retention deleted %s",
            " ".join(f"{name}={count}" for name, count in deleted.items()),
        )
    return deleted
