"""Installations that removed the app: their check-ins stop at once, their content goes after a
grace period unless they install again. Functions never commit; each change is conditional, so
a replayed event or a second replica changes nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, delete, not_, select, update
from sqlalchemy.orm import Session

from storage.install_key import InstallKey, key_of_row, served_by
from storage.models import (
    AffectedPerson,
    Answer,
    Nudge,
    Oops,
    OrgTeam,
    PreventionStep,
    Reply,
    WorkspaceRemoval,
)
from storage.privacy import personal_tables
from storage.states import UNSENT, NudgeStatus
from storage.upsert import upsert


def removal_id(key: InstallKey) -> str:
    """The primary key of `key`'s removal row: "<enterprise>:<team>:<0|1>"."""
    return f"{key.enterprise_id or ''}:{key.team_id or ''}:{int(key.is_enterprise_install)}"


def hold_unsent_nudges(s: Session, *, key: InstallKey) -> int:
    """Hold the check-ins `key`'s installation has still to send (status `uninstalled`), so a
    reinstall can tell them from ones cancelled for other reasons; how many. A check-in being
    sent keeps its claim: if its DM reached Slack before the tokens went, the sweep's record
    of it still lands (storage/nudge_queue.py) and a reinstall does not send it again."""
    return (
        s.execute(
            update(Nudge)
            .where(served_by(Nudge, key), Nudge.status.in_(UNSENT))
            .values(status=NudgeStatus.UNINSTALLED)
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )


def resume_held_nudges(s: Session, *, key: InstallKey, stale_before: datetime) -> tuple[int, int]:
    """Put `key`'s held check-ins back in the queue: those to be tried before `stale_before`
    are cancelled instead; the rest are pending again (any already due go at the next sweep).
    Returns (resumed, cancelled); a replay finds nothing held and changes nothing."""
    held = (served_by(Nudge, key), Nudge.status == NudgeStatus.UNINSTALLED)

    def change(*where, status: NudgeStatus) -> int:
        return (
            s.execute(
                update(Nudge)
                .where(*held, *where)
                .values(status=status, claim_token=None, claimed_until=None)
                .execution_options(synchronize_session=False)
            ).rowcount
            or 0
        )

    cancelled = change(Nudge.next_attempt_at < stale_before, status=NudgeStatus.CANCELLED)
    return change(status=NudgeStatus.PENDING), cancelled


def note_removal(s: Session, *, key: InstallKey, now: datetime) -> None:
    """Record that `key` removed the app now (a later removal moves the date on)."""
    upsert(
        s,
        WorkspaceRemoval,
        keys={"install_key": removal_id(key)},
        values={**key.columns, "removed_at": now},
    )


def removals_before(s: Session, *, before: datetime, limit: int) -> Sequence[InstallKey]:
    """Installations removed before `before`, oldest first."""
    rows = s.execute(
        select(
            WorkspaceRemoval.install_enterprise_id,
            WorkspaceRemoval.install_team_id,
            WorkspaceRemoval.is_enterprise_install,
        )
        .where(WorkspaceRemoval.removed_at < before)
        .order_by(WorkspaceRemoval.removed_at)
        .limit(limit)
    )
    return [key_of_row(r) for r in rows]


def removed_workspaces_of(s: Session, *, enterprise_id: str | None) -> list[InstallKey]:
    """The removed workspace installs (not org-wide) of the Grid org `enterprise_id`."""
    if enterprise_id is None:
        return []
    rows = s.execute(
        select(
            WorkspaceRemoval.install_enterprise_id,
            WorkspaceRemoval.install_team_id,
            WorkspaceRemoval.is_enterprise_install,
        ).where(
            WorkspaceRemoval.install_enterprise_id == enterprise_id,
            WorkspaceRemoval.is_enterprise_install.is_(False),
        )
    )
    return [key_of_row(r) for r in rows]


def unsent_workspaces_of(s: Session, *, enterprise_id: str | None) -> list[InstallKey]:
    """The workspace installs (not org-wide) of the Grid org `enterprise_id` that have
    check-ins still to send."""
    if enterprise_id is None:
        return []
    rows = s.execute(
        select(Nudge.install_enterprise_id, Nudge.install_team_id, Nudge.is_enterprise_install)
        .where(
            Nudge.install_enterprise_id == enterprise_id,
            Nudge.is_enterprise_install.is_(False),
            Nudge.status.in_(UNSENT),
        )
        .distinct()
    )
    return [key_of_row(r) for r in rows]


def forget_removal(s: Session, *, key: InstallKey, removed_before: datetime | None = None) -> bool:
    """Drop `key`'s removal row (installed again, or its content is gone); with
    `removed_before`, only a removal older than that (a newer one starts its own grace)."""
    where = [WorkspaceRemoval.install_key == removal_id(key)]
    if removed_before is not None:
        where.append(WorkspaceRemoval.removed_at < removed_before)
    return bool(s.execute(delete(WorkspaceRemoval).where(*where)).rowcount)


def delete_workspace_oopses(s: Session, *, key: InstallKey, limit: int) -> int:
    """Delete up to `limit` oopses `key`'s installation served, with all that hangs off them."""
    ids = list(
        s.scalars(select(Oops.id).where(served_by(Oops, key)).order_by(Oops.id).limit(limit))
    )
    if not ids:
        return 0
    for child in (Answer, Reply, AffectedPerson, PreventionStep, Nudge):
        s.execute(delete(child).where(child.oops_id.in_(ids)))
    return s.execute(delete(Oops).where(Oops.id.in_(ids))).rowcount or 0


def people_tables() -> list[Table]:
    """The tables of people's rows kept by team only: no installation key and not under
    another row (drafts, cached profiles, settings, typed replies). Found by the OWNER marks
    storage/privacy.py reads, so a table added later is one too."""
    return [
        t
        for t in personal_tables()
        if "team_id" in t.c and "install_team_id" not in t.c and not t.foreign_keys
    ]


def teams_of(s: Session, *, key: InstallKey) -> list[str]:
    """The teams whose people's rows go with `key`'s content: a workspace install's own team,
    and the teams of the authors of its oopses (an org-wide install's workspaces) unless
    another installation serves that team too (a Slack Connect author whose own organisation
    uses the app keeps their settings there). Ask before deleting the oopses."""
    kept = set(s.scalars(select(Oops.team_id).where(served_by(Oops, key)).distinct()))
    shared = s.scalars(
        select(Oops.team_id).where(Oops.team_id.in_(kept), not_(served_by(Oops, key))).distinct()
    )
    return sorted((kept - set(shared)) | ({key.team_id} if key.team_id else set()))


def delete_workspace_people(s: Session, *, key: InstallKey, also: Sequence[str] = ()) -> int:
    """Delete the people rows (`people_tables`) of `key`'s teams (`teams_of`) and of the teams
    `also` names (an org-wide install's workspaces with no oops: `org_teams`); how many. Runs
    before the oopses go, which say an org-wide install's teams."""
    teams = sorted(set(teams_of(s, key=key)) | set(also))
    if not teams:
        return 0
    return sum(
        s.execute(delete(t).where(t.c.team_id.in_(teams))).rowcount or 0 for t in people_tables()
    )


def note_org_team(s: Session, *, enterprise_id: str, team_id: str, now: datetime) -> None:
    """Remember that the org-wide installation of `enterprise_id` served workspace `team_id`."""
    keys = {"enterprise_id": enterprise_id, "team_id": team_id}
    upsert(s, OrgTeam, keys=keys, values={"seen_at": now})


def org_teams(s: Session, *, enterprise_id: str | None) -> list[str]:
    """The workspaces the org-wide installation of `enterprise_id` served, sorted."""
    if enterprise_id is None:
        return []
    return sorted(s.scalars(select(OrgTeam.team_id).where(OrgTeam.enterprise_id == enterprise_id)))


def forget_org_teams(s: Session, *, enterprise_id: str | None) -> int:
    """Forget the workspaces of `enterprise_id` (its org-wide content is gone)."""
    if enterprise_id is None:
        return 0
    return s.execute(delete(OrgTeam).where(OrgTeam.enterprise_id == enterprise_id)).rowcount or 0
