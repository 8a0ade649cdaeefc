"""The posting intent: an oops row written before chat.postMessage, finished once Slack answers.

Lifecycle (PostStatus): `start_posting` writes the oops as `posting` and claims its draft in one
transaction, before any Slack call. Then exactly one of:
- `finish_posting`: Slack has the message; `posted` with its ts, check-ins added, draft deleted;
- `mark_unknown`: Slack's answer was lost; a later look at the conversation decides;
- `abandon_posting`: Slack refused, or it is known not to be there; the oops row goes and the
  draft is open again, with the message as last edited.
Each is one conditional statement on the status, so a replay, a second press or a second
replica changes nothing: only one caller is told it won. Functions never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage import repositories as repo
from storage.install_key import InstallKey, key_of_row
from storage.models import Draft, Nudge, Oops
from storage.repositories import NewOops
from storage.states import UNCONFIRMED, NudgeKind, NudgeStatus, PostStatus, Severity


def start_posting(
    s: Session, *, draft_id: int, author_id: str, new: NewOops, now: datetime
) -> int | None:
    """Write the oops as `posting` and claim its draft; None (and no row) when the draft is
    gone, someone else's, or already claimed by another press."""
    oops = repo.oops_row(new, status=PostStatus.POSTING, now=now)
    s.add(oops)
    s.flush()
    claimed = s.execute(
        update(Draft)
        .where(
            Draft.id == draft_id,
            Draft.author_id == author_id,
            Draft.posting_oops_id.is_(None),
        )
        .values(posting_oops_id=oops.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        s.delete(oops)  # the draft was taken first: leave no trace of this attempt
        s.flush()
        return None
    return oops.id


def finish_posting(
    s: Session,
    *,
    oops_id: int,
    message_ts: str,
    channel_id: str,
    nudges: Iterable[tuple[NudgeKind, datetime]],
    paused: bool,
    now: datetime,
) -> bool:
    """Mark a posting/unknown oops `posted` at `message_ts`, add its check-ins, drop the draft.

    False (and nothing changed) when another caller already finished or abandoned it.
    """
    won = s.execute(
        update(Oops)
        .where(Oops.id == oops_id, Oops.status.in_(UNCONFIRMED))
        .values(
            status=PostStatus.POSTED,
            message_ts=message_ts,
            channel_id=channel_id,
            posted_at=now,
            status_at=now,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        return False
    oops = s.get(Oops, oops_id)
    s.add_all(
        Nudge(
            oops_id=oops_id,
            team_id=oops.team_id,
            author_id=oops.author_id,
            kind=kind,
            due_at=due,
            next_attempt_at=due,
            status=NudgeStatus.PAUSED if paused else NudgeStatus.PENDING,
            attempts=0,
            install_enterprise_id=oops.install_enterprise_id,
            install_team_id=oops.install_team_id,
            is_enterprise_install=oops.is_enterprise_install,
        )
        for kind, due in nudges
    )
    s.execute(delete(Draft).where(Draft.posting_oops_id == oops_id))
    return True


def set_posting_channel(s: Session, *, oops_id: int, channel_id: str) -> None:
    """Record where a post in flight is going (a group DM is opened after the intent)."""
    s.execute(
        update(Oops)
        .where(Oops.id == oops_id, Oops.status == PostStatus.POSTING)
        .values(channel_id=channel_id)
        .execution_options(synchronize_session=False)
    )


def mark_unknown(s: Session, *, oops_id: int, now: datetime) -> bool:
    """`posting` -> `unknown`: Slack may or may not have the message (its answer is lost)."""
    return (
        s.execute(
            update(Oops)
            .where(Oops.id == oops_id, Oops.status == PostStatus.POSTING)
            .values(status=PostStatus.UNKNOWN, status_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def abandon_posting(s: Session, *, oops_id: int, message: str | None, now: datetime) -> int | None:
    """The message is not in Slack: delete the unconfirmed oops and reopen its draft.

    Returns the draft's id (its message set to `message` when given), or None when another
    caller finished or abandoned the oops first.
    """
    gone = s.execute(
        delete(Oops)
        .where(Oops.id == oops_id, Oops.status.in_(UNCONFIRMED))
        .execution_options(synchronize_session=False)
    ).rowcount
    if gone != 1:
        return None
    draft = s.scalar(select(Draft).where(Draft.posting_oops_id == oops_id))
    if draft is None:
        return None
    draft.posting_oops_id = None
    if message is not None:
        draft.fields = {**draft.fields, "message": message}
    draft.updated_at = now
    return draft.id


@dataclass(frozen=True)
class UnconfirmedPost:
    """An oops whose message may or may not be in Slack, and where to look for it."""

    id: int
    team_id: str
    author_id: str
    status: PostStatus
    severity: Severity
    channel_id: str | None
    thread_ts: str | None
    created_at: datetime  # the intent: our post, if any, is newer
    status_at: datetime  # since when it has been `posting` / `unknown`
    install_enterprise_id: str | None = None
    install_team_id: str | None = None
    is_enterprise_install: bool = False

    @property
    def install(self) -> InstallKey:
        """The installation whose bot posted it (and can look for it)."""
        return key_of_row(self)


def unconfirmed_posts(
    s: Session, *, posting_before: datetime, unknown_before: datetime, limit: int
) -> Sequence[UnconfirmedPost]:
    """Oopses `posting` since before `posting_before` (their process is gone) or `unknown`
    since before `unknown_before`, longest waiting first."""
    rows = s.execute(
        select(
            Oops.id,
            Oops.team_id,
            Oops.author_id,
            Oops.status,
            Oops.severity,
            Oops.channel_id,
            Oops.thread_ts,
            Oops.created_at,
            Oops.status_at,
            Oops.install_enterprise_id,
            Oops.install_team_id,
            Oops.is_enterprise_install,
        )
        .where(
            (Oops.status == PostStatus.POSTING) & (Oops.status_at < posting_before)
            | (Oops.status == PostStatus.UNKNOWN) & (Oops.status_at < unknown_before)
        )
        .order_by(Oops.status_at)
        .limit(limit)
    )
    return [UnconfirmedPost(**row._mapping) for row in rows]
