"""Which client sends for an installation: the single bot token, or the stored OAuth bot.

The key is the one Bolt's authorize used when the oops was posted (storage/install_key.py):
enterprise id, team id (None for an org-wide install) and whether it is an org-wide install.
Clients are built once per installation and token, and rebuilt when the token changes (a
rotation here or by another replica, seen through the store's time-bounded cache).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.nudges.sending import for_nudge_sends
from bot.slack_client import build_web_client
from storage.install_key import InstallKey

log = logging.getLogger(__name__)

# Refresh a rotating token this long before it expires (Slack's rotating tokens live 12 h).
ROTATE_MINUTES_BEFORE = 120


@dataclass(frozen=True)
class _Entry:
    token: str
    client: WebClient
    paced: WebClient  # without slack_sdk's 429 sleeps: the sweep paces itself


class WorkspaceClients:
    """`clients(key)` gives the WebClient for that installation, or None if it is not installed.

    Thread-safe (the sweep's workers call it). Without an installation store (one workspace,
    SLACK_BOT_TOKEN) every key gets the app's client.
    """

    def __init__(
        self, settings: Settings, store: InstallationStore | None, default: WebClient
    ) -> None:
        self._settings, self._store, self._default = settings, store, default
        self._rotator = (
            TokenRotator(
                client_id=settings.client_id, client_secret=settings.client_secret, client=default
            )
            if settings.oauth and settings.client_id and settings.client_secret
            else None
        )
        self._entries: dict[InstallKey, _Entry] = {}
        self._lock = threading.Lock()
        self._default_paced = for_nudge_sends(default)

    def __call__(self, key: InstallKey) -> WebClient | None:
        entry = self._entry(key)
        return entry.client if entry is not None else None

    def paced(self, key: InstallKey) -> WebClient | None:
        """The client for check-in DMs: no 429 sleeps (bot/nudges/pacing.py pauses instead)."""
        entry = self._entry(key)
        return entry.paced if entry is not None else None

    def forget(self, key: InstallKey) -> None:
        """Slack refused the token: drop the client and the cached installation, so the next
        look-up asks the database (an uninstall through another replica shows up at once)."""
        with self._lock:
            self._entries.pop(key, None)
        forget = getattr(self._store, "forget", None)
        if forget is not None:
            forget(enterprise_id=key.enterprise_id, team_id=key.team_id)

    def _entry(self, key: InstallKey) -> _Entry | None:
        if self._store is None:
            return _Entry(self._default.token or "", self._default, self._default_paced)
        bot = find_bot(self._store, key)
        if bot is None:
            with self._lock:
                self._entries.pop(key, None)
            return None
        bot = self._rotated(bot)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.token != bot.bot_token:
                client = build_web_client(api_url=self._settings.api_url, token=bot.bot_token)
                entry = _Entry(bot.bot_token, client, for_nudge_sends(client))
                self._entries[key] = entry
            return entry

    def _rotated(self, bot: Bot) -> Bot:
        if self._rotator is None or not bot.bot_refresh_token:
            return bot
        rotated = self._rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE
        )
        if rotated is None:
            return bot
        self._store.save_bot(rotated)  # type: ignore[union-attr]
        log.info("bot token rotated enterprise=%s team=%s", bot.enterprise_id, bot.team_id)
        return rotated


def find_bot(store: InstallationStore, key: InstallKey) -> Bot | None:
    """The bot that sends for `key`: its own installation's, or, for a Grid workspace whose own
    install is gone, its org's org-wide installation's (which serves every workspace of it)."""
    for candidate in (key, key.org_wide):
        if candidate is None:
            continue
        bot = store.find_bot(
            enterprise_id=candidate.enterprise_id,
            team_id=candidate.team_id,
            is_enterprise_install=candidate.is_enterprise_install,
        )
        if bot is not None:
            return bot
    return None


def installation_key(context: dict) -> InstallKey:
    """The installation Bolt authorized this request with, as its authorize looked it up:
    enterprise id, team id (None for an org-wide install), org-wide or not."""
    return InstallKey(
        enterprise_id=context.get("enterprise_id"),
        team_id=context.get("team_id"),
        is_enterprise_install=bool(context.get("is_enterprise_install")),
    )
