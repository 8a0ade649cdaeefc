"""OAuth installations and state in the app's own database (slack_sdk's SQLAlchemy stores)."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Installation, InstallationStore
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


def _after_install(on_installed: Callable[[Installation], None]) -> CallbackOptions:
    """Bolt's own answers to the browser, with `on_installed(installation)` run first, once
    the installation is saved."""

    def success(args: SuccessArgs) -> BoltResponse:
        on_installed(args.installation)
        return args.default.success(args)

    def failure(args: FailureArgs) -> BoltResponse:
        return args.default.failure(args)

    return CallbackOptions(success=success, failure=failure)


def build_oauth_settings(
    settings, engine: Engine, on_installed: Callable[[Installation], None] | None = None
) -> OAuthSettings:
    """Bolt's OAuth flow: /slack/install, /slack/oauth_redirect, stores in `engine`; with
    `on_installed`, that is called with each installation saved (an exception from it reaches
    the browser as an error, though the installation is saved: installing again retries it)."""
    state_store = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(settings.scopes or DEFAULT_SCOPES),
        installation_store=build_installation_store(settings.client_id, engine),
        state_store=state_store,
        token_rotation_expiration_minutes=120,
        callback_options=_after_install(on_installed) if on_installed is not None else None,
    )
