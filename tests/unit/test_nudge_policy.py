"""Nudge timing policy: working hours in the author's zone, weekends, DST, snooze, backoff."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import WorkingHours
from bot.nudges.policy import (
    CHECK_INS,
    LEASE,
    NudgeKind,
    SnoozeOption,
    _to_instant,
    fit_to_working_hours,
    resolve_tz,
    retry_backoff,
    schedule_nudges,
    snooze_until,
)

NINE_TO_FIVE = WorkingHours(time(9), time(17))
EARLY = WorkingHours(time(2, 30), time(17))  # starts inside the 02:00-03:00 spring-forward gap
DEFAULT_DELAYS = {
    NudgeKind.REFLECTION: timedelta(days=1),
    NudgeKind.PREVENTION: timedelta(days=3),
    NudgeKind.FOLLOWUP: timedelta(days=14),
}


def utc(*args: int) -> datetime:
    """Build an aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


# (case, zone, working hours, moment, expected); every expected value worked out by hand in UTC.
FIT_CASES = [
    # UTC, Monday 2024-07-08 .. Sunday 2024-07-14
    ("inside", "UTC", NINE_TO_FIVE, utc(2024, 7, 8, 10), utc(2024, 7, 8, 10)),
    ("at start", "UTC", NINE_TO_FIVE, utc(2024, 7, 8, 9), utc(2024, 7, 8, 9)),
    (
        "last microsecond",
        "UTC",
        NINE_TO_FIVE,
        utc(2024, 7, 8, 16, 59, 59, 999999),
        utc(2024, 7, 8, 16, 59, 59, 999999),
    ),
    ("before start", "UTC", NINE_TO_FIVE, utc(2024, 7, 8, 8, 59), utc(2024, 7, 8, 9)),
    ("just after midnight", "UTC", NINE_TO_FIVE, utc(2024, 7, 9, 0, 1), utc(2024, 7, 9, 9)),
    ("at end is outside", "UTC", NINE_TO_FIVE, utc(2024, 7, 8, 17), utc(2024, 7, 9, 9)),
    ("evening", "UTC", NINE_TO_FIVE, utc(2024, 7, 8, 23), utc(2024, 7, 9, 9)),
    ("friday evening", "UTC", NINE_TO_FIVE, utc(2024, 7, 12, 17, 30), utc(2024, 7, 15, 9)),
    ("saturday", "UTC", NINE_TO_FIVE, utc(2024, 7, 13, 12), utc(2024, 7, 15, 9)),
    ("sunday night", "UTC", NINE_TO_FIVE, utc(2024, 7, 14, 23, 59), utc(2024, 7, 15, 9)),
    # Auckland, NZST +12: the local weekday is not the UTC weekday
    (
        "nz friday evening",
        "Pacific/Auckland",
        NINE_TO_FIVE,
        utc(2024, 6, 7, 6),
        utc(2024, 6, 9, 21),
    ),
    (
        "nz saturday while utc friday",
        "Pacific/Auckland",
        NINE_TO_FIVE,
        utc(2024, 6, 7, 22),
        utc(2024, 6, 9, 21),
    ),
    (
        "nz monday early while utc sunday",
        "Pacific/Auckland",
        NINE_TO_FIVE,
        utc(2024, 6, 9, 20),
        utc(2024, 6, 9, 21),
    ),
    (
        "nz monday inside while utc sunday",
        "Pacific/Auckland",
        NINE_TO_FIVE,
        utc(2024, 6, 9, 22),
        utc(2024, 6, 9, 22),
    ),
    # Los Angeles, PDT -7
    (
        "la friday afternoon while utc saturday",
        "America/Los_Angeles",
        NINE_TO_FIVE,
        utc(2024, 7, 5, 23, 30),
        utc(2024, 7, 5, 23, 30),
    ),
    (
        "la friday evening",
        "America/Los_Angeles",
        NINE_TO_FIVE,
        utc(2024, 7, 6, 0, 30),
        utc(2024, 7, 8, 16),
    ),
    (
        "la monday early",
        "America/Los_Angeles",
        NINE_TO_FIVE,
        utc(2024, 7, 8, 15),
        utc(2024, 7, 8, 16),
    ),
    # Kolkata, +05:30
    (
        "kolkata before start",
        "Asia/Kolkata",
        NINE_TO_FIVE,
        utc(2024, 7, 8, 3),
        utc(2024, 7, 8, 3, 30),
    ),
    (
        "kolkata last second",
        "Asia/Kolkata",
        NINE_TO_FIVE,
        utc(2024, 7, 8, 11, 29, 59),
        utc(2024, 7, 8, 11, 29, 59),
    ),
    (
        "kolkata at end",
        "Asia/Kolkata",
        NINE_TO_FIVE,
        utc(2024, 7, 8, 11, 30),
        utc(2024, 7, 9, 3, 30),
    ),
    # Berlin: spring forward Sun 2024-03-31 (CET +1 -> CEST +2); Monday 09:00 is 07:00 UTC
    (
        "berlin weekend over spring forward",
        "Europe/Berlin",
        NINE_TO_FIVE,
        utc(2024, 3, 29, 16, 30),
        utc(2024, 4, 1, 7),
    ),
    (
        "berlin early start over spring forward",
        "Europe/Berlin",
        EARLY,
        utc(2024, 3, 29, 16, 30),
        utc(2024, 4, 1, 0, 30),
    ),
    # Berlin: fall back Sun 2024-10-27 (CEST -> CET); Monday 09:00 is 08:00 UTC
    (
        "berlin weekend over fall back",
        "Europe/Berlin",
        NINE_TO_FIVE,
        utc(2024, 10, 25, 16),
        utc(2024, 10, 28, 8),
    ),
    # New York: spring forward Sun 2024-03-10 (EST -5 -> EDT -4), fall back Sun 2024-11-03
    (
        "ny weekend over spring forward",
        "America/New_York",
        NINE_TO_FIVE,
        utc(2024, 3, 8, 23),
        utc(2024, 3, 11, 13),
    ),
    (
        "ny weekend over fall back",
        "America/New_York",
        NINE_TO_FIVE,
        utc(2024, 11, 1, 22),
        utc(2024, 11, 4, 14),
    ),
    # Jerusalem springs forward on a weekday: Fri 2024-03-29 02:00 IST (+2) -> 03:00 IDT (+3)
    ("start in gap on a weekday", "Asia/Jerusalem", EARLY, utc(2024, 3, 28, 21), utc(2024, 3, 29)),
    (
        "inside on gap day",
        "Asia/Jerusalem",
        EARLY,
        utc(2024, 3, 29, 0, 15),
        utc(2024, 3, 29, 0, 15),
    ),
    (
        "window wholly in gap is skipped",
        "Asia/Jerusalem",
        WorkingHours(time(2, 10), time(2, 50)),
        utc(2024, 3, 28, 20),
        utc(2024, 3, 31, 23, 10),
    ),
    # Tehran fell back on a weekday: Tue 2021-09-21 24:00 +04:30 -> 23:00 +03:30
    (
        "first pass of repeated hour",
        "Asia/Tehran",
        WorkingHours(time(9), time(23, 30)),
        utc(2021, 9, 21, 18, 50),
        utc(2021, 9, 21, 18, 50),
    ),
    (
        "repeated hour does not reopen a closed window",
        "Asia/Tehran",
        WorkingHours(time(9), time(23, 30)),
        utc(2021, 9, 21, 19, 45),
        utc(2021, 9, 22, 5, 30),
    ),
    # Samoa skipped Fri 2011-12-30 entirely (-10 -> +14); next window is Mon 2012-01-02 09:00 +14
    (
        "skipped calendar day",
        "Pacific/Apia",
        NINE_TO_FIVE,
        utc(2011, 12, 30, 4),
        utc(2012, 1, 1, 19),
    ),
]


