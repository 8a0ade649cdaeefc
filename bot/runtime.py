"""Composition: settings -> database -> app -> scheduler -> server. Used by app.py and the CLI."""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError
from sqlalchemy import text

from bot.app_factory import create_app
from bot.away import AwayHold
from bot.clock import system_clock
from bot.coach.matcher import warm as warm_coach
from bot.config import SETUP_HINT, ConfigError, Settings, load_settings
from bot.http_server import build_wsgi_app, serve
from bot.logs import configure_logging, escape_controls, run_logged, safe_exception_message
from bot.metrics import refresh_database_gauges
from bot.nudges.dispatcher import NudgeDispatcher
from bot.ops_http import build_health_wsgi_app, serve_health
from bot.post_recovery import resolve_unconfirmed_posts
from bot.retention import apply_retention
from bot.startup import StartupError, check_slack, describe_slack_error, open_database
from bot.uninstall import purge_removed_workspaces
from bot.workspaces import WorkspaceClients
from storage import repositories as repo
from storage import sweepers
from storage.db import build_session_factory

log = logging.getLogger("oops")


def discard_stale_drafts(session_factory, clock, ttl) -> int:
    """Delete drafts nobody came back to within OOPS_DRAFT_TTL."""
    with session_factory.begin() as s:
        return repo.delete_stale_drafts(s, older_than=clock() - ttl)


def _add_periodic(
    scheduler: BackgroundScheduler,
    name: str,
    job: Callable[[], object],
    *,
    seconds: float,
    first: datetime | None = None,
) -> None:
    """Run `job` every `seconds` (first at `first`, else after one interval), one at a time.

    A database that is away makes a job log one warning line and wait for its next run, rather
    than APScheduler printing a traceback every interval; anything else is logged once per run.
    """

    run = partial(run_logged, name, job)
    options = {"next_run_time": first} if first is not None else {}
    scheduler.add_job(
        run, "interval", seconds=seconds, id=name, max_instances=1, coalesce=True, **options
    )


def run(settings: Settings) -> None:
    """Start everything and block until SIGTERM/SIGINT; then shut down gracefully.

    What stops start-up (database, Slack, port) raises StartupError before any work begins.
    """
    engine = open_database(settings.database_url)
    check_slack(settings)
    session_factory = build_session_factory(engine)
    app = create_app(settings, session_factory, system_clock)
    clients = WorkspaceClients(
        settings, app.installation_store if settings.oauth else None, app.client
    )
    dispatcher = NudgeDispatcher(
        clients,
        session_factory,
        system_clock,
        concurrency=settings.send_concurrency,
        # Prompts of people who are away wait for their first working hour back.
        hold=AwayHold(clients, system_clock, settings),
        # Restarted on this host (kill -9, a crash), it takes its workspaces back at once.
        claimer=sweepers.sweeper_name(socket.gethostname(), settings.port, settings.health_port),
    )
    scheduler = BackgroundScheduler(timezone="UTC")
    every = partial(_add_periodic, scheduler)
    # The sweep has a thread of its own: with a backlog, one sweep follows another at once.
    sweeper = threading.Thread(
        target=dispatcher.sweep_continuously,
        args=(settings.scheduler_interval,),
        name="nudge-sweep",
        daemon=True,
    )
    # Posts whose answer was lost, or whose process died mid-post: checked at start-up (the
    # first run is now) and then with every sweep (bot/post_recovery.py).
    every(
        "post-recovery",
        partial(resolve_unconfirmed_posts, clients, session_factory, system_clock, settings),
        seconds=settings.scheduler_interval,
        first=system_clock(),
    )
    every(
        "draft-cleanup",
        partial(discard_stale_drafts, session_factory, system_clock, settings.draft_ttl),
        seconds=600,
    )
    # Retention (OOPS_RETENTION): hourly, small batches; the first run a minute after start.
    if settings.retention is not None:
        every(
            "retention",
            partial(apply_retention, session_factory, system_clock, settings.retention),
            seconds=3600,
            first=system_clock() + timedelta(minutes=1),
        )
    # Content of workspaces that removed the app, once OOPS_UNINSTALL_GRACE has passed.
    every(
        "uninstall-purge",
        partial(
            purge_removed_workspaces,
            session_factory,
            app.installation_store if settings.oauth else None,
            system_clock,
            settings.uninstall_grace,
        ),
        seconds=3600,
        first=system_clock() + timedelta(minutes=2),
    )
    # The check-in and unconfirmed-post gauges of /metrics (bot/metrics.py): two queries.
    every(
        "metrics-gauges",
        partial(refresh_database_gauges, session_factory, system_clock),
        seconds=settings.scheduler_interval,
        first=system_clock(),
    )

    def start_background() -> None:
        scheduler.start()
        sweeper.start()
        # The coach's rule regexes compile on first use; do it now, off the request path.
        threading.Thread(target=warm_coach, name="coach-warm", daemon=True).start()

    def shutdown(*_args) -> None:
        log.info("shutting down: finishing in-flight sends")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        dispatcher.stop()
        sys.exit(0)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, shutdown)

    def healthy() -> bool:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception as error:  # any DB failure means unhealthy; one line says why
            log.warning(
                "health check: database unreachable: %s %s",
                type(error).__name__,
                escape_controls(safe_exception_message(error)),
            )
            return False

    # Everything built so far lives as long as the process. Freezing it out of the cyclic
    # collector means a full collection no longer walks ~90k start-up objects (about 45 ms on
    # a 2-vCPU VM) while requests wait for their ack.
    gc.freeze()
    try:
        if settings.socket_mode:
            serve_socket_mode(app, settings, ready=start_background, database_ok=healthy)
        else:
            # The scheduler and sweeper start only once the port is ours: a second copy on a
            # taken port must not sweep before it exits.
            serve(
                build_wsgi_app(app, healthy, signing_secret=settings.signing_secret),
                port=settings.port,
                ready=start_background,
            )
    except KeyboardInterrupt:
        shutdown()


