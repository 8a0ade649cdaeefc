"""Per-installation pacing: a 429 from one workspace pauses only that workspace's sends."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta

import pytest
from support.clock import FrozenClock
from support.factories import new_oops
from support.web_answers import posted, rate_limited

from bot.nudges.dispatcher import NudgeDispatcher
from bot.nudges.pacing import MAX_PROBE_EVERY, Pacer
from storage import repositories as repo
from storage.install_key import InstallKey
from storage.models import Nudge

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUSY, CALM = InstallKey("E1", "T0BUSY"), InstallKey(None, "T0CALM")


class Workspace:
    """One installation's bot: records posts; answers 429 to every call while `throttled`."""

    def __init__(self, retry_after: str = "0") -> None:
        self.posts: list[float] = []
        self.refused: list[float] = []
        self.retry_after = retry_after
        self.lock = threading.Lock()

    def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
        with self.lock:
            if self.retry_after != "0":
                self.refused.append(time.monotonic())
                raise rate_limited(self.retry_after)
            self.posts.append(time.monotonic())
            n = len(self.posts)
        time.sleep(0.005)  # a little latency, so both workspaces are in flight together
        return posted(f"{n}.0")


@pytest.fixture
def sf(file_db):
    return file_db


def _due(sf, key: InstallKey, count: int) -> None:
    with sf.begin() as s:
        for i in range(count):
            repo.record_oops(
                s,
                now=T0,
                nudges=[("reflection", T0 - timedelta(microseconds=i))],
                new=new_oops(team_id=key.team_id, author_id=f"U{i:04d}X", install=key),
            )


def _statuses(sf, key: InstallKey) -> list[str]:
    with sf() as s:
        rows = s.query(Nudge).filter(Nudge.install_team_id == key.team_id).all()
        return sorted(n.status for n in rows)


def test_one_workspace_429s_the_other_keeps_sending(sf):
    _due(sf, BUSY, 20)
    _due(sf, CALM, 20)
    busy, calm = Workspace(retry_after="30"), Workspace()
    clients = {BUSY: busy, CALM: calm}
    dispatcher = NudgeDispatcher(clients.get, sf, FrozenClock(T0), concurrency=4, batch_size=10)
    started = time.monotonic()
    result = dispatcher.sweep()
    assert time.monotonic() - started < 5  # nobody waited out the busy workspace's 30 s
    assert len(calm.posts) == 20 and _statuses(sf, CALM) == ["sent"] * 20
    # The busy workspace was asked once per send in flight when its 429 came, then left alone.
    assert 1 <= len(busy.refused) <= 4 and busy.posts == []
    assert result.rate_limited == len(busy.refused)
    assert _statuses(sf, BUSY) == ["pending"] * 20
    with sf() as s:
        waits = {
            n.next_attempt_at.replace(tzinfo=UTC)
            for n in s.query(Nudge).filter(Nudge.install_team_id == BUSY.team_id)
        }
        attempts = {n.attempts for n in s.query(Nudge).filter(Nudge.install_team_id == "T0BUSY")}
    # Deferred to when the pause ends (about 30 s on), not retried before.
    assert all(T0 + timedelta(seconds=25) <= w <= T0 + timedelta(seconds=31) for w in waits)
    assert attempts <= {0, 1}  # a deferral is not an attempt


def test_the_pause_is_per_method_and_per_installation():
    now = [100.0]
    pacer = Pacer(now=lambda: now[0])
    pacer.pause(BUSY, "chat.postMessage", 2.0)
    assert pacer.wait(BUSY, "chat.postMessage") == 2.0
    assert pacer.wait(BUSY, "views.publish") == 0.0
    assert pacer.wait(CALM, "chat.postMessage") == 0.0
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # a shorter pause does not cut the longer one
    now[0] += 1.5
    assert pacer.wait(BUSY, "chat.postMessage") == pytest.approx(0.5)
    now[0] += 0.5
    assert pacer.wait(BUSY, "chat.postMessage") == 0.0 and pacer.paused() == 0


