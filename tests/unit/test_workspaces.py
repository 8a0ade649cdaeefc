"""Per-workspace clients in OAuth mode, including bot token rotation before expiry."""

from __future__ import annotations

import time

from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.config import load_settings
from bot.slack_client import build_web_client
from bot.workspaces import WorkspaceClients
from storage.db import build_engine, create_schema

ENV = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "shh", "SLACK_SIGNING_SECRET": "s"}


def _store(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'w.db'}")
    create_schema(engine)
    return SQLAlchemyInstallationStore(client_id="111.222", engine=engine)


def _bot(expires_in: int, refresh: str | None = "xoxe-1-old") -> Bot:
    return Bot(
        app_id="A1",
        team_id="T0001",
        bot_token="xoxb-old",
        bot_id="B1",
        bot_user_id="UB",
        bot_refresh_token=refresh,
        installed_at=time.time(),
        bot_token_expires_at=int(time.time()) + expires_in if refresh else None,
    )


def test_unknown_workspace_has_no_client(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    clients = WorkspaceClients(
        settings, _store(tmp_path), build_web_client(api_url=settings.api_url, token=None)
    )
    assert clients("T0NOPE") is None


def test_expiring_token_is_rotated_and_saved(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    store = _store(tmp_path)
    store.save_bot(_bot(expires_in=60))
    fake_slack.respond(
        "oauth.v2.access",
        {
            "ok": True,
            "token_type": "bot",
            "access_token": "xoxb-new",
            "refresh_token": "xoxe-1-new",
            "expires_in": 43200,
            "team": {"id": "T0001"},
        },
    )
    clients = WorkspaceClients(
        settings, store, build_web_client(api_url=settings.api_url, token=None)
    )
    assert clients("T0001").token == "xoxb-new"
    (call,) = fake_slack.calls("oauth.v2.access")
    assert call.args["grant_type"] == "refresh_token"
    assert call.args["refresh_token"] == "xoxe-1-old"
    assert store.find_bot(enterprise_id=None, team_id="T0001").bot_token == "xoxb-new"


def test_fresh_token_is_not_rotated(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    store = _store(tmp_path)
    store.save_bot(_bot(expires_in=43000))
    clients = WorkspaceClients(
        settings, store, build_web_client(api_url=settings.api_url, token=None)
    )
    assert clients("T0001").token == "xoxb-old"
    assert fake_slack.count("oauth.v2.access") == 0
