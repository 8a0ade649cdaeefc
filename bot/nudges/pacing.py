"""Per-installation pacing: a 429 pauses that installation's calls of that method, no others.

Slack's rate limits are per workspace (per installation's token) and per method, so one busy
workspace answering 429 must not hold up DMs to the other 199.

After a 429 the pacer also paces that installation's calls as Slack seems to allow them: the
calls that got through in the Retry-After before the 429 give the rate (kept 2% slower) and
the burst. Pacing is a generic cell rate algorithm (GCRA, as in ATM traffic shaping): each call
moves a "theoretical arrival time" on by the spacing and a call may go while it is at most the
burst allowance ahead, so a sweep that wakes a little late catches up instead of drifting
slower, and the calls Slack's bucket refilled during a pause go at once when it ends. A 429
that comes before a burst is through shrinks the burst to what got through. After SPACING_TTL
seconds without a 429 the spacing shrinks by a tenth (a probe), so a limit that grew is found
again; a refused probe goes back to the pace before it and doubles the wait for the next probe
(up to MAX_PROBE_EVERY), so a steady limit costs few 429s. A 429 at a pace that had held means
the limit fell or other replicas send to the workspace too: the spacing grows by a ninth (once
after many calls at a slow limit: one call arrived a little early, so by 2%).

A slow limit (a call or two per Retry-After, as a workspace's 0.5 call/s) is bracketed: a
refused call `gap` after the last says calls must be more than `gap` apart and `gap +
Retry-After` apart is allowed. The pace starts at the safe end, and while it is more than 5%
above what was refused, a trial tries halfway down (a refused trial goes back, as does one
refused a few calls after it held: it sat within jitter of the limit). Probes below
what was refused are counted as refused without being made until they are MAX_PROBE_EVERY
apart, so a limit that holds costs few 429s.
Each process paces on its own; claims keep a workspace with one process while it sends to it
(storage/nudge_queue.py), so sharing a workspace's limit is the exception. (Pushing the
installation's due rows back in the database on a 429, tried, made claims return one
workspace's rows together and starved the window.)
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from storage.install_key import InstallKey

SPACING_TTL = 10.0  # seconds without a 429 before the first probe (and after one that held)
MAX_PROBE_EVERY = 320.0  # seconds: failed probes double the wait for the next, up to this
SPACING_MARGIN = 1.02
RECENT = 512  # successes kept per installation and method: rates above 512/s read as 512
PROBE = 0.9  # after SPACING_TTL without a 429, try calls this much closer together
BACKOFF = 1 / PROBE  # a pace that had held is refused (the limit fell, or replicas share it)
LATE = 0.01  # seconds a wake-up may be late and still keep its slot (at most half a spacing)
NARROW = 1.05  # a slow limit is known once the pace is under this much above a refused gap
HELD = 2  # calls through at a pace before a trial may start from it
SOON = 10  # calls through since a pause: a held pace refused after fewer is "again soon"
NUDGE = SPACING_MARGIN  # a held pace refused once after many calls: one call came early
ON_SCHEDULE = 1.25  # a refused call at most this many paces after the last went on schedule

Key = tuple[InstallKey, str]


@dataclass
class _Pace:
    """What was learned of one (installation, method)'s limit."""

    apart: float  # seconds between calls
    burst: int  # calls that may go back to back
    probe_at: float  # when to try a little faster
    probe_every: float = SPACING_TTL  # seconds between probes
    probing: bool = False  # the pace is a probe not yet held for probe_every
    since_resume: int = 0  # calls that got through since the last pause ended
    in_burst: bool = False  # the last 429 came before the burst was through
    # A slow limit (a call or two per Retry-After): calls `low` seconds apart were refused.
    # While the pace is well above that, a trial tries halfway down; a refused trial goes
    # back to the pace `before` it.
    low: float = 0.0
    held: int = 0  # calls through at this pace
    trial: bool = False
    before: float = 0.0  # the pace before the last trial since the last pause; 0: none

    @property
    def ahead(self) -> float:
        """Seconds the schedule may run ahead of now (GCRA's tolerance)."""
        return (self.burst - 1) * self.apart + min(LATE, self.apart / 2)


