"""A person's settings applied on top of the app's: working hours, cadence, kind words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import ConfigError, Settings, WorkingHours, parse_working_hours
from bot.nudges.policy import fit_to_working_hours, schedule_nudges
from bot.states import NudgeKind, Severity
from storage.user_settings import Prefs


def effective_hours(prefs: Prefs, settings: Settings) -> WorkingHours | None:
    """The person's own working hours if they set valid ones, else the app's."""
    if prefs.working_hours:
        try:
            return parse_working_hours(prefs.working_hours)
        except ConfigError:
            pass  # stored before validation tightened: fall back rather than fail a post
    return settings.working_hours


def plan_nudges(
    now: datetime, *, severity: str, prefs: Prefs, settings: Settings, tz: ZoneInfo
) -> list[tuple[NudgeKind, datetime]]:
    """(kind, due) of every prompt for a new oops: the three check-ins, and a kind word after a
    serious one unless the person turned those off."""
    hours = effective_hours(prefs, settings)
    base = {
        NudgeKind.REFLECTION: settings.reflection_delay,
        NudgeKind.PREVENTION: settings.prevention_delay,
        NudgeKind.FOLLOWUP: settings.followup_delay,
    }
    delays = {kind: delay * prefs.cadence for kind, delay in base.items()}
    planned = schedule_nudges(now, delays=delays, tz=tz, hours=hours)
    if severity == Severity.SERIOUS and prefs.kind_words:
        kind_word = fit_to_working_hours(now + settings.kind_word_delay, tz, hours)
        planned.append((NudgeKind.KINDNESS, kind_word))
    return planned
