"""Away means later: a check-in due while its person is away waits for their first working hour
back. End to end over signed HTTP, with the clock moved and the sweep run by the test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import AUTHOR, SECRET, compose_to_preview, post_preview
from sqlalchemy import select
from support.clock import FrozenClock
from support.inprocess_app import InProcessApp
from support.slack_payloads import app_home_opened, block_actions, view_submission
from support.slack_requests import send_event, send_interaction

from storage.models import Nudge
from storage.states import NudgeKind, NudgeStatus

# Monday 2 March 2026, 10:00 in London (GMT, UTC+0); working hours 09:00-17:00 there.
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
FRIDAY_EVENING = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)
NEXT_MONDAY_9 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
CHANNEL = {"channel_input": "C777"}


@pytest.fixture
def app(app_env, database_url, fake_slack):
    fake_slack.set_user(AUTHOR, tz="Europe/London")
    env = {**app_env, "DATABASE_URL": database_url, "OOPS_WORKING_HOURS": "09:00-17:00"}
    running = InProcessApp(env, FrozenClock(T0))
    yield running
    running.stop()


def _post_oops(app, fake) -> None:
    _, preview = compose_to_preview(app, fake, CHANNEL)
    post_preview(app, preview)
    fake.wait_for("views.update", n=1)


def _prompts(fake) -> list:
    return fake.calls("chat.postMessage", where=lambda c: c.args.get("channel") == AUTHOR)


def _reflection(app) -> Nudge:
    with app.session_factory() as s:
        return s.scalar(select(Nudge).where(Nudge.kind == NudgeKind.REFLECTION))


def test_a_vacation_status_with_an_expiry_defers_to_the_first_working_hour_after_it(
    app, fake_slack
):
    _post_oops(app, fake_slack)
    fake_slack.set_user(
        AUTHOR,
        profile={
            "status_text": "On vacation",
            "status_emoji": ":palm_tree:",
            "status_expiration": int(FRIDAY_EVENING.timestamp()),
        },
    )
    app.clock.advance(days=1, minutes=1)  # Tuesday 10:01: the reflection is due
    assert app.sweep().sent == 0
    assert _prompts(fake_slack) == []
    held = _reflection(app)
    assert held.status == NudgeStatus.PENDING and held.attempts == 0
    assert held.next_attempt_at == held.due_at == NEXT_MONDAY_9

    # Later sweeps (the prevention check-in falls due Thursday) ask Slack at most once per TTL.
    lookups = fake_slack.count("users.info")
    app.sweep()
    assert fake_slack.count("users.info") == lookups
    app.clock.now = datetime(2026, 3, 5, 10, 1, tzinfo=UTC)
    assert app.sweep().sent == 0

    app.clock.now = datetime(2026, 3, 9, 8, 59, tzinfo=UTC)
    assert app.sweep().sent == 0
    app.clock.now = NEXT_MONDAY_9
    assert app.sweep().sent == 2  # the reflection and the prevention, once each
    assert len(_prompts(fake_slack)) == 2
    assert _reflection(app).status == NudgeStatus.SENT
    assert app.sweep().sent == 0


def test_a_status_that_is_not_away_changes_nothing(app, fake_slack):
    _post_oops(app, fake_slack)
    fake_slack.set_user(AUTHOR, profile={"status_text": "In a meeting", "status_emoji": ":x:"})
    app.clock.advance(days=1, minutes=1)
    assert app.sweep().sent == 1


def _open_settings(app, fake):
    published, opened = fake.count("views.publish"), fake.count("views.open")
    send_event(app.url, SECRET, app_home_opened(AUTHOR))
    home = fake.wait_for("views.publish", n=published + 1)[-1].args["view"]
    press = block_actions("open_settings", view={**home, "id": "VHOME1"}, user_id=AUTHOR)
    send_interaction(app.url, SECRET, press)
    return fake.wait_for("views.open", n=opened + 1)[-1].response["view"]


def test_the_away_until_setting_is_checked_and_defers_like_a_status(app, fake_slack):
    modal = _open_settings(app, fake_slack)

    def save(day: str):
        payload = view_submission(modal, fields={"away_until_input": day}, user_id=AUTHOR)
        return send_interaction(app.url, SECRET, payload).json()

    for bad in ("2026-03-01", "2027-03-03"):  # yesterday; a year and a day ahead
        answer = save(bad)
        assert answer["response_action"] == "errors"
        assert list(answer["errors"]) == ["away_until"], answer
    assert save("2026-03-06") in (None, {})  # away until Friday, inclusive

    _post_oops(app, fake_slack)
    app.clock.advance(days=1, minutes=1)
    assert app.sweep().sent == 0
    assert _reflection(app).next_attempt_at == NEXT_MONDAY_9
    app.clock.now = NEXT_MONDAY_9
    assert app.sweep().sent == 2

    reopened = _open_settings(app, fake_slack)  # a date gone by is not offered again
    element = next(b for b in reopened["blocks"] if b.get("block_id") == "away_until")["element"]
    assert "initial_date" not in element
