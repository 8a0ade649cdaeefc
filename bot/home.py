"""Publish a user's App Home from their own rows."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.config import WorkingHours
from bot.views.home import MAX_ANSWERS, MAX_OOPSES, build_home
from bot.views.settings import settings_summary
from storage import nudge_queue, steps
from storage import repositories as repo
from storage.db import SessionFactory
from storage.user_settings import get_prefs


def format_hours(hours: WorkingHours | None) -> str:
    """`09:00-17:00`, or `off`."""
    return "off" if hours is None else f"{hours.start:%H:%M}-{hours.end:%H:%M}"


def publish_home(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    team_id: str,
    user_id: str,
    default_hours: WorkingHours | None,
    locale: str | None = None,
) -> None:
    """Build the home tab for `user_id` (only their data), in their `locale`, and publish it."""
    with session_factory() as s:
        view = build_home(
            repo.list_oopses(s, team_id=team_id, author_id=user_id, limit=MAX_OOPSES),
            steps.list_open_steps(s, team_id=team_id, author_id=user_id),
            repo.list_answers(s, team_id=team_id, author_id=user_id, limit=MAX_ANSWERS),
            settings_line=settings_summary(
                get_prefs(s, team_id=team_id, user_id=user_id),
                format_hours(default_hours),
                locale=locale,
            ),
            locale=locale,
            stuck_checkins=nudge_queue.count_waiting_for_installation(
                s, team_id=team_id, author_id=user_id
            ),
        )
    client.views_publish(user_id=user_id, view=view)
