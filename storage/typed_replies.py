"""Messages typed in the app's DM: taken once, and the answer they gave withdrawn on Undo.
One query or change each, on the caller's Session; never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.models import Answer, Nudge, PreventionStep, TypedReply
from storage.states import CHECK_INS, OPEN_NUDGE, NudgeStatus, TypedOutcome
from storage.upsert import insert_new


def take_message(
    s: Session, *, team_id: str, user_id: str, channel_id: str, message_ts: str, now: datetime
) -> bool:
    """Note that the message is being handled; False when it was before (a retry, a second
    delivery, another replica): then do nothing. Its outcome starts as `help`."""
    return insert_new(
        s,
        TypedReply,
        keys={"team_id": team_id, "user_id": user_id, "message_ts": message_ts},
        values={"channel_id": channel_id, "outcome": TypedOutcome.HELP, "created_at": now},
    )


def latest_open_prompt(
    s: Session, *, team_id: str, author_id: str, since: datetime, until: datetime | None = None
) -> Nudge | None:
    """The author's most recent check-in that went out between `since` and `until` (the
    message's own time: a message older than the prompt does not answer it) and is still
    unanswered."""
    went_out = func.coalesce(Nudge.sent_at, Nudge.due_at)
    return s.scalar(
        select(Nudge)
        .where(
            Nudge.team_id == team_id,
            Nudge.author_id == author_id,
            Nudge.status.in_(OPEN_NUDGE),
            Nudge.kind.in_(CHECK_INS),
            went_out >= since,
            *([went_out <= until] if until is not None else []),
        )
        .order_by(went_out.desc(), Nudge.id.desc())
        .limit(1)
    )


def note_answer(
    s: Session,
    *,
    team_id: str,
    user_id: str,
    message_ts: str,
    nudge_id: int,
    answer_id: int,
    step_id: int | None,
    reopen_as: NudgeStatus,
) -> None:
    """The message answered `nudge_id`: what Undo needs to take it back."""
    s.execute(
        update(TypedReply)
        .where(
            TypedReply.team_id == team_id,
            TypedReply.user_id == user_id,
            TypedReply.message_ts == message_ts,
        )
        .values(
            outcome=TypedOutcome.ANSWERED,
            nudge_id=nudge_id,
            answer_id=answer_id,
            step_id=step_id,
            reopen_as=reopen_as,
        )
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class Undone:
    """The prompt an Undo reopened."""

    nudge_id: int


def undo_answer(s: Session, *, team_id: str, user_id: str, message_ts: str) -> Undone | None:
    """Withdraw the answer `user_id`'s message gave and reopen its prompt, once: None when it
    is not theirs, gave no answer, or was undone already (the first press did it all)."""
    row = s.execute(
        update(TypedReply)
        .where(
            TypedReply.team_id == team_id,
            TypedReply.user_id == user_id,
            TypedReply.message_ts == message_ts,
            TypedReply.outcome == TypedOutcome.ANSWERED,
        )
        .values(outcome=TypedOutcome.UNDONE)
        .returning(
            TypedReply.nudge_id, TypedReply.answer_id, TypedReply.step_id, TypedReply.reopen_as
        )
        .execution_options(synchronize_session=False)
    ).first()
    if row is None:
        return None
    s.execute(delete(Answer).where(Answer.id == row.answer_id, Answer.author_id == user_id))
    if row.step_id is not None:
        mine = (PreventionStep.id == row.step_id, PreventionStep.author_id == user_id)
        s.execute(delete(PreventionStep).where(*mine))
    s.execute(
        update(Nudge)
        .where(
            Nudge.id == row.nudge_id,
            Nudge.author_id == user_id,
            Nudge.status == NudgeStatus.ANSWERED,
        )
        .values(status=row.reopen_as or NudgeStatus.SENT)
        .execution_options(synchronize_session=False)
    )
    return Undone(row.nudge_id)


def typed_outcome(
    s: Session, *, team_id: str, user_id: str, message_ts: str
) -> TypedOutcome | None:
    """What became of `user_id`'s message (None: no such message of theirs)."""
    return s.scalar(
        select(TypedReply.outcome).where(
            TypedReply.team_id == team_id,
            TypedReply.user_id == user_id,
            TypedReply.message_ts == message_ts,
        )
    )


def delete_old_typed_replies(s: Session, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` typed-message records made before `before` (retention)."""
    query = (
        select(TypedReply.team_id, TypedReply.user_id, TypedReply.message_ts)
        .where(TypedReply.created_at < before)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    deleted = 0
    for team_id, user_id, message_ts in s.execute(query).all():
        mine = (TypedReply.team_id == team_id, TypedReply.user_id == user_id)
        row = (TypedReply.message_ts == message_ts, TypedReply.created_at < before)
        deleted += s.execute(delete(TypedReply).where(*mine, *row)).rowcount or 0
    return deleted
