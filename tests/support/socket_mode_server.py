"""A fake Slack Socket Mode endpoint: a websocket server on 127.0.0.1 run by the test.

Point the fake Web API at it (`fake.socket_mode_url = server.url`) so `apps.connections.open`
hands the app this URL. The test then waits for the app to connect, sends `hello` and envelopes
as Slack does, and reads the app's acknowledgements (`{"envelope_id": ..., "payload": ...}`).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class SocketModeTimeout(AssertionError):
    """Something expected on the socket did not happen in time."""


class SocketModeServer:
    """Accepts the app's websocket, sends it envelopes, records every message it sends back."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._cond = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._received: list[dict[str, Any]] = []
        self._server: Server = serve(self._handle, host, 0)
        self.host = host
        self.port: int = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="socket-mode-server", daemon=True
        )

    @property
    def url(self) -> str:
        """The `wss_url` Slack's apps.connections.open would return (plain ws here)."""
        return f"ws://{self.host}:{self.port}/link/?ticket=test-ticket&app_id=A0001"

    @property
    def connections(self) -> int:
        """How many websocket connections the app has opened so far."""
        with self._cond:
            return len(self._connections)

    def received(self) -> list[dict[str, Any]]:
        """Every JSON message the app sent, in order."""
        with self._cond:
            return list(self._received)

    def start(self) -> SocketModeServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 5) -> None:
        """Close every connection, stop listening, and join the serving thread."""
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            connection.close()
        self._server.shutdown()
        self._thread.join(timeout)

    def __enter__(self) -> SocketModeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handle(self, connection: ServerConnection) -> None:
        """Record the connection, then collect what the app sends until it closes."""
        with self._cond:
            self._connections.append(connection)
            self._cond.notify_all()
        try:
            for message in connection:
                with self._cond:
                    self._received.append(json.loads(message))
                    self._cond.notify_all()
        except ConnectionClosed:
            pass

    def _wait(self, ready: Callable[[], Any], timeout: float, what: str) -> Any:
        """Wait (bounded) until `ready()` returns something truthy, and return it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (result := ready()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SocketModeTimeout(
                        f"no {what} within {timeout}s; received: {self._received!r}"
                    )
                self._cond.wait(min(remaining, 0.1))
            return result

    def wait_connected(self, n: int = 1, timeout: float = 15) -> None:
        """Wait until the app has opened `n` websocket connections."""
        self._wait(lambda: len(self._connections) >= n, timeout, f"connection #{n}")

    def send(self, message: dict[str, Any]) -> None:
        """Send a JSON message on the newest connection."""
        with self._cond:
            if not self._connections:
                raise SocketModeTimeout("the app is not connected")
            connection = self._connections[-1]
        connection.send(json.dumps(message))

    def hello(self) -> None:
        """Send the `hello` Slack sends first on every new connection."""
        self.send(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 3600},
                "connection_info": {"app_id": "A0001"},
            }
        )

    def send_envelope(
        self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool = True
    ) -> str:
        """Send an envelope (`slash_commands`, `interactive`, `events_api`); return its id."""
        envelope_id = str(uuid.uuid4())
        self.send(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": payload,
            }
        )
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 5) -> dict[str, Any]:
        """Wait for the app's acknowledgement of `envelope_id` and return it."""

        def ack() -> dict[str, Any] | None:
            return next((m for m in self._received if m.get("envelope_id") == envelope_id), None)

        return self._wait(ack, timeout, f"ack for envelope {envelope_id}")
