"""A time-bounded cache in front of the installation store, safe with several replicas.

slack_sdk's CacheableInstallationStore keeps what it found for the life of the process and
forgets an entry only when *this* process saves or deletes it: with several replicas, a workspace
uninstalled through one stays installed in the others' caches for ever, and a token another
replica rotated stays stale. Here every entry also expires after `ttl` seconds, and the sweep
drops one at once when Slack rejects its token (bot/workspaces.py), so a stale entry can cost at
most one refused call, never a DM after an uninstall: uninstalling also cancels the check-ins in
the database, which every replica claims from.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from logging import Logger
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore

DEFAULT_TTL = 30.0  # seconds
MISS_TTL = 5.0  # seconds


def _key(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None):
    # The store ignores the team of an org-wide install, and so does the key.
    team = None if is_enterprise_install or not team_id else team_id
    return (enterprise_id or None, team)


class TimedCacheInstallationStore(InstallationStore):
    """Wraps a store; bot and installation look-ups are kept `ttl` seconds (misses too, briefly,
    so an uninstalled workspace's due check-ins cost no query each)."""

    def __init__(
        self,
        underlying: InstallationStore,
        *,
        ttl: float = DEFAULT_TTL,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.underlying, self._ttl, self._now = underlying, ttl, now
        self._bots: dict[tuple, tuple[float, Bot | None]] = {}
        self._installations: dict[tuple, tuple[float, Installation | None]] = {}
        self._lock = threading.Lock()

    @property
    def logger(self) -> Logger:
        """The wrapped store's logger."""
        return self.underlying.logger

    def forget(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Drop what is cached for this installation (and its org-wide form)."""
        with self._lock:
            for cache in (self._bots, self._installations):
                for key in list(cache):
                    if key[0] == (enterprise_id or None) and key[1] in (team_id or None, None):
                        cache.pop(key, None)

    def _cached(self, cache: dict, key: tuple, load: Callable[[], Any]) -> Any:
        with self._lock:
            hit = cache.get(key)
            if hit is not None and hit[0] > self._now():
                return hit[1]
        value = load()
        # A miss is kept only briefly: a workspace installing through another replica shows up
        # within seconds.
        ttl = self._ttl if value is not None else min(self._ttl, MISS_TTL)
        with self._lock:
            cache[key] = (self._now() + ttl, value)
        return value

    def save(self, installation: Installation) -> None:
        """Save through, then forget the cached copies."""
        self.underlying.save(installation)
        self.forget(enterprise_id=installation.enterprise_id, team_id=installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        """Save through, then forget the cached copies."""
        self.underlying.save_bot(bot)
        self.forget(enterprise_id=bot.enterprise_id, team_id=bot.team_id)

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The latest bot of that installation, from the cache when fresh."""
        return self._cached(
            self._bots,
            _key(enterprise_id, team_id, is_enterprise_install),
            lambda: self.underlying.find_bot(
                enterprise_id=enterprise_id,
                team_id=team_id,
                is_enterprise_install=is_enterprise_install,
            ),
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The installation (a user's, with `user_id`), from the cache when fresh."""
        return self._cached(
            self._installations,
            (*_key(enterprise_id, team_id, is_enterprise_install), user_id),
            lambda: self.underlying.find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            ),
        )

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Delete through, then forget."""
        self.underlying.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.forget(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Delete through, then forget."""
        self.underlying.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
        self.forget(enterprise_id=enterprise_id, team_id=team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Delete through, then forget."""
        self.underlying.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self.forget(enterprise_id=enterprise_id, team_id=team_id)
