"""The real app in this process, over HTTP, with an injected clock and a sweep tests run.

For end-to-end tests that move time: the app's listeners, the HTTP layer (signature checks
included) and the nudge sweep are the production ones; only the clock and the scheduler's
heartbeat are the test's (`app.sweep()` after `clock.advance(...)`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.app_factory import create_app
from bot.away import AwayHold
from bot.config import load_settings
from bot.http_server import build_wsgi_app
from bot.nudges.dispatcher import NudgeDispatcher, SweepResult
from bot.slack_client import build_web_client
from bot.startup import open_database
from bot.workspaces import WorkspaceClients
from storage.db import build_session_factory

from .clock import FrozenClock


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class InProcessApp:
    """create_app + build_wsgi_app behind a local server; `sweep()` runs one nudge sweep."""

    def __init__(self, env: Mapping[str, str], clock: FrozenClock) -> None:
        self.clock = clock
        self.settings = load_settings(env)
        self.engine = open_database(self.settings.database_url)
        self.session_factory = build_session_factory(self.engine)
        client = build_web_client(api_url=self.settings.api_url, token=self.settings.bot_token)
        app = create_app(self.settings, self.session_factory, clock, client=client)
        clients = WorkspaceClients(self.settings, None, app.client)
        self.dispatcher = NudgeDispatcher(
            clients,
            self.session_factory,
            clock,
            concurrency=2,
            hold=AwayHold(clients, clock, self.settings),
        )
        wsgi = build_wsgi_app(app, lambda: True, signing_secret=self.settings.signing_secret)
        self._server = make_server("127.0.0.1", 0, wsgi, server_class=_Server, handler_class=_Quiet)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_port}/slack/events"

    def sweep(self) -> SweepResult:
        """One sweep at the clock's time, as the scheduler would run it."""
        return self.dispatcher.sweep()

    def stop(self) -> None:
        """Stop serving and sweeping; free the port and the database."""
        self.dispatcher.stop()
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()
        self.engine.dispose()
