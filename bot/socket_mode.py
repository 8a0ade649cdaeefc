"""Socket Mode's handler, counting each request and its ack latency like the HTTP server does."""

from __future__ import annotations

import time

from slack_bolt import BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot import log_context
from bot.metrics import METRICS, outcome_of_status, refused_outcome, surface_of


class MeteredSocketModeHandler(SocketModeHandler):
    """Bolt's SocketModeHandler; its `handle` also records the request in bot/metrics.py.

    The ack is the envelope's answer on the socket, sent once Bolt's dispatch returns, so
    the latency runs from the envelope's arrival to that answer being sent.
    """

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Dispatch to the app, answer the envelope, count it."""
        started = time.perf_counter()
        payload = req.payload if isinstance(req.payload, dict) else {}
        surface = surface_of(payload)
        bolt_req = BoltRequest(mode="socket_mode", body=req.payload, headers=build_headers(req))
        # Records written for this request carry its reference and ids (bot/log_context.py).
        bound = log_context.bind(ref=log_context.new_request_ref(), **log_context.ids_of(payload))
        try:
            bolt_resp = self.app.dispatch(bolt_req)
            send_response(client, req, bolt_resp, time.time())
        except Exception:
            METRICS.record_request(surface, "error", None)
            raise
        finally:
            log_context.reset(bound)
        if bolt_req.context.get("refused"):  # bot/app_factory.RefuseMalformed
            METRICS.record_request(surface, refused_outcome(400), None)
            return
        outcome = outcome_of_status(bolt_resp.status)
        seconds = time.perf_counter() - started if outcome == "acked" else None
        METRICS.record_request(surface, outcome, seconds)
