"""Services for check-ins: opening the answer form, snoozing, skipping, storing an answer."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.config import Settings
from bot.errors import NotAllowed
from bot.home import publish_home
from bot.i18n import N_, Translator, translator
from bot.ids import Block
from bot.nudges.policy import SnoozeOption, resolve_tz, snooze_until
from bot.safeguards import offer_update
from bot.slack_text import escape_mrkdwn, is_user_id
from bot.states import CHECK_INS, OPEN_NUDGE, NudgeKind, NudgeStatus
from bot.step_followup import queue_owner_nudges, refine_reminders
from bot.user_profiles import user_facts, user_locale
from bot.views.dates import slack_date
from bot.views.nudge_views import build_answer_modal, build_nudge_outcome
from storage import repositories as repo
from storage import step_nudges, steps
from storage.db import SessionFactory

NOT_YOURS = N_("That prompt belongs to someone else, so there's nothing for you to do here.")
# What a pressed button says when the prompt had already moved on.
ALREADY = {
    NudgeStatus.ANSWERED: N_("Already answered."),
    NudgeStatus.SKIPPED: N_("Already skipped."),
    NudgeStatus.CANCELLED: N_("Already cancelled."),
    NudgeStatus.PENDING: N_("Already snoozed."),
    NudgeStatus.PAUSED: N_("Check-ins are paused."),
}
CLOSED = N_("This check-in is already closed.")
# Where the DM's buttons are when the nudge row has no ts: (channel, ts) of the press.
Where = tuple[str | None, str | None]


def _already(status: NudgeStatus | None, t: Translator) -> str:
    """What a press says when the prompt had moved on (another press or device got there)."""
    return t(ALREADY.get(status or "", CLOSED))


def _replace_buttons(
    client: WebClient,
    nudge,
    what: str,
    outcome: str,
    t: Translator,
    pressed_in: Where = (None, None),
) -> None:
    """Show in the DM what was chosen, so the buttons can't be pressed twice."""
    # A DM recorded `unknown` (Slack's answer was lost) has no ts: the press says where it is.
    channel = nudge.channel_id or pressed_in[0]
    ts = nudge.message_ts or pressed_in[1]
    if channel and ts:
        text, blocks = build_nudge_outcome(
            kind=nudge.kind, what_happened=what, outcome=outcome, locale=t.locale
        )
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)


@dataclass(frozen=True)
class AnswerForm:
    """The answer modal to open, or the note to show the presser instead; and their locale."""

    modal: dict | None
    note: str | None
    locale: str | None


def answer_form(
    session_factory: SessionFactory,
    *,
    author_id: str,
    nudge_id: int,
    t: Translator,
    pressed_in: Where = (None, None),
) -> AnswerForm:
    """The answer modal for the nudge's author, in their language `t`; a note when it isn't
    theirs or has moved on."""
    with session_factory() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id or 0, author_id=author_id)
        what = nudge.oops.what_happened if nudge else ""
    if nudge is None:
        return AnswerForm(None, t(NOT_YOURS), t.locale)
    if nudge.status not in OPEN_NUDGE:  # answered, skipped or snoozed meanwhile
        return AnswerForm(None, _already(nudge.status, t), t.locale)
    if nudge.kind not in CHECK_INS:  # a reminder about a safeguard asks nothing
        return AnswerForm(None, t(CLOSED), t.locale)
    modal = build_answer_modal(
        nudge_id=nudge.id,
        kind=nudge.kind,
        what_happened=what,
        author_id=author_id,
        locale=t.locale,
        pressed_in=pressed_in,
    )
    return AnswerForm(modal, None, t.locale)


def snooze_checkin(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    author_id: str,
    nudge_id: int,
    option: SnoozeOption,
    pressed_in: Where,
) -> str | None:
    """Move the nudge to later in the author's working hours and say so in the DM.

    Returns a note for the presser when nothing changed (not theirs, or already moved on)."""
    facts = user_facts(client, session_factory, clock, team_id=team_id, user_id=author_id)
    tz, t = resolve_tz(facts.tz), translator(facts.locale)
    at = snooze_until(clock(), option, tz=tz, hours=settings.working_hours)
    with session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id or 0, author_id=author_id)
        if nudge is not None:
            done = repo.snooze_nudge(s, nudge_id=nudge.id, author_id=author_id, at=at)
            status = None if done else repo.nudge_status(s, nudge_id=nudge.id)
            what = nudge.oops.what_happened
    if nudge is None:
        return t(NOT_YOURS)
    # A second press (or device) changes nothing, and leaves the DM as the first press set it.
    if not done:
        return _already(status, t)
    snoozed = t(":zzz: Snoozed until {when}.", when=slack_date(at, t))
    _replace_buttons(client, nudge, what, snoozed, t, pressed_in)
    return None


