"""Per-installation clients in OAuth mode: Grid and org-wide keys, the client cache, token
rotation before expiry, and the installation store's time-bounded cache."""

from __future__ import annotations

import time

from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.config import load_settings
from bot.installation_cache import TimedCacheInstallationStore
from bot.slack_client import build_web_client
from bot.workspaces import WorkspaceClients
from storage.db import build_engine, create_schema
from storage.install_key import InstallKey

ENV = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "shh", "SLACK_SIGNING_SECRET": "s"}


def _store(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'w.db'}")
    create_schema(engine)
    return SQLAlchemyInstallationStore(client_id="111.222", engine=engine)


def _clients(settings, store) -> WorkspaceClients:
    return WorkspaceClients(settings, store, build_web_client(api_url=settings.api_url, token=None))


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
    clients = _clients(settings, _store(tmp_path))
    assert clients(InstallKey.of_team("T0NOPE")) is None


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
    clients = _clients(settings, store)
    assert clients(InstallKey.of_team("T0001")).token == "xoxb-new"
    (call,) = fake_slack.calls("oauth.v2.access")
    assert call.args["grant_type"] == "refresh_token"
    assert call.args["refresh_token"] == "xoxe-1-old"
    assert store.find_bot(enterprise_id=None, team_id="T0001").bot_token == "xoxb-new"


def test_fresh_token_is_not_rotated(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    store = _store(tmp_path)
    store.save_bot(_bot(expires_in=43000))
    clients = _clients(settings, store)
    assert clients(InstallKey.of_team("T0001")).token == "xoxb-old"
    assert fake_slack.count("oauth.v2.access") == 0


def _grid_bot(token: str, *, team_id: str | None, org_wide: bool = False) -> Bot:
    return Bot(
        app_id="A1",
        enterprise_id="E0001",
        team_id=team_id,
        is_enterprise_install=org_wide,
        bot_token=token,
        bot_id="B1",
        bot_user_id="UB",
        installed_at=time.time(),
    )


def test_grid_and_org_wide_installs_are_found_by_their_key(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    store = _store(tmp_path)
    store.save_bot(_grid_bot("xoxb-grid", team_id="T0GRID"))
    store.save_bot(_grid_bot("xoxb-org", team_id=None, org_wide=True))
    clients = _clients(settings, store)
    assert clients(InstallKey("E0001", "T0GRID")).token == "xoxb-grid"
    # Org-wide: the team in the payload is the user's workspace; the key ignores it.
    assert clients(InstallKey("E0001", "T0ANY", is_enterprise_install=True)).token == "xoxb-org"
    # What the sweep did before: no enterprise id, so no bot.
    assert clients(InstallKey.of_team("T0GRID")) is None


def test_a_grid_workspace_without_its_own_install_is_served_by_its_org_wide_install(
    tmp_path, fake_slack
):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    store = _store(tmp_path)
    store.save_bot(_grid_bot("xoxb-org", team_id=None, org_wide=True))
    clients = _clients(settings, store)
    assert clients(InstallKey("E0001", "T0GRID")).token == "xoxb-org"
    assert clients(InstallKey("E0002", "T0GRID")) is None  # another org's: not its bot
    store.save_bot(_grid_bot("xoxb-grid", team_id="T0GRID"))
    assert clients(InstallKey("E0001", "T0GRID")).token == "xoxb-grid"  # its own comes first


def test_client_is_built_once_per_token_and_rebuilt_when_it_rotates(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    store = _store(tmp_path)
    store.save_bot(_bot(expires_in=43000))
    clients = _clients(settings, store)
    key = InstallKey.of_team("T0001")
    first = clients(key)
    assert clients(key) is first and clients.paced(key) is clients.paced(key)
    # Another replica rotated the token and saved it: the next look-up sees it.
    rotated = _bot(expires_in=43000)
    rotated.bot_token, rotated.installed_at = "xoxb-rotated", time.time() + 1
    store.save_bot(rotated)
    assert clients(key).token == "xoxb-rotated" and clients(key) is not first


def test_cached_store_sees_another_replicas_uninstall_within_its_ttl(tmp_path):
    now = [0.0]
    underlying = _store(tmp_path)
    underlying.save_bot(_bot(expires_in=43000))
    mine = TimedCacheInstallationStore(underlying, ttl=30, now=lambda: now[0])
    other = TimedCacheInstallationStore(underlying, ttl=30, now=lambda: now[0])
    assert mine.find_bot(enterprise_id=None, team_id="T0001") is not None
    other.delete_all(enterprise_id=None, team_id="T0001")  # uninstalled through a replica
    assert other.find_bot(enterprise_id=None, team_id="T0001") is None  # at once there
    now[0] += 31
    assert mine.find_bot(enterprise_id=None, team_id="T0001") is None  # here after the TTL


def test_a_refused_token_forgets_the_cached_installation(tmp_path, fake_slack):
    settings = load_settings({**ENV, "SLACK_API_URL": fake_slack.base_url})
    underlying = _store(tmp_path)
    underlying.save_bot(_bot(expires_in=43000))
    store = TimedCacheInstallationStore(underlying, ttl=3600)
    clients = _clients(settings, store)
    key = InstallKey.of_team("T0001")
    assert clients(key) is not None
    underlying.delete_all(enterprise_id=None, team_id="T0001")  # behind the cache's back
    assert clients(key) is not None  # still cached
    clients.forget(key)  # what the sweep does on invalid_auth / token_revoked
    assert clients(key) is None
