"""Prevention steps (safeguards): tracked until done, and their one update in the oops's thread.
One query or change each, on the caller's Session; never commit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from storage.install_key import InstallKey, kept_under
from storage.models import PreventionStep
from storage.states import StepStatus


def add_step(
    s: Session,
    *,
    oops_id: int,
    team_id: str,
    author_id: str,
    description: str,
    owner_id: str,
    due_on: date | None,
    now: datetime,
) -> PreventionStep:
    """Track a prevention step until it is done."""
    step = PreventionStep(
        oops_id=oops_id,
        team_id=team_id,
        author_id=author_id,
        description=description,
        owner_id=owner_id,
        due_on=due_on,
        status=StepStatus.OPEN,
        created_at=now,
    )
    s.add(step)
    s.flush()
    return step


def list_open_steps(
    s: Session, *, team_id: str, user_id: str, install: InstallKey | None = None
) -> list[PreventionStep]:
    """Open prevention steps `user_id` asked for or owns (and has not passed back), soonest
    due first; with `install`, also those of their oopses it served under another team."""
    return list(
        s.scalars(
            select(PreventionStep)
            .where(
                kept_under(PreventionStep, team_id=team_id, author_id=user_id, install=install),
                _in_charge(user_id),
                PreventionStep.status == StepStatus.OPEN,
            )
            .order_by(PreventionStep.due_on.is_(None), PreventionStep.due_on, PreventionStep.id)
        )
    )


def _involves(user_id: str):
    """The step's author or its owner is `user_id`."""
    return or_(PreventionStep.author_id == user_id, PreventionStep.owner_id == user_id)


def _in_charge(user_id: str):
    """`user_id` may act on the step: its author, or its owner unless they passed it back."""
    return or_(
        PreventionStep.author_id == user_id,
        and_(PreventionStep.owner_id == user_id, PreventionStep.declined_at.is_(None)),
    )


def complete_step(s: Session, *, step_id: int, user_id: str, now: datetime) -> bool | None:
    """Mark an open step done by its author or owner: True if this call did, False if it was
    done already (a second press changes nothing), None if it is neither's, or its owner
    passed it back ("Not mine") and the author has not given it to them again."""
    done = s.execute(
        update(PreventionStep)
        .where(
            PreventionStep.id == step_id,
            _in_charge(user_id),
            PreventionStep.status == StepStatus.OPEN,
        )
        .values(status=StepStatus.DONE, done_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done:
        return True
    step = get_step_for(s, step_id=step_id, user_id=user_id)
    if step is None or (step.status == StepStatus.OPEN and step.author_id != user_id):
        return None  # not theirs, or theirs no more: passed back while still open
    return False


def get_step_for(s: Session, *, step_id: int, user_id: str) -> PreventionStep | None:
    """A prevention step, only when `user_id` is its author or its owner."""
    return s.scalar(select(PreventionStep).where(PreventionStep.id == step_id, _involves(user_id)))


def decline_step(s: Session, *, step_id: int, owner_id: str, now: datetime) -> bool:
    """The owner says an open step someone else gave them isn't theirs: True the first time."""
    return (
        s.execute(
            update(PreventionStep)
            .where(
                PreventionStep.id == step_id,
                PreventionStep.owner_id == owner_id,
                PreventionStep.author_id != owner_id,
                PreventionStep.status == StepStatus.OPEN,
                PreventionStep.declined_at.is_(None),
            )
            .values(declined_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def reassign_step(
    s: Session, *, step_id: int, author_id: str, old_owner: str, new_owner: str
) -> bool:
    """Give the author's open step from `old_owner` to `new_owner`: True if this call did."""
    return (
        s.execute(
            update(PreventionStep)
            .where(
                PreventionStep.id == step_id,
                PreventionStep.author_id == author_id,
                PreventionStep.owner_id == old_owner,
                PreventionStep.status == StepStatus.OPEN,
            )
            .values(owner_id=new_owner, declined_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def claim_thread_update(s: Session, *, step_id: int, author_id: str, now: datetime) -> bool:
    """Claim the one thread update of the author's own step: True for the first caller only."""
    return (
        s.execute(
            update(PreventionStep)
            .where(
                PreventionStep.id == step_id,
                PreventionStep.author_id == author_id,
                PreventionStep.thread_update_at.is_(None),
            )
            .values(thread_update_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def release_thread_update(s: Session, *, step_id: int) -> None:
    """Slack refused the update (nothing posted): the author may press again."""
    s.execute(
        update(PreventionStep)
        .where(PreventionStep.id == step_id)
        .values(thread_update_at=None)
        .execution_options(synchronize_session=False)
    )


def get_author_step(s: Session, *, step_id: int, author_id: str) -> PreventionStep | None:
    """A prevention step, only when it belongs to `author_id`."""
    return s.scalar(
        select(PreventionStep).where(
            PreventionStep.id == step_id, PreventionStep.author_id == author_id
        )
    )


def complete_open_steps(
    s: Session, *, oops_id: int, author_id: str, now: datetime
) -> list[PreventionStep]:
    """Mark every open step of one of the author's oopses done; returns them."""
    steps = list(
        s.scalars(
            select(PreventionStep).where(
                PreventionStep.oops_id == oops_id,
                PreventionStep.author_id == author_id,
                PreventionStep.status == StepStatus.OPEN,
            )
        )
    )
    for step in steps:
        step.status, step.done_at = StepStatus.DONE, now
    return steps
