"""What the sweep reads to hold prompts for people who are away, and the hold itself.
One query or change each, on the caller's Session; never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select, true, tuple_, update
from sqlalchemy.orm import Session

from storage.install_key import InstallKey, key_of_row
from storage.models import Nudge, UserProfile, UserSettings
from storage.nudge_queue import owned
from storage.states import NudgeStatus
from storage.upsert import upsert

Person = tuple[str, str]  # (team_id, user_id)


@dataclass(frozen=True)
class AwayFacts:
    """What is stored about one person's whereabouts (None: nothing stored)."""

    tz: str | None = None
    working_hours: str | None = None
    away_until: date | None = None
    status_away: bool | None = None
    status_until: datetime | None = None
    status_checked_at: datetime | None = None


def away_facts(s: Session, *, people: Iterable[Person]) -> dict[Person, AwayFacts]:
    """Each person's cached profile and settings, in two queries; every person gets an entry."""
    wanted = set(people)
    if not wanted:
        return {}
    key = tuple_(UserProfile.team_id, UserProfile.user_id)
    profiles = {
        (p.team_id, p.user_id): p for p in s.scalars(select(UserProfile).where(key.in_(wanted)))
    }
    key = tuple_(UserSettings.team_id, UserSettings.user_id)
    prefs = {
        (u.team_id, u.user_id): u for u in s.scalars(select(UserSettings).where(key.in_(wanted)))
    }
    facts = {}
    for person in wanted:
        profile, setting = profiles.get(person), prefs.get(person)
        facts[person] = AwayFacts(
            tz=profile.tz if profile else None,
            working_hours=setting.working_hours if setting else None,
            away_until=setting.away_until if setting else None,
            status_away=profile.status_away if profile else None,
            status_until=profile.status_until if profile else None,
            status_checked_at=profile.status_checked_at if profile else None,
        )
    return facts


def save_status(
    s: Session,
    *,
    team_id: str,
    user_id: str,
    tz: str | None,
    locale: str | None,
    away: bool,
    until: datetime | None,
    now: datetime,
) -> None:
    """Store what a fresh users.info said: the profile cache and whether the status says away."""
    upsert(
        s,
        UserProfile,
        keys={"team_id": team_id, "user_id": user_id},
        values={
            "tz": tz,
            "locale": locale,
            "fetched_at": now,
            "status_away": away,
            "status_until": until,
            "status_checked_at": now,
        },
    )


def defer_claimed_nudge(s: Session, *, nudge_id: int, claim_token: str, due: datetime) -> bool:
    """Move a nudge we claimed to `due`, unsent and with its attempt given back; only while our
    claim holds, so of several sweepers exactly one moves it."""
    return bool(
        s.execute(
            update(Nudge)
            .where(
                Nudge.id == nudge_id,
                Nudge.claim_token == claim_token,
                Nudge.status == NudgeStatus.SENDING,
            )
            .values(
                status=NudgeStatus.PENDING,
                due_at=due,
                next_attempt_at=due,
                attempts=Nudge.attempts - 1,
                claim_token=None,
                claimed_until=None,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    )


def stale_people_due(
    s: Session,
    *,
    until: datetime,
    checked_before: datetime,
    limit: int,
    claimer: str | None = None,
    now: datetime | None = None,
) -> list[tuple[Person, InstallKey]]:
    """People with a pending prompt due by `until` (UTC) whose status was never checked or
    last checked at or before `checked_before`, soonest first, at most `limit`, each with the
    installation key of one such row (which can look them up). With `claimer` (and `now`),
    only prompts of the workspaces that sweeper owns (nudge_queue.owned): the ones it will
    claim. One query of plain columns (two with several sweepers): it runs before every claim,
    and when every status is fresh it returns nothing."""
    profile = UserProfile
    due = and_(Nudge.status == NudgeStatus.PENDING, Nudge.next_attempt_at <= until)
    mine = (
        owned(s, claimer=claimer, now=now or until, is_due=due, mark=False) if claimer else true()
    )
    rows = s.execute(
        select(
            Nudge.team_id,
            Nudge.author_id,
            Nudge.install_enterprise_id,
            Nudge.install_team_id,
            Nudge.is_enterprise_install,
        )
        .outerjoin(
            profile,
            and_(profile.team_id == Nudge.team_id, profile.user_id == Nudge.author_id),
        )
        .where(
            due,
            mine,
            or_(profile.status_checked_at.is_(None), profile.status_checked_at <= checked_before),
        )
        .order_by(Nudge.next_attempt_at)
        .limit(limit * 5)
    ).all()
    found: dict[Person, InstallKey] = {}
    for row in rows:
        found.setdefault((row.team_id, row.author_id), key_of_row(row))
    return list(found.items())[:limit]
