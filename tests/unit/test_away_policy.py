"""Who is away (their Slack status, their own date) and until when prompts wait."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.config import WorkingHours
from bot.nudges.away import (
    RECHECK_OPEN_ENDED,
    StatusAway,
    away_until_problem,
    back_at,
    deferred_due,
    is_away_status,
    read_status,
)

LONDON = ZoneInfo("Europe/London")
HOURS = WorkingHours(time(9), time(17))
# Wednesday 2026-03-04, 10:00 in London (UTC+0 then).
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "On vacation",
        "on Vacation until Monday",
        "Vacationing",
        "vacation",
        "Holiday!",
        "On holiday",
        "on holidays till the 12th",
        "Holiday in Spain",
        "OOO",
        "ooo until Tuesday",
        "OOTO",
        "Out of office",
        "out of the office, back 3 Jan",
        "PTO",
        "On leave",
        "Annual leave",
        "on parental leave",
        "Off sick",
        "Out sick",
        "sick day",
        "On sabbatical",
        "Away until 9 March",
    ],
)
def test_statuses_that_say_away(text):
    assert is_away_status(text, "")


@pytest.mark.parametrize(
    "text",
    [
        "In a meeting",
        "Commuting",
        "holidays planning doc review",
        "vacation policy review",
        "Working remotely",
        "Lunch",
        "Focus time",
        "back in 5",
        "leaves the office at 5",
        "photo shoot",  # no "ooo" in "shoot" or "pto" in "photo"
        "Looking at the leaderboard",
        "",
        "Not OOO",
        "I am not on vacation",
        "not out of office, just busy",
        "Back from holiday!",
        "no longer on leave",
    ],
)
def test_statuses_that_do_not(text):
    assert not is_away_status(text, ":spiral_calendar_pad:")


def test_holiday_emoji_is_enough_and_other_emoji_are_not():
    assert is_away_status("", ":palm_tree:")
    assert is_away_status("Brb", ":desert_island:")
    assert is_away_status(None, ":airplane:")
    assert not is_away_status("", ":bus:")
    assert not is_away_status(None, None)


def test_read_status_expiry_and_odd_shapes():
    friday = datetime(2026, 3, 6, 23, 59, tzinfo=UTC)
    profile = {"status_text": "On vacation", "status_expiration": int(friday.timestamp())}
    assert read_status(profile, NOW) == StatusAway(True, friday)
    assert read_status({**profile, "status_expiration": 0}, NOW) == StatusAway(True, None)
    past = int(datetime(2026, 3, 1, tzinfo=UTC).timestamp())
    assert read_status({**profile, "status_expiration": past}, NOW) == StatusAway(False)
    assert read_status({**profile, "status_expiration": "soon"}, NOW) == StatusAway(True, None)
    assert read_status({"status_text": "In a meeting"}, NOW) == StatusAway(False)
    assert read_status(None, NOW) == StatusAway(False)


def test_status_with_expiry_defers_to_first_working_hour_after_it():
    friday_night = datetime(2026, 3, 6, 23, 59, tzinfo=UTC)
    back = back_at(NOW, status=StatusAway(True, friday_night), away_until=None, tz=LONDON)
    assert back == friday_night
    # Friday night -> Monday 09:00 London.
    assert deferred_due(back, LONDON, HOURS) == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def test_status_without_expiry_is_looked_at_again_a_day_later():
    back = back_at(NOW, status=StatusAway(True, None), away_until=None, tz=LONDON)
    assert back == NOW + RECHECK_OPEN_ENDED
    assert deferred_due(back, LONDON, HOURS) == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def test_not_away_gives_none():
    assert back_at(NOW, status=None, away_until=None, tz=LONDON) is None
    assert back_at(NOW, status=StatusAway(False), away_until=None, tz=LONDON) is None
    yesterday = date(2026, 3, 3)
    assert back_at(NOW, status=None, away_until=yesterday, tz=LONDON) is None


def test_away_until_date_ends_at_local_midnight_and_the_later_wins():
    tokyo = ZoneInfo("Asia/Tokyo")
    back = back_at(NOW, status=None, away_until=date(2026, 3, 6), tz=tokyo)
    assert back == datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # 7 March 00:00 JST
    assert deferred_due(back, tokyo, HOURS) == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)  # Mon 9:00
    # Today is still away (the date is the last day away).
    assert back_at(NOW, status=None, away_until=date(2026, 3, 4), tz=LONDON) == datetime(
        2026, 3, 5, 0, 0, tzinfo=UTC
    )
    status = StatusAway(True, datetime(2026, 3, 20, tzinfo=UTC))
    assert back_at(NOW, status=status, away_until=date(2026, 3, 6), tz=LONDON) == status.until


def test_away_until_problem():
    today = date(2026, 3, 4)
    assert away_until_problem(today, today) is None
    assert away_until_problem(date(2027, 3, 4), today) is None
    assert away_until_problem(date(2026, 3, 3), today) == "past"
    assert away_until_problem(date(2027, 3, 5), today) == "too_far"
