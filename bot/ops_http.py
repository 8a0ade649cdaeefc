"""What operators poll: `/metrics` on every server, and Socket Mode's own small health server.

In HTTP mode both live on PORT beside `/slack/events` (bot/http_server.py). In Socket Mode
nothing else listens, so `serve_health` binds OOPS_HEALTH_PORT for `/healthz` (the database and
the Socket Mode connection) and `/metrics`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus

from bot.metrics import METRICS, Metrics

log = logging.getLogger("oops.http")

METRICS_PATH = "/metrics"
HEALTH_PATH = "/healthz"
# Scrapes and health checks only: a couple of threads are plenty.
HEALTH_SERVER_THREADS = 2

HealthChecks = Callable[[], dict[str, bool]]


def _respond(start_response: Callable, status: int, body: bytes, content_type: str) -> list[bytes]:
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
    )
    return [body]


def metrics_response(start_response: Callable, metrics: Metrics = METRICS) -> list[bytes]:
    """The registry in Prometheus' text format."""
    body, content_type = metrics.exposition()
    return _respond(start_response, 200, body, content_type)


def build_health_wsgi_app(checks: HealthChecks, metrics: Metrics = METRICS) -> Callable:
    """`/healthz` (200 when every check passes, else 503, each check named) and `/metrics`."""

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return _respond(start_response, 405, b"method not allowed", "text/plain")
        if path == METRICS_PATH:
            return metrics_response(start_response, metrics)
        if path == HEALTH_PATH:
            results = checks()
            ok = all(results.values())
            body = json.dumps({"ok": ok, **results}).encode()
            return _respond(start_response, 200 if ok else 503, body, "application/json")
        return _respond(start_response, 404, b"not found", "text/plain")

    return wsgi


def serve_health(wsgi_app: Callable, *, port: int) -> Callable[[], None]:
    """Bind `port` and serve `wsgi_app` on a daemon thread; returns a function that stops it.

    A port that cannot be bound raises StartupError with one line naming OOPS_HEALTH_PORT.
    """
    from waitress import create_server

    from bot.startup import StartupError, describe_bind_error

    try:
        server = create_server(
            wsgi_app, host="0.0.0.0", port=port, threads=HEALTH_SERVER_THREADS, ident="oops"
        )
    except OSError as err:
        raise StartupError(describe_bind_error(port, err, "OOPS_HEALTH_PORT")) from None
    threading.Thread(target=server.run, name="health-server", daemon=True).start()
    log.info("health on port %s (GET %s, GET %s)", port, HEALTH_PATH, METRICS_PATH)
    return server.close
