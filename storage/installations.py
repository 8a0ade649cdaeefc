"""OAuth installations and state in the app's own database (slack_sdk's SQLAlchemy stores)."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "channels:join",
    "im:write",
    "mpim:write",
    "users:read",
    "files:write",
)


def build_installation_store(client_id: str, engine: Engine) -> InstallationStore:
    """Installations per workspace or org (tables come from our migrations), behind a cache
    whose entries expire (bot/installation_cache.py: safe with several replicas)."""
    from bot.installation_cache import TimedCacheInstallationStore

    return TimedCacheInstallationStore(
        SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
    )


def build_oauth_settings(settings, engine: Engine) -> OAuthSettings:
    """Bolt's OAuth flow: /slack/install, /slack/oauth_redirect, stores in `engine`."""
    state_store = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(settings.scopes or DEFAULT_SCOPES),
        installation_store=build_installation_store(settings.client_id, engine),
        state_store=state_store,
        token_rotation_expiration_minutes=120,
    )
