"""A person's settings, and applying a pause to their queued nudges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from storage.models import Nudge, UserSettings
from storage.states import NudgeKind, NudgeStatus
from storage.upsert import upsert


@dataclass(frozen=True)
class Prefs:
    """Settings as plain values; defaults when the person never changed anything."""

    working_hours: str | None = None
    cadence: float = 1.0
    paused: bool = False
    kind_words: bool = True
    away_until: date | None = None  # the last day they are away, on their own calendar


def get_prefs(s: Session, *, team_id: str, user_id: str) -> Prefs:
    """The person's settings, or the defaults."""
    row = s.get(UserSettings, (team_id, user_id))
    if row is None:
        return Prefs()
    return Prefs(row.working_hours, row.cadence, row.paused, row.kind_words, row.away_until)


def save_prefs(s: Session, *, team_id: str, user_id: str, prefs: Prefs, now: datetime) -> None:
    """Store the settings and hold or release the person's queued nudges to match `paused`."""
    upsert(
        s,
        UserSettings,
        keys={"team_id": team_id, "user_id": user_id},
        values={
            "working_hours": prefs.working_hours,
            "cadence": prefs.cadence,
            "paused": prefs.paused,
            "kind_words": prefs.kind_words,
            "away_until": prefs.away_until,
            "updated_at": now,
        },
    )
    # Paused nudges leave the queue entirely, so the sweep's claim never has to look at settings.
    held, queued = NudgeStatus.PAUSED, NudgeStatus.PENDING
    before, after = (queued, held) if prefs.paused else (held, queued)
    s.execute(
        update(Nudge)
        .where(Nudge.team_id == team_id, Nudge.author_id == user_id, Nudge.status == before)
        .values(status=after)
        .execution_options(synchronize_session=False)
    )
    if not prefs.kind_words:
        s.execute(
            update(Nudge)
            .where(
                Nudge.team_id == team_id,
                Nudge.author_id == user_id,
                Nudge.kind == NudgeKind.KINDNESS,
                Nudge.status.in_((queued, held)),
            )
            .values(status=NudgeStatus.CANCELLED)
            .execution_options(synchronize_session=False)
        )
    s.flush()
