"""Repository functions: one query or change each, on the caller's Session; never commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    AffectedPerson,
    Answer,
    Draft,
    Nudge,
    Oops,
    PreventionStep,
    Reply,
    UserProfile,
)
from storage.states import (
    OPEN_NUDGE,
    UNSENT,
    NudgeKind,
    NudgeStatus,
    PostStatus,
    ReplyKind,
    Severity,
    StepStatus,
)
from storage.upsert import insert_new, upsert

# ---- drafts ---------------------------------------------------------------


def save_draft(
    s: Session,
    *,
    team_id: str,
    author_id: str,
    fields: dict,
    now: datetime,
    draft_id: int | None = None,
) -> Draft:
    """Store the compose input of one author (under `draft_id` to put a taken draft back)."""
    draft = Draft(
        id=draft_id,
        team_id=team_id,
        author_id=author_id,
        fields=fields,
        created_at=now,
        updated_at=now,
    )
    s.add(draft)
    s.flush()
    return draft


def update_draft(s: Session, *, draft: Draft, fields: dict, now: datetime) -> None:
    """Replace a draft's fields (a new dict, so the JSON column sees the change)."""
    draft.fields = dict(fields)
    draft.updated_at = now


def get_draft(s: Session, *, draft_id: int, author_id: str) -> Draft | None:
    """The author's own draft, or None (someone else's id gives None too)."""
    return s.scalar(select(Draft).where(Draft.id == draft_id, Draft.author_id == author_id))


def revise_draft(
    s: Session, *, draft_id: int, author_id: str, fields: dict, now: datetime
) -> Draft | None:
    """Replace the facts of the author's open draft, keeping its edited message; None when it
    is gone or being posted."""
    draft = get_draft(s, draft_id=draft_id, author_id=author_id)
    if draft is None or draft.posting_oops_id is not None:
        return None
    message = draft.fields.get("message")
    draft.fields = {**fields, **({"message": message} if message else {})}
    draft.updated_at = now
    return draft


def delete_stale_drafts(s: Session, *, older_than: datetime) -> int:
    """Discard drafts nobody came back to."""
    # A draft whose post is in flight stays until Slack's answer is known (storage/posting.py).
    stale = delete(Draft).where(Draft.updated_at < older_than, Draft.posting_oops_id.is_(None))
    return s.execute(stale).rowcount or 0


# ---- oopses ---------------------------------------------------------------


@dataclass(frozen=True)
class NewOops:
    """Everything recorded when an owning-up message has been posted."""

    team_id: str
    author_id: str
    what_happened: str
    impact: str
    severity: Severity
    repair: str
    prevention: str
    message: str
    delivery: str
    channel_id: str | None
    thread_ts: str | None
    message_ts: str | None
    permalink: str | None
    affected: Sequence[str]


def record_oops(
    s: Session,
    *,
    new: NewOops,
    now: datetime,
    nudges: Iterable[tuple[NudgeKind, datetime]],
    paused: bool = False,
) -> Oops:
    """Store a posted oops with its affected people and scheduled nudges (caller commits)."""
    oops = Oops(
        team_id=new.team_id,
        author_id=new.author_id,
        what_happened=new.what_happened,
        impact=new.impact,
        severity=new.severity,
        repair=new.repair,
        prevention=new.prevention,
        message=new.message,
        delivery=new.delivery,
        channel_id=new.channel_id,
        thread_ts=new.thread_ts,
        message_ts=new.message_ts,
        permalink=new.permalink,
        status=PostStatus.POSTED,
        created_at=now,
        posted_at=now,
    )
    oops.affected = [AffectedPerson(user_id=u) for u in dict.fromkeys(new.affected)]
    oops.nudges = [
        Nudge(
            team_id=new.team_id,
            author_id=new.author_id,
            kind=kind,
            due_at=due,
            next_attempt_at=due,
            status=NudgeStatus.PAUSED if paused else NudgeStatus.PENDING,
            attempts=0,
        )
        for kind, due in nudges
    ]
    s.add(oops)
    s.flush()
    return oops


def get_oops(s: Session, *, oops_id: int) -> Oops | None:
    """One oops by id, with its affected people loaded (callers check them after the session)."""
    return s.get(Oops, oops_id, options=[selectinload(Oops.affected)])


def set_permalink(s: Session, *, oops_id: int, permalink: str) -> None:
    """Store the posted message's link, fetched once the oops was recorded."""
    oops = s.get(Oops, oops_id)
    if oops is not None:
        oops.permalink = permalink


def list_oopses(s: Session, *, team_id: str, author_id: str, limit: int = 20) -> list[Oops]:
    """The author's oopses, newest first."""
    return list(
        s.scalars(
            select(Oops)
            .where(Oops.team_id == team_id, Oops.author_id == author_id)
            .order_by(Oops.created_at.desc(), Oops.id.desc())
            .limit(limit)
            .options(selectinload(Oops.affected))
        )
    )


