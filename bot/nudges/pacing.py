"""Per-installation pacing: a 429 pauses that installation's calls of that method, no others.

Slack's rate limits are per workspace (per installation's token) and per method, so one busy
workspace answering 429 must not hold up DMs to the other 199.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from storage.install_key import InstallKey


class Pacer:
    """When each (installation, method) may be called again, in `now()` seconds (monotonic).

    Thread-safe: the sweep reads it while its workers' outcomes add pauses.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._resume: dict[tuple[InstallKey, str], float] = {}
        self._lock = threading.Lock()

    def pause(self, key: InstallKey, method: str, seconds: float) -> None:
        """No call of `method` with `key`'s token for `seconds` (a later pause only extends)."""
        until = self._now() + max(0.0, seconds)
        with self._lock:
            self._resume[(key, method)] = max(self._resume.get((key, method), 0.0), until)

    def wait(self, key: InstallKey, method: str) -> float:
        """Seconds until `key` may call `method` again; 0 when it may now."""
        with self._lock:
            until = self._resume.get((key, method))
            if until is None:
                return 0.0
            left = until - self._now()
            if left <= 0:
                del self._resume[(key, method)]  # keep the map as small as what is paused
                return 0.0
            return left

    def paused(self) -> int:
        """How many (installation, method) pairs are paused now (for the log and tests)."""
        now = self._now()
        with self._lock:
            return sum(until > now for until in self._resume.values())
