"""OOPS_LOG_FORMAT=json: every line one JSON object, request fields included, no typed text."""

from __future__ import annotations

import json

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview
from support.slack_payloads import TEAM_ID

SECRET_WORDS = "the payroll export for zebra-team"


def test_json_log_lines_parse_and_carry_request_fields(start_app, fake_slack):
    app = start_app(OOPS_LOG_FORMAT="json")
    _, preview = compose_to_preview(app, fake_slack, {"channel_input": "C777"}, text=SECRET_WORDS)
    post_preview(app, preview)
    fake_slack.wait_for("chat.postMessage", n=1)
    fake_slack.wait_for("views.update", n=1)
    assert app.stop() == 0

    text = app.log_text()
    assert SECRET_WORDS not in text and "zebra" not in text and SECRET not in text
    records = [json.loads(line) for line in text.splitlines() if not line.startswith("--- ")]
    assert records
    for record in records:
        assert {"time", "level", "logger", "message"} <= record.keys(), record
        assert "\n" not in record["message"]

    requests = [r for r in records if r["message"].startswith("request ")]
    assert len(requests) >= 3
    for record in requests:
        assert record["path"] == "/slack/events" and record["status"] == 200
        assert isinstance(record["ms"], int | float) and len(record["ref"]) == 8
        assert record["team"] == TEAM_ID and record["user"] == AUTHOR
    assert len({r["ref"] for r in requests}) == len(requests)  # one reference per request

    # Written on a listener thread after the ack: the request's ids came along.
    (posted,) = [r for r in records if r["message"].startswith("oops posted")]
    assert posted["team"] == TEAM_ID and posted["user"] == AUTHOR
    assert posted["ref"] in {r["ref"] for r in requests}
    assert any(r["message"].startswith("listening on port") for r in records)