@pytest.mark.parametrize(
    ("zone", "hours", "moment", "expected"),
    [case[1:] for case in FIT_CASES],
    ids=[case[0] for case in FIT_CASES],
)
def test_fit_to_working_hours(
    zone: str, hours: WorkingHours, moment: datetime, expected: datetime
) -> None:
    result = fit_to_working_hours(moment, ZoneInfo(zone), hours)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize("moment", [utc(2024, 7, 13, 3, 7), utc(2024, 3, 31, 1, 30)])
def test_fit_without_working_hours_is_exact(moment: datetime) -> None:
    assert fit_to_working_hours(moment, ZoneInfo("Europe/Berlin"), None) == moment


def test_fit_converts_other_aware_input_to_utc() -> None:
    moment = datetime(2024, 7, 8, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # 08:00 UTC, before 9 UTC
    result = fit_to_working_hours(moment, ZoneInfo("UTC"), NINE_TO_FIVE)
    assert result == utc(2024, 7, 8, 9)
    assert result.tzinfo is UTC


def test_fit_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        fit_to_working_hours(datetime(2024, 7, 8, 10), ZoneInfo("UTC"), NINE_TO_FIVE)


def _brute_force(moment: datetime, tz: ZoneInfo, hours: WorkingHours) -> datetime:
    """Step minute by minute until the local clock is on a weekday inside the window."""
    candidate = moment
    while True:
        local = candidate.astimezone(tz)
        if local.weekday() < 5 and hours.start <= local.time() < hours.end:
            return candidate
        candidate = (candidate + timedelta(minutes=1)).replace(second=0, microsecond=0)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Berlin", utc(2024, 3, 27)),
        ("Europe/Berlin", utc(2024, 10, 23)),
        ("America/New_York", utc(2024, 3, 6)),
        ("America/New_York", utc(2024, 10, 30)),
        ("Pacific/Auckland", utc(2024, 4, 3)),
        ("Asia/Kolkata", utc(2024, 1, 1)),
        ("Asia/Jerusalem", utc(2024, 3, 26)),
    ],
)
@pytest.mark.parametrize("hours", [NINE_TO_FIVE, EARLY], ids=["9-17", "02:30-17"])
def test_fit_matches_brute_force_across_dst_weeks(
    zone: str, start: datetime, hours: WorkingHours
) -> None:
    tz = ZoneInfo(zone)
    for step in range(0, 7 * 24 * 60, 247):  # a week in odd steps, so hours and minutes vary
        moment = start + timedelta(minutes=step)
        assert fit_to_working_hours(moment, tz, hours) == _brute_force(moment, tz, hours), moment