class Pacer:
    """When each (installation, method) may be called again, in `now()` seconds (monotonic).

    Thread-safe: the sweep reads it while its workers' outcomes add pauses.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._resume: dict[Key, float] = {}
        # When calls got through lately (the last RECENT), and the first 429 of a pause:
        # (when, Retry-After seconds, seconds since the last call that got through).
        self._ok: dict[Key, deque[float]] = {}
        self._refused: dict[Key, tuple[float, float, float]] = {}
        self._pace: dict[Key, _Pace] = {}
        self._due: dict[Key, float] = {}  # GCRA's theoretical arrival time of the next call
        self._lock = threading.Lock()

    def pause(self, key: InstallKey, method: str, seconds: float) -> None:
        """A 429: no call of `method` with `key`'s token for `seconds` (a later pause only
        extends); when it ends, calls are paced by what got through in the Retry-After
        before it (counted then, so sends still in flight at the 429 count too)."""
        now = self._now()
        until = now + max(0.0, seconds)
        pair = (key, method)
        with self._lock:
            self._resume[pair] = max(self._resume.get(pair, 0.0), until)
            if seconds > 0 and pair not in self._refused:
                ok = self._ok.get(pair)
                self._refused[pair] = (now, seconds, now - ok[-1] if ok else 0.0)
                pace = self._pace.get(pair)
                if pace is not None:
                    # Refused before the burst was through: the burst was too big (with no
                    # burst, the pace itself was too fast).
                    pace.in_burst = 1 < pace.burst and pace.since_resume < pace.burst
                    if pace.in_burst:
                        pace.burst = max(1, pace.since_resume)

    def started(self, key: InstallKey, method: str) -> None:
        """A call of `method` with `key`'s token starts now (the next waits its turn)."""
        pair = (key, method)
        with self._lock:
            pace = self._pace.get(pair)
            if pace is not None:
                now = self._now()
                searching = not (pace.trial or pace.probing)
                if searching and pace.apart > pace.low * NARROW > 0 and pace.held >= HELD:
                    # A slow limit not closely known: try halfway to what was refused (a
                    # refusal costs one Retry-After; a pace a tenth slow, a tenth of each call).
                    pace.before, pace.trial, pace.held = pace.apart, True, 0
                    pace.apart = (pace.low + pace.apart) / 2
                elif (
                    searching
                    and now > pace.probe_at
                    and pace.apart * PROBE <= pace.low
                    and (pace.probe_every < MAX_PROBE_EVERY)
                ):
                    # A probe would go below what was refused: count it refused without
                    # paying for it, until probes are rare enough to look for a limit that grew.
                    pace.probe_every = min(MAX_PROBE_EVERY, pace.probe_every * 2)
                    pace.probe_at = now + pace.probe_every
                elif not pace.trial and now > pace.probe_at:  # no 429 for a while: faster
                    if pace.probing:  # the last probe held: probe again as soon as at first
                        pace.probe_every = SPACING_TTL
                    pace.apart *= PROBE
                    pace.probing, pace.probe_at, pace.held = True, now + pace.probe_every, 0
                self._due[pair] = max(self._due.get(pair, now), now) + pace.apart

    def succeeded(self, key: InstallKey, method: str) -> None:
        """A call got through (counted to estimate the limit when the next pause ends)."""
        pair = (key, method)
        with self._lock:
            self._ok.setdefault(pair, deque(maxlen=RECENT)).append(self._now())
            pace = self._pace.get(pair)
            if pace is not None:
                pace.since_resume += 1
                pace.held += 1
                if pace.held >= HELD:
                    pace.trial = False  # a trial that held is the pace now
                    if pace.apart <= pace.low:  # below what was refused: the limit grew
                        pace.low = 0.0

    def wait(self, key: InstallKey, method: str) -> float:
        """Seconds until `key` may call `method` again; 0 when it may now."""
        pair = (key, method)
        with self._lock:
            now = self._now()
            resume = self._resume.get(pair)
            if resume is not None and resume <= now:
                del self._resume[pair]  # keep the maps as small as what is paused
                refused = self._refused.pop(pair, None)
                if refused is not None:
                    self._learn(pair, now, resume, *refused)
                resume = None
            left = resume or 0.0
            pace = self._pace.get(pair)
            if pace is not None:
                left = max(left, self._due.get(pair, now) - pace.ahead)
            left -= now
            return max(0.0, left)

    def _learn(
        self, pair: Key, now: float, until: float, at: float, seconds: float, gap: float
    ) -> None:
        """A pause (first 429 at `at`, Retry-After `seconds`, `gap` seconds after the last call
        that got through; over at `until`) ended. Slack's limit refills over Retry-After, so
        what got through in the Retry-After before the 429 (and until the pause ended, still in
        flight) is its rate and the burst it took; and calls must be further apart than the
        gap that was refused (a limit of one call per 2 s answers Retry-After 1 to a call 1.9 s
        after the last: counting one call per Retry-After alone would go twice too fast).
        Call under the lock."""
        counted = sum(at - seconds < t <= until for t in self._ok.get(pair, ()))
        got_through = max(1, counted)
        pace = self._pace.get(pair)
        # The gap tells the pace only of a slow limit, where the Retry-After held a call or two;
        # at 200 calls/s a lull between two answers says nothing. Nor does a gap longer than two
        # Retry-Afters (another process had the workspace, or nothing was due), unless the
        # call went on our own schedule (a 2 s pace refused 2.002 s after the last, Retry-After 1).
        on_schedule = pace is not None and gap <= pace.apart * ON_SCHEDULE
        slow = got_through <= 2 and (gap <= 2 * seconds or on_schedule)
        refused_gap = gap if slow else 0.0
        per_call = seconds / got_through
        # What is known of a slow limit is that one call more than `gap` after the last is too
        # soon and `gap + seconds` after is not. The count is its rate only where it is clearly
        # slower than that gap (NARROW: the gap is measured from our side, with jitter):
        # a limit of one call per 2 s refuses a call 1 s after the last with Retry-After 1, and
        # "one call through per Retry-After" would then pace at twice the limit and be refused
        # over and over, a ninth slower each time.
        counts = counted and not (slow and per_call <= gap * NARROW)
        if slow and not counts:
            per_call = gap + seconds
        apart = max(per_call, refused_gap) * SPACING_MARGIN
        if pace is None:
            pace = self._pace[pair] = _Pace(apart, got_through, now)
            # A rate counted over the Retry-After is close; a bracket from the gap is not.
            pace.low = (per_call if counts else gap) if slow else 0.0
        else:
            if slow:  # calls `gap` apart were refused, whatever was being tried
                pace.low = max(pace.low, gap)
            if slow and (pace.trial or (pace.before and pace.since_resume < SOON)):
                # The trial was too fast, or held a few calls and was then refused (it sat
                # within jitter of the limit): back to the pace before it, which held.
                pace.low = max(pace.low, pace.apart)
                pace.apart = pace.before
            elif pace.probing:
                # The probe was refused: back to the pace before it, and probe half as often
                # (a limit that holds still costs one 429 per MAX_PROBE_EVERY at most). A slow
                # limit's bracket top from this refusal is looser than the pace that held.
                pace.apart = pace.apart / PROBE if slow else max(apart, pace.apart / PROBE)
                pace.probe_every = min(MAX_PROBE_EVERY, pace.probe_every * 2)
            elif slow and pace.since_resume >= SOON:
                # Once after many calls at a pace that held: one call reached Slack a little
                # early (network and scheduling jitter), so a little slower; no trial goes
                # back below the pace that was refused.
                pace.low = max(pace.low, pace.apart)
                pace.apart = max(refused_gap * SPACING_MARGIN, pace.apart * NUDGE)
            elif not pace.in_burst:
                # A pace that had held was refused: the limit fell, or other replicas send to
                # this workspace too and each must find its share. For a slow limit that pace
                # is too fast, and bounds it better than the bracket's top.
                if slow:
                    pace.low = max(pace.low, pace.apart)
                    apart = refused_gap * SPACING_MARGIN
                pace.apart = max(apart, pace.apart * BACKOFF)
        pace.probe_at = now + pace.probe_every
        pace.probing, pace.since_resume, pace.in_burst = False, 0, False
        pace.trial, pace.held, pace.before = False, 0, 0.0
        self._due[pair] = now  # the bucket refilled during the pause: a burst may go

    def paused(self) -> int:
        """How many (installation, method) pairs must wait now (for the log and tests); reads
        only (wait() learns when a pause ends)."""
        now = self._now()
        with self._lock:
            ready_at = dict(self._resume)
            for pair, due in self._due.items():
                ready_at[pair] = max(ready_at.get(pair, 0.0), due - self._pace[pair].ahead)
        return sum(at > now for at in ready_at.values())
