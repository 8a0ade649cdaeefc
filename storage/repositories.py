"""Repository functions: one query or change each, on the caller's Session; never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Unpack

from sqlalchemy import ColumnElement, Select, delete, select, update
from sqlalchemy.orm import Session, selectinload

from storage.install_key import InstallKey, Whose, authored_by, served_by
from storage.models import (
    AffectedPerson,
    Answer,
    Draft,
    Nudge,
    Oops,
    Reply,
    UserProfile,
    UserSettings,
)
from storage.states import (
    OPEN_NUDGE,
    UNSENT,
    NudgeKind,
    NudgeStatus,
    PostStatus,
    ReplyKind,
    Severity,
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


def claim_draft_reminder(s: Session, *, draft_id: int, now: datetime) -> bool:
    """Mark the draft's reminder as due to be sent; True for exactly one caller per draft."""
    claimed = s.execute(
        update(Draft)
        .where(Draft.id == draft_id, Draft.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


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
    # The installation that served it; None: a plain install of `team_id` (single workspace).
    install: InstallKey | None = None

    @property
    def install_key(self) -> InstallKey:
        """The installation whose bot posts and sends the check-ins."""
        return self.install or InstallKey.of_team(self.team_id)


def oops_row(new: NewOops, *, status: PostStatus, now: datetime) -> Oops:
    """A new Oops row (not added) with its affected people, in `status` since `now`."""
    posted = status == PostStatus.POSTED
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
        message_ts=new.message_ts if posted else None,
        permalink=new.permalink if posted else None,
        status=status,
        created_at=now,
        posted_at=now if posted else None,
        status_at=now,
        **new.install_key.columns,
    )
    oops.affected = [AffectedPerson(user_id=u) for u in dict.fromkeys(new.affected)]
    return oops


def record_oops(
    s: Session,
    *,
    new: NewOops,
    now: datetime,
    nudges: Iterable[tuple[NudgeKind, datetime]],
    paused: bool = False,
) -> Oops:
    """Store a posted oops with its affected people and scheduled nudges (caller commits)."""
    oops = oops_row(new, status=PostStatus.POSTED, now=now)
    oops.nudges = [
        Nudge(
            team_id=new.team_id,
            author_id=new.author_id,
            kind=kind,
            due_at=due,
            next_attempt_at=due,
            status=NudgeStatus.PAUSED if paused else NudgeStatus.PENDING,
            attempts=0,
            **new.install_key.columns,
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


def list_oopses(
    s: Session, *, limit: int = 20, offset: int = 0, **whose: Unpack[Whose]
) -> list[Oops]:
    """The author's oopses, newest first, `limit` from `offset`; with `install`, also those
    it served under another team (storage/install_key.kept_under)."""
    page = _newest_first(Oops, authored_by(Oops, **whose)).offset(offset).limit(limit)
    return list(s.scalars(page.options(selectinload(Oops.affected))))


def _newest_first(model: type[Oops | Answer], where: ColumnElement[bool]) -> Select:
    """select(model) where `where`, newest first (ties by id)."""
    return select(model).where(where).order_by(model.created_at.desc(), model.id.desc())


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


# ---- nudges (the sweep's queue: storage/nudge_queue.py) ------------------


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


def list_answers(
    s: Session, *, limit: int = 20, offset: int = 0, **whose: Unpack[Whose]
) -> list[Answer]:
    """The author's answers, newest first, `limit` from `offset`; with `install`, also those
    to oopses it served under another team."""
    page = _newest_first(Answer, authored_by(Answer, **whose)).offset(offset).limit(limit)
    return list(s.scalars(page))


# ---- user profiles --------------------------------------------------------


def home_team(s: Session, *, team_id: str, user_id: str, install: InstallKey | None) -> str:
    """The team a person's settings and profile are kept under, for their App Home.

    app_home_opened names the installation's team; a Slack Connect author's rows are kept under
    their own team, which their oopses served by `install` carry. `team_id` when the person has
    settings there, has no `install`, or has no oops of another team through it."""
    if install is None or s.get(UserSettings, (team_id, user_id)) is not None:
        return team_id
    other = s.scalar(
        select(Oops.team_id)
        .where(Oops.author_id == user_id, served_by(Oops, install), Oops.team_id != team_id)
        .order_by(Oops.created_at.desc(), Oops.id.desc())
        .limit(1)
    )
    return other or team_id


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


# Prevention steps (safeguards): storage/steps.py.