@pytest.mark.parametrize(
    ("zone", "day", "wall", "expected"),
    [
        ("Europe/Berlin", (2024, 3, 31), time(2, 30), utc(2024, 3, 31, 1)),  # gap -> 03:00 CEST
        ("Europe/Berlin", (2024, 3, 31), time(2), utc(2024, 3, 31, 1)),
        ("Europe/Berlin", (2024, 3, 31), time(1, 59), utc(2024, 3, 31, 0, 59)),
        ("Europe/Berlin", (2024, 3, 31), time(3), utc(2024, 3, 31, 1)),
        ("Europe/Berlin", (2024, 10, 27), time(2, 30), utc(2024, 10, 27, 0, 30)),  # fold=0: CEST
        ("Europe/Berlin", (2024, 10, 27), time(3), utc(2024, 10, 27, 2)),
        ("America/New_York", (2024, 3, 10), time(2, 30), utc(2024, 3, 10, 7)),  # gap -> 03:00 EDT
        ("America/New_York", (2024, 11, 3), time(1, 30), utc(2024, 11, 3, 5, 30)),  # fold=0: EDT
        ("Pacific/Apia", (2011, 12, 30), time(9), utc(2011, 12, 30, 10)),  # the missing day
    ],
)
def test_local_wall_time_to_instant(
    zone: str, day: tuple[int, int, int], wall: time, expected: datetime
) -> None:
    from datetime import date

    assert _to_instant(date(*day), wall, ZoneInfo(zone)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (" Asia/Kolkata ", "Asia/Kolkata"),
        ("UTC", "UTC"),
        (None, "UTC"),
        ("", "UTC"),
        ("   ", "UTC"),
        ("Mars/Olympus_Mons", "UTC"),
        ("America", "UTC"),  # a directory, not a zone
        ("../../etc/passwd", "UTC"),
        ("/etc/localtime", "UTC"),
    ],
)
def test_resolve_tz(name: str | None, expected: str) -> None:
    assert resolve_tz(name).key == expected


