"""The sweep's hold for people away, with a stub Slack: held once, looked up once, and sent as
usual when Slack can't tell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web import SlackResponse
from support.clock import FrozenClock
from support.factories import new_oops

from bot.away import LOOKUP_THREADS, STATUS_TTL, AwayHold
from bot.config import load_settings
from bot.nudges.dispatcher import NudgeDispatcher
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema
from storage.models import Nudge

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # Monday
SETTINGS = load_settings(
    {"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s", "OOPS_WORKING_HOURS": "09:00-17:00"}
)


def _response(data: dict) -> SlackResponse:
    return SlackResponse(
        client=None,
        http_verb="POST",
        api_url="x",
        req_args={},
        data={"ok": True, **data},
        headers={},
        status_code=200,
    )


class StubSlack:
    """users.info answers `profiles[user]` (or times out); chat.postMessage records."""

    def __init__(self, profiles: dict[str, dict], timeout: bool = False) -> None:
        self.profiles, self.timeout = profiles, timeout
        self.lookups: list[str] = []
        self.posts: list[dict] = []

    def users_info(self, *, user: str, **_):
        self.lookups.append(user)
        if self.timeout:
            raise TimeoutError("read timed out")
        return _response(
            {"user": {"id": user, "tz": "Europe/London", "profile": self.profiles.get(user, {})}}
        )

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        self.posts.append(kwargs)
        return _response({"channel": "D1", "ts": f"{len(self.posts)}.0"})


@pytest.fixture
def sf(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'd.db'}")
    create_schema(engine)
    yield build_session_factory(engine)
    engine.dispose()


def _due(sf, *authors: str) -> None:
    with sf.begin() as s:
        for author in authors:
            repo.record_oops(s, now=T0, nudges=[("reflection", T0)], new=new_oops(author_id=author))


def _dispatcher(sf, slack, clock):
    hold = AwayHold(lambda _t: slack, clock, SETTINGS, quick=lambda client: client)
    return NudgeDispatcher(lambda _t: slack, sf, clock, hold=hold)


def test_held_once_until_the_first_working_hour_and_looked_up_once_per_ttl(sf):
    expiry = int(datetime(2026, 3, 4, 12, 0, tzinfo=UTC).timestamp())  # Wednesday noon
    slack = StubSlack({"U0AWAY": {"status_text": "OOO", "status_expiration": expiry}})
    clock = FrozenClock(T0)
    _due(sf, "U0AWAY", "U0HERE")
    result = _dispatcher(sf, slack, clock).sweep()
    assert (result.claimed, result.sent) == (2, 1)
    assert [p["channel"] for p in slack.posts] == ["U0HERE"]
    with sf() as s:
        held = s.query(Nudge).filter_by(author_id="U0AWAY").one()
    assert held.status == "pending" and held.attempts == 0 and held.claim_token is None
    assert held.next_attempt_at == held.due_at == datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

    clock.advance(seconds=30)
    assert _dispatcher(sf, slack, clock).sweep().claimed == 0
    assert sorted(slack.lookups) == ["U0AWAY", "U0HERE"]

    clock.now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC) + STATUS_TTL
    assert _dispatcher(sf, slack, clock).sweep().sent == 1  # the status has expired
    assert sorted(slack.lookups) == ["U0AWAY", "U0AWAY", "U0HERE"]


def test_slack_that_cannot_tell_means_not_away_and_one_round_of_lookups_per_claim(sf):
    slack = StubSlack({}, timeout=True)
    people = [f"U0P{n:03d}" for n in range(25)]
    _due(sf, *people)
    assert _dispatcher(sf, slack, FrozenClock(T0)).sweep().sent == 25
    assert len(slack.lookups) == LOOKUP_THREADS  # the first round gave up: no second


def test_everyone_away_in_a_busy_sweep_is_looked_up_and_held(sf):
    people = [f"U0V{n:03d}" for n in range(40)]
    slack = StubSlack(
        {p: {"status_text": "On vacation", "status_emoji": ":palm_tree:"} for p in people}
    )
    _due(sf, *people, "U0HERE")
    result = _dispatcher(sf, slack, FrozenClock(T0)).sweep()
    assert (result.claimed, result.sent) == (41, 1)
    assert [p["channel"] for p in slack.posts] == ["U0HERE"]


def test_an_open_ended_away_status_is_looked_at_again_the_next_working_day(sf):
    slack = StubSlack({"U0AWAY": {"status_emoji": ":palm_tree:", "status_expiration": 0}})
    clock = FrozenClock(T0)
    _due(sf, "U0AWAY")
    assert _dispatcher(sf, slack, clock).sweep().sent == 0
    with sf() as s:
        due = s.query(Nudge.next_attempt_at).scalar()
    assert due == T0 + timedelta(days=1)  # Tuesday 10:00, inside working hours
    clock.now = due
    assert _dispatcher(sf, slack, clock).sweep().sent == 0  # still away: another day
    slack.profiles["U0AWAY"] = {}
    clock.now = due + timedelta(days=1)
    assert _dispatcher(sf, slack, clock).sweep().sent == 1


def test_slack_is_asked_with_no_transaction_open_so_others_can_write_meanwhile(sf, tmp_path):
    import sqlite3

    writable: list[bool] = []

    class Watching(StubSlack):
        def users_info(self, **kwargs):
            # Another writer (a listener) must not wait on the sweep while Slack is slow.
            other = sqlite3.connect(tmp_path / "d.db", timeout=0.05, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                writable.append(True)
            except sqlite3.OperationalError:
                writable.append(False)
            finally:
                other.close()
            return super().users_info(**kwargs)

    slack = Watching({"U0AWAY": {"status_text": "on vacation"}})
    _due(sf, "U0AWAY", "U0HERE")
    _dispatcher(sf, slack, FrozenClock(T0)).sweep()
    assert writable == [True, True]
