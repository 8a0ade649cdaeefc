"""A person's settings on top of the app's: working hours, cadence, the kind word."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import WorkingHours, load_settings
from bot.preferences import effective_hours, plan_nudges
from storage.user_settings import Prefs

SETTINGS = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
MONDAY_10_UTC = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")


def test_own_hours_override_and_fall_back():
    assert effective_hours(Prefs(), SETTINGS) == WorkingHours(time(9), time(17))
    assert effective_hours(Prefs(working_hours="off"), SETTINGS) is None
    assert effective_hours(Prefs(working_hours="07:00-15:00"), SETTINGS) == WorkingHours(
        time(7), time(15)
    )
    assert effective_hours(Prefs(working_hours="garbage"), SETTINGS) == SETTINGS.working_hours


def test_standard_plan_is_the_three_check_ins():
    plan = plan_nudges(
        MONDAY_10_UTC,
        severity="serious",
        prefs=Prefs(kind_words=False),
        settings=SETTINGS,
        tz=UTC_ZONE,
    )
    assert plan == [
        ("reflection", MONDAY_10_UTC + timedelta(days=1)),
        ("prevention", MONDAY_10_UTC + timedelta(days=3)),
        ("followup", MONDAY_10_UTC + timedelta(days=14)),
    ]


def test_slower_cadence_doubles_delays_and_still_fits_hours():
    plan = dict(
        plan_nudges(
            MONDAY_10_UTC,
            severity="minor",
            prefs=Prefs(cadence=2.0),
            settings=SETTINGS,
            tz=UTC_ZONE,
        )
    )
    assert plan["reflection"] == MONDAY_10_UTC + timedelta(days=2)
    # 6 days later is Sunday: moved to Monday 09:00 in the author's zone.
    assert plan["prevention"] == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def test_kind_word_only_after_serious_and_when_wanted():
    def kinds(severity, **prefs):
        return [
            k
            for k, _ in plan_nudges(
                MONDAY_10_UTC,
                severity=severity,
                prefs=Prefs(**prefs),
                settings=SETTINGS,
                tz=UTC_ZONE,
            )
        ]

    assert "kindness" in kinds("serious")
    assert "kindness" not in kinds("significant")
    assert "kindness" not in kinds("serious", kind_words=False)