def test_a_short_pause_waits_in_memory_then_sends(sf):
    _due(sf, BUSY, 3)
    busy = Workspace(retry_after="1")
    clients = {BUSY: busy}
    dispatcher = NudgeDispatcher(clients.get, sf, FrozenClock(T0), concurrency=1)
    threading.Timer(0.3, lambda: setattr(busy, "retry_after", "0")).start()
    result = dispatcher.sweep()
    # One refused, then the held nudges go once Retry-After (1 s) has passed, in this sweep.
    assert (result.rate_limited, len(busy.posts)) == (1, 2)
    assert busy.posts[0] - busy.refused[0] >= 1.0


def test_a_refused_token_is_forgotten_backed_off_and_shown_in_app_home(sf):
    from slack_sdk.errors import SlackApiError

    from bot.views.home import build_home
    from storage.nudge_queue import count_waiting_for_installation

    _due(sf, CALM, 1)

    class Revoked(Workspace):
        def chat_postMessage(self, **kwargs):  # noqa: N802 - slack_sdk's name
            raise SlackApiError("revoked", {"ok": False, "error": "token_revoked"})

    class Clients(dict):
        """A client cache as bot/workspaces.py offers it: paced clients and forget()."""

        forgotten: list[InstallKey] = []

        def paced(self, key: InstallKey):
            return self.get(key)

        def forget(self, key: InstallKey) -> None:
            self.forgotten.append(key)

    clients = Clients({CALM: Revoked()})
    result = NudgeDispatcher(clients, sf, FrozenClock(T0)).sweep()
    assert result.no_installation == 1 and clients.forgotten == [CALM]
    with sf() as s:
        assert count_waiting_for_installation(s, team_id="T0CALM", author_id="U0000X") == 1
    assert NudgeDispatcher(clients, sf, FrozenClock(T0)).sweep().claimed == 0  # backing off
    assert "no longer installed" in str(build_home([], [], [], stuck_checkins=1))


def test_a_pause_ending_while_the_queue_is_sorted_loses_no_claim(sf):
    """Each reading of the pause is a little later: a nudge read as 'paused past the hold'
    and then as 'not' must still be kept or deferred, never dropped (a stuck claim)."""
    _due(sf, BUSY, 1)

    class Ending:
        """A pause that ends a little more at every reading: 5.001 s, then 4.999 s, ..."""

        left = [5.001, 4.999, 4.997, 4.995]

        def wait(self, key, method):
            return self.left.pop(0) if self.left else 0.0

    dispatcher = NudgeDispatcher(lambda _k: None, sf, FrozenClock(T0), pacer=Ending())
    with sf.begin() as s:
        claimed = dispatcher._claim_with(s, "token-1")[1]
    queue = deque(claimed)
    dispatcher._start(queue, {})
    kept = [q[0].id for q in queue]
    deferred = [nudge_id for nudge_id, _ in dispatcher._owed.outcomes]
    assert sorted(kept + deferred) == [claimed[0][0].id]


def _go(pacer: Pacer, now: list[float], calls: int, late: float = 0.0) -> list[float]:
    """Make `calls` calls as a sweep would (each when wait() allows, woken `late` seconds
    after it said); returns when each started."""
    starts = []
    for _ in range(calls):
        left = pacer.wait(BUSY, "chat.postMessage")
        if left > 0:
            now[0] += left + late
            assert pacer.wait(BUSY, "chat.postMessage") == 0.0
        starts.append(now[0])
        pacer.started(BUSY, "chat.postMessage")
        pacer.succeeded(BUSY, "chat.postMessage")
    return starts


def _one_a_second() -> tuple[Pacer, list[float]]:
    """A pacer that learned 1 call/s (one got through, then a 429 with Retry-After 1), and
    its clock, at the end of that pause."""
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    _go(pacer, now, 1)
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    now[0] = 1.0
    return pacer, now


