"""Retention: delete oopses and what hangs off them once older than OOPS_RETENTION.

Each call deletes one small batch in the caller's transaction. Deletes are conditional (the
age test is repeated in the DELETE itself) and PostgreSQL picks rows with SKIP LOCKED, so
several replicas running it at once each take different rows or find them gone: nothing
fails and nothing is deleted twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.orm import Session

from storage.models import AffectedPerson, Answer, Nudge, Oops, PreventionStep, Reply
from storage.states import NudgeStatus
from storage.typed_replies import delete_old_typed_replies

# Check-ins that are over: they are deleted once due longer ago than the retention.
FINISHED_NUDGE = (
    NudgeStatus.SENT,
    NudgeStatus.UNKNOWN,
    NudgeStatus.ANSWERED,
    NudgeStatus.SKIPPED,
    NudgeStatus.CANCELLED,
)
# An oops with a check-in still to come is kept until that is over.
OPEN_NUDGE = (NudgeStatus.PENDING, NudgeStatus.PAUSED, NudgeStatus.SENDING)


def _pick(s: Session, column, *where, limit: int) -> list[int]:
    """Up to `limit` ids matching `where`, skipping rows another replica has locked."""
    query = select(column).where(*where).order_by(column).limit(limit)
    return list(s.scalars(query.with_for_update(skip_locked=True)))


def delete_old_oopses(s: Session, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` oopses created before `before` (none with a check-in to come),
    with their affected people, check-ins, answers, safeguards and replies."""
    old = and_(
        Oops.created_at < before,
        ~exists().where(Nudge.oops_id == Oops.id, Nudge.status.in_(OPEN_NUDGE)),
    )
    ids = _pick(s, Oops.id, old, limit=limit)
    if not ids:
        return 0
    # Children first: every backend, whatever its foreign-key enforcement.
    for child in (Answer, Reply, AffectedPerson, PreventionStep, Nudge):
        s.execute(delete(child).where(child.oops_id.in_(ids)))
    return s.execute(delete(Oops).where(Oops.id.in_(ids), old)).rowcount or 0


def delete_old_checkins(s: Session, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` finished check-ins due before `before`, with their answers."""
    old = and_(Nudge.due_at < before, Nudge.status.in_(FINISHED_NUDGE))
    ids = _pick(s, Nudge.id, old, limit=limit)
    if not ids:
        return 0
    s.execute(delete(Answer).where(Answer.nudge_id.in_(ids)))
    return s.execute(delete(Nudge).where(Nudge.id.in_(ids), old)).rowcount or 0


def delete_old_answers(s: Session, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` answers written before `before`."""
    ids = _pick(s, Answer.id, Answer.created_at < before, limit=limit)
    if not ids:
        return 0
    where = (Answer.id.in_(ids), Answer.created_at < before)
    return s.execute(delete(Answer).where(*where)).rowcount or 0


def delete_old_replies(s: Session, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` replies made before `before` (a composite key: by its columns)."""
    query = (
        select(Reply.oops_id, Reply.user_id, Reply.kind)
        .where(Reply.created_at < before)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    deleted = 0
    for oops_id, user_id, kind in s.execute(query).all():
        deleted += (
            s.execute(
                delete(Reply).where(
                    Reply.oops_id == oops_id,
                    Reply.user_id == user_id,
                    Reply.kind == kind,
                    Reply.created_at < before,
                )
            ).rowcount
            or 0
        )
    return deleted


# In order: whole oopses first (most rows go with them), then what outlived its oops's age.
STEPS = (
    ("oopses", delete_old_oopses),
    ("check-ins", delete_old_checkins),
    ("answers", delete_old_answers),
    ("replies", delete_old_replies),
    ("typed replies", delete_old_typed_replies),
)