def cancel_oops(s: Session, *, oops_id: int) -> int:
    """Cancel an oops and its nudges that have not gone yet; returns nudges cancelled."""
    s.execute(update(Oops).where(Oops.id == oops_id).values(status=PostStatus.CANCELLED))
    return (
        s.execute(
            update(Nudge)
            .where(Nudge.oops_id == oops_id, Nudge.status.in_(UNSENT))
            .values(status=NudgeStatus.CANCELLED, claim_token=None)
        ).rowcount
        or 0
    )


# ---- nudges ---------------------------------------------------------------


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


def new_claim_token() -> str:
    """A fresh claim token (the sweep makes one before claiming, so it knows it if the commit's
    answer is lost)."""
    return str(uuid.uuid4())


def claim_due_nudges(
    s: Session, *, now: datetime, limit: int, lease: timedelta, token: str | None = None
) -> list[ClaimedNudge]:
    """Lease up to `limit` due nudges atomically; rows another sweeper holds are skipped.

    One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) ... RETURNING: on PostgreSQL
    concurrent sweepers take disjoint rows; SQLite has no FOR UPDATE, but its single writer
    makes the one statement atomic all the same. No join to oopses (it made the claim grow with
    history): cancelling an oops cancels its nudges, and the sender re-checks the oops.
    """
    token = token or new_claim_token()
    due = (
        select(Nudge.id)
        .where(
            or_(
                and_(Nudge.status == NudgeStatus.PENDING, Nudge.next_attempt_at <= now),
                and_(Nudge.status == NudgeStatus.SENDING, Nudge.claimed_until < now),
            ),
        )
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
            Nudge.id, Nudge.oops_id, Nudge.team_id, Nudge.author_id, Nudge.kind, Nudge.attempts
        )
        .execution_options(synchronize_session=False)
    ).all()
    return [
        ClaimedNudge(
            id=r.id,
            claim_token=token,
            oops_id=r.oops_id,
            team_id=r.team_id,
            author_id=r.author_id,
            kind=NudgeKind(r.kind),
            attempts=r.attempts,
        )
        for r in sorted(rows, key=lambda r: r.id)
    ]


