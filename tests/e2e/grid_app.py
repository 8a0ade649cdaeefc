"""The real app served over HTTP in this process, with an injected clock and a sweep the test
runs itself: OAuth installs of every kind are saved through slack_sdk's installation store, and
payloads are reshaped the way Slack sends them for Grid, org-wide and Slack Connect."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.oauth.installation_store import Installation
from support.clock import FrozenClock
from support.slack_requests import install_over_oauth, post_signed

from bot.app_factory import create_app
from bot.config import load_settings
from bot.http_server import build_wsgi_app
from bot.nudges.dispatcher import NudgeDispatcher
from bot.workspaces import WorkspaceClients
from storage.db import build_engine, build_session_factory, create_schema

SECRET = "test-signing-secret-8f0c1e"


@dataclass(frozen=True)
class Install:
    """One installation and the payload fields Slack sends for requests it serves."""

    token: str
    enterprise_id: str | None
    team_id: str | None  # None: org-wide
    request_team: str  # the workspace a request comes from (`team.id`, `team_id`)
    user_team: str  # the acting user's own team (Slack Connect: another org's)
    org_wide: bool = False

    @property
    def oauth_code(self) -> str:
        """The code the fake's oauth.v2.access installs this as (the token is `xoxb-<team>`,
        or `xoxb-<enterprise>` org-wide)."""
        if self.org_wide:
            return f"org-{self.enterprise_id}"
        return f"ws-{self.team_id}" + (f"-{self.enterprise_id}" if self.enterprise_id else "")

    def save(self, store) -> None:
        """Save as Bolt's OAuth flow would at the end of an install."""
        store.save(
            Installation(
                app_id="A0001",
                enterprise_id=self.enterprise_id,
                team_id=self.team_id,
                is_enterprise_install=self.org_wide,
                bot_token=self.token,
                bot_id="B0001",
                bot_user_id="UBOT",
                bot_scopes="commands,chat:write,im:write,users:read",
                user_id="U0INSTALLER",
                installed_at=time.time(),
            )
        )

    def command(self, **form: str) -> dict[str, str]:
        """Slash-command fields of a request this installation serves."""
        return {
            "team_id": self.request_team,
            "enterprise_id": self.enterprise_id or "",
            "is_enterprise_install": "true" if self.org_wide else "false",
            **form,
        }

    def interactive(self, payload: dict[str, Any]) -> dict[str, Any]:
        """An interactive payload as Slack sends it for this installation and user."""
        payload["team"] = {"id": self.request_team, "domain": "fake"}
        payload["user"]["team_id"] = self.user_team
        payload["enterprise"] = {"id": self.enterprise_id} if self.enterprise_id else None
        payload["is_enterprise_install"] = self.org_wide
        view = payload.get("view")
        if isinstance(view, dict):  # Bolt takes the team from here first
            view["team_id"] = self.request_team
            view["app_installed_team_id"] = self.team_id or self.request_team
        return payload

    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        """An Events API envelope for this installation."""
        return {
            "token": "unused",
            "team_id": self.request_team,
            "enterprise_id": self.enterprise_id,
            "is_enterprise_install": self.org_wide,
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": self.enterprise_id,
                    "team_id": None if self.org_wide else self.team_id,
                    "user_id": "UBOT",
                    "is_bot": True,
                    "is_enterprise_install": self.org_wide,
                }
            ],
        }


@dataclass
class InProcessApp:
    """The app on a local port; `sweep()` runs the check-in sweep at the clock's time."""

    url: str
    clock: FrozenClock
    session_factory: Any
    store: Any
    dispatcher: NudgeDispatcher
    _stop: Any = field(repr=False)

    def sweep(self):
        """One sweep, as the scheduler would run it."""
        return self.dispatcher.sweep()

    def install(self, install: Install) -> None:
        """Install through the app's own OAuth flow, as an admin's browser would."""
        assert install_over_oauth(self.url.removesuffix("/slack/events"), install.oauth_code) == 200

    def send_event(self, body: dict[str, Any]):
        """POST a signed Events API body."""
        import json

        return post_signed(self.url, SECRET, json.dumps(body), "application/json")

    def close(self) -> None:
        """Stop the sweep and the server."""
        self.dispatcher.stop()
        self._stop()


def start_in_process(tmp_path, fake_slack, clock: FrozenClock, **env: str) -> InProcessApp:
    """Build the app in OAuth mode on a SQLite file and serve it on a free port."""
    from waitress import create_server

    url = f"sqlite:///{tmp_path / 'grid.db'}"
    settings = load_settings(
        {
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "shh",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake_slack.base_url,
            "DATABASE_URL": url,
            "OOPS_WORKING_HOURS": "off",
            **env,
        }
    )
    engine = build_engine(url)
    create_schema(engine)
    session_factory = build_session_factory(engine)
    app = create_app(settings, session_factory, clock)
    clients = WorkspaceClients(settings, app.installation_store, app.client)
    dispatcher = NudgeDispatcher(clients, session_factory, clock, concurrency=4)
    server = create_server(
        build_wsgi_app(app, lambda: True, signing_secret=SECRET), host="127.0.0.1", port=0
    )
    closing = threading.Event()

    def serve() -> None:
        try:
            server.run()
        except OSError:  # waitress's select() on the socket stop() just closed
            if not closing.is_set():
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def stop() -> None:
        closing.set()
        server.close()
        thread.join(timeout=5)
        engine.dispose()

    return InProcessApp(
        url=f"http://127.0.0.1:{server.effective_port}/slack/events",
        clock=clock,
        session_factory=session_factory,
        store=app.installation_store,
        dispatcher=dispatcher,
        _stop=stop,
    )


def wait_until(condition, *, timeout: float) -> None:
    """Poll `condition` (work the app does after its ack) until true; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)
