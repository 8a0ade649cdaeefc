"""Every request Slack (or anyone) sends gets a clear answer: verified first, parsed right,
never a 5xx, never a traceback or typed text in the log, never a lost ack."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlencode

import pytest
from helpers import SECRET, compose_to_preview, post_preview
from support.fake_slack import RESPONSE_URL
from support.slack_payloads import block_actions, view_closed, view_submission
from support.slack_requests import (
    FORM,
    JSON,
    post_signed,
    send_event,
    send_interaction,
    send_slash_command,
    sign,
)

MARKER = "zqxj typed words"


def _assert_clean_log(app, *secrets: str) -> None:
    text = app.log_text()
    assert "Traceback" not in text, text[-3000:]
    for secret in (MARKER, *secrets):
        assert secret not in text, f"{secret!r} reached the log"


# --- 1. form bodies parse whatever they contain ------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "fixed the payload size limit"},
        {"text": 'payload={"type": "view_submission"}'},
        {"text": "a & b = c %2F 100% <@U999> payload"},
        {"channel_name": "payload-alerts", "text": "broke alerts"},
        {"user_name": "payload.bob", "team_domain": "payloadco", "text": "x"},
    ],
    ids=["text", "text-looks-like-form", "specials", "channel", "user-and-domain"],
)
def test_slash_command_text_containing_payload_opens_the_modal(start_app, fake_slack, fields):
    app = start_app()
    response = send_slash_command(app.url, SECRET, **fields)
    assert response.status == 200, response.text
    view = fake_slack.wait_for("views.open", n=1)[-1].args["view"]
    if fields["text"] != "x":
        assert json.dumps(fields["text"])[1:-1] in json.dumps(view)


def test_a_json_body_without_content_type_is_still_an_event(start_app, fake_slack):
    app = start_app()
    body = json.dumps({"type": "url_verification", "challenge": "c-1", "token": "t"})
    response = post_signed(app.url, SECRET, body, "")
    assert response.status == 200 and "c-1" in response.text


# --- 2. authenticate before parsing ------------------------------------------------------


def _raw_post(app, body: bytes, headers: dict[str, str]):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(app.url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""},
        {"X-Slack-Request-Timestamp": "1" * 40, "X-Slack-Signature": "v0=zz"},
        {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=" + "a" * 64},
        {"X-Slack-Request-Timestamp": "OLD", "X-Slack-Signature": "SIGNED"},
    ],
    ids=["unsigned", "timestamp-abc", "blank", "overlong", "wrong-signature", "stale"],
)
def test_unauthenticated_requests_get_401_and_one_log_line(start_app, fake_slack, headers):
    app = start_app()
    calls_before = fake_slack.count()
    body = urlencode({"payload": json.dumps({"type": "block_actions", "text": MARKER})}).encode()
    now = int(time.time())
    if headers.get("X-Slack-Request-Timestamp") == "NOW":
        headers = {**headers, "X-Slack-Request-Timestamp": str(now)}
    if headers.get("X-Slack-Request-Timestamp") == "OLD":
        headers = {"X-Slack-Request-Timestamp": str(now - 600)}
        headers["X-Slack-Signature"] = sign(SECRET, body.decode(), now - 600)
    status = _raw_post(app, body, {"Content-Type": FORM, **headers})
    assert status == 401
    lines = [line for line in app.log_text().splitlines() if " request method=" in line]
    assert len(lines) == 1 and "status=401" in lines[0] and "refused=" in lines[0], lines
    _assert_clean_log(app)
    assert fake_slack.count() == calls_before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("payload=%7Bx", FORM),
        ("[1]", JSON),
        ("{bad", JSON),
        ("payload=%5B1%5D", FORM),
        ("payload=", FORM),
        ("", FORM),
        ("=&&==", FORM),
        ('"just a string"', JSON),
        ("[" * 5000 + "]" * 5000, JSON),
    ],
    ids=[
        "payload-garbled",
        "json-list",
        "json-broken",
        "payload-list",
        "payload-empty",
        "empty",
        "form-garbage",
        "json-string",
        "deep-nesting",
    ],
)
def test_signed_garbage_gets_400_never_a_500(start_app, fake_slack, body, content_type):
    app = start_app()
    response = post_signed(app.url, SECRET, body, content_type)
    assert response.status == 400, response.text
    _assert_clean_log(app)


def test_a_body_that_is_not_utf8_gets_400(start_app):
    app = start_app()
    raw = b"text=\xff\xfe&command=%2Foops"
    ts = str(int(time.time()))
    import hashlib
    import hmac

    signature = (
        "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + raw, hashlib.sha256).hexdigest()
    )
    status = _raw_post(
        app,
        raw,
        {"Content-Type": FORM, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature},
    )
    assert status == 400
    _assert_clean_log(app)


# --- 3. nothing typed reaches the log ----------------------------------------------------


def test_typed_text_never_reaches_the_log_on_any_path(start_app, fake_slack):
    app = start_app()
    forged = "ok\n2026-01-01 00:00:00,000 INFO oops forged line"
    # An unhandled but well-formed interaction (Bolt's "unhandled request" path logs bodies).
    unknown = view_submission(
        callback_id="not_ours", values={"b": {"a": {"type": "plain_text_input", "value": MARKER}}}
    )
    assert send_interaction(app.url, SECRET, unknown).status == 404
    # A wrong signature over a body full of text.
    send_slash_command(app.url, SECRET, text=MARKER, signature="v0=" + "1" * 64)
    # Text with a line break through every id-ish field a listener might log.
    send_slash_command(app.url, SECRET, text=MARKER + forged, channel_id="C1\nINFO forged")
    payload = block_actions("nudge_skip", value="7\n" + forged, channel_id="C1")
    payload["user"]["name"] = MARKER
    send_interaction(app.url, SECRET, payload)
    fake_slack.wait_for("views.open", n=1)
    time.sleep(0.5)  # let the background work after the acks log what it logs
    _assert_clean_log(app)
    assert not any(
        "forged line" in line
        for line in app.log_text().splitlines()
        if line.startswith("2026-01-01")
    )


# --- 4. no ack is lost -------------------------------------------------------------------


def test_an_oops_without_trigger_id_acks_at_once_and_says_what_to_do(start_app, fake_slack):
    app = start_app()
    started = time.monotonic()
    form = {
        "command": "/oops",
        "text": "wiped the cache",
        "user_id": "U123",
        "team_id": "T0001",
        "channel_id": "C123",
        "response_url": fake_slack.response_url(),
    }
    response = post_signed(app.url, SECRET, urlencode(form), FORM)
    assert response.status == 200
    assert time.monotonic() - started < 1.5
    note = fake_slack.wait_for(RESPONSE_URL, n=1, timeout=5)[-1]
    assert note.args["response_type"] == "ephemeral"
    assert fake_slack.count("views.open") == 0
    _assert_clean_log(app)


def test_a_failure_after_the_ack_tells_the_author_with_a_reference(start_app, fake_slack, tmp_path):
    app = start_app()
    _, preview = compose_to_preview(
        app, fake_slack, {"severity": "minor", "delivery": "channel", "channel": "C777"}
    )
    # Slack answers the post in a shape nobody planned for: ok, but no message ts.
    fake_slack.respond("chat.postMessage", {"ok": True})
    started = time.monotonic()
    response = post_preview(app, preview)
    assert response.status == 200 and time.monotonic() - started < 2.5
    shown = fake_slack.wait_for("views.update", n=1, timeout=5)[-1].args["view"]
    text = json.dumps(shown)
    ref = re.search(r"reference: `([0-9a-f]{8})`", text)
    assert ref, text
    log = app.log_text()
    assert log.count("Traceback") == 1 and f"ref={ref.group(1)}" in log


# --- 7. every payload field through shape-safe readers -----------------------------------


def _send(app, payload):
    return send_interaction(app.url, SECRET, payload)


def test_odd_payload_shapes_get_a_clear_answer(start_app, fake_slack):
    app = start_app()
    odd = []
    # view.state missing, and null: the form's errors, not a crash.
    for state in ("missing", None):
        payload = view_submission(callback_id="oops_compose", values={})
        if state == "missing":
            del payload["view"]["state"]
        else:
            payload["view"]["state"] = None
        odd.append((payload, {200}))
    # user without team_id: the team comes from `team`.
    payload = view_closed(callback_id="oops_compose")
    del payload["user"]["team_id"]
    odd.append((payload, {200}))
    # ... and with neither: refused.
    payload = view_closed(callback_id="oops_compose")
    del payload["user"]["team_id"]
    payload["team"] = None
    odd.append((payload, {400}))
    # Ids that are not ids.
    for value in ("1e308", "99999999999999999999", "-1", "０１", ""):
        odd.append((block_actions("nudge_skip", value=value, channel_id="C1"), {200}))
    meta = view_submission(
        callback_id="oops_preview", fields={}, private_metadata='{"draft_id": 1e308}'
    )
    odd.append((meta, {200}))
    meta = view_submission(
        callback_id="nudge_answer", private_metadata='{"nudge_id": 99999999999999999999}', values={}
    )
    odd.append((meta, {200}))
    long_user = block_actions("nudge_skip", value="1", channel_id="C1", user_id="U" + "A" * 60)
    odd.append((long_user, {400}))
    for payload, statuses in odd:
        response = _send(app, payload)
        assert response.status in statuses, (payload, response.status, response.text)
    for event in (
        {"type": "app_home_opened", "tab": "home"},
        {"type": "app_home_opened", "user": {"id": "U1"}, "tab": "home"},
        {"type": "tokens_revoked", "tokens": "bot"},
        {"type": "tokens_revoked", "tokens": {"bot": "not-a-list"}},
    ):
        assert send_event(app.url, SECRET, event).status == 200
    time.sleep(0.5)
    _assert_clean_log(app)


# --- Slack's own answers are input too ----------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        {"ok": True, "user": None},
        {"ok": True},
        {"ok": True, "user": ["U123"]},
        {"ok": True, "user": "U123"},
        {"ok": True, "user": {"id": "U123", "locale": 5, "tz": ["x"]}},
        {"ok": True, "user": {"id": "U123", "locale": {"a": 1}, "tz": 7}},
    ],
    ids=["null", "missing", "list", "string", "locale-int", "locale-dict"],
)
def test_odd_users_info_answers_never_cost_the_modal(start_app, fake_slack, answer):
    app = start_app()
    fake_slack.respond("users.info", answer, times=1)
    for n in (1, 2):  # and nothing odd is remembered for the next request
        response = send_slash_command(app.url, SECRET, text="wiped the cache")
        assert response.status == 200
        fake_slack.wait_for("views.open", n=n)
    _assert_clean_log(app)


def test_a_view_without_a_usable_id_is_refused(start_app, fake_slack):
    app = start_app()
    for bad in ("", "V1 2", "v" * 40):
        payload = view_submission(callback_id="oops_preview", fields={})
        payload["view"]["id"] = bad
        assert _send(app, payload).status == 400
    _assert_clean_log(app)


def test_tokens_revoked_for_another_bot_leaves_the_workspace_alone(start_app, fake_slack):
    app = start_app()
    other = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0OTHERBOT"]}}
    assert send_event(app.url, SECRET, other).status == 200
    ours = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert send_event(app.url, SECRET, ours).status == 200
    deadline = time.monotonic() + 5
    while "workspace removed the app" not in app.log_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = app.log_text()
    assert "tokens_revoked for another bot ignored" in log
    assert log.count("workspace removed the app") == 1
