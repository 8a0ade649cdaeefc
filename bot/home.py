"""Publish a user's App Home from their own rows."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.views.home import MAX_ANSWERS, MAX_OOPSES, build_home
from storage import repositories as repo
from storage.db import SessionFactory


def publish_home(
    client: WebClient, session_factory: SessionFactory, *, team_id: str, user_id: str
) -> None:
    """Build the home tab for `user_id` (only their data) and publish it."""
    with session_factory() as s:
        view = build_home(
            repo.list_oopses(s, team_id=team_id, author_id=user_id, limit=MAX_OOPSES),
            repo.list_open_actions(s, team_id=team_id, author_id=user_id),
            repo.list_answers(s, team_id=team_id, author_id=user_id, limit=MAX_ANSWERS),
        )
    client.views_publish(user_id=user_id, view=view)
