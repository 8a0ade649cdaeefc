"""Services for a person's own settings: reading the form, showing and saving their choices."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import ConfigError, Settings, parse_working_hours
from bot.home import format_hours, publish_home
from bot.i18n import translator
from bot.ids import Action, Block
from bot.view_state import input_choice, input_state, input_text
from bot.views.settings import CADENCE_VALUES, KIND_WORDS, PAUSED, build_settings_modal
from storage.db import SessionFactory
from storage.user_settings import Prefs, get_prefs, save_prefs


def settings_modal(
    session_factory: SessionFactory,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    locale: str | None,
) -> dict:
    """The settings modal with the person's current choices."""
    with session_factory() as s:
        prefs = get_prefs(s, team_id=team_id, user_id=user_id)
    return build_settings_modal(prefs, format_hours(settings.working_hours), locale)


def parse_settings(values: dict, locale: str | None = None) -> tuple[Prefs, dict[str, str]]:
    """Prefs from the modal's state, and errors by block for anything invalid."""
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
    prefs = Prefs(
        working_hours=hours,
        cadence=CADENCE_VALUES.get(cadence, 1.0),
        paused=PAUSED in ticked,
        kind_words=KIND_WORDS in ticked,
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
