"""The sweep when the database fails under it: sent DMs are recorded later, never sent twice,
and claims it could not use go back as soon as the database answers again."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.error import URLError

import pytest
from sqlalchemy.exc import OperationalError
from support.clock import FrozenClock
from support.factories import new_oops
from test_dispatcher import StubClient

from bot.nudges.dispatcher import NudgeDispatcher
from bot.nudges.policy import LEASE
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KINDS = ("reflection", "prevention", "followup")
log = logging.getLogger(__name__)


def _dropped() -> OperationalError:
    return OperationalError("COMMIT", {}, ConnectionError("server closed the connection"))


class FlakySessions:
    """The app's session factory, but its transactions fail on demand.

    `down`: every transaction fails before it starts (`down_after`: after that many more).
    `drop_next`: that many transactions do their work, then the connection drops before the
    commit (rolled back). `lose_commits`: that many commit, then the answer is lost (the caller
    sees an error all the same).
    """

    def __init__(self, sf) -> None:
        self.sf, self.down, self.drop_next, self.lose_commits = sf, False, 0, 0
        self.down_after: int | None = None
        self.failures = 0

    def __call__(self, **kwargs):
        return self.sf(**kwargs)

    @contextmanager
    def begin(self):
        if self.down_after is not None:
            self.down, self.down_after = self.down_after <= 0, self.down_after - 1
        if self.down:
            self.failures += 1
            raise _dropped()
        with self.sf.begin() as s:
            yield s
            if self.drop_next:
                self.drop_next, self.failures = self.drop_next - 1, self.failures + 1
                raise _dropped()
        if self.lose_commits:
            self.lose_commits, self.failures = self.lose_commits - 1, self.failures + 1
            raise _dropped()


class Hook(StubClient):
    """Runs `hook()` during the first DM, as if the database failed while it was sent."""

    def __init__(self, hook) -> None:
        super().__init__()
        self.hook = hook

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        if self.hook:
            self.hook, hook = None, self.hook
            hook()
        return super().chat_postMessage(**kwargs)


@pytest.fixture
def flaky(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'd.db'}")
    create_schema(engine)
    yield FlakySessions(build_session_factory(engine))
    engine.dispose()


def _seed(flaky, n_oopses=1) -> None:
    with flaky.sf.begin() as s:
        for _ in range(n_oopses):
            repo.record_oops(s, now=T0, nudges=[(k, T0) for k in KINDS], new=new_oops())


def _rows(flaky) -> list[tuple[str, str | None]]:
    with flaky.sf() as s:
        nudges = [
            n for o in repo.list_oopses(s, team_id="T1", author_id="U0AUTH") for n in o.nudges
        ]
        return [(n.status, n.claim_token) for n in sorted(nudges, key=lambda n: n.id)]


def _sweep(dispatcher):
    """As APScheduler runs it: an exception is logged and the next sweep comes all the same."""
    try:
        return dispatcher.sweep()
    except Exception:
        log.exception("sweep raised")
        return None


def _sent_ids(client) -> list[str]:
    return [p["blocks"][-1]["elements"][0]["value"] for p in client.posts]


def _dispatcher(client, flaky, clock, **kw) -> NudgeDispatcher:
    # Each finished send written at once, so a test knows which write the database fails.
    kw = {"concurrency": 1, "write_retry_delays": (0.01, 0.01), "record_every": 0.0, **kw}
    return NudgeDispatcher(lambda _t: client, flaky, clock, **kw)


def test_database_gone_mid_sweep_loses_no_send_and_strands_no_claim(flaky):
    _seed(flaky)
    clock = FrozenClock(T0)

    def database_goes():
        flaky.down = True

    client = Hook(database_goes)
    dispatcher = _dispatcher(client, flaky, clock)
    _sweep(dispatcher)
    # The first DM, and the one started while it was being recorded; then nothing more.
    assert len(client.posts) == 2
    assert flaky.failures >= 3  # recording was retried before the sweep gave up
    _sweep(dispatcher)  # the database is still away: nothing claimed, nothing lost
    assert len(client.posts) == 2

    flaky.down = False
    result = _sweep(dispatcher)  # the next sweep once it is back
    assert _rows(flaky) == [("sent", None)] * 3
    assert result is not None and (result.sent, result.claimed) == (3, 1)
    clock.advance(seconds=LEASE.total_seconds() + 1)  # every lease has lapsed
    _sweep(dispatcher)
    assert sorted(_sent_ids(client)) == ["1", "2", "3"]


def test_a_write_that_fails_once_is_retried_within_the_sweep(flaky):
    _seed(flaky)

    def connection_drops():
        flaky.drop_next = 1

    client = Hook(connection_drops)
    result = _dispatcher(client, flaky, FrozenClock(T0)).sweep()
    assert (result.sent, flaky.failures) == (3, 1)
    assert _rows(flaky) == [("sent", None)] * 3 and sorted(_sent_ids(client)) == ["1", "2", "3"]


def test_a_recorded_send_whose_commit_answer_was_lost_is_recorded_once(flaky):
    _seed(flaky)

    def answer_lost():
        flaky.lose_commits = 1

    client, clock = Hook(answer_lost), FrozenClock(T0)
    dispatcher = _dispatcher(client, flaky, clock)
    dispatcher.sweep()
    clock.advance(seconds=LEASE.total_seconds() + 1)
    dispatcher.sweep()
    assert _rows(flaky) == [("sent", None)] * 3 and sorted(_sent_ids(client)) == ["1", "2", "3"]


def test_a_claim_whose_commit_answer_was_lost_goes_back_at_once(flaky):
    _seed(flaky)
    flaky.lose_commits = 1  # the first transaction of the sweep is its claim
    client, clock = StubClient(), FrozenClock(T0)
    dispatcher = _dispatcher(client, flaky, clock)
    _sweep(dispatcher)
    assert client.posts == [] and _rows(flaky) == [("pending", None)] * 3
    _sweep(dispatcher)  # same instant: not waiting for the lease to lapse
    assert _rows(flaky) == [("sent", None)] * 3 and sorted(_sent_ids(client)) == ["1", "2", "3"]


def test_claims_that_could_not_be_given_back_go_back_at_the_next_sweep(flaky):
    _seed(flaky)

    def stop_then_database_goes():
        dispatcher.stop(wait=False)  # the rest of the claim is to go back at the sweep's end
        flaky.down_after = 1  # the first DM is recorded; then the database is gone

    client = Hook(stop_then_database_goes)
    dispatcher = _dispatcher(client, flaky, FrozenClock(T0))
    _sweep(dispatcher)
    assert _rows(flaky)[0] == ("sent", None)
    assert [s for s, _ in _rows(flaky)[1:]] == ["sending"] * 2
    flaky.down, flaky.down_after = False, None
    dispatcher._stopping.clear()  # noqa: SLF001 - as if this process carried on
    _sweep(dispatcher)  # same instant: not waiting for the lease to lapse
    assert _rows(flaky) == [("sent", None)] * 3 and sorted(_sent_ids(client)) == ["1", "2", "3"]


class Unanswered(StubClient):
    """The request reaches Slack (recorded) but the answer never comes back."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.tries, self.error = 0, error

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        self.tries += 1
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return super().chat_postMessage(**kwargs)