def _bracketed(gap: float) -> tuple[Pacer, list[float]]:
    """A pacer whose second call, `gap` s after the first, was refused with Retry-After 1
    (a slow limit between `gap` and `gap` + 1 s), and its clock at the end of that pause."""
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    _go(pacer, now, 1)
    now[0] = gap
    pacer.started(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    now[0] = gap + 1.0
    return pacer, now


def test_after_a_429_calls_are_paced_by_what_got_through():
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    for _ in range(3):  # three got through, then Slack said wait 1 s
        pacer.started(BUSY, "chat.postMessage")
        pacer.succeeded(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    pacer.succeeded(BUSY, "chat.postMessage")  # in flight at the 429: it counts too
    now[0] = 1.0
    # The bucket refilled during the pause: the four it took go at once, then a little
    # slower than 4 calls/s, and only for the busy workspace.
    starts = _go(pacer, now, 4 + 20)
    assert starts[:4] == [1.0] * 4
    assert (starts[-1] - starts[4]) / 19 == pytest.approx(0.25 * 1.02)
    assert pacer.wait(CALM, "chat.postMessage") == 0.0


def test_a_late_wake_up_keeps_its_slot_instead_of_slowing_the_pace():
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    pacer.started(BUSY, "chat.postMessage")
    pacer.succeeded(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 0.05)  # 20 calls/s, one at a time
    now[0] = 0.05
    starts = _go(pacer, now, 41, late=0.002)  # every wake-up 2 ms late (of 51 ms)
    assert (starts[-1] - starts[1]) / 39 == pytest.approx(0.05 * 1.02, rel=0.01)


def test_a_429_inside_the_burst_shrinks_it_to_what_got_through():
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    _go(pacer, now, 10)
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # ten in a second, taken as a burst of ten
    now[0] = 1.0
    _go(pacer, now, 2)
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # but only two went before the next 429
    now[0] = 2.0
    starts = _go(pacer, now, 4)
    assert starts[:2] == [2.0, 2.0] and starts[2] > 2.0
    assert starts[3] - starts[2] == pytest.approx(0.102)  # the pace itself was not slowed


def test_a_probe_below_what_was_refused_waits_until_probes_are_rare():
    pacer, now = _one_a_second()  # one call per second: 1.02 s apart, calls closer refused
    _go(pacer, now, 5)
    now[0] = 400.0  # minutes without a 429, but a tenth faster is below what was refused:
    starts = _go(pacer, now, 12)  # counted as refused without paying for it
    assert (starts[-1] - starts[1]) / 10 == pytest.approx(1.02, rel=0.01)
    for _ in range(4):  # the skipped probes double the wait up to MAX_PROBE_EVERY ...
        now[0] += MAX_PROBE_EVERY
        starts = _go(pacer, now, 2)
        assert starts[1] - starts[0] == pytest.approx(1.02, rel=0.01)
    now[0] += MAX_PROBE_EVERY + 1  # ... then it probes, in case the limit grew
    starts = _go(pacer, now, 8)
    assert (starts[-1] - starts[1]) / 6 == pytest.approx(1.02 * 0.9, rel=0.01)


def test_a_slow_limit_bracketed_loosely_is_narrowed_by_trials():
    """A second call 1.43 s after the first was refused with Retry-After 1: the limit lies
    between 1.43 and 2.43 s; trials halve the distance to what was refused."""
    pacer, now = _bracketed(1.43)
    starts = _go(pacer, now, 3)
    top = 2.43 * 1.02
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == pytest.approx(
        [top, top], rel=0.01
    )  # the safe top first
    now[0] += pacer.wait(BUSY, "chat.postMessage")  # then a trial halfway down ...
    assert now[0] - starts[-1] == pytest.approx((1.43 + top) / 2, rel=0.01)
    pacer.started(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # ... refused: back to what held
    now[0] += 1.0
    starts = _go(pacer, now, 2)
    assert starts[1] - starts[0] == pytest.approx(top, rel=0.01)


@pytest.mark.parametrize("gap", [0.96, 0.99, 1.3])
def test_one_call_per_retry_after_is_not_read_as_the_pace_when_the_gap_refutes_it(gap):
    """A limit of one call per 2 s refuses a second call `gap` s after the first with
    Retry-After 1. "One call through per Retry-After" (1 s) is faster than the gap that was
    refused, so the pace starts at the bracket's safe top, gap + 1 s, not at 1 s (which was
    refused again and again, a ninth slower each time)."""
    pacer, now = _bracketed(gap)
    starts = _go(pacer, now, 3)
    assert starts[2] - starts[1] == pytest.approx((gap + 1.0) * 1.02, rel=0.01)


def _refuse(pacer: Pacer, now: list[float], retry_after: float = 1.0) -> None:
    """The next call, when wait() allows it, is refused with `retry_after`; the clock ends at
    the end of that pause."""
    now[0] += pacer.wait(BUSY, "chat.postMessage")
    pacer.started(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", retry_after)
    now[0] += retry_after


def test_a_trial_refused_a_few_calls_after_it_held_goes_back_to_the_pace_before_it():
    """Trials narrow a bracket (1.43, 2.43] down to a pace that held one call; refused a few
    calls later, it sat within jitter of the limit: back to the pace before that trial (which
    held), not the trial a ninth slower, and no new trial below the refused pace."""
    pacer, now = _bracketed(1.43)
    for n in range(12):  # trials at 1.95 (held), 1.69 and 1.82 (refused), 1.89 (held)
        _go(pacer, now, 1)
        if n in (4, 7):
            _refuse(pacer, now)
    before = (1.43 + 2.43 * 1.02) / 2
    starts = _go(pacer, now, 2)
    assert starts[1] - starts[0] == pytest.approx((before + (1.69 + before) / 2) / 2, rel=0.01)
    _refuse(pacer, now)
    starts = _go(pacer, now, 6)
    assert [b - a for a, b in zip(starts[1:], starts[2:], strict=False)] == pytest.approx(
        [before] * 4, rel=0.01
    )


def test_a_call_refused_on_schedule_past_two_retry_afters_is_read_as_a_slow_limit():
    """A 2.04 s pace held many calls; one call 2.04 s after the last was refused with
    Retry-After 1 (jitter). That gap is over two Retry-Afters, but the call went on the
    pace's schedule: a little slower, not a ninth."""
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    _go(pacer, now, 1)
    now[0] = 0.99
    pacer.started(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 2.0)  # one call per 2 s
    now[0] = 2.99
    _go(pacer, now, 12)
    now[0] += pacer.wait(BUSY, "chat.postMessage")
    pacer.started(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    now[0] += 1.0
    starts = _go(pacer, now, 4)
    assert starts[3] - starts[2] == pytest.approx(2.0 * 1.02 * 1.02, rel=0.01)


def test_the_rate_is_learned_over_the_window_not_the_whole_history():
    pacer, now = _one_a_second()
    _go(pacer, now, 30)  # thirty paced calls over about 30 s, then a 429
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    now[0] += 1.0
    starts = _go(pacer, now, 6)
    # Still about one a second (a ninth slower: a pace that had held was refused), not 30
    # calls per Retry-After.
    assert 0.9 <= (starts[-1] - starts[1]) / 4 <= 1.15


def test_a_refused_probe_goes_back_and_the_next_probe_waits_twice_as_long():
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    _go(pacer, now, 5)
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # five a second, as a burst of five
    now[0] = 1.0
    pace = 0.2 * 1.02
    starts = _go(pacer, now, 5 + 60)  # about 12 s: past SPACING_TTL the pace is a probe
    assert starts[-1] - starts[-2] == pytest.approx(pace * 0.9, rel=0.01)
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # refused
    now[0] += 1.0
    resumed = now[0]
    starts = _go(pacer, now, 5 + 12)
    assert starts[-1] - starts[-2] == pytest.approx(pace, rel=0.01)  # pre-probe pace
    now[0] = resumed + 15.0  # more than 10 s on and no probe yet: it waits 20 s now
    starts = _go(pacer, now, 5 + 3)
    assert starts[-1] - starts[-2] == pytest.approx(pace, rel=0.01)
    now[0] = resumed + 21.0  # past 20 s: probing again
    starts = _go(pacer, now, 5 + 3)
    assert starts[-1] - starts[-2] == pytest.approx(pace * 0.9, rel=0.01)


def test_a_pace_that_had_held_is_refused_and_slows_by_a_ninth():
    """Another replica started sending to the same workspace: this one finds its share."""
    pacer, now = _one_a_second()
    _go(pacer, now, 3)  # well before any probe
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    now[0] += 1.0
    starts = _go(pacer, now, 4)
    assert starts[2] - starts[1] == pytest.approx(1.02 / 0.9, rel=0.01)
    # Then a trial halfway back to the pace that was refused (it may have been one early call).
    assert starts[3] - starts[2] == pytest.approx((1.02 + 1.02 / 0.9) / 2, rel=0.01)


class _Bucket:
    """Slack's limit as a token bucket on a simulated clock: `rate` calls/s, `burst` tokens;
    a refused call is told Retry-After in whole seconds (at least 1), as Slack does."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst, self.tokens, self.at = rate, burst, burst, 0.0

    def call(self, now: float) -> int | None:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return max(1, math.ceil((1 - self.tokens) / self.rate))


@pytest.mark.parametrize(("rate", "burst"), [(0.5, 1), (5, 5), (200, 200)])
def test_calls_as_fast_as_allowed_get_most_of_the_limit_with_few_refusals(rate, burst):
    now = [0.0]
    pacer, bucket = Pacer(now=lambda: now[0]), _Bucket(rate, burst)
    ok = refused = 0
    wobble = [0.0, 0.003, 0.001, 0.004, 0.002]  # wake-ups a few ms late, deterministically
    while now[0] < 300:
        left = pacer.wait(BUSY, "chat.postMessage")
        if left > 0:  # the sweep sleeps, wakes a little late, looks again, then starts
            now[0] += left + wobble[(ok + refused) % 5]
            assert pacer.wait(BUSY, "chat.postMessage") == 0
        pacer.started(BUSY, "chat.postMessage")
        retry_after = bucket.call(now[0])
        if retry_after is None:
            ok += 1
            pacer.succeeded(BUSY, "chat.postMessage")
        else:
            refused += 1
            pacer.pause(BUSY, "chat.postMessage", retry_after)
    assert ok >= 0.9 * rate * 300
    assert refused <= 25  # a few per probe that finds the limit held, over 5 minutes


def test_a_long_silence_before_a_429_is_not_read_as_the_pace():
    """Another process had the workspace for a minute, then this one sends again."""
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    _go(pacer, now, 1)
    now[0] = 60.0
    pacer.started(BUSY, "chat.postMessage")
    pacer.pause(BUSY, "chat.postMessage", 1.0)  # refused 60 s after the last call got through
    now[0] = 61.0
    starts = _go(pacer, now, 3)
    assert starts[2] - starts[1] == pytest.approx(1.02)  # one per Retry-After, not one a minute


def test_at_a_high_rate_a_lull_before_the_429_is_not_read_as_the_pace():
    now = [0.0]
    pacer = Pacer(now=lambda: now[0])
    for _ in range(300):  # 300 calls in the second before the 429 ...
        now[0] += 1 / 300
        pacer.started(BUSY, "chat.postMessage")
        pacer.succeeded(BUSY, "chat.postMessage")
    now[0] += 0.008  # ... and a lull of 8 ms between two answers
    pacer.pause(BUSY, "chat.postMessage", 1.0)
    now[0] += 1.0
    starts = _go(pacer, now, 400)
    assert (starts[-1] - starts[300]) / 99 == pytest.approx(1.02 / 300, rel=0.05)


def test_a_sweep_that_ends_between_two_paced_calls_gives_nudges_back_in_their_place(sf):
    """Only a long pause moves a due time: deferring every queued nudge of a workspace that was
    between two calls sent them to the back of the line together, seconds late next sweep."""
    _due(sf, BUSY, 3)
    _due(sf, CALM, 2)

    class Spaced:
        """BUSY just sent and waits 1 s for its next call; CALM is paused for 30 s."""

        def wait(self, key, method):
            return 1.0 if key == BUSY else 30.0

        def started(self, key, method): ...
        def succeeded(self, key, method): ...
        def pause(self, key, method, seconds): ...

    clients = {BUSY: Workspace(), CALM: Workspace()}
    dispatcher = NudgeDispatcher(clients.get, sf, FrozenClock(T0), pacer=Spaced(), sweep_budget=0.2)
    result = dispatcher.sweep()
    assert result.claimed == 5 and result.sent == 0
    with sf() as s:
        rows = {
            (n.install_team_id, n.next_attempt_at.replace(tzinfo=UTC), n.status, n.attempts)
            for n in s.query(Nudge)
        }
    busy_due = {T0 - timedelta(microseconds=i) for i in range(3)}
    assert {r[1] for r in rows if r[0] == BUSY.team_id} == busy_due  # their place in line
    assert all(r[1] >= T0 + timedelta(seconds=25) for r in rows if r[0] == CALM.team_id)
    assert {(r[2], r[3]) for r in rows} == {("pending", 0)}
