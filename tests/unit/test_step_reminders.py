"""When a safeguard's due-date reminder goes: that day, in the recipient's working hours."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.config import WorkingHours
from bot.nudges.policy import due_date_reminder

NINE_TO_FIVE = WorkingHours(time(9), time(17))
BERLIN, TOKYO, UTC_ZONE = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo"), ZoneInfo("UTC")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_the_start_of_the_due_days_working_hours_in_the_recipients_zone():
    wednesday = date(2026, 3, 4)
    assert due_date_reminder(wednesday, now=MONDAY, tz=BERLIN, hours=NINE_TO_FIVE) == datetime(
        2026, 3, 4, 8, 0, tzinfo=UTC
    )
    assert due_date_reminder(wednesday, now=MONDAY, tz=TOKYO, hours=NINE_TO_FIVE) == datetime(
        2026, 3, 4, 0, 0, tzinfo=UTC
    )


def test_summer_time_moves_the_instant_not_the_local_hour():
    after_the_change = date(2026, 3, 31)  # Berlin is UTC+2 from 29 March
    at = due_date_reminder(after_the_change, now=MONDAY, tz=BERLIN, hours=NINE_TO_FIVE)
    assert at == datetime(2026, 3, 31, 7, 0, tzinfo=UTC)


def test_a_weekend_due_date_is_reminded_on_the_next_working_day():
    saturday = date(2026, 3, 7)
    at = due_date_reminder(saturday, now=MONDAY, tz=UTC_ZONE, hours=NINE_TO_FIVE)
    assert at == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def test_due_today_after_hours_or_already_past_comes_at_the_next_working_moment():
    evening = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
    assert due_date_reminder(
        date(2026, 3, 4), now=evening, tz=UTC_ZONE, hours=NINE_TO_FIVE
    ) == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    midday = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)
    assert due_date_reminder(date(2026, 3, 1), now=midday, tz=UTC_ZONE, hours=NINE_TO_FIVE) == (
        midday
    )


def test_without_working_hours_nine_in_the_morning_local():
    at = due_date_reminder(date(2026, 3, 7), now=MONDAY, tz=BERLIN, hours=None)
    assert at == datetime(2026, 3, 7, 8, 0, tzinfo=UTC)
