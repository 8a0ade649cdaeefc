"""The nudge queue the sweep works: claim due rows under a lease, record each send, give back
what it will not send. Every write is conditional on the claim token; functions never commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Unpack

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from storage import sweepers
from storage.install_key import InstallKey, Whose, authored_by, key_of_row, served_by_any
from storage.models import Nudge, Oops
from storage.states import NudgeKind, NudgeStatus, PostStatus, StepStatus
from storage.step_nudges import StepFacts, step_facts


@dataclass(frozen=True)
class ClaimedNudge:
    """A nudge this process has leased and must now send."""

    id: int
    claim_token: str
    oops_id: int
    team_id: str
    author_id: str
    kind: NudgeKind
    attempts: int
    # Whose bot sends it (None: a plain install of `team_id`, as rows before 0007).
    install: InstallKey | None = None
    # A DM about a prevention step: the step as it stands at the claim.
    step: StepFacts | None = None

    @property
    def install_key(self) -> InstallKey:
        """The installation whose token sends this check-in."""
        return self.install or InstallKey.of_team(self.team_id)


def new_claim_token(claimer: str | None = None) -> str:
    """A fresh claim token (the sweep makes one before claiming, so it knows it if the commit's
    answer is lost); with `claimer` (a sweeping process's id, 8 characters) it starts with it,
    so other sweepers can tell whose claims they see (36 characters either way)."""
    if claimer is None:
        return str(uuid.uuid4())
    return f"{claimer[:8]}-{uuid.uuid4().hex[:27]}"


# A sweeper keeps a workspace while it claimed one of its nudges this recently: one that
# crashed (kill -9) holds its own rows for the whole lease, but not the workspace's others.
AFFINITY = timedelta(seconds=30)


def _busy_elsewhere(
    s: Session, *, claimer: str, now: datetime, lease: timedelta
) -> ColumnElement[bool]:
    """SQL: a nudge whose installation another sweeper is sending to now (it claimed one of
    its nudges in the last AFFINITY and holds it still). Slack's limits are per workspace: two
    replicas pacing one workspace each learn from 429s the other caused, so a workspace stays
    with one sweeper while it keeps claiming there."""
    busy = s.execute(
        select(Nudge.install_team_id, Nudge.install_enterprise_id, Nudge.is_enterprise_install)
        .where(
            Nudge.status == NudgeStatus.SENDING,
            Nudge.claimed_until >= now + lease - AFFINITY,
            ~Nudge.claim_token.startswith(f"{claimer[:8]}-", autoescape=True),
        )
        .distinct()
    ).all()
    return served_by_any(Nudge, map(key_of_row, busy))


def owned(
    s: Session, *, claimer: str, now: datetime, is_due: ColumnElement[bool], mark: bool = True
) -> ColumnElement[bool]:
    """SQL: a nudge whose workspace `claimer` owns among the live sweepers (storage/sweepers.py;
    this marks `claimer` live unless `mark` is False), among the rows `is_due` selects. Rows
    from before installation keys (0007) go to anyone."""
    claimers = sweepers.live_sweepers(s, claimer=claimer[:8], now=now, mark=mark)
    if len(claimers) == 1:
        return true()
    keys = map(
        key_of_row,
        s.execute(
            select(Nudge.install_team_id, Nudge.install_enterprise_id, Nudge.is_enterprise_install)
            .where(is_due)
            .distinct()
        ).all(),
    )
    mine = [k for k in keys if sweepers.owner_of(k, claimers) == claimer[:8]]
    keyless = and_(Nudge.install_team_id.is_(None), Nudge.is_enterprise_install.is_(False))
    return or_(served_by_any(Nudge, mine), keyless)


def claim_due_nudges(
    s: Session,
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    token: str | None = None,
    claimer: str | None = None,
) -> list[ClaimedNudge]:
    """Lease up to `limit` due nudges atomically; rows another sweeper holds are skipped.

    One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) ... RETURNING: on PostgreSQL
    concurrent sweepers take disjoint rows; SQLite has no FOR UPDATE, but its single writer
    makes the one statement atomic all the same. No join to oopses (it made the claim grow with
    history): cancelling an oops cancels its nudges, and the sender re-checks the oops.
    With `claimer`, only nudges of the workspaces it owns among the live sweepers (`owned`),
    and of those not the ones another claimer is still sending to (`_busy_elsewhere`: a
    workspace whose owner changed stays with the old one while it finishes).
    """
    token = token or new_claim_token(claimer)
    is_due = or_(
        and_(Nudge.status == NudgeStatus.PENDING, Nudge.next_attempt_at <= now),
        and_(Nudge.status == NudgeStatus.SENDING, Nudge.claimed_until < now),
    )
    elsewhere = _busy_elsewhere(s, claimer=claimer, now=now, lease=lease) if claimer else false()
    mine = owned(s, claimer=claimer, now=now, is_due=is_due) if claimer else true()
    due = (
        select(Nudge.id)
        .where(is_due, mine, ~elsewhere)
        .order_by(Nudge.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = s.execute(
        update(Nudge)
        .where(Nudge.id.in_(due.scalar_subquery()))
        .values(
            status=NudgeStatus.SENDING,
            claim_token=token,
            claimed_until=now + lease,
            attempts=Nudge.attempts + 1,
        )
        .returning(
            Nudge.id,
            Nudge.oops_id,
            Nudge.team_id,
            Nudge.author_id,
            Nudge.kind,
            Nudge.attempts,
            Nudge.install_enterprise_id,
            Nudge.install_team_id,
            Nudge.is_enterprise_install,
            Nudge.step_id,
        )
        .execution_options(synchronize_session=False)
    ).all()
    facts = step_facts(s, step_ids={r.step_id for r in rows if r.step_id is not None})
    claimed = []
    for r in sorted(rows, key=lambda r: r.id):
        step = facts.get(r.step_id) if r.step_id is not None else None
        if r.step_id is not None and not _still_relevant(step, r.author_id, NudgeKind(r.kind)):
            # Done, passed on or gone since it was queued: the DM would be wrong now.
            _finish_claim(s, nudge_id=r.id, claim_token=token, status=NudgeStatus.CANCELLED)
            continue
        claimed.append(
            ClaimedNudge(
                id=r.id,
                claim_token=token,
                oops_id=r.oops_id,
                team_id=r.team_id,
                author_id=r.author_id,
                kind=NudgeKind(r.kind),
                attempts=r.attempts,
                install=key_of_row(r),
                step=step,
            )
        )
    return claimed


def _still_relevant(step: StepFacts | None, recipient: str, kind: NudgeKind) -> bool:
    """Whether a DM about `step` to `recipient` should still go out."""
    if step is None:
        return False
    if kind == NudgeKind.STEP_DECLINED:  # to the author: still theirs to reassign
        return step.status == StepStatus.OPEN and recipient == step.author_id
    return step.status == StepStatus.OPEN and recipient in (step.owner_id, step.author_id)


def _finish_claim(
    s: Session, *, nudge_id: int, claim_token: str, status: NudgeStatus, **values
) -> bool:
    """Update a claimed nudge and drop the claim, only if our claim still holds (a lapsed claim
    may now be someone else's). A status the author set meanwhile stays: they can press a
    button on the DM before the sweep has recorded sending it."""
    kept = _unless_moved_on(status)
    return bool(
        s.execute(
            update(Nudge)
            .where(Nudge.id == nudge_id, Nudge.claim_token == claim_token)
            .values(claim_token=None, claimed_until=None, status=kept, **values)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


# Outcomes that say the DM went out (or may have): they stand even over an uninstall's hold.
WENT_OUT = (NudgeStatus.SENT, NudgeStatus.UNKNOWN)


def _unless_moved_on(status: NudgeStatus) -> ColumnElement:
    """SQL: `status` for a nudge still being sent; a status the author set meanwhile stays
    (they can press a button on the DM before the sweep has recorded sending it). A DM that
    went out while its installation was being removed is recorded as such over the hold, so
    a reinstall does not send it again; any other outcome leaves the hold."""
    held = Nudge.status == NudgeStatus.UNINSTALLED
    went_out = [(held, status)] if status in WENT_OUT else []
    return case((Nudge.status == NudgeStatus.SENDING, status), *went_out, else_=Nudge.status)


def mark_nudge_sent(
    s: Session, *, nudge_id: int, claim_token: str, now: datetime, channel_id: str, message_ts: str
) -> bool:
    """Record delivery."""
    return _finish_claim(
        s,
        nudge_id=nudge_id,
        claim_token=claim_token,
        status=NudgeStatus.SENT,
        sent_at=now,
        channel_id=channel_id,
        message_ts=message_ts,
        last_error=None,
    )


@dataclass(frozen=True)
class Delivery:
    """A claimed nudge Slack accepted: where its message went."""

    nudge_id: int
    claim_token: str
    channel_id: str
    message_ts: str


def mark_nudges_sent(s: Session, deliveries: Iterable[Delivery], *, now: datetime) -> None:
    """Record many deliveries as mark_nudge_sent does, in one executemany (psycopg pipelines
    it): the sweep records every few milliseconds, one UPDATE round trip per nudge was half of
    its time."""
    rows = [
        {
            "b_id": d.nudge_id,
            "b_token": d.claim_token,
            "b_channel": d.channel_id,
            "b_ts": d.message_ts,
        }
        for d in deliveries
    ]
    if not rows:
        return
    # The table, not the ORM entity: an ORM UPDATE given many parameter sets wants primary
    # keys only, and this one is conditional on the claim token too.
    stmt = (
        update(Nudge.__table__)
        .where(Nudge.id == bindparam("b_id"), Nudge.claim_token == bindparam("b_token"))
        .values(
            claim_token=None,
            claimed_until=None,
            status=_unless_moved_on(NudgeStatus.SENT),
            sent_at=now,
            channel_id=bindparam("b_channel"),
            message_ts=bindparam("b_ts"),
            last_error=None,
        )
    )
    s.connection().execute(stmt, rows)


def mark_nudge_failed(
    s: Session, *, nudge_id: int, claim_token: str, retry_at: datetime, error: str
) -> bool:
    """Put a nudge whose send failed back in the queue for a later attempt."""
    return _finish_claim(
        s,
        nudge_id=nudge_id,
        claim_token=claim_token,
        status=NudgeStatus.PENDING,
        next_attempt_at=retry_at,
        last_error=error[:200],
    )


def mark_nudge_unknown(
    s: Session, *, nudge_id: int, claim_token: str, now: datetime, error: str
) -> bool:
    """Record a send whose request went out but whose answer never came back: it may have been
    delivered, so it is not sent again; its buttons still work if it arrived."""
    return _finish_claim(
        s,
        nudge_id=nudge_id,
        claim_token=claim_token,
        status=NudgeStatus.UNKNOWN,
        sent_at=now,
        last_error=error[:200],
    )


def release_claims(
    s: Session,
    *,
    claim_tokens: Iterable[str],
    nudge_ids: Iterable[int] | None = None,
    until: datetime | None = None,
) -> int:
    """Give back claims we will not finish, so another sweeper can send them now (or, with
    `until`, not before then: their installation is paused by a 429). The claim's attempt is
    not counted. Conditional on the claim tokens: a replay changes nothing.

    With `nudge_ids`, only those rows of the claims: the others may have been sent already.
    """
    tokens = list(claim_tokens)
    ids = None if nudge_ids is None else list(nudge_ids)
    if not tokens or ids == []:
        return 0
    only = [] if ids is None else [Nudge.id.in_(ids)]
    return (
        s.execute(
            update(Nudge)
            .where(Nudge.claim_token.in_(tokens), Nudge.status == NudgeStatus.SENDING, *only)
            .values(
                status=NudgeStatus.PENDING,
                claim_token=None,
                claimed_until=None,
                attempts=Nudge.attempts - 1,
                **({"next_attempt_at": until} if until is not None else {}),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )


def oops_summaries(
    s: Session, *, oops_ids: Iterable[int]
) -> dict[int, tuple[str, datetime | None]]:
    """(what happened, posted at) of each still-posted oops among `oops_ids`, in one query."""
    rows = s.execute(
        select(Oops.id, Oops.what_happened, Oops.posted_at).where(
            Oops.id.in_(set(oops_ids)), Oops.status == PostStatus.POSTED
        )
    )
    return {r.id: (r.what_happened, r.posted_at) for r in rows}


def cancel_claimed_nudge(s: Session, *, nudge_id: int, claim_token: str) -> bool:
    """Cancel a claimed nudge whose oops is gone or cancelled."""
    return _finish_claim(
        s, nudge_id=nudge_id, claim_token=claim_token, status=NudgeStatus.CANCELLED
    )


# Why a check-in waits for its installation (bot/nudges/sending.py: no installation found, or
# Slack refused its token).
NO_INSTALLATION = (
    "no_installation",
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "token_expired",
    "account_inactive",
)


def count_waiting_for_installation(s: Session, **whose: Unpack[Whose]) -> int:
    """How many of the author's pending check-ins last failed for want of an installation
    (with `install`, also those it serves under another team)."""
    return (
        s.scalar(
            select(func.count()).where(
                authored_by(Nudge, **whose),
                Nudge.status == NudgeStatus.PENDING,
                Nudge.last_error.in_(NO_INSTALLATION),
            )
        )
        or 0
    )
