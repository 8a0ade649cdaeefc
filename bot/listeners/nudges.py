"""Nudge buttons (answer, snooze, skip), the answer modal, and the Done button in App Home."""

from __future__ import annotations

from datetime import date

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.envelope import row_id
from bot.errors import NotAllowed
from bot.home import publish_home
from bot.i18n import N_, Translator, translator
from bot.ids import Action, Block, Callback
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.listeners.notes import tell_presser
from bot.listeners.payload import pressed
from bot.nudges.policy import SnoozeOption, resolve_tz, snooze_until
from bot.request_context import Actor
from bot.safeguards import offer_update
from bot.slack_text import escape_mrkdwn, is_user_id
from bot.states import OPEN_NUDGE, NudgeKind, NudgeStatus
from bot.user_profiles import cached_locale, user_facts, user_locale
from bot.view_state import input_state, input_text
from bot.views.dates import slack_date
from bot.views.nudge_views import build_answer_modal, build_nudge_outcome
from storage import repositories as repo
from storage import steps
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


def _already(status: NudgeStatus | None, t: Translator) -> str:
    """What a press says when the prompt had moved on (another press or device got there)."""
    return t(ALREADY.get(status or "", CLOSED))


def register(app: App) -> None:
    """Attach the nudge listeners."""
    app.action(Action.NUDGE_ANSWER)(guarded(handle_answer_pressed))
    app.action(Action.NUDGE_SNOOZE_HOUR)(guarded(handle_snooze_pressed))
    app.action(Action.NUDGE_SNOOZE_TOMORROW)(guarded(handle_snooze_pressed))
    app.action(Action.NUDGE_SKIP)(guarded(handle_skip_pressed))
    app.view_submission(Callback.NUDGE_ANSWER)(guarded(handle_answer_submitted))


def _translator(
    client: WebClient, session_factory: SessionFactory, clock: Clock, actor: Actor
) -> Translator:
    """The presser's translator (after the ack: users.info may be asked)."""
    return translator(user_locale(client, session_factory, clock, **actor.who))


def _replace_buttons(
    client: WebClient, nudge, what: str, outcome: str, t: Translator, body: dict | None = None
) -> None:
    """Show in the DM what was chosen, so the buttons can't be pressed twice."""
    # A DM recorded `unknown` (Slack's answer was lost) has no ts: the press says where it is.
    container = (body or {}).get("container") or {}
    channel = nudge.channel_id or container.get("channel_id")
    ts = nudge.message_ts or container.get("message_ts")
    if channel and ts:
        text, blocks = build_nudge_outcome(
            kind=nudge.kind, what_happened=what, outcome=outcome, locale=t.locale
        )
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)


def handle_answer_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
) -> None:
    """Open the answer modal, for the author only."""
    ack()
    user_id, nudge_id = actor.user_id, pressed(body)
    t = _translator(client, session_factory, clock, actor)
    with session_factory() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id or 0, author_id=user_id)
        what = nudge.oops.what_happened if nudge else ""
    if nudge is None:
        tell_presser(client, body, t(NOT_YOURS))
        return
    if nudge.status not in OPEN_NUDGE:  # answered, skipped or snoozed meanwhile
        tell_presser(client, body, _already(nudge.status, t))
        return
    open_from_button(
        client,
        body,
        build_answer_modal(
            nudge_id=nudge.id,
            kind=nudge.kind,
            what_happened=what,
            author_id=user_id,
            locale=t.locale,
        ),
        t.locale,
    )


def handle_snooze_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
) -> None:
    """Move the nudge to later in the author's working hours and say so in the DM."""
    ack()
    user_id, nudge_id = actor.user_id, pressed(body)
    option = (
        SnoozeOption.HOUR
        if body["actions"][0]["action_id"] == Action.NUDGE_SNOOZE_HOUR
        else SnoozeOption.TOMORROW
    )
    facts = user_facts(client, session_factory, clock, **actor.who)
    tz, t = resolve_tz(facts.tz), translator(facts.locale)
    at = snooze_until(clock(), option, tz=tz, hours=settings.working_hours)
    with session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id or 0, author_id=user_id)
        if nudge is not None:
            done = repo.snooze_nudge(s, nudge_id=nudge.id, author_id=user_id, at=at)
            status = None if done else repo.nudge_status(s, nudge_id=nudge.id)
            what = nudge.oops.what_happened
    if nudge is None:
        tell_presser(client, body, t(NOT_YOURS))
        return
    # A second press (or device) changes nothing, and leaves the DM as the first press set it.
    if not done:
        tell_presser(client, body, _already(status, t))
        return
    snoozed = t(":zzz: Snoozed until {when}.", when=slack_date(at, t))
    _replace_buttons(client, nudge, what, snoozed, t, body)


