"""Per-installation pacing: a 429 pauses that installation's calls of that method, no others.

Slack's rate limits are per workspace (per installation's token) and per method, so one busy
workspace answering 429 must not hold up DMs to the other 199.

After a 429 the pacer also spaces that installation's calls: the calls that got through in
the Retry-After before it give the rate Slack allows, kept 2% slower. Without it the first
call after every pause would be followed at once by another that is refused, so half the
calls to a busy workspace would be 429s. After SPACING_TTL seconds without a 429 the spacing
shrinks by a tenth, so a limit that grew is found again without a burst of refusals.
Each process paces on its own: replicas sharing a workspace each learn their spacing from the
429s they get. (Pushing the installation's due rows back in the database on a 429, tried, made
claims return one workspace's rows together and starved the window.)
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from storage.install_key import InstallKey

SPACING_TTL = 10.0  # seconds
SPACING_MARGIN = 1.02
RECENT = 64  # successes remembered per installation and method
PROBE = 0.9  # after SPACING_TTL without a 429, try calls this much closer together

Key = tuple[InstallKey, str]


class Pacer:
    """When each (installation, method) may be called again, in `now()` seconds (monotonic).

    Thread-safe: the sweep reads it while its workers' outcomes add pauses.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._resume: dict[Key, float] = {}
        # When calls got through lately (the last RECENT), and the first 429 of a pause:
        # (when, Retry-After seconds).
        self._ok: dict[Key, deque[float]] = {}
        self._refused: dict[Key, tuple[float, float]] = {}
        self._spacing: dict[Key, tuple[float, float]] = {}  # (seconds apart, until)
        self._next: dict[Key, float] = {}  # earliest start of the next call under spacing
        self._lock = threading.Lock()

    def pause(self, key: InstallKey, method: str, seconds: float) -> None:
        """A 429: no call of `method` with `key`'s token for `seconds` (a later pause only
        extends); when it ends, calls are spaced by what got through in the Retry-After
        before it (counted then, so sends still in flight at the 429 count too)."""
        now = self._now()
        until = now + max(0.0, seconds)
        pair = (key, method)
        with self._lock:
            self._resume[pair] = max(self._resume.get(pair, 0.0), until)
            if seconds > 0:
                self._refused.setdefault(pair, (now, seconds))

    def started(self, key: InstallKey, method: str) -> None:
        """A call of `method` with `key`'s token starts now (the next waits its spacing)."""
        pair = (key, method)
        with self._lock:
            spacing = self._spacing.get(pair)
            if spacing is not None:
                now = self._now()
                apart, until = spacing
                if now > until:  # no 429 for a while: a little faster, in case the limit grew
                    apart *= PROBE
                    self._spacing[pair] = (apart, now + SPACING_TTL)
                self._next[pair] = now + apart

    def succeeded(self, key: InstallKey, method: str) -> None:
        """A call got through (counted to estimate the limit when the next pause ends)."""
        pair = (key, method)
        with self._lock:
            self._ok.setdefault(pair, deque(maxlen=RECENT)).append(self._now())

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
                    at, seconds = refused
                    # Slack's limit refills over Retry-After: what got through in the
                    # Retry-After before the 429 (and since, still in flight) is its rate.
                    got_through = sum(t > at - seconds for t in self._ok.get(pair, ()))
                    apart = seconds / max(1, got_through) * SPACING_MARGIN
                    self._spacing[pair] = (apart, now + SPACING_TTL)
                resume = None
            left = max(resume or 0.0, self._next.get(pair, 0.0)) - now
            if left <= 0:
                self._next.pop(pair, None)
                return 0.0
            return left

    def paused(self) -> int:
        """How many (installation, method) pairs must wait now (for the log and tests)."""
        now = self._now()
        with self._lock:
            return sum(until > now for until in {**self._next, **self._resume}.values())
