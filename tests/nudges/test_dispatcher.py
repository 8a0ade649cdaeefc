"""The sweep with an injected clock and a stub client: send, back off, cancel, stop."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.errors import SlackApiError
from support.clock import FrozenClock
from support.factories import new_oops
from support.web_answers import posted, rate_limited

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
        return posted(f"{len(self.posts)}.0")


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
            new=new_oops(
                what_happened="broke it",
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


def test_no_installation_is_loud_and_backs_off(sf, caplog):
    _oops(sf, [("reflection", T0)])
    clock = FrozenClock(T0)
    first = NudgeDispatcher(lambda _t: None, sf, clock)
    result = first.sweep()
    first.stop()  # replaced by the next: its workspaces are the next one's at once
    assert (result.claimed, result.sent, result.no_installation) == (1, 0, 1)
    assert "nudge has no installation to send it id=1 oops=1" in caplog.text
    with sf() as s:
        (nudge,) = repo.get_oops(s, oops_id=1).nudges
        assert (nudge.status, nudge.attempts, nudge.last_error) == ("pending", 1, "no_installation")
    client = StubClient()
    dispatcher = NudgeDispatcher(lambda _t: client, sf, clock)
    assert dispatcher.sweep().claimed == 0  # backing off: not a tight loop
    clock.advance(seconds=30)
    assert dispatcher.sweep().sent == 1  # installed again: it goes


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


def _nudges(sf, oops_id):
    with sf() as s:
        return sorted(repo.get_oops(s, oops_id=oops_id).nudges, key=lambda n: n.id)


class RateLimitedOnce(StubClient):
    """Answers 429 (Retry-After 0.3 s) to the first call; records when each call came."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        self.times.append(time.monotonic())
        if len(self.times) == 1:
            raise rate_limited("0.3")
        return super().chat_postMessage(**kwargs)


def test_429_pauses_the_installation_and_requeues_the_nudge_until_retry_after(sf):
    oops_id = _oops(sf, [("reflection", T0), ("prevention", T0), ("followup", T0)])
    clock, client = FrozenClock(T0), RateLimitedOnce()
    dispatcher = NudgeDispatcher(lambda _t: client, sf, clock, concurrency=1)
    result = dispatcher.sweep()
    assert (result.sent, result.rate_limited, result.failed) == (2, 1, 0)
    # Nothing was sent until Retry-After had passed (the client itself did not retry).
    assert client.times[1] - client.times[0] >= 0.3
    first, *rest = _nudges(sf, oops_id)
    assert (first.status, first.next_attempt_at.replace(tzinfo=UTC)) == (
        "pending",
        T0 + timedelta(seconds=0.3),
    )
    assert [n.status for n in rest] == ["sent", "sent"]
    assert dispatcher.sweep().claimed == 0  # not due again before Retry-After
    clock.advance(seconds=1)
    assert dispatcher.sweep().sent == 1
    assert sorted(p["blocks"][-1]["elements"][0]["value"] for p in client.posts) == sorted(
        str(n.id) for n in _nudges(sf, oops_id)
    )
    assert [n.status for n in _nudges(sf, oops_id)] == ["sent"] * 3


def test_the_client_does_not_sleep_on_429_the_dispatcher_pauses(sf):
    from bot.nudges.sending import without_rate_limit_retries
    from bot.slack_client import build_web_client

    client = build_web_client(api_url="http://127.0.0.1:9/api/", token="xoxb-1")
    paced = without_rate_limit_retries(client)
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

    from bot.slack_client import ServerErrorBackoffHandler

    assert not any(isinstance(h, RateLimitErrorRetryHandler) for h in paced.retry_handlers)
    assert any(isinstance(h, ServerErrorBackoffHandler) for h in paced.retry_handlers)
    assert any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers)
    assert (paced.token, paced.base_url) == (client.token, client.base_url)


class Overlapping(StubClient):
    """Holds the first `width` calls until all of them are in flight; tracks the most at once."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.barrier = threading.Barrier(width, timeout=5)
        self.lock = threading.Lock()
        self.now = self.most = self.calls = 0

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        with self.lock:
            self.calls += 1
            self.now += 1
            self.most = max(self.most, self.now)
            first_wave = self.calls <= self.barrier.parties
        try:
            if first_wave:
                self.barrier.wait()  # breaks (and fails the test) if fewer can be in flight
            time.sleep(0.005)
            with self.lock:
                return super().chat_postMessage(**kwargs)
        finally:
            with self.lock:
                self.now -= 1


def test_window_keeps_exactly_concurrency_sends_in_flight(sf):
    ids = [_oops(sf, [(kind, T0) for kind in ("reflection", "prevention", "followup")])]
    ids += [_oops(sf, [(kind, T0) for kind in ("reflection", "prevention", "followup")])]
    client = Overlapping(width=4)
    dispatcher = NudgeDispatcher(lambda _t: client, sf, FrozenClock(T0), concurrency=4)
    assert dispatcher.sweep().sent == 6
    assert client.most == 4
    assert len({p["blocks"][-1]["elements"][0]["value"] for p in client.posts}) == 6


def test_window_claims_more_as_sends_finish_in_one_sweep(sf):
    for _ in range(5):
        _oops(sf, [(kind, T0) for kind in ("reflection", "prevention", "followup")])
    client = StubClient()
    dispatcher = NudgeDispatcher(
        lambda _t: client, sf, FrozenClock(T0), concurrency=2, batch_size=4
    )
    result = dispatcher.sweep()
    assert (result.claimed, result.sent) == (15, 15)
    assert len({p["blocks"][-1]["elements"][0]["value"] for p in client.posts}) == 15


class StopsOnFirstSend(StubClient):
    """Asks the dispatcher to stop while the first DM is being sent."""

    dispatcher: NudgeDispatcher

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        self.dispatcher.stop(wait=False)
        return super().chat_postMessage(**kwargs)


def test_stop_finishes_the_send_in_flight_and_releases_the_rest(sf):
    oops_id = _oops(sf, [("reflection", T0), ("prevention", T0), ("followup", T0)])
    client = StopsOnFirstSend()
    client.dispatcher = NudgeDispatcher(lambda _t: client, sf, FrozenClock(T0), concurrency=1)
    result = client.dispatcher.sweep()
    client.dispatcher.stop()
    assert (result.claimed, result.sent) == (3, 1)
    nudges = _nudges(sf, oops_id)
    assert [n.status for n in nudges] == ["sent", "pending", "pending"]
    # Released claims are due at once, and the attempt they never made is not counted.
    assert [(n.claim_token, n.attempts) for n in nudges[1:]] == [(None, 0), (None, 0)]
    other = StubClient()
    assert NudgeDispatcher(lambda _t: other, sf, FrozenClock(T0)).sweep().sent == 2
    assert len(client.posts) + len(other.posts) == 3


class Slow(StubClient):
    """Takes `seconds` per call."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        time.sleep(self.seconds)
        return super().chat_postMessage(**kwargs)


