"""Socket Mode serves /healthz (database and socket connection) and /metrics on its own port."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families
from support.app_process import free_port
from test_socket_mode import ACK_TIMEOUT, connect_app, slash_command, socket_server  # noqa: F401

WAIT_S = 15.0


def get(port: int, path: str) -> tuple[int, str]:
    """GET `path` on 127.0.0.1:`port`; (0, reason) when nothing answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def wait_for_status(port: int, path: str, status: int) -> str:
    """Poll (bounded) until `path` answers `status`; return the body."""
    deadline = time.monotonic() + WAIT_S
    seen = get(port, path)
    while seen[0] != status and time.monotonic() < deadline:
        time.sleep(0.1)
        seen = get(port, path)
    assert seen[0] == status, seen
    return seen[1]


def test_health_and_metrics_in_socket_mode(fake_slack, socket_server, start_app):  # noqa: F811
    port = free_port()
    app = connect_app(start_app, socket_server, OOPS_HEALTH_PORT=str(port))
    body = json.loads(wait_for_status(port, "/healthz", 200))
    assert body == {"ok": True, "database": True, "socket": True}

    envelope_id = socket_server.send_envelope("slash_commands", slash_command("I broke it"))
    socket_server.wait_for_ack(envelope_id, timeout=ACK_TIMEOUT)
    fake_slack.wait_for("views.open", n=1, timeout=ACK_TIMEOUT)
    status, text = get(port, "/metrics")
    assert status == 200
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    command = (("outcome", "acked"), ("surface", "command"))
    assert samples[("oops_requests_total", command)] == 1
    assert samples[("oops_ack_seconds_count", (("surface", "command"),))] == 1

    # The websocket goes away (and cannot come back): /healthz says so, in one log line each.
    socket_server.stop()
    body = json.loads(wait_for_status(port, "/healthz", 503))
    assert body["socket"] is False and body["database"] is True
    assert app.running
    log = app.log_text()
    assert "Socket Mode connection is down" in log
    assert "Traceback" not in log.split("Socket Mode connection is down")[0]
