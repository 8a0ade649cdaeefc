"""Typing in the app's DM: a check-in answer, or help; and Undo. The work is in
bot/typed_replies.py."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.ids import Action
from bot.listeners.guard import guarded
from bot.listeners.notes import tell_presser
from bot.listeners.payload import pressed_in
from bot.request_context import Actor
from bot.stored import SessionFactory
from bot.typed_replies import take_typed_reply, typed_message, undo_typed_answer


def register(app: App) -> None:
    """Attach the typed-reply listeners."""
    # Every message event (subtypes too) is acked here; typed_message picks what to take.
    app.event("message")(guarded(handle_message))
    app.action(Action.UNDO_TYPED)(guarded(handle_undo_pressed))


def handle_message(
    ack: Ack,
    body: dict,
    event: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
) -> None:
    """A message in the app's DM answers the person's latest open check-in (or gets help)."""
    ack()
    message = typed_message(body, event)
    if message is not None:
        take_typed_reply(client, session_factory, clock, settings, message=message)


def handle_undo_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
) -> None:
    """Take back a typed answer and reopen its check-in; only its writer can."""
    ack()
    note = undo_typed_answer(
        client,
        session_factory,
        clock,
        settings,
        **actor.who,
        message_ts=body["actions"][0]["value"],
        pressed_in=pressed_in(body),
    )
    if note is not None:
        tell_presser(client, body, note)
