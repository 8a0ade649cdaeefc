"""HTTP mode: Bolt's WSGI adapter behind waitress, plus /healthz."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot import log_context
from bot.metrics import (
    METRICS,
    Metrics,
    outcome_of_status,
    refused_outcome,
    surface_of,
)
from bot.ops_http import METRICS_PATH, metrics_response
from bot.slack_request import MAX_BODY_BYTES, ParsedBoltRequest, RequestRefused, read_signed_request

log = logging.getLogger("oops.http")

EVENTS_PATH = "/slack/events"
# Waitress threads. The app runs as many listener threads (bot/app_factory.py): each request
# needs one to ack, and with fewer, work after ack() would keep other requests' acks waiting.
SERVER_THREADS = 16


def _respond(start_response: Callable, status: int, body: bytes, content_type: str) -> list[bytes]:
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
    )
    return [body]


def _read_body(environ: dict) -> bytes:
    """The request body, at most MAX_BODY_BYTES + 1 bytes (more is refused as too large)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise RequestRefused(400, "bad_length") from None
    if length < 0:
        raise RequestRefused(400, "bad_length")
    if length > MAX_BODY_BYTES:
        raise RequestRefused(413, "too_large")
    return environ["wsgi.input"].read(length) if length else b""


def _headers(environ: dict) -> dict[str, str]:
    """Request headers with lower-case, dash-separated names."""
    headers = {
        key[5:].lower().replace("_", "-"): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def build_wsgi_app(
    app: App,
    health_check: Callable[[], bool],
    *,
    signing_secret: str,
    metrics: Metrics = METRICS,
) -> Callable:
    """Route /slack/events to Bolt, /healthz to `health_check` and /metrics to `metrics`; log
    one line per request.

    A request to /slack/events is verified (v0 signature) and parsed here, before Bolt sees
    it (bot/slack_request.py says why); one that fails gets 401/400/413 and the one log line.
    """
    oauth_paths = SlackRequestHandler(app, path=EVENTS_PATH)

    def events(environ: dict, start_response: Callable, started: float) -> tuple[list[bytes], str]:
        try:
            headers = _headers(environ)
            signed = read_signed_request(_read_body(environ), headers, secret=signing_secret)
            log_context.bind(**log_context.ids_of(signed.body))  # reset with the request's
            request = ParsedBoltRequest(
                raw_body=signed.raw_body,
                body=signed.body,
                query=environ.get("QUERY_STRING", ""),
                headers=headers,
            )
        except RequestRefused as refused:
            metrics.record_request("unknown", refused_outcome(refused.status), None)
            body = HTTPStatus(refused.status).phrase.encode()
            return _respond(start_response, refused.status, body, "text/plain"), refused.reason
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            # Bolt's context extraction met a shape the envelope check let through.
            metrics.record_request("unknown", refused_outcome(400), None)
            return _respond(start_response, 400, b"Bad Request", "text/plain"), "bad_shape"
        surface = surface_of(signed.body)
        try:
            answer = app.dispatch(request)
        except Exception:
            metrics.record_request(surface, "error", None)
            raise
        # Bolt's dispatch returns once the listener acked (or failed to): the ack latency.
        outcome = outcome_of_status(answer.status)
        ack_s = time.perf_counter() - started if outcome == "acked" else None
        metrics.record_request(surface, outcome, ack_s)
        start_response(
            f"{answer.status} {HTTPStatus(answer.status).phrase}",
            [(name, value) for name, values in answer.headers.items() for value in values],
        )
        return [answer.body.encode()], ""

    def handle(environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD")
        status_seen: list[str] = []
        refused = ""

        def recording_start(status: str, headers: list, exc_info=None):
            status_seen.append(status)
            return start_response(status, headers, exc_info)

        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = health_check()
            body = json.dumps({"ok": healthy}).encode()
            return _respond(start_response, 200 if healthy else 503, body, "application/json")
        if path == METRICS_PATH and method in ("GET", "HEAD"):
            return metrics_response(start_response, metrics)
        if path == EVENTS_PATH and method == "POST":
            result, refused = events(environ, recording_start, started)
        elif path.startswith("/slack/"):  # /slack/install and the redirect in OAuth mode
            result = oauth_paths(environ, recording_start)
        else:
            result = _respond(recording_start, 404, b"not found", "text/plain")
        status = (status_seen or ["?"])[0].split(" ")[0]
        ms = (time.perf_counter() - started) * 1000
        log.info(
            "request method=%s path=%s status=%s ms=%.1f%s",
            method,
            path[:64],
            status,
            ms,
            f" refused={refused}" if refused else "",
            # The same as fields, for OOPS_LOG_FORMAT=json (bot/json_logs.py).
            extra={
                "method": method,
                "status": int(status) if status.isdigit() else status,
                "ms": round(ms, 1),
                "refused": refused or None,
            },
        )
        return result

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        # Every record written for this request carries its reference and path (and, once the
        # body is read, its team and user ids): bot/log_context.py.
        ref = log_context.new_request_ref()
        bound = log_context.bind(ref=ref, path=environ.get("PATH_INFO", "")[:64])
        try:
            return handle(environ, start_response)
        finally:
            log_context.reset(bound)

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
    log.info("listening on port %s (POST %s, GET /healthz, GET /metrics)", port, EVENTS_PATH)
    try:
        if ready is not None:
            ready()
        server.run()  # returns on SIGINT/SystemExit (the caller's SIGTERM handler exits)
    finally:
        server.close()