def skip_checkin(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    author_id: str,
    nudge_id: int,
    pressed_in: Where,
    t: Translator,
) -> str | None:
    """Skip this prompt (the next one still comes), saying so in the author's language `t`; a
    note for the presser if nothing changed."""
    with session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id or 0, author_id=author_id)
        if nudge is not None:
            done = repo.close_nudge(
                s, nudge_id=nudge.id, author_id=author_id, status=NudgeStatus.SKIPPED
            )
            status = None if done else repo.nudge_status(s, nudge_id=nudge.id)
            what = nudge.oops.what_happened
    if nudge is None:
        return t(NOT_YOURS)
    if not done:
        return _already(status, t)
    skipped = t("Skipped. No problem; the next check-in still comes.")
    _replace_buttons(client, nudge, what, skipped, t, pressed_in)
    return None


# How far ahead a prevention step may be due; further is a typo (9999-12-31) more than a plan.
LATEST_DUE = timedelta(days=2 * 366)


def answer_errors(
    text: str,
    owner: str | None,
    due_text: str | None,
    t: Translator,
    today: date | None = None,
) -> tuple[dict[str, str], date | None]:
    """Errors by block for an answer form, and the due date it gives. With `today` (UTC; a
    day's leeway either side for time zones), a due date in the past or more than two years
    ahead is refused."""
    errors = {}
    if not text:
        errors[Block.ANSWER] = t("Write a line or two; it's only for you.")
    elif len(text) > 3000:
        errors[Block.ANSWER] = t("Keep it under {limit} characters.", limit=3000)
    due_on = None
    if due_text:
        try:
            due_on = date.fromisoformat(due_text)
        except ValueError:
            errors[Block.DUE] = t("Pick a date.")
        if due_on is not None and today is not None:
            if due_on < today - timedelta(days=1):
                errors[Block.DUE] = t("Pick today or a later date.")
            elif due_on > today + LATEST_DUE:
                errors[Block.DUE] = t("Pick a date within two years.")
    if owner is not None and not is_user_id(owner):
        errors[Block.OWNER] = t("Pick a person.")
    return errors, due_on


@dataclass(frozen=True)
class Answered:
    """An answer stored: what to show and refresh after the ack."""

    nudge: object
    what: str
    team_id: str
    done_step_ids: list[int]
    answer_id: int | None = None
    step_id: int | None = None  # the prevention step the answer added


def record_checkin_answer(
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    author_id: str,
    nudge_id: int,
    text: str,
    owner: str | None,
    due_on: date | None,
    held: bool,
    t: Translator,
    in_session: Session | None = None,
) -> Answered | str:
    """Close the nudge with the answer (and its step) once; the form's error text otherwise.

    `in_session`: store it in the caller's unit of work (which commits) instead of a new one."""
    now = clock()
    with nullcontext(in_session) if in_session else session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id, author_id=author_id)
        if nudge is None:
            return NotAllowed().for_locale(t.locale)
        # The one check: of two submits (or two devices' forms), the first stores everything
        # below; the second stores nothing and is told so in its form.
        answer = repo.record_answer(s, nudge=nudge, text=text, now=now)
        if answer is None:
            return _already(repo.nudge_status(s, nudge_id=nudge.id), t)
        step_id = None
        if nudge.kind == NudgeKind.PREVENTION:
            step = steps.add_step(
                s,
                oops_id=nudge.oops_id,
                team_id=nudge.team_id,
                author_id=nudge.author_id,
                description=text,
                owner_id=owner or author_id,
                due_on=due_on,
                now=now,
            )
            # The owner's DM and the due-date reminders: rows, sent by the sweep.
            queue_owner_nudges(s, step=step, now=now, settings=settings, author_too=True)
            step_id = step.id
        done = []
        if nudge.kind == NudgeKind.FOLLOWUP and held:
            done = steps.complete_open_steps(s, oops_id=nudge.oops_id, author_id=author_id, now=now)
            for finished in done:
                step_nudges.cancel_step_nudges(s, step_id=finished.id)
        return Answered(
            nudge, nudge.oops.what_happened, nudge.team_id, [a.id for a in done], answer.id, step_id
        )


def show_answered(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    answered: Answered,
    author_id: str,
    text: str,
    pressed_in: Where = (None, None),
) -> None:
    """After the ack: offer thread updates for steps now in place, refresh the DM and Home.
    `pressed_in`: where the answered DM is, when the nudge row does not say yet."""
    team_id = answered.team_id
    locale = user_locale(client, session_factory, clock, team_id=team_id, user_id=author_id)
    t = translator(locale)
    for step_id in answered.done_step_ids:
        offer_update(client, session_factory, step_id=step_id, author_id=author_id, locale=t.locale)
    done = t(
        ":white_check_mark: Answered: _{answer}_ (only you see this)",
        answer=escape_mrkdwn(text[:200]),
    )
    _replace_buttons(client, answered.nudge, answered.what, done, t, pressed_in)
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=author_id,
        default_hours=settings.working_hours,
        locale=t.locale,
        clock=clock,
    )
    if answered.step_id is not None:
        refine_reminders(client, session_factory, clock, settings, step_id=answered.step_id)