@pytest.mark.parametrize(
    ("zone", "hours", "posted_at", "expected"),
    [
        # Monday 10:00 UTC: all inside the window
        (
            "UTC",
            NINE_TO_FIVE,
            utc(2024, 7, 8, 10),
            [utc(2024, 7, 9, 10), utc(2024, 7, 11, 10), utc(2024, 7, 22, 10)],
        ),
        # Wednesday 16:30 CEST: +3d is a Saturday -> Monday 09:00 CEST
        (
            "Europe/Berlin",
            NINE_TO_FIVE,
            utc(2024, 7, 10, 14, 30),
            [utc(2024, 7, 11, 14, 30), utc(2024, 7, 15, 7), utc(2024, 7, 24, 14, 30)],
        ),
        # Friday 22:00 CEST: every due time lands after hours
        (
            "Europe/Berlin",
            NINE_TO_FIVE,
            utc(2024, 7, 12, 20),
            [utc(2024, 7, 15, 7), utc(2024, 7, 16, 7), utc(2024, 7, 29, 7)],
        ),
        # Friday 16:00 EST: delays are elapsed time, so +3d and +14d land at 17:00 EDT, closing time
        (
            "America/New_York",
            NINE_TO_FIVE,
            utc(2024, 3, 8, 21),
            [utc(2024, 3, 11, 13), utc(2024, 3, 12, 13), utc(2024, 3, 25, 13)],
        ),
        # off: exactly the delay, weekend or night
        (
            "Europe/Berlin",
            None,
            utc(2024, 7, 12, 20),
            [utc(2024, 7, 13, 20), utc(2024, 7, 15, 20), utc(2024, 7, 26, 20)],
        ),
    ],
)
def test_schedule_with_default_delays(
    zone: str, hours: WorkingHours | None, posted_at: datetime, expected: list[datetime]
) -> None:
    schedule = schedule_nudges(posted_at, delays=DEFAULT_DELAYS, tz=ZoneInfo(zone), hours=hours)
    assert schedule == list(zip(CHECK_INS, expected, strict=True))


def test_schedule_keeps_kind_order_whatever_the_mapping_order() -> None:
    delays = dict(reversed(DEFAULT_DELAYS.items()))
    schedule = schedule_nudges(utc(2024, 7, 8, 10), delays=delays, tz=ZoneInfo("UTC"), hours=None)
    assert [kind for kind, _ in schedule] == ["reflection", "prevention", "followup"]


def test_schedule_never_lets_a_later_kind_come_first() -> None:
    delays = {
        NudgeKind.REFLECTION: timedelta(days=3),
        NudgeKind.PREVENTION: timedelta(days=1),
        NudgeKind.FOLLOWUP: timedelta(hours=2),
    }
    schedule = schedule_nudges(utc(2024, 7, 8, 10), delays=delays, tz=ZoneInfo("UTC"), hours=None)
    assert schedule == [
        (NudgeKind.REFLECTION, utc(2024, 7, 11, 10)),
        (NudgeKind.PREVENTION, utc(2024, 7, 11, 10)),
        (NudgeKind.FOLLOWUP, utc(2024, 7, 11, 10)),
    ]


def test_schedule_only_the_kinds_given() -> None:
    delays = {NudgeKind.FOLLOWUP: timedelta(seconds=3)}
    schedule = schedule_nudges(utc(2024, 7, 8, 10), delays=delays, tz=ZoneInfo("UTC"), hours=None)
    assert schedule == [(NudgeKind.FOLLOWUP, utc(2024, 7, 8, 10, 0, 3))]


