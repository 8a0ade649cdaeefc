"""Events: the App Home tab, and cleaning up when a workspace removes the app."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import Settings
from bot.home import publish_home
from bot.user_profiles import user_locale
from storage.db import SessionFactory
from storage.privacy import forget_team

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event("app_home_opened")(handle_app_home_opened)
    app.event("app_uninstalled")(handle_app_uninstalled)
    app.event("tokens_revoked")(handle_tokens_revoked)


def handle_app_home_opened(
    event: dict,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
) -> None:
    """Show the person their own log, in their language, when they open the Home tab."""
    if event.get("tab", "home") != "home":
        return
    team_id, user_id = body.get("team_id", ""), event["user"]
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=user_id,
        default_hours=settings.working_hours,
        locale=user_locale(client, session_factory, clock, team_id=team_id, user_id=user_id),
    )


def _stop_workspace(body: dict, session_factory: SessionFactory, store) -> None:
    team_id = body.get("team_id", "")
    with session_factory.begin() as s:
        cancelled = forget_team(s, team_id=team_id)
    if store is not None:
        # Tokens are useless now; keeping them would only be a liability.
        store.delete_all(enterprise_id=body.get("enterprise_id"), team_id=team_id)
    log.info("workspace removed the app team=%s nudges_cancelled=%d", team_id, cancelled)


def handle_app_uninstalled(body: dict, session_factory: SessionFactory, installation_store) -> None:
    """The app was removed: cancel the workspace's pending nudges and drop its tokens."""
    _stop_workspace(body, session_factory, installation_store)


def handle_tokens_revoked(
    event: dict, body: dict, session_factory: SessionFactory, installation_store
) -> None:
    """Bot tokens revoked: nothing more can be sent there, so stop trying."""
    if (event.get("tokens") or {}).get("bot"):
        _stop_workspace(body, session_factory, installation_store)
