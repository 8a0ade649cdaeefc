"""The real app in this process, on a free port, with a clock the test moves and sweeps it runs.

Like the subprocess app (signed HTTP in, the fake Slack out) but days pass with `clock.advance`,
and each `sweep()` is one scheduler tick of one replica.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from support.clock import FrozenClock
from support.fake_slack import FakeSlack

from bot.app_factory import create_app
from bot.config import load_settings
from bot.http_server import build_wsgi_app
from bot.nudges.dispatcher import NudgeDispatcher
from bot.slack_client import build_web_client
from bot.startup import open_database
from storage.db import SessionFactory, build_session_factory

SECRET = "clocked-app-secret"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # the app logs each request itself
        pass


@dataclass
class ClockedApp:
    """A running app: its URL, database, clock, and one sweeper per replica."""

    url: str
    session_factory: SessionFactory
    clock: FrozenClock
    dispatchers: list[NudgeDispatcher]
    server: _Server

    def sweep(self, replica: int = 0):
        """One sweep of replica `replica`."""
        return self.dispatchers[replica].sweep()

    def race(self) -> None:
        """Every replica sweeps at the same moment."""
        threads = [threading.Thread(target=d.sweep) for d in self.dispatchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        for dispatcher in self.dispatchers:
            dispatcher.stop()


def start_clocked_app(
    fake: FakeSlack, database_url: str, now: datetime, *, replicas: int = 1, **env: str
) -> ClockedApp:
    """Serve the app with a FrozenClock at `now`; `replicas` sweepers share its database."""
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": database_url,
            "OOPS_WORKING_HOURS": "09:00-17:00",
            **env,
        }
    )
    clock = FrozenClock(now)
    session_factory = build_session_factory(open_database(settings.database_url))
    client = build_web_client(api_url=settings.api_url, token=settings.bot_token)
    app = create_app(settings, session_factory, clock, client)
    wsgi = build_wsgi_app(app, lambda: True, signing_secret=SECRET)
    server = make_server("127.0.0.1", 0, wsgi, server_class=_Server, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dispatchers = [
        NudgeDispatcher(lambda _team: client, session_factory, clock) for _ in range(replicas)
    ]
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    return ClockedApp(url, session_factory, clock, dispatchers, server)
