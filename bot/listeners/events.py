"""Events: the App Home tab, and cleaning up when a workspace removes the app."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.config import Settings
from bot.home import publish_home
from bot.language import Language
from bot.listeners.guard import guarded
from bot.request_context import Actor
from bot.stored import SessionFactory
from bot.uninstall import removed_installation, stop_installation
from bot.workspaces import installation_key

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event("app_home_opened")(guarded(handle_app_home_opened))
    app.event("app_uninstalled")(guarded(handle_app_uninstalled))
    app.event("tokens_revoked")(guarded(handle_tokens_revoked))


def handle_app_home_opened(
    event: dict,
    context: BoltContext,
    client: WebClient,
    session_factory: SessionFactory,
    settings: Settings,
    clock: Clock,
    actor: Actor | None,
    language: Language | None,
) -> None:
    """Show the person their own log, in their language, when they open the Home tab. The
    event names the installation's team, not a Slack Connect author's own: the installation
    finds their rows too."""
    if event.get("tab", "home") != "home" or actor is None or language is None:
        log.info("app_home_opened ignored: no valid user or team")
        return
    team_id, user_id = actor.team_id, actor.user_id
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=user_id,
        default_hours=settings.working_hours,
        locale=language.fresh.locale,
        clock=clock,
        install=installation_key(context),
    )


def _stop_workspace(body: dict, session_factory: SessionFactory, store, clock: Clock) -> None:
    key = removed_installation(body)
    if key is None:
        log.info("workspace removal ignored: no valid team or enterprise id")
        return
    stop_installation(session_factory, store, clock, key=key)


def handle_app_uninstalled(
    body: dict, session_factory: SessionFactory, installation_store, clock: Clock
) -> None:
    """The app was removed: cancel the installation's pending nudges and drop its tokens."""
    _stop_workspace(body, session_factory, installation_store, clock)


def _our_bot_user(client: WebClient, installation_store, body: dict) -> str | None:
    """Our bot's user id in the event's workspace; None when Slack no longer tells us (as
    when our own token is the one revoked). Bolt skips auth.test for this event."""
    if installation_store is not None:
        key = removed_installation(body)
        if key is None:
            return None
        bot = installation_store.find_bot(
            enterprise_id=key.enterprise_id,
            team_id=key.team_id,
            is_enterprise_install=key.is_enterprise_install,
        )
        return bot.bot_user_id if bot is not None else None
    try:
        return client.auth_test().get("user_id")
    except (SlackApiError, OSError):
        return None


def handle_tokens_revoked(
    event: dict,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    installation_store,
    clock: Clock,
) -> None:
    """Our bot's token revoked: nothing more can be sent there, so stop trying.

    `tokens.bot` lists the bot user ids whose tokens went; another app's bot is not ours.
    """
    tokens = event.get("tokens")
    revoked = tokens.get("bot") if isinstance(tokens, dict) else None
    if not isinstance(revoked, list) or not revoked:
        return
    ours = _our_bot_user(client, installation_store, body)
    if ours and ours not in revoked:
        log.info("tokens_revoked for another bot ignored")
        return
    _stop_workspace(body, session_factory, installation_store, clock)
