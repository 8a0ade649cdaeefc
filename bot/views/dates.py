"""Dates in the reader's language: Slack date tokens and plain calendar days."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_skeleton

from bot.i18n import Translator


def slack_date(moment: datetime, t: Translator) -> str:
    """A date Slack shows in each reader's own time zone."""
    stamp = int(moment.timestamp())
    # Slack fills in its own tokens; only the words around them are ours.
    shown = t("{date} at {time}", date="{date_short_pretty}", time="{time}")
    return f"<!date^{stamp}^{shown}|{moment:%Y-%m-%d %H:%M} UTC>"


def calendar_day(day: date, t: Translator) -> str:
    """A day with its weekday, e.g. "Mon, Mar 9" or "3月9日周一"."""
    return format_skeleton("MMMEd", day, locale="en" if t.is_english else t.locale)
