"""Settings from the environment: defaults, durations, working hours, clear errors."""

from datetime import time, timedelta

import pytest

from bot.config import ConfigError, WorkingHours, load_settings, parse_duration

BASE = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_defaults_follow_the_run_contract():
    s = load_settings(BASE)
    assert s.api_url == "https://slack.com/api/" and s.port == 3000
    assert s.database_url == "sqlite:///oops.db"
    assert (s.reflection_delay, s.prevention_delay, s.followup_delay) == (
        timedelta(days=1),
        timedelta(days=3),
        timedelta(days=14),
    )
    assert s.working_hours == WorkingHours(time(9), time(17))
    assert s.scheduler_interval == 30 and not s.socket_mode
    assert s.send_concurrency == 16 and s.kind_word_delay == timedelta(days=1)
    assert s.draft_ttl == timedelta(days=2)


@pytest.mark.parametrize(
    "text,expected", [("90s", 90), ("10m", 600), ("2h", 7200), ("1d", 86400), ("2w", 1209600)]
)
def test_durations(text, expected):
    assert parse_duration(text) == timedelta(seconds=expected)


@pytest.mark.parametrize(
    "env,names",
    [
        ({}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET"]),
        ({**BASE, "OOPS_REFLECTION_DELAY": "tomorrow"}, ["OOPS_REFLECTION_DELAY"]),
        ({**BASE, "OOPS_WORKING_HOURS": "17:00-09:00"}, ["OOPS_WORKING_HOURS"]),
        ({**BASE, "PORT": "http"}, ["PORT"]),
        ({**BASE, "OOPS_SCHEDULER_INTERVAL": "0"}, ["OOPS_SCHEDULER_INTERVAL"]),
        ({**BASE, "SLACK_BOT_TOKEN": "xoxp-user"}, ["SLACK_BOT_TOKEN"]),
        ({**BASE, "SLACK_APP_TOKEN": "nope"}, ["SLACK_APP_TOKEN"]),
        ({**BASE, "OOPS_SEND_CONCURRENCY": "0"}, ["OOPS_SEND_CONCURRENCY"]),
        ({**BASE, "OOPS_SEND_CONCURRENCY": "many"}, ["OOPS_SEND_CONCURRENCY"]),
        ({**BASE, "OOPS_KIND_WORD_DELAY": "soon"}, ["OOPS_KIND_WORD_DELAY"]),
        ({**BASE, "OOPS_REFLECTION_DELAY": "99999999999999999999d"}, ["OOPS_REFLECTION_DELAY"]),
        ({**BASE, "OOPS_FOLLOWUP_DELAY": "600w"}, ["OOPS_FOLLOWUP_DELAY"]),
        ({**BASE, "OOPS_UNCONFIRMED_GRACE": "later"}, ["OOPS_UNCONFIRMED_GRACE"]),
    ],
)
def test_bad_settings_name_what_to_set(env, names):
    with pytest.raises(ConfigError) as err:
        load_settings(env)
    assert all(n in str(err.value) for n in names)
    assert "\n" not in str(err.value)


def test_working_hours_off_and_api_url_slash():
    s = load_settings(
        {**BASE, "OOPS_WORKING_HOURS": "off", "SLACK_API_URL": "http://127.0.0.1:9/api"}
    )
    assert s.working_hours is None and s.api_url == "http://127.0.0.1:9/api/"


def test_operations_settings():
    s = load_settings(BASE)
    assert (s.health_port, s.log_format, s.retention) == (3001, "plain", timedelta(days=365))
    s = load_settings(
        {**BASE, "OOPS_HEALTH_PORT": "9100", "OOPS_LOG_FORMAT": "JSON", "OOPS_RETENTION": "off"}
    )
    assert (s.health_port, s.log_format, s.retention) == (9100, "json", None)
    assert load_settings({**BASE, "OOPS_RETENTION": "52w"}).retention == timedelta(weeks=52)


@pytest.mark.parametrize(
    "name,value",
    [
        ("OOPS_HEALTH_PORT", "0"),
        ("OOPS_HEALTH_PORT", "health"),
        ("OOPS_LOG_FORMAT", "xml"),
        ("OOPS_RETENTION", "forever"),
        ("OOPS_RETENTION", "3h"),
    ],
)
def test_bad_operations_settings_are_one_line(name, value):
    with pytest.raises(ConfigError) as err:
        load_settings({**BASE, name: value})
    assert name in str(err.value) and "\n" not in str(err.value)