def handle_skip_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
) -> None:
    """Skip this prompt; the next one still comes."""
    ack()
    user_id, nudge_id = actor.user_id, pressed(body)
    t = _translator(client, session_factory, clock, actor)
    with session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id or 0, author_id=user_id)
        if nudge is not None:
            done = repo.close_nudge(
                s, nudge_id=nudge.id, author_id=user_id, status=NudgeStatus.SKIPPED
            )
            status = None if done else repo.nudge_status(s, nudge_id=nudge.id)
            what = nudge.oops.what_happened
    if nudge is None:
        tell_presser(client, body, t(NOT_YOURS))
        return
    if not done:
        tell_presser(client, body, _already(status, t))
        return
    skipped = t("Skipped. No problem; the next check-in still comes.")
    _replace_buttons(client, nudge, what, skipped, t, body)


def _held(view: dict) -> bool:
    """Whether the follow-up answer ticked 'it's in place'."""
    got = input_state(view["state"]["values"], Block.HELD, Action.HELD)
    return bool(got.get("selected_options"))


def _answer_values(view: dict) -> tuple[str, str | None, str | None]:
    values = view["state"]["values"]
    text = input_text(values, Block.ANSWER, Action.ANSWER)
    owner = input_state(values, Block.OWNER, Action.OWNER).get("selected_user")
    due = input_state(values, Block.DUE, Action.DUE).get("selected_date")
    return text, owner, due if isinstance(due, str) or due is None else "not a date"


def handle_answer_submitted(
    ack: Ack,
    body: dict,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    metadata: dict,
) -> None:
    """Store the answer (and the prevention step) privately; refresh the DM and App Home."""
    text, owner, due_text = _answer_values(view)
    nudge_id = row_id(metadata.get("nudge_id"))
    # Errors go in the ack: the stored locale only, no users.info before answering.
    t = translator(cached_locale(session_factory, **actor.who))
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
    if owner is not None and not is_user_id(owner):
        errors[Block.OWNER] = t("Pick a person.")
    if errors:
        ack(response_action="errors", errors=errors)
        return
    now = clock()
    with session_factory.begin() as s:
        nudge = repo.get_author_nudge(s, nudge_id=nudge_id, author_id=actor.user_id)
        if nudge is None:
            ack(response_action="errors", errors={Block.ANSWER: NotAllowed().for_locale(t.locale)})
            return
        # The one check: of two submits (or two devices' forms), the first stores everything
        # below; the second stores nothing and is told so in its form.
        if repo.record_answer(s, nudge=nudge, text=text, now=now) is None:
            status = repo.nudge_status(s, nudge_id=nudge.id)
            ack(response_action="errors", errors={Block.ANSWER: _already(status, t)})
            return
        if nudge.kind == NudgeKind.PREVENTION:
            steps.add_step(
                s,
                oops_id=nudge.oops_id,
                team_id=nudge.team_id,
                author_id=nudge.author_id,
                description=text,
                owner_id=owner or actor.user_id,
                due_on=due_on,
                now=now,
            )
        done = []
        if nudge.kind == NudgeKind.FOLLOWUP and _held(view):
            done = steps.complete_open_steps(
                s, oops_id=nudge.oops_id, author_id=actor.user_id, now=now
            )
        done_ids = [a.id for a in done]
        what, team_id = nudge.oops.what_happened, nudge.team_id
    ack()
    locale = user_locale(client, session_factory, clock, team_id=team_id, user_id=actor.user_id)
    t = translator(locale)
    for step_id in done_ids:
        offer_update(
            client, session_factory, step_id=step_id, author_id=actor.user_id, locale=t.locale
        )
    answered = t(
        ":white_check_mark: Answered: _{answer}_ (only you see this)",
        answer=escape_mrkdwn(text[:200]),
    )
    _replace_buttons(client, nudge, what, answered, t)
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=actor.user_id,
        default_hours=settings.working_hours,
        locale=t.locale,
    )