def test_sweep_budget_bounds_a_sweep_and_gives_back_unsent_claims(sf):
    oops_id = _oops(sf, [("reflection", T0), ("prevention", T0), ("followup", T0)])
    client = Slow(0.3)
    dispatcher = NudgeDispatcher(
        lambda _t: client, sf, FrozenClock(T0), concurrency=1, sweep_budget=0.1
    )
    result = dispatcher.sweep()
    assert (result.claimed, result.sent) == (3, 1)  # the send under way finished
    nudges = _nudges(sf, oops_id)
    assert [(n.status, n.claim_token, n.attempts) for n in nudges] == [
        ("sent", None, 1),
        ("pending", None, 0),
        ("pending", None, 0),
    ]


def test_a_sweep_out_of_budget_with_work_left_says_so(sf):
    for _ in range(3):
        _oops(sf, [(kind, T0) for kind in ("reflection", "prevention", "followup")])
    client = Slow(0.03)
    dispatcher = NudgeDispatcher(
        lambda _t: client, sf, FrozenClock(T0), concurrency=1, batch_size=2, sweep_budget=0.1
    )
    first = dispatcher.sweep()
    assert first.budget_spent and 0 < first.sent < 9
    results = [first]
    while results[-1].budget_spent:
        results.append(dispatcher.sweep())
    assert sum(r.sent for r in results) == 9 and len(client.posts) == 9
    assert not dispatcher.sweep().budget_spent  # nothing due: the loop may rest


def test_sweep_continuously_rests_only_after_a_sweep_with_nothing_left(sf, monkeypatch):
    from bot.nudges.recording import SweepResult

    dispatcher = NudgeDispatcher(lambda _t: StubClient(), sf, FrozenClock(T0))
    plan = [SweepResult(budget_spent=True), SweepResult(budget_spent=True), SweepResult()]
    events: list[str] = []

    def sweep():
        events.append("sweep")
        if not plan:
            dispatcher.stop(wait=False)
            return SweepResult()
        return plan.pop(0)

    def rest(seconds):
        events.append(f"rest {seconds:g}")

    monkeypatch.setattr(dispatcher, "sweep", sweep)
    monkeypatch.setattr(dispatcher, "_rest", rest)
    thread = threading.Thread(target=dispatcher.sweep_continuously, args=(30.0,))
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert events == ["sweep", "sweep", "sweep", "rest 30", "sweep", "rest 30"]


def test_sweep_continuously_outlives_a_sweep_that_raises(sf, monkeypatch, caplog):
    from sqlalchemy.exc import OperationalError

    dispatcher = NudgeDispatcher(lambda _t: StubClient(), sf, FrozenClock(T0))
    calls = []

    def sweep():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        if len(calls) == 2:
            raise RuntimeError("bug")
        dispatcher.stop(wait=False)
        from bot.nudges.recording import SweepResult

        return SweepResult()

    monkeypatch.setattr(dispatcher, "sweep", sweep)
    monkeypatch.setattr(dispatcher, "_rest", lambda _s: None)
    dispatcher.sweep_continuously(0.01)
    assert len(calls) == 3
    assert "database unavailable: OperationalError" in caplog.text
    assert "nudge sweep failed" in caplog.text


def test_between_sweeps_a_sweeper_keeps_saying_it_is_live(sf, monkeypatch):
    from sqlalchemy import select

    from storage import sweepers
    from storage.models import Sweeper

    monkeypatch.setattr(sweepers, "HEARTBEAT", 0.01)
    clock = FrozenClock(T0)
    dispatcher = NudgeDispatcher(lambda _t: StubClient(), sf, clock)
    dispatcher._rest(0.05)
    with sf() as s:
        assert s.scalars(select(Sweeper.seen_at)).all() == [T0]
    dispatcher.stop()  # and says when it leaves
    with sf() as s:
        assert s.scalars(select(Sweeper.seen_at)).all() == []
