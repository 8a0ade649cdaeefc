"""When a nudge is due: delays, the author's time zone, working hours, weekends, snooze, retries.

Pure functions. Every datetime in or out is aware UTC; local time exists only inside this module.
Durations are elapsed time (done in UTC); "next day" is calendar arithmetic on local dates, and a
local wall time becomes an instant only through `_to_instant`, which settles DST gaps and folds.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import WorkingHours
from bot.states import CHECK_INS, NudgeKind

# A claim (lease) lasts this long; then a crashed sender's nudge becomes pending again. It must
# outlast the slowest send, including slack_sdk's retries after a 429 Retry-After or a 5xx, so a
# live sender never loses its claim mid-send (which would let another replica send it twice).
LEASE = timedelta(minutes=5)

_BACKOFF_FIRST = timedelta(seconds=30)
_BACKOFF_CAP = timedelta(hours=1)
_UTC_ZONE = ZoneInfo("UTC")
_DAY_START = time(9)  # a due-date reminder's hour when working hours are `off`


class SnoozeOption(StrEnum):
    """The snooze buttons on a nudge."""

    HOUR = "1h"
    TOMORROW = "tomorrow"


def resolve_tz(name: str | None) -> ZoneInfo:
    """Return the zone for a Slack `tz` name; an empty, unknown or malformed name gives UTC."""
    if not name or not name.strip():
        return _UTC_ZONE
    try:
        return ZoneInfo(name.strip())
    # ValueError: path-like keys such as "../x"; OSError: a directory name such as "America".
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return _UTC_ZONE


def _utc(moment: datetime) -> datetime:
    """Return `moment` in UTC; refuse naive datetimes, which would silently mean server-local."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got naive {moment!r}")
    return moment.astimezone(UTC)


def _to_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """Return the first instant whose local clock in `tz` reads `wall` on `day` (or just after it).

    Ambiguous (fall-back) times give the first occurrence (fold=0). Times in a spring-forward gap
    give the end of the gap: a 02:30 start on a day that skips 02:00-03:00 becomes 03:00.
    """
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return first.astimezone(UTC)
    # In a gap fold=0 maps with the offset before the jump (an instant after it) and fold=1 with
    # the offset after (an instant before it); bisect the whole seconds between for the jump.
    before = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    after = first.astimezone(UTC)
    new_offset = after.astimezone(tz).utcoffset()
    seconds = range(int((after - before).total_seconds()) + 1)
    jumped = bisect_left(
        seconds,
        True,
        key=lambda s: (before + timedelta(seconds=s)).astimezone(tz).utcoffset() == new_offset,
    )
    return before + timedelta(seconds=jumped)


def fit_to_working_hours(moment: datetime, tz: ZoneInfo, hours: WorkingHours | None) -> datetime:
    """Return the earliest instant >= `moment` on a local weekday within [start, end) of `hours`."""
    # Each weekday's window is one interval of instants, from when the clock first reads `start`
    # to when it first reads `end`: a clock turned back an hour does not reopen a closed window.
    moment = _utc(moment)
    if hours is None:
        return moment
    today = moment.astimezone(tz).date()
    # A week always holds a weekday; the extra days cover a window wiped out by a DST gap (both
    # ends in the gap) or a skipped calendar day (Pacific/Apia, 2011-12-30).
    for offset in range(9):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        start, end = _to_instant(day, hours.start, tz), _to_instant(day, hours.end, tz)
        if start < end and moment < end:
            return max(moment, start)
    raise ValueError(f"no working-hours window within 9 days of {moment.isoformat()} in {tz}")


def schedule_nudges(
    posted_at: datetime,
    *,
    delays: Mapping[NudgeKind, timedelta],
    tz: ZoneInfo,
    hours: WorkingHours | None,
) -> list[tuple[NudgeKind, datetime]]:
    """Return (kind, due_at) for each kind in `delays`, in kind order and never decreasing."""
    posted_at = _utc(posted_at)
    schedule: list[tuple[NudgeKind, datetime]] = []
    for kind in CHECK_INS:  # the send order
        if kind not in delays:
            continue
        # Delays are elapsed time, so `off` means exactly the delay later, DST or not.
        due = fit_to_working_hours(posted_at + delays[kind], tz, hours)
        if schedule and due < schedule[-1][1]:
            due = schedule[-1][1]  # misconfigured delays must not make a prompt jump the queue
        schedule.append((kind, due))
    return schedule


def due_date_reminder(
    due_on: date, *, now: datetime, tz: ZoneInfo, hours: WorkingHours | None
) -> datetime:
    """When to remind about a step due on the local day `due_on`: the start of that day's
    working hours (09:00 with hours `off`), or the first working moment after `now` if later."""
    wall = hours.start if hours is not None else _DAY_START
    return fit_to_working_hours(max(_utc(now), _to_instant(due_on, wall, tz)), tz, hours)


def snooze_until(
    now: datetime, option: SnoozeOption, *, tz: ZoneInfo, hours: WorkingHours | None
) -> datetime:
    """Return when a nudge snoozed at `now` with `option` is due again."""
    now, option = _utc(now), SnoozeOption(option)  # also accepts the button's raw value
    if option is SnoozeOption.HOUR:
        return fit_to_working_hours(now + timedelta(hours=1), tz, hours)
    local = now.astimezone(tz)
    # TOMORROW is calendar arithmetic on the local date: 23 or 25 hours away across DST.
    wall = local.time() if hours is None else hours.start
    return fit_to_working_hours(_to_instant(local.date() + timedelta(days=1), wall, tz), tz, hours)


def retry_backoff(attempts: int) -> timedelta:
    """Return the wait after `attempts` failed sends: 30 s, doubling, at most 1 h."""
    # No random jitter: each nudge's retry is claimed by exactly one sweep under a lease, so
    # failures do not synchronise into a thundering herd, and fixed delays keep tests exact.
    doublings = min(max(attempts, 1) - 1, 8)  # 30 s * 2**7 already exceeds the cap
    return min(_BACKOFF_FIRST * 2**doublings, _BACKOFF_CAP)
