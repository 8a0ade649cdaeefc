"""Build the Bolt app: dependencies go into each request's context; listeners register."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation

from bot.clock import Clock
from bot.config import Settings
from bot.envelope import envelope_problem
from bot.http_server import SERVER_THREADS
from bot.listeners import (
    commands,
    compose,
    events,
    home_lists,
    nudges,
    replies,
    safeguards,
    shortcuts,
)
from bot.listeners import settings as personal_settings
from bot.listeners import typed as typed_replies
from bot.listeners.guard import report_unguarded
from bot.log_context import ContextThreadPoolExecutor
from bot.org_teams import NoteOrgTeams
from bot.request_context import ProvideRequestContext
from bot.slack_client import build_web_client
from bot.uninstall import installation_key_of, resume_installation
from storage.db import SessionFactory
from storage.installations import build_oauth_settings

log = logging.getLogger(__name__)
# Threads that run listeners (started only as needed); see create_app.
LISTENER_THREADS = max(SERVER_THREADS, 96)


class ProvideDependencies(Middleware):
    """Put the app's dependencies in each request's context.

    Bolt hands any context key to a listener parameter of the same name. A Middleware subclass,
    unlike a decorated function, is called without Bolt inspecting its signature per request.
    """

    def __init__(self, **dependencies: object) -> None:
        self._dependencies = dependencies

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Add the dependencies, then carry on down the chain."""
        req.context.update(self._dependencies)
        return next()


class RefuseMalformed(Middleware):
    """Socket Mode's counterpart of the HTTP layer's envelope check (bot/envelope.py).

    Over HTTP, bot/slack_request.py has already refused a malformed body before Bolt saw it.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Quietly ack a body our matchers and listeners could not read safely.

        Over the socket only a 200 is sent back as the envelope's ack; anything else leaves it
        unacknowledged and Slack would deliver the same malformed body again.
        """
        if req.mode == "socket_mode":
            problem = envelope_problem(req.body)
            if problem:
                log.info("request refused=%s (socket mode)", problem)
                req.context["refused"] = problem  # counted as refused (bot/socket_mode.py)
                return BoltResponse(status=200, body="")
        return next()


def create_app(
    settings: Settings,
    session_factory: SessionFactory,
    clock: Clock,
    client: WebClient | None = None,
) -> App:
    """The app with all listeners; `client` defaults to one aimed at SLACK_API_URL."""
    client = client or build_web_client(api_url=settings.api_url, token=settings.bot_token)
    # Bolt runs listeners on 5 threads by default: work after ack() (views.open, the database)
    # would then hold up other requests' acks. A listener thread stays busy for as long as
    # Slack takes after the ack, so there are many more than server threads (which wait only
    # for the ack): with views.open at 2 s, 40 presses at once acked in up to 4.1 s on 16.
    common = {
        "signing_secret": settings.signing_secret,
        "client": client,
        # Listener threads carry the request's log fields (bot/log_context.py).
        "listener_executor": ContextThreadPoolExecutor(LISTENER_THREADS, "listener"),
    }
    if settings.oauth:

        def on_installed(installation: Installation) -> None:
            # A reinstall within the grace gets back the check-ins its uninstall held.
            resume_installation(session_factory, clock, key=installation_key_of(installation))

        oauth = build_oauth_settings(settings, session_factory.kw["bind"], on_installed)
        app = App(**common, oauth_settings=oauth)
    else:
        # Bolt takes the client's token and, with no installation store or authorize given,
        # authorizes every request as that one workspace (auth.test once, at start). Passing
        # `token` as well only makes it warn that the client wins.
        app = App(**common)

    app.use(RefuseMalformed())
    app.use(
        ProvideDependencies(
            session_factory=session_factory,
            clock=clock,
            settings=settings,
            installation_store=app.installation_store,
        )
    )
    app.use(ProvideRequestContext())
    app.use(NoteOrgTeams())

    # Listeners report their own failures (bot/listeners/guard.py); this sees middleware's.
    app.error(report_unguarded)

    listeners = (
        commands,
        compose,
        nudges,
        events,
        shortcuts,
        replies,
        safeguards,
        personal_settings,
        home_lists,
        typed_replies,
    )
    for module in listeners:
        module.register(app)
    return app
