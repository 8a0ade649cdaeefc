"""HTTP mode: Bolt's WSGI adapter behind waitress, plus /healthz."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger("oops.http")

EVENTS_PATH = "/slack/events"
# Waitress threads. The app runs as many listener threads (bot/app_factory.py): each request
# needs one to ack, and with fewer, work after ack() would keep other requests' acks waiting.
SERVER_THREADS = 16


def build_wsgi_app(app: App, health_check: Callable[[], bool]) -> Callable:
    """Route /slack/events to Bolt and /healthz to `health_check`; log one line per request."""
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        status_seen: list[str] = []

        def recording_start(status: str, headers: list, exc_info=None):
            status_seen.append(status)
            return start_response(status, headers, exc_info)

        if path == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            healthy = health_check()
            body = json.dumps({"ok": healthy}).encode()
            recording_start(
                "200 OK" if healthy else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            result: Iterable[bytes] = [body]
        elif path.startswith("/slack/"):  # events, and /slack/install + redirect in OAuth mode
            result = bolt(environ, recording_start)
        else:
            body = b"not found"
            recording_start(
                "404 Not Found",
                [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
            )
            result = [body]
        if path != "/healthz":
            log.info(
                "request method=%s path=%s status=%s ms=%.1f",
                environ.get("REQUEST_METHOD"),
                path,
                (status_seen or ["?"])[0].split(" ")[0],
                (time.perf_counter() - started) * 1000,
            )
        return result

    return wsgi


def serve(
    wsgi_app: Callable,
    *,
    port: int,
    threads: int = SERVER_THREADS,
    ready: Callable[[], None] | None = None,
) -> None:
    """Bind `port`, say so, call `ready`, then serve until interrupted.

    A port that cannot be bound raises StartupError with one line naming PORT. "listening" is
    logged only once the socket is bound, so whoever waits for it can connect at once.
    """
    from waitress import create_server

    from bot.startup import StartupError, describe_bind_error

    try:
        server = create_server(wsgi_app, host="0.0.0.0", port=port, threads=threads, ident="oops")
    except OSError as err:
        raise StartupError(describe_bind_error(port, err)) from None
    log.info("listening on port %s (POST %s, GET /healthz)", port, EVENTS_PATH)
    try:
        if ready is not None:
            ready()
        server.run()  # returns on SIGINT/SystemExit (the caller's SIGTERM handler exits)
    finally:
        server.close()
