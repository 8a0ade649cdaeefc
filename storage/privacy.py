"""Everything stored about one person: exported on request, deleted on request."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import (
    AffectedPerson,
    Answer,
    Draft,
    Nudge,
    Oops,
    PreventionAction,
    UserProfile,
)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_author(s: Session, *, team_id: str, user_id: str) -> dict:
    """A JSON-ready dict of the person's oopses, nudges, answers and actions."""
    oopses = s.scalars(
        select(Oops).where(Oops.team_id == team_id, Oops.author_id == user_id).order_by(Oops.id)
    ).all()
    answers = s.scalars(
        select(Answer)
        .where(Answer.team_id == team_id, Answer.author_id == user_id)
        .order_by(Answer.id)
    ).all()
    actions = s.scalars(
        select(PreventionAction)
        .where(PreventionAction.team_id == team_id, PreventionAction.author_id == user_id)
        .order_by(PreventionAction.id)
    ).all()
    return {
        "user_id": user_id,
        "team_id": team_id,
        "oopses": [
            {
                "id": o.id,
                "created_at": _iso(o.created_at),
                "what_happened": o.what_happened,
                "impact": o.impact,
                "severity": o.severity,
                "repair": o.repair,
                "prevention": o.prevention,
                "message": o.message,
                "delivery": o.delivery,
                "channel_id": o.channel_id,
                "message_ts": o.message_ts,
                "status": o.status,
                "affected": [a.user_id for a in o.affected],
                "nudges": [
                    {"kind": n.kind, "due_at": _iso(n.due_at), "status": n.status} for n in o.nudges
                ],
            }
            for o in oopses
        ],
        "answers": [
            {"oops_id": a.oops_id, "kind": a.kind, "text": a.text, "created_at": _iso(a.created_at)}
            for a in answers
        ],
        "prevention_actions": [
            {
                "oops_id": a.oops_id,
                "description": a.description,
                "owner_id": a.owner_id,
                "due_on": _iso(a.due_on),
                "status": a.status,
                "done_at": _iso(a.done_at),
            }
            for a in actions
        ],
    }


def forget_author(s: Session, *, team_id: str, user_id: str) -> dict[str, int]:
    """Delete everything the person wrote or we scheduled for them; returns counts per kind."""
    oops_ids = select(Oops.id).where(Oops.team_id == team_id, Oops.author_id == user_id)
    counts = {
        "answers": s.execute(
            delete(Answer).where(Answer.team_id == team_id, Answer.author_id == user_id)
        ).rowcount,
        "prevention actions": s.execute(
            delete(PreventionAction).where(
                PreventionAction.team_id == team_id, PreventionAction.author_id == user_id
            )
        ).rowcount,
        "check-ins": s.execute(delete(Nudge).where(Nudge.oops_id.in_(oops_ids))).rowcount,
    }
    s.execute(delete(AffectedPerson).where(AffectedPerson.oops_id.in_(oops_ids)))
    counts["oopses"] = s.execute(
        delete(Oops).where(Oops.team_id == team_id, Oops.author_id == user_id)
    ).rowcount
    counts["drafts"] = s.execute(
        delete(Draft).where(Draft.team_id == team_id, Draft.author_id == user_id)
    ).rowcount
    s.execute(
        delete(UserProfile).where(UserProfile.team_id == team_id, UserProfile.user_id == user_id)
    )
    return {k: v or 0 for k, v in counts.items()}


def forget_team(s: Session, *, team_id: str) -> int:
    """Cancel a workspace's pending nudges (on uninstall); returns how many."""
    from sqlalchemy import update

    return (
        s.execute(
            update(Nudge)
            .where(Nudge.team_id == team_id, Nudge.status.in_(("pending", "sending")))
            .values(status="cancelled", claim_token=None)
        ).rowcount
        or 0
    )
