"""Events: the App Home tab."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.home import publish_home
from storage.db import SessionFactory


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event("app_home_opened")(handle_app_home_opened)


def handle_app_home_opened(
    event: dict, body: dict, client: WebClient, session_factory: SessionFactory
) -> None:
    """Show the person their own log when they open the Home tab."""
    if event.get("tab", "home") != "home":
        return
    publish_home(client, session_factory, team_id=body.get("team_id", ""), user_id=event["user"])
