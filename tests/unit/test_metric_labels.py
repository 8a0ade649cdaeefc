"""Metric labels are bounded: surfaces, method names and error codes, never free text."""

from __future__ import annotations

from urllib.error import URLError

from prometheus_client import CollectorRegistry
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryState

from bot.metrics import ApiCallObserver, Metrics, method_of, result_of, surface_of


def _response(status: int, body: dict | None = None) -> HttpResponse:
    return HttpResponse(status_code=status, headers={}, body=body or {}, data=b"")


def test_surfaces():
    assert surface_of({"command": "/oops", "text": "anything"}) == "command"
    assert surface_of({"type": "view_submission"}) == "view"
    assert surface_of({"type": "block_actions"}) == "action"
    assert surface_of({"type": "event_callback"}) == "event"
    assert surface_of({"type": "message_action"}) == "shortcut"
    assert surface_of({"type": "block_suggestion"}) == "options"
    assert surface_of({"type": ["odd"]}) == "other"


def test_methods_and_results_are_bounded():
    assert method_of("https://slack.com/api/chat.postMessage") == "chat.postMessage"
    assert method_of("https://slack.com/api/%3Cscript%3E") == "other"
    assert result_of(_response(200, {"ok": True}), None) == "ok"
    assert result_of(_response(200, {"ok": False, "error": "channel_not_found"}), None) == (
        "channel_not_found"
    )
    assert result_of(_response(200, {"ok": False, "error": "Hello U123 secret"}), None) == "other"
    assert result_of(_response(429), None) == "http_429"
    assert result_of(None, URLError(TimeoutError())) == "timeout"
    assert result_of(None, ConnectionResetError()) == "connection_error"


def test_observer_counts_and_never_retries():
    metrics = Metrics(CollectorRegistry())
    observer = ApiCallObserver(metrics)
    request = HttpRequest(method="POST", url="http://x/api/views.open", headers={})
    assert not observer.can_retry(state=RetryState(), request=request, response=_response(429))
    sample = metrics.registry.get_sample_value(
        "oops_slack_api_calls_total", {"method": "views.open", "result": "http_429"}
    )
    assert sample == 1
