"""The DMs about a prevention step (to its owner, its author), queued as nudge rows the sweep
sends like any check-in. One query or change each, on the caller's Session; never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.install_key import key_of_row
from storage.models import Nudge, Oops, PreventionStep
from storage.states import NudgeKind, NudgeStatus, StepStatus

# Not gone out yet, so a step done or passed on can still call it off.
QUEUED = (NudgeStatus.PENDING, NudgeStatus.PAUSED)


@dataclass(frozen=True)
class StepFacts:
    """What a DM about a step shows: the step, who asked whom, and the original message."""

    step_id: int
    description: str
    due_on: date | None
    author_id: str
    owner_id: str
    status: StepStatus
    permalink: str | None


def queue_step_nudge(
    s: Session,
    *,
    step: PreventionStep,
    kind: NudgeKind,
    recipient: str,
    due_at: datetime,
    paused: bool = False,
) -> Nudge:
    """Queue one DM about `step` to `recipient` at `due_at` (held while they paused check-ins).

    Sent by the bot of the installation that served the step's oops, like its check-ins."""
    oops = s.get(Oops, step.oops_id)
    install = key_of_row(oops).columns if oops is not None else {}
    nudge = Nudge(
        **install,
        oops_id=step.oops_id,
        team_id=step.team_id,
        author_id=recipient,
        kind=kind,
        step_id=step.id,
        due_at=due_at,
        next_attempt_at=due_at,
        status=NudgeStatus.PAUSED if paused else NudgeStatus.PENDING,
        attempts=0,
    )
    s.add(nudge)
    s.flush()
    return nudge


def cancel_step_nudges(s: Session, *, step_id: int, recipient: str | None = None) -> int:
    """Call off the step's DMs not sent yet (only `recipient`'s when given); how many."""
    only = [] if recipient is None else [Nudge.author_id == recipient]
    return (
        s.execute(
            update(Nudge)
            .where(Nudge.step_id == step_id, Nudge.status.in_(QUEUED), *only)
            .values(status=NudgeStatus.CANCELLED)
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )


def reschedule_step_reminder(s: Session, *, step_id: int, recipient: str, at: datetime) -> bool:
    """Move a due-date reminder never tried yet to `at` (the recipient's zone became known)."""
    return bool(
        s.execute(
            update(Nudge)
            .where(
                Nudge.step_id == step_id,
                Nudge.author_id == recipient,
                Nudge.kind == NudgeKind.STEP_DUE,
                Nudge.status.in_(QUEUED),
                Nudge.attempts == 0,
            )
            .values(due_at=at, next_attempt_at=at)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def step_facts(s: Session, *, step_ids: Iterable[int]) -> dict[int, StepFacts]:
    """The facts of each step among `step_ids`, in one query."""
    ids = set(step_ids)
    if not ids:
        return {}
    rows = s.execute(
        select(PreventionStep, Oops.permalink)
        .join(Oops, Oops.id == PreventionStep.oops_id)
        .where(PreventionStep.id.in_(ids))
    )
    return {
        step.id: StepFacts(
            step_id=step.id,
            description=step.description,
            due_on=step.due_on,
            author_id=step.author_id,
            owner_id=step.owner_id,
            status=StepStatus(step.status),
            permalink=permalink,
        )
        for step, permalink in rows
    }
