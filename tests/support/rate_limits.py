"""Token buckets for the fake Slack: one for the whole fake, or one per bot token."""

from __future__ import annotations

import time
from collections.abc import Iterable


class TokenBucket:
    """A global calls-per-second limit with a burst allowance."""

    def __init__(self, rate: float, burst: float, methods: frozenset[str] | None) -> None:
        self.rate, self.burst, self.methods = rate, burst, methods
        self.tokens, self.stamp = burst, time.monotonic()

    def retry_after(self, method: str) -> int | None:
        """Take a token for `method`; return seconds to wait when none is left (call under lock)."""
        if self.methods is not None and method not in self.methods:
            return None
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        return max(1, int((1 - self.tokens) / self.rate + 0.999))


class PerTokenLimits:
    """Each bearer token gets `rate` calls/s (burst: one second's calls, at least 1), or the
    rate `overrides` gives it: Slack limits each workspace's token on its own."""

    def __init__(
        self, rate: float, methods: Iterable[str] | None, overrides: dict[str, float] | None
    ) -> None:
        self.rate, self.overrides = rate, dict(overrides or {})
        self.methods = frozenset(methods) if methods is not None else None
        self.buckets: dict[str, TokenBucket] = {}

    def retry_after(self, method: str, token: str | None) -> int | None:
        """Take a call for `token`; seconds to wait when it has none left (call under lock)."""
        if token is None:
            return None
        bucket = self.buckets.get(token)
        if bucket is None:
            rate = self.overrides.get(token, self.rate)
            bucket = self.buckets[token] = TokenBucket(rate, max(1.0, rate), self.methods)
        return bucket.retry_after(method)