@pytest.mark.parametrize(
    ("zone", "hours", "option", "now", "expected"),
    [
        ("UTC", NINE_TO_FIVE, SnoozeOption.HOUR, utc(2024, 7, 8, 10), utc(2024, 7, 8, 11)),
        ("UTC", NINE_TO_FIVE, SnoozeOption.HOUR, utc(2024, 7, 8, 16, 30), utc(2024, 7, 9, 9)),
        ("UTC", NINE_TO_FIVE, SnoozeOption.HOUR, utc(2024, 7, 12, 16, 30), utc(2024, 7, 15, 9)),
        ("UTC", None, SnoozeOption.HOUR, utc(2024, 7, 13, 3), utc(2024, 7, 13, 4)),
        ("UTC", NINE_TO_FIVE, "1h", utc(2024, 7, 8, 10), utc(2024, 7, 8, 11)),  # raw button value
        # one real hour across spring forward: 01:30 CET + 1h is 03:30 CEST
        (
            "Europe/Berlin",
            None,
            SnoozeOption.HOUR,
            utc(2024, 3, 31, 0, 30),
            utc(2024, 3, 31, 1, 30),
        ),
        ("UTC", NINE_TO_FIVE, SnoozeOption.TOMORROW, utc(2024, 7, 8, 10), utc(2024, 7, 9, 9)),
        ("UTC", NINE_TO_FIVE, SnoozeOption.TOMORROW, utc(2024, 7, 11, 16, 59), utc(2024, 7, 12, 9)),
        ("UTC", NINE_TO_FIVE, "tomorrow", utc(2024, 7, 12, 10), utc(2024, 7, 15, 9)),  # Friday
        ("UTC", NINE_TO_FIVE, SnoozeOption.TOMORROW, utc(2024, 7, 13, 10), utc(2024, 7, 15, 9)),
        ("UTC", NINE_TO_FIVE, SnoozeOption.TOMORROW, utc(2024, 7, 14, 10), utc(2024, 7, 15, 9)),
        # Friday 15:00 CEST -> Monday 09:00 CET, after fall back
        (
            "Europe/Berlin",
            NINE_TO_FIVE,
            SnoozeOption.TOMORROW,
            utc(2024, 10, 25, 13),
            utc(2024, 10, 28, 8),
        ),
        # Monday 16:00 NZST is still Monday in UTC; tomorrow is Tuesday 09:00 NZST
        (
            "Pacific/Auckland",
            NINE_TO_FIVE,
            SnoozeOption.TOMORROW,
            utc(2024, 6, 10, 4),
            utc(2024, 6, 10, 21),
        ),
        # off: same local wall time next day, 23 h or 25 h later across DST
        (
            "America/Los_Angeles",
            None,
            SnoozeOption.TOMORROW,
            utc(2024, 7, 8, 10, 15),
            utc(2024, 7, 9, 10, 15),
        ),
        ("Europe/Berlin", None, SnoozeOption.TOMORROW, utc(2024, 3, 30, 9), utc(2024, 3, 31, 8)),
        (
            "Europe/Berlin",
            None,
            SnoozeOption.TOMORROW,
            utc(2024, 3, 30, 1, 30),
            utc(2024, 3, 31, 1),
        ),
        ("Europe/Berlin", None, SnoozeOption.TOMORROW, utc(2024, 10, 26, 8), utc(2024, 10, 27, 9)),
        (
            "Europe/Berlin",
            None,
            SnoozeOption.TOMORROW,
            utc(2024, 10, 26, 0, 30),
            utc(2024, 10, 27, 0, 30),
        ),
        (
            "America/New_York",
            None,
            SnoozeOption.TOMORROW,
            utc(2024, 3, 9, 7, 30),
            utc(2024, 3, 10, 7),
        ),
        (
            "America/New_York",
            None,
            SnoozeOption.TOMORROW,
            utc(2024, 11, 2, 5, 30),
            utc(2024, 11, 3, 5, 30),
        ),
    ],
)
def test_snooze_until(
    zone: str, hours: WorkingHours | None, option: str, now: datetime, expected: datetime
) -> None:
    result = snooze_until(now, option, tz=ZoneInfo(zone), hours=hours)
    assert result == expected
    assert result.tzinfo is UTC


def test_snooze_rejects_unknown_option() -> None:
    with pytest.raises(ValueError):
        snooze_until(utc(2024, 7, 8, 10), "2h", tz=ZoneInfo("UTC"), hours=None)


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [
        (0, 30),
        (1, 30),
        (2, 60),
        (3, 120),
        (4, 240),
        (5, 480),
        (6, 960),
        (7, 1920),
        (8, 3600),
        (9, 3600),
        (100, 3600),
        (10**9, 3600),
    ],
)
def test_retry_backoff(attempts: int, seconds: int) -> None:
    assert retry_backoff(attempts) == timedelta(seconds=seconds)


def test_lease_is_five_minutes() -> None:
    assert LEASE == timedelta(minutes=5)


def test_enum_values_are_the_stored_strings() -> None:
    assert [str(kind) for kind in CHECK_INS] == ["reflection", "prevention", "followup"]
    assert [str(option) for option in SnoozeOption] == ["1h", "tomorrow"]
