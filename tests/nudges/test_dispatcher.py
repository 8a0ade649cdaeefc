"""The sweep with an injected clock and a stub client: send, back off, cancel, stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.clock import FrozenClock
from bot.nudges.dispatcher import NudgeDispatcher
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class StubClient:
    """Records chat.postMessage; fails the next `failures` calls with `error`."""

    def __init__(self, failures: int = 0, error: str = "ratelimited") -> None:
        self.posts: list[dict] = []
        self.failures, self.error = failures, error

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        if self.failures:
            self.failures -= 1
            raise SlackApiError("failed", {"ok": False, "error": self.error})
        self.posts.append(kwargs)
        return SlackResponse(
            client=None,
            http_verb="POST",
            api_url="x",
            req_args={},
            data={"ok": True, "channel": "D1", "ts": f"{len(self.posts)}.0"},
            headers={},
            status_code=200,
        )


@pytest.fixture
def sf(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'd.db'}")
    create_schema(engine)
    yield build_session_factory(engine)
    engine.dispose()


def _oops(sf, due):
    with sf.begin() as s:
        return repo.record_oops(
            s,
            now=T0,
            nudges=due,
            new=repo.NewOops(
                team_id="T1",
                author_id="U0AUTH",
                what_happened="broke it",
                impact="",
                severity="minor",
                repair="",
                prevention="",
                message="m",
                delivery="channel",
                channel_id="C1",
                thread_ts=None,
                message_ts="1.0",
                permalink=None,
                affected=[],
            ),
        ).id


def test_sends_due_only_then_marks_sent(sf):
    _oops(sf, [("reflection", T0 + timedelta(days=1)), ("prevention", T0 + timedelta(days=3))])
    clock, client = FrozenClock(T0), StubClient()
    dispatcher = NudgeDispatcher(lambda _t: client, sf, clock)
    assert dispatcher.sweep().sent == 0
    clock.advance(days=1)
    assert dispatcher.sweep().sent == 1
    assert dispatcher.sweep().sent == 0
    assert [p["channel"] for p in client.posts] == ["U0AUTH"]
    with sf() as s:
        statuses = [n.status for n in repo.get_oops(s, oops_id=1).nudges]
    assert statuses == ["sent", "pending"]


def test_failure_backs_off_then_delivers_once(sf):
    _oops(sf, [("reflection", T0)])
    clock, client = FrozenClock(T0), StubClient(failures=2)
    dispatcher = NudgeDispatcher(lambda _t: client, sf, clock)
    assert dispatcher.sweep().failed == 1
    clock.advance(seconds=29)
    assert dispatcher.sweep().claimed == 0  # still backing off (30 s after the 1st failure)
    clock.advance(seconds=1)
    assert dispatcher.sweep().failed == 1
    clock.advance(seconds=59)
    assert dispatcher.sweep().claimed == 0  # 60 s after the 2nd
    clock.advance(seconds=1)
    assert dispatcher.sweep().sent == 1
    assert len(client.posts) == 1


def test_cancelled_oops_is_never_sent(sf):
    oops_id = _oops(sf, [("reflection", T0)])
    with sf.begin() as s:
        repo.cancel_oops(s, oops_id=oops_id)
    client = StubClient()
    NudgeDispatcher(lambda _t: client, sf, FrozenClock(T0 + timedelta(days=9))).sweep()
    assert client.posts == []


def test_no_client_for_team_releases_the_claim(sf):
    _oops(sf, [("reflection", T0)])
    clock = FrozenClock(T0)
    assert NudgeDispatcher(lambda _t: None, sf, clock).sweep().sent == 0
    client = StubClient()
    assert NudgeDispatcher(lambda _t: client, sf, clock).sweep().sent == 1


def test_stop_prevents_further_claims(sf):
    _oops(sf, [("reflection", T0)])
    client = StubClient()
    dispatcher = NudgeDispatcher(lambda _t: client, sf, FrozenClock(T0))
    dispatcher.stop()
    assert dispatcher.sweep().claimed == 0 and client.posts == []


def test_nudge_of_an_oops_cancelled_after_claim_is_cancelled_not_sent(sf):
    oops_id = _oops(sf, [("reflection", T0)])
    with sf.begin() as s:
        from storage.models import Oops

        s.get(Oops, oops_id).status = "cancelled"  # oops cancelled, nudge row left pending
    client = StubClient()
    assert NudgeDispatcher(lambda _t: client, sf, FrozenClock(T0)).sweep().sent == 0
    with sf() as s:
        assert [n.status for n in repo.get_oops(s, oops_id=oops_id).nudges] == ["cancelled"]
    assert client.posts == []
