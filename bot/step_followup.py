"""Safeguards reach their owners: the owner's DM, due-date reminders, Done by author or owner,
"not mine" and reassigning. Every DM is a queued nudge row (storage/step_nudges.py) the sweep
sends; every change here is a conditional UPDATE, so a replayed press changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.config import Settings
from bot.home import publish_home
from bot.i18n import N_, Translator, translator
from bot.nudges.policy import due_date_reminder, resolve_tz
from bot.preferences import effective_hours
from bot.safeguards import offer_update
from bot.slack_text import mention
from bot.states import NudgeKind, StepStatus
from bot.user_profiles import cached_locale, user_facts, user_locale
from bot.views.step_views import build_reassign_modal, build_step_outcome
from storage import repositories as repo
from storage import step_nudges, steps
from storage.db import SessionFactory
from storage.models import PreventionStep
from storage.user_settings import get_prefs

NOT_YOURS = N_("That safeguard belongs to someone else, so there's nothing for you to do here.")
NOT_OWNER = N_("Only the safeguard's owner can pass it back.")
ALREADY_DECLINED = N_("You already passed this one back.")
ALREADY_DONE = N_("That safeguard is already done.")
DONE_NOTE = N_(":white_check_mark: Done. Thank you for following through.")
DECLINED_NOTE = N_("You told {author} it isn't yours; they'll find the right owner.")
MOVED_ON = N_("That safeguard has changed meanwhile; nothing was reassigned.")
# Where a button was pressed: (channel, message ts), both None on Home or in a modal.
Where = tuple[str | None, str | None]


def _reminder_at(
    s: Session, step: PreventionStep, recipient: str, now: datetime, settings: Settings
) -> tuple[datetime, bool]:
    """(when to remind `recipient` on the due date, whether their check-ins are paused), from
    their cached zone (UTC until known) and their working hours."""
    profile = repo.get_profile(s, team_id=step.team_id, user_id=recipient)
    prefs = get_prefs(s, team_id=step.team_id, user_id=recipient)
    tz = resolve_tz(profile.tz if profile else None)
    hours = effective_hours(prefs, settings)
    return due_date_reminder(step.due_on, now=now, tz=tz, hours=hours), prefs.paused


def queue_owner_nudges(
    s: Session, *, step: PreventionStep, now: datetime, settings: Settings, author_too: bool
) -> None:
    """Queue, in the caller's transaction, the owner's DM (now, when the owner is someone
    else) and the due-date reminders: the owner's, and the author's when `author_too`."""
    if step.owner_id != step.author_id:
        step_nudges.queue_step_nudge(
            s, step=step, kind=NudgeKind.STEP_ASSIGNED, recipient=step.owner_id, due_at=now
        )
    if step.due_on is None:
        return
    recipients = {step.owner_id} | ({step.author_id} if author_too else set())
    for recipient in sorted(recipients):
        at, paused = _reminder_at(s, step, recipient, now, settings)
        step_nudges.queue_step_nudge(
            s, step=step, kind=NudgeKind.STEP_DUE, recipient=recipient, due_at=at, paused=paused
        )


def refine_reminders(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    step_id: int,
) -> None:
    """After the ack: learn the owner's and author's zones (users.info, cached) and move
    reminders queued while a zone was unknown to that person's working hours."""
    with session_factory() as s:
        step = s.get(PreventionStep, step_id)
        if step is None or step.due_on is None:
            return
        team_id, people = step.team_id, {step.author_id, step.owner_id}
    for user_id in people:
        user_facts(client, session_factory, clock, team_id=team_id, user_id=user_id, patient=False)
    with session_factory.begin() as s:
        step = s.get(PreventionStep, step_id)
        for user_id in people:
            at, _ = _reminder_at(s, step, user_id, clock(), settings)
            step_nudges.reschedule_step_reminder(s, step_id=step_id, recipient=user_id, at=at)


def _refresh_homes(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    people: set[str],
) -> None:
    """Publish the Home of each of `people` (who may all see the step) in their own language."""
    for user_id in sorted(people):
        publish_home(
            client,
            session_factory,
            team_id=team_id,
            user_id=user_id,
            default_hours=settings.working_hours,
            locale=cached_locale(session_factory, team_id=team_id, user_id=user_id),
            clock=clock,
        )


def _show_in_dm(client: WebClient, pressed_in: Where, description: str, outcome: str) -> None:
    """Replace the pressed DM's buttons with what happened, so they can't be pressed twice."""
    channel, ts = pressed_in
    if channel and ts:
        text, blocks = build_step_outcome(description=description, outcome=outcome)
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)