def _finish_claim(
    s: Session, *, nudge_id: int, claim_token: str, status: NudgeStatus, **values
) -> bool:
    """Update a claimed nudge and drop the claim, only if our claim still holds (a lapsed claim
    may now be someone else's). A status the author set meanwhile stays: they can press a
    button on the DM before the sweep has recorded sending it."""
    kept = case((Nudge.status == NudgeStatus.SENDING, status), else_=Nudge.status)
    return bool(
        s.execute(
            update(Nudge)
            .where(Nudge.id == nudge_id, Nudge.claim_token == claim_token)
            .values(claim_token=None, claimed_until=None, status=kept, **values)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


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
    s: Session, *, claim_tokens: Iterable[str], nudge_ids: Iterable[int] | None = None
) -> int:
    """Give back claims we will not finish, so another sweeper can send them now.

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


def get_author_nudge(s: Session, *, nudge_id: int, author_id: str) -> Nudge | None:
    """A nudge, only when it belongs to `author_id`."""
    return s.scalar(select(Nudge).where(Nudge.id == nudge_id, Nudge.author_id == author_id))


def _change_open_nudge(s: Session, *, nudge_id: int, author_id: str, **values) -> bool:
    """Change the author's nudge only while it is open: the database decides which of two
    presses (two devices, two replicas) wins; the other changes nothing and gets False."""
    return bool(
        s.execute(
            update(Nudge)
            .where(
                Nudge.id == nudge_id,
                Nudge.author_id == author_id,
                Nudge.status.in_(OPEN_NUDGE),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def snooze_nudge(s: Session, *, nudge_id: int, author_id: str, at: datetime) -> bool:
    """Snooze: send the prompt again at `at`; False if it was no longer open."""
    return _change_open_nudge(
        s,
        nudge_id=nudge_id,
        author_id=author_id,
        status=NudgeStatus.PENDING,
        next_attempt_at=at,
        attempts=0,
    )


def close_nudge(s: Session, *, nudge_id: int, author_id: str, status: NudgeStatus) -> bool:
    """Mark an open nudge answered or skipped; False if it was no longer open."""
    return _change_open_nudge(s, nudge_id=nudge_id, author_id=author_id, status=status)


def nudge_status(s: Session, *, nudge_id: int) -> NudgeStatus | None:
    """A nudge's status as committed now (after a press lost the race)."""
    return s.scalar(select(Nudge.status).where(Nudge.id == nudge_id))


def record_answer(s: Session, *, nudge: Nudge, text: str, now: datetime) -> Answer | None:
    """Close the author's open nudge as answered and store the answer, or None (nothing stored)
    when the nudge was no longer open: a second submit, or another device, got there first."""
    if not close_nudge(
        s, nudge_id=nudge.id, author_id=nudge.author_id, status=NudgeStatus.ANSWERED
    ):
        return None
    answer = Answer(
        nudge_id=nudge.id,
        oops_id=nudge.oops_id,
        team_id=nudge.team_id,
        author_id=nudge.author_id,
        kind=nudge.kind,
        text=text,
        created_at=now,
    )
    s.add(answer)
    s.flush()
    return answer


def list_answers(s: Session, *, team_id: str, author_id: str, limit: int = 20) -> list[Answer]:
    """The author's answers, newest first."""
    return list(
        s.scalars(
            select(Answer)
            .where(Answer.team_id == team_id, Answer.author_id == author_id)
            .order_by(Answer.created_at.desc(), Answer.id.desc())
            .limit(limit)
        )
    )


# ---- prevention steps ---------------------------------------------------


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


def list_open_steps(s: Session, *, team_id: str, author_id: str) -> list[PreventionStep]:
    """The author's prevention steps still open, soonest due first."""
    return list(
        s.scalars(
            select(PreventionStep)
            .where(
                PreventionStep.team_id == team_id,
                PreventionStep.author_id == author_id,
                PreventionStep.status == StepStatus.OPEN,
            )
            .order_by(PreventionStep.due_on.is_(None), PreventionStep.due_on, PreventionStep.id)
        )
    )


def complete_step(s: Session, *, step_id: int, author_id: str, now: datetime) -> bool | None:
    """Mark the author's own open step done: True if this call did, False if it was done
    already (a second press changes nothing), None if it is not theirs."""
    done = s.execute(
        update(PreventionStep)
        .where(
            PreventionStep.id == step_id,
            PreventionStep.author_id == author_id,
            PreventionStep.status == StepStatus.OPEN,
        )
        .values(status=StepStatus.DONE, done_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done:
        return True
    return False if get_author_step(s, step_id=step_id, author_id=author_id) else None


# ---- user profiles --------------------------------------------------------


def get_profile(s: Session, *, team_id: str, user_id: str) -> UserProfile | None:
    """The cached users.info facts for a user."""
    return s.get(UserProfile, (team_id, user_id))


def save_profile(
    s: Session, *, team_id: str, user_id: str, tz: str | None, locale: str | None, now: datetime
) -> None:
    """Insert or refresh a user's cached profile (one statement: first requests may race)."""
    upsert(
        s,
        UserProfile,
        keys={"team_id": team_id, "user_id": user_id},
        values={"tz": tz, "locale": locale, "fetched_at": now},
    )


def get_locales(
    s: Session, *, users: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str | None]:
    """Cached locale of each (team_id, user_id), however old, in one query; unknown users left out.

    For the nudge sweep, which must not call users.info per DM.
    """
    wanted = set(users)
    if not wanted:
        return {}
    rows = s.execute(
        select(UserProfile.team_id, UserProfile.user_id, UserProfile.locale).where(
            UserProfile.team_id.in_({t for t, _ in wanted}),
            UserProfile.user_id.in_({u for _, u in wanted}),
        )
    )
    return {(r.team_id, r.user_id): r.locale for r in rows if (r.team_id, r.user_id) in wanted}


def find_oops_by_message(s: Session, *, channel_id: str, message_ts: str) -> Oops | None:
    """The oops whose owning-up message is at (channel, ts)."""
    return s.scalar(
        select(Oops)
        .where(Oops.channel_id == channel_id, Oops.message_ts == message_ts)
        .options(selectinload(Oops.affected))
    )


def record_reply(
    s: Session, *, oops_id: int, team_id: str, user_id: str, kind: ReplyKind, now: datetime
) -> bool:
    """Note that `user_id` sent the author a `kind` reply; False if they already had (send
    nothing then)."""
    return insert_new(
        s,
        Reply,
        keys={"oops_id": oops_id, "user_id": user_id, "kind": kind},
        values={"team_id": team_id, "created_at": now},
    )


def withdraw_reply(s: Session, *, oops_id: int, user_id: str, kind: ReplyKind) -> None:
    """Forget a reply whose message never reached the author, so a press later may send it."""
    s.execute(
        delete(Reply).where(Reply.oops_id == oops_id, Reply.user_id == user_id, Reply.kind == kind)
    )


def has_replied(s: Session, *, oops_id: int, user_id: str, kind: ReplyKind) -> bool:
    """Whether `user_id` already sent the author a `kind` reply."""
    return s.get(Reply, (oops_id, user_id, kind)) is not None


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
