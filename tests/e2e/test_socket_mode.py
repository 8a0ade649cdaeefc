"""Socket Mode end to end: the app connects to a websocket the test serves, /oops works over it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.app_process import AppProcess, AppStartError
from support.fake_slack import FakeSlack
from support.slack_payloads import API_APP_ID, TEAM_DOMAIN, TEAM_ID, new_trigger_id
from support.socket_mode_server import SocketModeServer, SocketModeTimeout

APP_TOKEN = "xapp-1-test"
CONNECT_TIMEOUT = 15.0
ACK_TIMEOUT = 5.0
STOP_TIMEOUT = 15.0


@pytest.fixture
def socket_server(fake_slack: FakeSlack) -> Iterator[SocketModeServer]:
    """A Socket Mode endpoint the fake's apps.connections.open points at (closed after the app)."""
    with SocketModeServer() as server:
        fake_slack.socket_mode_url = server.url
        yield server


def connect_app(
    start_app: Callable[..., AppProcess], server: SocketModeServer, **env: str
) -> AppProcess:
    """Start app.py in Socket Mode and wait (bounded) until it holds the websocket; send hello."""
    app = start_app(wait=False, SLACK_APP_TOKEN=APP_TOKEN, **env)
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while server.connections == 0:
        if not app.running:
            raise AppStartError(f"app exited with code {app.returncode}\n{app.log_text()}")
        if time.monotonic() > deadline:
            raise AppStartError(f"app did not connect within {CONNECT_TIMEOUT}s\n{app.log_text()}")
        try:
            server.wait_connected(timeout=0.2)
        except SocketModeTimeout:
            pass
    server.hello()
    return app


def slash_command(text: str, **overrides: str) -> dict[str, Any]:
    """The payload of a `slash_commands` envelope, as Slack sends it over the socket."""
    return {
        "token": "verification-token-unused",
        "team_id": TEAM_ID,
        "team_domain": TEAM_DOMAIN,
        "channel_id": "C123",
        "channel_name": "general",
        "user_id": "U123",
        "user_name": "u123",
        "command": "/oops",
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": f"https://hooks.slack.com/commands/{TEAM_ID}/1/x",
        "trigger_id": new_trigger_id(),
        **overrides,
    }


def test_slash_command_over_socket_is_acked_and_opens_prefilled_modal(
    fake_slack: FakeSlack, socket_server: SocketModeServer, start_app: Callable[..., AppProcess]
) -> None:
    """/oops over the socket: ack on the socket with its envelope_id, then views.open."""
    app = connect_app(start_app, socket_server)
    opened = fake_slack.last("apps.connections.open")
    assert opened.token == APP_TOKEN

    payload = slash_command("I broke the build", channel_id="C555")
    envelope_id = socket_server.send_envelope("slash_commands", payload)

    ack = socket_server.wait_for_ack(envelope_id, timeout=ACK_TIMEOUT)
    assert ack == {"envelope_id": envelope_id}
    call = fake_slack.wait_for("views.open", n=1, timeout=ACK_TIMEOUT)[-1]
    assert call.args["trigger_id"] == payload["trigger_id"]
    assert call.token == "xoxb-test"
    view = call.json("view")
    assert view["type"] == "modal"
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["what_happened"]["element"]["initial_value"] == "I broke the build"
    assert blocks["channel"]["element"]["initial_conversation"] == "C555"
    assert app.running


def test_help_over_socket_answers_in_the_ack_and_opens_nothing(
    fake_slack: FakeSlack, socket_server: SocketModeServer, start_app: Callable[..., AppProcess]
) -> None:
    """/oops help over the socket: the ack's payload carries the ephemeral help; no modal."""
    connect_app(start_app, socket_server)
    envelope_id = socket_server.send_envelope("slash_commands", slash_command("help"))

    ack = socket_server.wait_for_ack(envelope_id, timeout=ACK_TIMEOUT)
    assert ack["envelope_id"] == envelope_id
    assert "/oops" in ack["payload"]["text"]
    assert ack["payload"].get("response_type") == "ephemeral"
    time.sleep(0.5)  # a modal, if wrongly opened, would follow the ack at once
    assert fake_slack.count("views.open") == 0


def test_app_stops_cleanly_in_socket_mode(
    socket_server: SocketModeServer, start_app: Callable[..., AppProcess]
) -> None:
    """SIGTERM ends a Socket Mode app with exit code 0, not a kill."""
    app = connect_app(start_app, socket_server)
    # stop() falls back to SIGKILL (exit -9) if SIGTERM is not honoured in time.
    assert app.stop(timeout=STOP_TIMEOUT) == 0, app.log_text()


def test_payload_in_the_text_and_malformed_envelopes_over_socket(
    fake_slack: FakeSlack, socket_server: SocketModeServer, start_app: Callable[..., AppProcess]
) -> None:
    """Socket Mode bodies arrive parsed: text saying "payload" still opens the modal, and a
    payload of a shape the listeners cannot read is refused without a traceback."""
    app = connect_app(start_app, socket_server)
    text = "fixed the payload size limit in #payload-alerts"
    first = socket_server.send_envelope("slash_commands", slash_command(text))
    socket_server.wait_for_ack(first, timeout=ACK_TIMEOUT)
    view = fake_slack.wait_for("views.open", n=1, timeout=ACK_TIMEOUT)[-1].json("view")
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["what_happened"]["element"]["initial_value"] == text

    odd = {"type": "block_actions", "user": {"id": "U123", "team_id": TEAM_ID}, "actions": "x"}
    second = socket_server.send_envelope("interactive", odd)
    socket_server.wait_for_ack(second, timeout=ACK_TIMEOUT)
    no_user = slash_command("hi", user_id="not a user")
    third = socket_server.send_envelope("slash_commands", no_user)
    socket_server.wait_for_ack(third, timeout=ACK_TIMEOUT)
    time.sleep(0.3)
    assert "Traceback" not in app.log_text()
    assert fake_slack.count("views.open") == 1
