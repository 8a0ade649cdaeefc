"""Personal settings, opened from the App Home tab; the work is in bot/personal_settings.py."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.ids import Action, Callback
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.personal_settings import local_today, parse_settings, save_settings, settings_modal
from bot.request_context import Actor
from bot.stored import SessionFactory


def register(app: App) -> None:
    """Attach the settings listeners."""
    app.action(Action.OPEN_SETTINGS)(guarded(handle_open_settings))
    app.view_submission(Callback.SETTINGS)(guarded(handle_settings_saved))


def handle_open_settings(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
) -> None:
    """Open the settings modal with the person's current choices."""
    ack()
    locale = language.fresh.locale
    modal = settings_modal(session_factory, clock, settings, **actor.who, locale=locale)
    open_from_button(client, body, modal, locale)


def handle_settings_saved(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
) -> None:
    """Validate, store (pausing or resuming queued check-ins), and refresh the Home tab."""
    # Errors go in the ack: the stored locale only, no users.info before answering.
    locale = language.cached.locale
    today = local_today(session_factory, clock, **actor.who)
    prefs, errors = parse_settings(view["state"]["values"], locale, today=today)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    save_settings(client, session_factory, clock, settings, **actor.who, prefs=prefs, locale=locale)
