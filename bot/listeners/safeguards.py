"""Prevention steps: marking them done, and telling the affected people the fix is in."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.home import publish_home
from bot.i18n import N_
from bot.ids import Action
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.notes import presser_channel, tell_presser
from bot.listeners.payload import pressed
from bot.request_context import Actor
from bot.safeguards import UpdateStatus, complete_step, offer_update, post_thread_update
from bot.stored import SessionFactory
from bot.views.safeguards import build_update_done

NOT_YOURS = N_("That safeguard belongs to someone else, so there's nothing for you to do here.")


def register(app: App) -> None:
    """Attach the safeguard listeners."""
    app.action(Action.STEP_DONE)(guarded(handle_step_done))
    app.action(Action.POST_FOLLOWUP)(guarded(handle_post_update))


def handle_step_done(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
) -> None:
    """Mark the author's own prevention step done, refresh Home, offer the thread update."""
    ack()
    team_id, user_id, step_id = actor.team_id, actor.user_id, pressed(body)
    t = language.fresh
    locale = t.locale
    done = complete_step(session_factory, clock, step_id=step_id, author_id=user_id)
    if done is None:
        client.chat_postMessage(channel=user_id, text=t(NOT_YOURS))
        return
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=user_id,
        default_hours=settings.working_hours,
        locale=locale,
    )
    if done:  # a second press (another device, a double click) offers nothing again
        offer_update(client, session_factory, step_id=step_id, author_id=user_id, locale=locale)


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
