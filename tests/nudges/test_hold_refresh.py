"""The away hold's lookups run beside the sweep: a claim waits for one, sends never do."""

from __future__ import annotations

import threading
import time

from support.clock import FrozenClock
from support.factories import new_oops
from test_away_hold import SETTINGS, T0, StubSlack, _due

from bot.away import AwayHold
from bot.nudges.dispatcher import NudgeDispatcher
from bot.nudges.hold_refresh import FRESH_FOR, HoldRefresher
from storage import repositories as repo
from storage import sweepers
from storage.away import stale_people_due
from storage.install_key import InstallKey


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_without_a_refresh_a_claim_goes_at_once():
    assert HoldRefresher(None, session_factory=None).ready() is None


def test_a_claim_waits_for_a_refresh_started_since_the_last_claim():
    gate, runs = threading.Event(), []
    clock = Clock()
    refresher = HoldRefresher(lambda _sf: (runs.append(1), gate.wait(5)), None, now=clock)
    first = refresher.ready()
    assert first is not None and not first.done()  # started, under way: wait for it
    assert refresher.ready() is first
    gate.set()
    first.result(timeout=5)
    assert refresher.ready() is None  # done and fresh: claim
    refresher.claimed(full=False)  # a short batch: nothing more is likely due
    assert len(runs) == 1
    again = refresher.ready()  # the next claim needs its own refresh
    assert again is not None
    again.result(timeout=5)
    assert len(runs) == 2
    refresher.stop()


def test_a_full_batch_starts_the_next_refresh_at_once_and_a_stale_one_is_redone():
    runs: list[float] = []
    clock = Clock()
    refresher = HoldRefresher(lambda _sf: runs.append(clock.now), None, now=clock)
    refresher.ready().result(timeout=5)
    refresher.claimed(full=True)  # more is due: look ahead while the sweep sends
    _wait_for(lambda: len(runs) == 2)  # started with no ready() asking for it
    assert refresher.ready() is None
    clock.now += FRESH_FOR + 1  # finished long ago: the people due have moved on
    stale = refresher.ready()
    assert stale is not None
    stale.result(timeout=5)
    assert len(runs) == 3
    refresher.stop()


def test_a_refresh_that_fails_is_logged_and_the_claim_goes_on(caplog):
    def broken(_sf):
        raise ValueError("bug")

    refresher = HoldRefresher(broken, None)
    refresher.ready().result(timeout=5)  # no exception comes out
    assert refresher.ready() is None
    assert "hold refresh failed" in caplog.text
    refresher.stop()


def _wait_for(condition, seconds: float = 5.0) -> None:
    until = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < until, "condition never held"
        time.sleep(0.005)


class SlowLookups(StubSlack):
    """users.info takes a while; records when lookups run and when posts start."""

    def __init__(self) -> None:
        super().__init__({})
        self.looking = 0
        self.lock = threading.Lock()
        self.posts_during_lookups = 0

    def users_info(self, **kwargs):
        with self.lock:
            self.looking += 1
        try:
            time.sleep(0.02)
            return super().users_info(**kwargs)
        finally:
            with self.lock:
                self.looking -= 1

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        with self.lock:
            self.posts_during_lookups += self.looking > 0
        return super().chat_postMessage(**kwargs)


def test_a_busy_sweep_keeps_sending_while_the_next_batch_is_looked_up(file_db):
    """Run on the sweep's thread, lookups stopped every send (0 posts during them)."""
    sf = file_db
    slack = SlowLookups()
    people = [f"U0P{n:03d}" for n in range(300)]
    _due(sf, *people)
    clock = FrozenClock(T0)
    hold = AwayHold(lambda _t: slack, clock, SETTINGS, quick=lambda client: client)
    dispatcher = NudgeDispatcher(lambda _t: slack, sf, clock, hold=hold)
    result = dispatcher.sweep()
    dispatcher.stop()
    assert result.sent == 300 and len(slack.posts) == 300
    assert sorted(set(slack.lookups)) == people  # everyone was looked up
    assert slack.posts_during_lookups >= 50


def test_each_sweeper_looks_up_only_the_people_it_will_claim(file_db):
    """Two replicas: each refresh covers the workspaces its sweeper owns, so neither looks up
    the other's people (nor the same people twice), and its own are fresh before its claim."""
    keys = [InstallKey(None, f"T{n:03d}") for n in range(12)]
    with file_db.begin() as s:
        for key in keys:
            repo.record_oops(
                s,
                now=T0,
                nudges=[("reflection", T0)],
                new=new_oops(team_id=key.team_id, author_id=f"U{key.team_id}", install=key),
            )
        for claimer in ("aaaaaaaa", "bbbbbbbb"):
            sweepers.live_sweepers(s, claimer=claimer, now=T0)
    seen = {}
    with file_db() as s:
        for claimer in ("aaaaaaaa", "bbbbbbbb"):
            people = stale_people_due(
                s, until=T0, checked_before=T0, limit=100, claimer=claimer, now=T0
            )
            seen[claimer] = {team for (team, _user), _key in people}
        everyone = stale_people_due(s, until=T0, checked_before=T0, limit=100)
    owners = {k.team_id: sweepers.owner_of(k, ["aaaaaaaa", "bbbbbbbb"]) for k in keys}
    assert seen["aaaaaaaa"] == {t for t, o in owners.items() if o == "aaaaaaaa"}
    assert seen["bbbbbbbb"] == {t for t, o in owners.items() if o == "bbbbbbbb"}
    assert seen["aaaaaaaa"] and seen["bbbbbbbb"]
    assert len(everyone) == 12
