"""A clock tests can set and move (production code is handed bot.clock.system_clock)."""

from datetime import datetime, timedelta


class FrozenClock:
    """A clock tests can set and move; returns aware UTC datetimes."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        """Move the clock on by `timedelta(**kwargs)`."""
        self.now = self.now + timedelta(**kwargs)