def finish_step(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    step_id: int,
    pressed_in: Where,
    t: Translator,
) -> str | None:
    """Mark a step done for its author or owner, call off its reminders, refresh both Homes
    and offer the author the thread update; a note for anyone else (nothing changes), in the
    presser's language `t`."""
    with session_factory.begin() as s:
        done = steps.complete_step(s, step_id=step_id, user_id=user_id, now=clock())
        if done:
            step_nudges.cancel_step_nudges(s, step_id=step_id)
        step = steps.get_step_for(s, step_id=step_id, user_id=user_id)
        author, owner = (step.author_id, step.owner_id) if step else ("", "")
        description = step.description if step else ""
    if done is None:
        return t(NOT_YOURS)
    _refresh_homes(
        client, session_factory, clock, settings, team_id=team_id, people={author, owner}
    )
    _show_in_dm(client, pressed_in, description, t(DONE_NOTE))
    if done:  # a second press (another device, a double click) offers nothing again
        locale = cached_locale(session_factory, team_id=team_id, user_id=author)
        offer_update(client, session_factory, step_id=step_id, author_id=author, locale=locale)
    return None


def decline_step(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    step_id: int,
    pressed_in: Where,
    t: Translator,
) -> str | None:
    """The owner says the step isn't theirs: their reminders stop and the author is asked
    (a queued DM) to reassign it, once; a note for anyone else or a repeated press, in the
    presser's language `t`."""
    now = clock()
    with session_factory.begin() as s:
        step = steps.get_step_for(s, step_id=step_id, user_id=user_id)
        if step is None or step.owner_id != user_id or step.author_id == user_id:
            return t(NOT_OWNER if step is not None else NOT_YOURS)
        if step.status != StepStatus.OPEN:
            return t(ALREADY_DONE)
        if not steps.decline_step(s, step_id=step_id, owner_id=user_id, now=now):
            return t(ALREADY_DECLINED)
        step_nudges.cancel_step_nudges(s, step_id=step_id, recipient=user_id)
        step_nudges.queue_step_nudge(
            s, step=step, kind=NudgeKind.STEP_DECLINED, recipient=step.author_id, due_at=now
        )
        author, description = step.author_id, step.description
    _refresh_homes(client, session_factory, clock, settings, team_id=team_id, people={user_id})
    _show_in_dm(client, pressed_in, description, t(DECLINED_NOTE, author=mention(author)))
    return None


@dataclass(frozen=True)
class ReassignForm:
    """The reassign modal to open, or the note to show the presser instead; and their locale."""

    modal: dict | None
    note: str | None
    locale: str | None


def reassign_form(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    *,
    team_id: str,
    user_id: str,
    step_id: int,
) -> ReassignForm:
    """The reassign modal, for the step's author while it is open."""
    locale = user_locale(client, session_factory, clock, team_id=team_id, user_id=user_id)
    t = translator(locale)
    with session_factory() as s:
        step = steps.get_author_step(s, step_id=step_id, author_id=user_id)
        if step is None:
            return ReassignForm(None, t(NOT_YOURS), locale)
        if step.status != StepStatus.OPEN:
            return ReassignForm(None, t(ALREADY_DONE), locale)
        modal = build_reassign_modal(
            step_id=step.id, description=step.description, owner_id=step.owner_id, locale=locale
        )
    return ReassignForm(modal, None, locale)


@dataclass(frozen=True)
class Reassigned:
    """A reassignment stored: who to tell after the ack."""

    step_id: int
    team_id: str
    people: set[str]


def reassign_step(
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    user_id: str,
    step_id: int,
    new_owner: str,
    locale: str | None,
) -> Reassigned | str:
    """Give the author's open step to `new_owner` once: the old owner's DMs are called off and
    the new owner's queued; the form's error text when it isn't theirs or moved on."""
    t, now = translator(locale), clock()
    with session_factory.begin() as s:
        step = steps.get_author_step(s, step_id=step_id, author_id=user_id)
        if step is None:
            return t(NOT_YOURS)
        if step.status != StepStatus.OPEN:
            return t(ALREADY_DONE)
        old = step.owner_id
        people = {user_id, old, new_owner}
        if old == new_owner:  # a replayed submit: already theirs
            return Reassigned(step_id, step.team_id, people)
        if not steps.reassign_step(
            s, step_id=step_id, author_id=user_id, old_owner=old, new_owner=new_owner
        ):
            return t(MOVED_ON)
        s.refresh(step)
        if old != user_id:  # the author's own reminder stays
            step_nudges.cancel_step_nudges(s, step_id=step_id, recipient=old)
        if new_owner != user_id:
            queue_owner_nudges(s, step=step, now=now, settings=settings, author_too=False)
        return Reassigned(step_id, step.team_id, people)


def show_reassigned(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    reassigned: Reassigned,
) -> None:
    """After the ack: refresh everyone's Home and place the new owner's reminder in their day."""
    _refresh_homes(
        client,
        session_factory,
        clock,
        settings,
        team_id=reassigned.team_id,
        people=reassigned.people,
    )
    refine_reminders(client, session_factory, clock, settings, step_id=reassigned.step_id)
