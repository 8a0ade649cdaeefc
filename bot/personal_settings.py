"""Services for a person's own settings: reading the form, showing and saving their choices."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import ConfigError, Settings, parse_working_hours
from bot.home import format_hours, publish_home
from bot.i18n import N_, translator
from bot.ids import Action, Block
from bot.nudges.away import away_until_problem
from bot.nudges.policy import resolve_tz
from bot.user_profiles import cached_tz
from bot.view_state import input_choice, input_state, input_text
from bot.views.settings import CADENCE_VALUES, KIND_WORDS, PAUSED, build_settings_modal
from storage.db import SessionFactory
from storage.user_settings import Prefs, get_prefs, save_prefs


def local_today(
    session_factory: SessionFactory, clock: Clock, *, team_id: str, user_id: str
) -> date:
    """Today on the person's calendar (their cached time zone; UTC when unknown)."""
    tz = resolve_tz(cached_tz(session_factory, team_id=team_id, user_id=user_id))
    return clock().astimezone(tz).date()


def settings_modal(
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    locale: str | None,
) -> dict:
    """The settings modal with the person's current choices (an away date gone by: none)."""
    with session_factory() as s:
        prefs = get_prefs(s, team_id=team_id, user_id=user_id)
    today = local_today(session_factory, clock, team_id=team_id, user_id=user_id)
    if prefs.away_until is not None and prefs.away_until < today:
        prefs = replace(prefs, away_until=None)
    return build_settings_modal(prefs, format_hours(settings.working_hours), locale)


AWAY_ERRORS = {
    "past": N_("Pick today or a later day (or clear it if you're back)."),
    "too_far": N_("Pick a day within a year from today."),
    "not_a_date": N_("Pick a date."),
}


def _away_until(values: dict, today: date) -> tuple[date | None, str | None]:
    """The "away until" date picked (None: none), and what is wrong with it."""
    picked = input_state(values, Block.AWAY_UNTIL, Action.AWAY_UNTIL).get("selected_date")
    if picked is None or picked == "":
        return None, None
    try:
        day = date.fromisoformat(picked) if isinstance(picked, str) else None
    except ValueError:
        day = None
    if day is None:
        return None, "not_a_date"
    return day, away_until_problem(day, today)


def parse_settings(
    values: dict, locale: str | None = None, *, today: date
) -> tuple[Prefs, dict[str, str]]:
    """Prefs from the modal's state, and errors by block for anything invalid; `today` is the
    person's own date (an "away until" date may not be before it, nor a year after)."""
    t = translator(locale)

    hours = input_text(values, Block.HOURS, Action.HOURS).lower() or None
    errors: dict[str, str] = {}
    if hours and hours != "off":
        try:
            parse_working_hours(hours)
        except ConfigError:
            errors[Block.HOURS] = t("Write it like 09:00-17:00 (start before end), or 'off'.")
    cadence = input_choice(values, Block.CADENCE, Action.CADENCE)
    if cadence not in CADENCE_VALUES:
        errors[Block.CADENCE] = t("Pick one.")
    ticked = {
        o.get("value")
        for o in input_state(values, Block.OPTIONS, Action.OPTIONS).get("selected_options") or []
        if isinstance(o, dict)
    }
    away_until, problem = _away_until(values, today)
    if problem:
        errors[Block.AWAY_UNTIL] = t(AWAY_ERRORS[problem])
    prefs = Prefs(
        working_hours=hours,
        cadence=CADENCE_VALUES.get(cadence, 1.0),
        paused=PAUSED in ticked,
        kind_words=KIND_WORDS in ticked,
        away_until=away_until,
    )
    return prefs, errors


def save_settings(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    prefs: Prefs,
    locale: str | None,
) -> None:
    """Store the choices (pausing or resuming queued check-ins) and refresh the Home tab."""
    with session_factory.begin() as s:
        save_prefs(s, team_id=team_id, user_id=user_id, prefs=prefs, now=clock())
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=user_id,
        default_hours=settings.working_hours,
        locale=locale,
        clock=clock,
    )
