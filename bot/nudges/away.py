"""Whether someone is away, and until when: their Slack status or their own "away until" date.

Pure functions. Datetimes in and out are aware UTC; a date is a day on the person's own
calendar (`tz`). A prompt due while they are away waits for their first working hour after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import WorkingHours
from bot.nudges.policy import _to_instant, fit_to_working_hours

# A status that says "away" with no expiry is looked at again this much later (then each day).
RECHECK_OPEN_ENDED = timedelta(days=1)
# The furthest ahead an "away until" date may be set.
MAX_AWAY = timedelta(days=365)

# Phrases that mean away wherever they stand, British and American spellings, word-bounded and
# case-blind. "Holiday" and "vacation" alone are weaker ("holidays planning doc review" is a
# meeting): they count as the whole status, after "on", or followed by when they're back.
_ANYWHERE = (
    r"o{2,}o",  # OOO, OOOO
    r"ooto",
    r"out\s+of\s+(?:the\s+)?office",
    r"pto",
    r"(?:annual|parental|maternity|paternity|sick|medical|compassionate|bereavement|study)"
    r"\s+leave",
    r"on\s+leave",
    r"(?:off|out)\s+sick",
    r"sick\s+day",
    r"on\s+(?:a\s+)?(?:vacation|vacay|holidays?|sabbatical)",
    r"vacationing",
    r"away\s+(?:until|till|til)",
)
_REST = r"(?:vacation|vacay|holidays?|annual\s+leave|leave|sabbatical|away)"
_AWAY_TEXT = re.compile(
    r"\b(?:" + "|".join(_ANYWHERE) + r")\b"
    r"|^\W*" + _REST + r"\W*$"
    r"|\b(?:vacation|holidays?)\b\W*(?:until|till|til|through|thru|back|returning|in|at|to)\b",
    re.IGNORECASE,
)
# Slack's own "Vacationing" and "Out sick" presets, and the usual holiday and travel emoji (a
# flight in working hours is no time for a prompt either; the expiry brings it back).
AWAY_EMOJI = frozenset(
    {
        ":palm_tree:",
        ":desert_island:",
        ":beach_with_umbrella:",
        ":umbrella_on_ground:",
        ":airplane:",
        ":airplane_departure:",
        ":luggage:",
        ":face_with_thermometer:",
        ":thermometer:",
    }
)


# Just before an away phrase, words that deny it: "not OOO", "no longer on leave", "back from
# vacation", "isn't on holiday".
_DENIED = re.compile(
    r"(?:\bnot|\bno\s+longer|\bnever|n't|\bback\s+from|\breturned\s+from|\bjust\s+back\s+from)"
    r"\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)


def is_away_status(text: str | None, emoji: str | None) -> bool:
    """True when a Slack status (its text and emoji, e.g. ":palm_tree:") says "away", and the
    words just before the phrase don't deny it."""
    if isinstance(emoji, str) and emoji.strip().lower() in AWAY_EMOJI:
        return True
    if not isinstance(text, str):
        return False
    return any(
        not _DENIED.search(text[max(0, m.start() - 40) : m.start()])
        for m in _AWAY_TEXT.finditer(text)
    )


@dataclass(frozen=True)
class StatusAway:
    """What a Slack status says: `away`, and until when (None: no expiry set)."""

    away: bool
    until: datetime | None = None


def read_status(profile: object, now: datetime) -> StatusAway:
    """Read users.info `profile` (status_text, status_emoji, status_expiration in Unix seconds,
    0 = none); a status already expired, or a profile of another shape, is not away."""
    if not isinstance(profile, dict):
        return StatusAway(False)
    if not is_away_status(profile.get("status_text"), profile.get("status_emoji")):
        return StatusAway(False)
    expiration = profile.get("status_expiration")
    if isinstance(expiration, bool) or not isinstance(expiration, int | float) or expiration <= 0:
        return StatusAway(True)
    try:
        until = datetime.fromtimestamp(expiration, UTC)
    except (OverflowError, OSError, ValueError):
        return StatusAway(True)
    return StatusAway(until > now, until if until > now else None)


def back_at(
    now: datetime,
    *,
    status: StatusAway | None,
    away_until: date | None,
    tz: ZoneInfo,
) -> datetime | None:
    """When the person is back if they are away at `now`, else None.

    A status with an expiry: back then; without one: looked at again a day later. An "away
    until" date: back when that day ends in `tz`. Both: the later.
    """
    backs = []
    if status is not None and status.away and (status.until is None or status.until > now):
        backs.append(status.until or now + RECHECK_OPEN_ENDED)
    if away_until is not None and now.astimezone(tz).date() <= away_until:
        backs.append(_to_instant(away_until + timedelta(days=1), time(0), tz))
    return max(backs) if backs else None


def deferred_due(back: datetime, tz: ZoneInfo, hours: WorkingHours | None) -> datetime:
    """The first instant in the person's working hours at or after `back`."""
    return fit_to_working_hours(back, tz, hours)


def away_until_problem(day: date, today: date) -> str | None:
    """Why `day` can't be an "away until" date given the person's `today`: "past", "too_far";
    None when it can."""
    if day < today:
        return "past"
    if day > today + MAX_AWAY:
        return "too_far"
    return None
