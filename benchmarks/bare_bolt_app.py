"""Baseline for the benchmarks: a bare Bolt app whose /oops acks and opens a fixed modal.

It is served by the same stack as oops (`bot.http_server.build_wsgi_app` + `serve`: Bolt's
WSGI adapter behind waitress, with the same per-request log line), runs listeners on as many
threads, and talks to Slack through the same WebClient (`bot.slack_client.build_web_client`),
so any difference is oops's own work.
Environment: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, PORT, and optionally
BARE_MODAL_FILE: a JSON view to open instead of FIXED_MODAL (read once, at start).
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The repo root on sys.path without importing bench_support, which loads psycopg: the baseline
# must carry no more than a bare Bolt app does.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt import Ack, App  # noqa: E402
from slack_sdk import WebClient  # noqa: E402

from bot.http_server import SERVER_THREADS, build_wsgi_app, serve  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.slack_client import build_web_client  # noqa: E402

FIXED_MODAL = {
    "type": "modal",
    "callback_id": "bare_modal",
    "title": {"type": "plain_text", "text": "Bare modal"},
    "submit": {"type": "plain_text", "text": "Submit"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "what",
            "label": {"type": "plain_text", "text": "What happened?"},
            "element": {"type": "plain_text_input", "action_id": "what_input", "multiline": True},
        }
    ],
}


def build_bare_app(
    *, signing_secret: str, api_url: str, token: str, modal: dict | None = None
) -> App:
    """A Bolt app with one listener: /oops acks, then opens `modal` (FIXED_MODAL by default)."""
    # As many listener threads as oops runs (Bolt's default is 5): with fewer, acks queue
    # behind views.open calls under load, and oops would be measured against a handicap.
    app = App(
        signing_secret=signing_secret,
        client=build_web_client(api_url=api_url, token=token),
        listener_executor=ThreadPoolExecutor(SERVER_THREADS, "listener"),
    )
    view = modal or FIXED_MODAL

    @app.command("/oops")
    def open_fixed_modal(ack: Ack, command: dict, client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)

    return app


def main() -> int:
    """Serve the bare app on PORT until terminated."""
    # The same logging as oops (bot.logs.configure_logging): equal logging cost.
    configure_logging()
    # Bolt switches to OAuth when these are set, even blank (as the test harness sets them);
    # bot.runtime drops blank ones the same way.
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        if not os.environ.get(name, "").strip():
            os.environ.pop(name, None)
    modal_file = os.environ.get("BARE_MODAL_FILE")
    app = build_bare_app(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        api_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
        token=os.environ["SLACK_BOT_TOKEN"],
        modal=json.loads(Path(modal_file).read_text()) if modal_file else None,
    )
    wsgi = build_wsgi_app(app, lambda: True, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    serve(wsgi, port=int(os.environ.get("PORT", "3000")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