def test_a_dm_whose_answer_was_lost_is_unknown_and_not_sent_again(flaky):
    with flaky.sf.begin() as s:
        repo.record_oops(s, now=T0, nudges=[("reflection", T0)], new=new_oops())
    client, clock = Unanswered(TimeoutError("timed out")), FrozenClock(T0)
    dispatcher = _dispatcher(client, flaky, clock)
    assert dispatcher.sweep().unknown == 1
    clock.advance(hours=2)
    assert dispatcher.sweep().claimed == 0 and client.tries == 1
    with flaky.sf() as s:
        nudge = repo.get_author_nudge(s, nudge_id=1, author_id="U0AUTH")
        assert (nudge.status, nudge.last_error) == ("unknown", "no answer: TimeoutError")


def test_a_dm_whose_connection_failed_before_sending_is_retried(flaky):
    with flaky.sf.begin() as s:
        repo.record_oops(s, now=T0, nudges=[("reflection", T0)], new=new_oops())
    client = Unanswered(URLError(ConnectionRefusedError(111, "refused")))
    clock = FrozenClock(T0)
    dispatcher = _dispatcher(client, flaky, clock)
    assert dispatcher.sweep().failed == 1
    clock.advance(seconds=30)
    assert dispatcher.sweep().sent == 1 and client.tries == 2


def test_nudge_client_resends_only_requests_that_never_went_out():
    from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

    from bot.nudges.sending import for_nudge_sends
    from bot.slack_client import build_web_client

    client = build_web_client(api_url="http://127.0.0.1:9/api/", token="xoxb-1")
    careful = for_nudge_sends(client)
    (handler,) = [h for h in careful.retry_handlers if isinstance(h, ConnectionErrorRetryHandler)]
    assert handler.error_types_to_do_retries == [URLError]
    names = [type(h).__name__ for h in careful.retry_handlers]
    assert "RateLimitErrorRetryHandler" not in names and "ServerErrorBackoffHandler" in names
    (app_handler,) = [
        h for h in client.retry_handlers if isinstance(h, ConnectionErrorRetryHandler)
    ]
    # Every client we build resends only what never went out: replies and DMs from listeners too.
    assert app_handler.error_types_to_do_retries == [URLError]


@pytest.mark.parametrize(("record_every", "writes"), [(60.0, 1), (0.0, 6)])
def test_finished_sends_are_written_together_once_the_oldest_has_waited(
    flaky, monkeypatch, record_every, writes
):
    import bot.nudges.owed_writes as owed_writes_module

    _seed(flaky, n_oopses=2)
    calls = []
    real = owed_writes_module.record_outcomes

    def counting(s, outcomes, now):
        calls.append(len(outcomes))
        return real(s, outcomes, now)

    monkeypatch.setattr(owed_writes_module, "record_outcomes", counting)
    client = StubClient()
    result = _dispatcher(client, flaky, FrozenClock(T0), record_every=record_every).sweep()
    assert result.sent == 6 and sum(calls) == 6
    # Six quick sends: one write at the end of the window, or one per finished send.
    assert len(calls) == writes
    assert [status for status, _ in _rows(flaky)] == ["sent"] * 6
