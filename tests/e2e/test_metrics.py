"""GET /metrics after a scripted /oops flow: counters move as expected, no user text in labels."""

from __future__ import annotations

import re
import time

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview
from prometheus_client.parser import text_string_to_metric_families
from support.slack_requests import send_slash_command

SECRET_WORDS = "the payroll export for zebra-team"
# Every label value must be one of these shapes: fixed words, method names, error codes.
BOUNDED = re.compile(r"^([a-z_]+|[a-z]+(\.[a-zA-Z]+)+|http_\d{3}|[0-9.e+inf]+|\+Inf)$")
WAIT_S = 15.0


def scrape(app) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, parsed by prometheus_client, keyed by name and labels."""
    status, text = app.get("/metrics")
    assert status == 200, text
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    """One sample's value (0 when absent)."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_after_oops_flow_and_a_429(start_app, fake_slack):
    app = start_app(OOPS_REFLECTION_DELAY="1d")
    # The owning-up post is throttled once with a short Retry-After: retried, then posted.
    fake_slack.fail("chat.postMessage", status=429, retry_after=0, times=1)
    _, preview = compose_to_preview(app, fake_slack, {"channel_input": "C777"}, text=SECRET_WORDS)
    assert post_preview(app, preview).status == 200
    fake_slack.wait_for("chat.postMessage", n=2)
    # A forged request: refused before Bolt sees it.
    forged = send_slash_command(app.url, SECRET, text=SECRET_WORDS, signature="v0=forged")
    assert forged.status == 401

    # The gauges are refreshed by a scheduled job: wait (bounded) until they show the oops's
    # three check-ins.
    deadline = time.monotonic() + WAIT_S
    samples = scrape(app)
    while value(samples, "oops_checkins", status="pending") < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        samples = scrape(app)

    assert value(samples, "oops_requests_total", surface="command", outcome="acked") == 1
    assert value(samples, "oops_requests_total", surface="view", outcome="acked") == 2
    refused = {"surface": "unknown", "outcome": "refused_signature"}
    assert value(samples, "oops_requests_total", **refused) == 1
    assert value(samples, "oops_ack_seconds_count", surface="command") == 1
    assert value(samples, "oops_ack_seconds_count", surface="view") == 2
    assert value(samples, "oops_ack_seconds_bucket", surface="command", le="+Inf") == 1
    api = "oops_slack_api_calls_total"
    assert value(samples, api, method="chat.postMessage", result="http_429") == 1
    assert value(samples, api, method="chat.postMessage", result="ok") == 1
    assert value(samples, api, method="views.open", result="ok") == 1
    assert value(samples, api, method="auth.test", result="ok") >= 1
    assert value(samples, "oops_checkins", status="pending") == 3
    assert value(samples, "oops_checkins", status="sent") == 0
    assert value(samples, "oops_checkin_sweep_lag_seconds") == 0
    assert value(samples, "oops_posts_unconfirmed", status="posting") == 0
    assert value(samples, "oops_posts_unconfirmed", status="unknown") == 0

    ours = [labels for (name, labels) in samples if name.startswith("oops_")]
    assert ours
    for labels in ours:  # (the process collectors' labels are prometheus_client's own)
        for _key, label in labels:
            assert BOUNDED.match(label), label
            assert AUTHOR not in label and "zebra" not in label
