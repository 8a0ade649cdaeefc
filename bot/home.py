"""Publish a user's App Home from their own rows, and show one of its lists in full."""

from __future__ import annotations

from datetime import date

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.config import WorkingHours
from bot.nudges.policy import resolve_tz
from bot.views.home import ANSWERS, MAX_ANSWERS, MAX_OOPSES, OOPSES, STEPS, build_home
from bot.views.home_lists import PAGE_SIZE, build_list_modal, page_count
from bot.views.settings import settings_summary
from storage import home_lists, nudge_queue, steps
from storage import repositories as repo
from storage.db import SessionFactory
from storage.install_key import InstallKey
from storage.user_settings import get_prefs


def format_hours(hours: WorkingHours | None) -> str:
    """`09:00-17:00`, or `off`."""
    return "off" if hours is None else f"{hours.start:%H:%M}-{hours.end:%H:%M}"


def _today(s: Session, clock: Clock | None, *, team_id: str, user_id: str) -> date | None:
    """The user's local date (their cached zone, else UTC); None without a clock."""
    if clock is None:
        return None
    profile = repo.get_profile(s, team_id=team_id, user_id=user_id)
    return clock().astimezone(resolve_tz(profile.tz if profile else None)).date()


def publish_home(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    team_id: str,
    user_id: str,
    default_hours: WorkingHours | None,
    locale: str | None = None,
    clock: Clock | None = None,
    install: InstallKey | None = None,
) -> None:
    """Build the home tab for `user_id` (only their data), in their `locale`, and publish it;
    with a `clock`, steps past their due date are marked overdue; with `install`, the rows it
    served under another team of theirs show too (a Slack Connect author's: install_key.py)."""
    mine = {"team_id": team_id, "author_id": user_id, "install": install}
    with session_factory() as s:
        # A Slack Connect author's settings and time zone are kept under their own team.
        own = repo.home_team(s, team_id=team_id, user_id=user_id, install=install)
        view = build_home(
            repo.list_oopses(s, **mine, limit=MAX_OOPSES),
            steps.list_open_steps(s, team_id=team_id, user_id=user_id, install=install),
            repo.list_answers(s, **mine, limit=MAX_ANSWERS),
            settings_line=settings_summary(
                get_prefs(s, team_id=own, user_id=user_id),
                format_hours(default_hours),
                locale=locale,
            ),
            locale=locale,
            stuck_checkins=nudge_queue.count_waiting_for_installation(s, **mine),
            viewer=user_id,
            today=_today(s, clock, team_id=own, user_id=user_id),
            totals={
                OOPSES: home_lists.count_oopses(s, **mine),
                ANSWERS: home_lists.count_answers(s, **mine),
            },
        )
    client.views_publish(user_id=user_id, view=view)


def list_view(
    session_factory: SessionFactory,
    clock: Clock,
    *,
    team_id: str,
    user_id: str,
    name: str,
    page: int,
    locale: str | None = None,
    install: InstallKey | None = None,
) -> dict:
    """Page `page` (0-based, clamped) of one Home list (`STEPS`, `OOPSES`, `ANSWERS`) as a modal,
    the viewer's rows only (with `install`, as publish_home)."""
    mine = {"team_id": team_id, "author_id": user_id, "install": install}
    with session_factory() as s:
        if name == STEPS:
            every = steps.list_open_steps(s, team_id=team_id, user_id=user_id, install=install)
            total = len(every)
        elif name == OOPSES:
            total = home_lists.count_oopses(s, **mine)
        else:
            name, total = ANSWERS, home_lists.count_answers(s, **mine)
        page = min(max(page, 0), page_count(total) - 1)
        own = repo.home_team(s, team_id=team_id, user_id=user_id, install=install)
        window = {"offset": page * PAGE_SIZE, "limit": PAGE_SIZE}
        if name == STEPS:
            rows = every[window["offset"] : window["offset"] + PAGE_SIZE]
        elif name == OOPSES:
            rows = repo.list_oopses(s, **mine, **window)
        else:
            rows = repo.list_answers(s, **mine, **window)
        return build_list_modal(
            name,
            rows,
            page=page,
            total=total,
            viewer=user_id,
            today=_today(s, clock, team_id=own, user_id=user_id),
            locale=locale,
        )
