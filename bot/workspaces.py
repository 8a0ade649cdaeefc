"""Which token to use for a workspace: the single bot token, or the stored OAuth installation."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.slack_client import build_web_client

log = logging.getLogger(__name__)


class WorkspaceClients:
    """`clients(team_id)` gives a WebClient for that workspace, or None if it is not installed."""

    def __init__(
        self, settings: Settings, store: InstallationStore | None, default: WebClient
    ) -> None:
        self._settings, self._store, self._default = settings, store, default
        self._rotator = (
            TokenRotator(
                client_id=settings.client_id, client_secret=settings.client_secret, client=default
            )
            if settings.oauth
            else None
        )

    def __call__(self, team_id: str) -> WebClient | None:
        if self._store is None:
            return self._default
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if self._rotator is not None and bot.bot_refresh_token:
            # Rotating tokens expire after 12 hours; refresh ahead of time and keep the new one.
            rotated = self._rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=120
            )
            if rotated is not None:
                self._store.save_bot(rotated)
                bot = rotated
        return build_web_client(api_url=self._settings.api_url, token=bot.bot_token)