def serve_socket_mode(
    app: App,
    settings: Settings,
    *,
    ready: Callable[[], None],
    database_ok: Callable[[], bool] = lambda: True,
) -> None:
    """Connect to Slack over a websocket, serve /healthz and /metrics on OOPS_HEALTH_PORT,
    call `ready`, and block until interrupted."""
    from bot.socket_mode import MeteredSocketModeHandler

    handler = MeteredSocketModeHandler(app, settings.app_token)
    try:
        handler.connect()
    except (SlackApiError, OSError) as err:  # apps.connections.open; the websocket reconnects
        raise StartupError(describe_slack_error(settings.api_url, "SLACK_APP_TOKEN", err)) from None
    # slack_sdk retries a websocket that fails from here on by itself (and logs it).
    log.info("started in Socket Mode")

    def checks() -> dict[str, bool]:
        connected = socket_connected(handler)
        if not connected:
            log.warning("health check: Socket Mode connection is down")
        return {"database": database_ok(), "socket": connected}

    serve_health(build_health_wsgi_app(checks), port=settings.health_port)
    ready()
    threading.Event().wait()


def socket_connected(handler) -> bool:
    """Whether the Socket Mode websocket is open now."""
    try:
        return bool(handler.client.is_connected())
    except Exception:  # noqa: BLE001 - a client mid-reconnect: not connected
        return False


def main() -> int:
    """Entry point of `python app.py`: bad settings give one clear line and exit code 2."""
    from dotenv import load_dotenv

    load_dotenv()
    # Bolt switches itself to OAuth mode when these merely exist, even blank (an empty line in
    # .env); our settings treat blank as unset, so make the environment agree.
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        if not os.environ.get(name, "").strip():
            os.environ.pop(name, None)
    try:
        settings = load_settings()
    except ConfigError as err:
        print(f"oops: {err}", file=sys.stderr)
        return 2
    # Settings hold the token now. Left in the environment, Bolt would read it again and warn at
    # every start that the client we give it (which carries the same token) wins over it.
    os.environ.pop("SLACK_BOT_TOKEN", None)
    configure_logging(log_format=settings.log_format)
    try:
        run(settings)
    except StartupError as err:
        print(f"oops: {err}", file=sys.stderr)
        return 2
    except BoltError as err:
        # Bolt checks the token with auth.test at start-up; a bad one is a setting to fix.
        print(
            f"oops: Slack rejected the app's credentials ({err}); check SLACK_BOT_TOKEN "
            f"({SETUP_HINT})",
            file=sys.stderr,
        )
        return 2
    return 0
