"""Prevention steps: done (author or owner), "not mine", reassigning, and the thread update."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import N_
from bot.ids import Action, Block, Callback
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.listeners.notes import presser_channel, tell_presser
from bot.listeners.payload import pressed, pressed_in
from bot.people import refuse_unreachable_owner
from bot.request_context import Actor
from bot.safeguards import UpdateStatus, post_thread_update
from bot.slack_text import is_user_id
from bot.step_followup import (
    NOT_YOURS,
    decline_step,
    finish_step,
    reassign_form,
    reassign_step,
    show_reassigned,
)
from bot.stored import SessionFactory
from bot.view_metadata import ReassignMeta
from bot.view_state import input_state
from bot.views.safeguards import build_update_done


def register(app: App) -> None:
    """Attach the safeguard listeners."""
    app.action(Action.STEP_DONE)(guarded(handle_step_pressed))
    app.action(Action.STEP_NOT_MINE)(guarded(handle_step_pressed))
    app.action(Action.STEP_REASSIGN)(guarded(handle_reassign_pressed))
    app.view_submission(Callback.STEP_REASSIGN)(guarded(handle_reassign_submitted))
    app.action(Action.POST_FOLLOWUP)(guarded(handle_post_update))


def handle_step_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
) -> None:
    """Done (author or owner) or Not mine (the owner passes it back to the author to reassign);
    anyone else is told it isn't theirs."""
    ack()
    service = (
        decline_step if body["actions"][0]["action_id"] == Action.STEP_NOT_MINE else finish_step
    )
    note = service(
        client,
        session_factory,
        clock,
        settings,
        **actor.who,
        step_id=pressed(body),
        pressed_in=pressed_in(body),
        t=language.fresh,
    )
    if note is not None:
        tell_presser(client, body, note)


def handle_reassign_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
) -> None:
    """Open the reassign modal, for the step's author only."""
    ack()
    form = reassign_form(client, session_factory, clock, **actor.who, step_id=pressed(body))
    if form.note is not None:
        tell_presser(client, body, form.note)
    else:
        open_from_button(client, body, form.modal, form.locale)


def handle_reassign_submitted(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
    metadata: ReassignMeta,
) -> None:
    """Give the step to the person picked; errors go in the ack."""
    new_owner = input_state(view["state"]["values"], Block.NEW_OWNER, Action.NEW_OWNER).get(
        "selected_user"
    )
    t = language.cached  # answered in the ack: no users.info first
    locale = t.locale
    if not is_user_id(new_owner):
        ack(response_action="errors", errors={Block.NEW_OWNER: t(PICK)})
        return
    refused = refuse_unreachable_owner(client, new_owner, locale)
    if refused:
        ack(response_action="errors", errors={Block.NEW_OWNER: refused})
        return
    done = reassign_step(
        session_factory,
        clock,
        settings,
        user_id=actor.user_id,
        step_id=metadata.step_id,
        new_owner=new_owner,
        locale=locale,
    )
    if isinstance(done, str):
        ack(response_action="errors", errors={Block.NEW_OWNER: done})
        return
    ack()
    show_reassigned(client, session_factory, clock, settings, reassigned=done)


PICK = N_("Pick a person.")
ALREADY_POSTED = N_("The update is already in the thread.")
NOT_POSTED = N_("Slack didn't take the update just now, so nothing was posted. Please press again.")
UNCONFIRMED = N_(
    "Slack didn't confirm the update in time. Please look in the thread before posting anything "
    "more: it may well be there."
)


def handle_post_update(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
) -> None:
    """Post 'the safeguard is in place' in the oops's thread once, for the author only."""
    ack()
    user_id, step_id = actor.user_id, pressed(body)
    t = language.fresh
    locale = t.locale
    result = post_thread_update(
        client, session_factory, clock, step_id=step_id, author_id=user_id, locale=locale
    )
    notes = {
        UpdateStatus.NOT_YOURS: NOT_YOURS,
        UpdateStatus.ALREADY: ALREADY_POSTED,
        UpdateStatus.REFUSED: NOT_POSTED,
        UpdateStatus.UNCONFIRMED: UNCONFIRMED,
    }
    if result.status in notes:
        tell_presser(client, body, t(notes[result.status]))
        return
    done_text, done_blocks = build_update_done(result.link, locale)
    message = body.get("message") or {}
    if message.get("ts") and presser_channel(body):
        client.chat_update(
            channel=presser_channel(body), ts=message["ts"], text=done_text, blocks=done_blocks
        )
