"""Nudge buttons (answer, snooze, skip) and the answer modal; the work is in bot/checkins.py."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.checkins import (
    answer_errors,
    answer_form,
    record_checkin_answer,
    show_answered,
    skip_checkin,
    snooze_checkin,
)
from bot.clock import Clock
from bot.config import Settings
from bot.ids import Action, Block, Callback
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.listeners.notes import tell_presser
from bot.listeners.payload import pressed, pressed_in
from bot.nudges.policy import SnoozeOption
from bot.people import refuse_unreachable_owner
from bot.request_context import Actor
from bot.stored import SessionFactory
from bot.view_metadata import AnswerMeta
from bot.view_state import input_state, input_text


def register(app: App) -> None:
    """Attach the nudge listeners."""
    app.action(Action.NUDGE_ANSWER)(guarded(handle_answer_pressed))
    app.action(Action.NUDGE_SNOOZE_HOUR)(guarded(handle_snooze_pressed))
    app.action(Action.NUDGE_SNOOZE_TOMORROW)(guarded(handle_snooze_pressed))
    app.action(Action.NUDGE_SKIP)(guarded(handle_skip_pressed))
    app.view_submission(Callback.NUDGE_ANSWER)(guarded(handle_answer_submitted))


def handle_answer_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    actor: Actor,
    language: Language,
) -> None:
    """Open the answer modal, for the author only."""
    ack()
    nudge_id = pressed(body)
    form = answer_form(
        session_factory,
        author_id=actor.user_id,
        nudge_id=nudge_id,
        t=language.fresh,
        pressed_in=pressed_in(body),
    )
    if form.note is not None:
        tell_presser(client, body, form.note)
    else:
        open_from_button(client, body, form.modal, form.locale)


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
    option = (
        SnoozeOption.HOUR
        if body["actions"][0]["action_id"] == Action.NUDGE_SNOOZE_HOUR
        else SnoozeOption.TOMORROW
    )
    note = snooze_checkin(
        client,
        session_factory,
        clock,
        settings,
        team_id=actor.team_id,
        author_id=actor.user_id,
        nudge_id=pressed(body),
        option=option,
        pressed_in=pressed_in(body),
    )
    if note is not None:
        tell_presser(client, body, note)


def handle_skip_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    actor: Actor,
    language: Language,
) -> None:
    """Skip this prompt; the next one still comes."""
    ack()
    note = skip_checkin(
        client,
        session_factory,
        author_id=actor.user_id,
        nudge_id=pressed(body),
        pressed_in=pressed_in(body),
        t=language.fresh,
    )
    if note is not None:
        tell_presser(client, body, note)


def _answer_values(view: dict) -> tuple[str, str | None, str | None, bool]:
    """(answer, owner, due date text, whether a follow-up ticked 'it's in place')."""
    values = view["state"]["values"]
    text = input_text(values, Block.ANSWER, Action.ANSWER)
    owner = input_state(values, Block.OWNER, Action.OWNER).get("selected_user")
    due = input_state(values, Block.DUE, Action.DUE).get("selected_date")
    held = bool(input_state(values, Block.HELD, Action.HELD).get("selected_options"))
    return text, owner, due if isinstance(due, str) or due is None else "not a date", held


def handle_answer_submitted(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
    metadata: AnswerMeta,
) -> None:
    """Store the answer (and the prevention step) privately; refresh the DM and App Home."""
    text, owner, due_text, held = _answer_values(view)
    # Errors go in the ack: the stored locale only, no users.info before answering.
    t = language.cached
    errors, due_on = answer_errors(text, owner, due_text, t, today=clock().date())
    if not errors and owner and owner != actor.user_id:
        refused = refuse_unreachable_owner(client, owner, t.locale)
        if refused:
            errors = {Block.OWNER: refused}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    answered = record_checkin_answer(
        session_factory,
        clock,
        settings,
        author_id=actor.user_id,
        nudge_id=metadata.nudge_id,
        text=text,
        owner=owner,
        due_on=due_on,
        held=held,
        t=t,
    )
    if isinstance(answered, str):
        ack(response_action="errors", errors={Block.ANSWER: answered})
        return
    ack()
    show_answered(
        client,
        session_factory,
        clock,
        settings,
        answered=answered,
        author_id=actor.user_id,
        text=text,
        pressed_in=(metadata.channel_id, metadata.message_ts),
    )
