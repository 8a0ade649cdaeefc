"""PostgreSQL refusing the app for a while: /oops still opens its form within Slack's 3 s, what
needs the database says to try again, and once it is back the app carries on, unrestarted."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

from helpers import SECRET, post_preview, submit_compose
from support.fake_slack import RESPONSE_URL
from support.slack_requests import send_slash_command

NEWCOMER = "U0NEWCOMER"  # nothing cached about them anywhere: the lookups must hit the database
WHAT = "I truncated the invoices table"
TRIGGER_LIFETIME_S = 3.0


@contextmanager
def refusing_connections(pg_admin, url: str) -> Iterator[None]:
    """Make PostgreSQL refuse every connection to this scratch database (superusers too, which
    REVOKE CONNECT would not stop) and cut the ones open; let them in again afterwards."""
    name = url.rsplit("/", 1)[1]
    pg_admin.connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        pg_admin.connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        yield
    finally:
        pg_admin.connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_oops_opens_its_form_while_the_database_refuses_and_recovers(
    new_pg_database, pg_admin, start_app, fake_slack
):
    url = new_pg_database()
    app = start_app(DATABASE_URL=url)
    with refusing_connections(pg_admin, url):
        assert app.get("/healthz")[0] == 503  # the outage is real
        sent = time.time()
        response = send_slash_command(app.url, SECRET, text=WHAT, user_id=NEWCOMER)
        assert response.status == 200
        (opened,) = fake_slack.wait_for("views.open", n=1, timeout=10)
        assert opened.at - sent < TRIGGER_LIFETIME_S
        form = opened.response["view"]

        # Saving the facts needs the database: the person is told, in the ack, to try again.
        started = time.monotonic()
        answer = submit_compose(app, form, {"channel_input": "C777"}, user_id=NEWCOMER)
        assert time.monotonic() - started < TRIGGER_LIFETIME_S
        assert answer.json()["response_action"] == "errors"
        assert "try again" in json.dumps(answer.json()["errors"])

        # So does an export, which can only come from the database.
        url_for_note = fake_slack.response_url()
        send_slash_command(
            app.url, SECRET, text="export", user_id=NEWCOMER, response_url=url_for_note
        )
        (note,) = fake_slack.wait_for(RESPONSE_URL, n=1, timeout=10)
        assert "try again" in note.args["text"] and note.args["response_type"] == "ephemeral"

    # Back again: the same form goes through, without a restart.
    answer = submit_compose(app, form, {"channel_input": "C777"}, user_id=NEWCOMER)
    assert answer.json()["response_action"] == "update", answer.json()
    preview = {**answer.json()["view"], "id": form["id"], "hash": "h1"}

    with refusing_connections(pg_admin, url):
        post_preview(app, preview, user_id=NEWCOMER)
        result = fake_slack.wait_for("views.update", n=1, timeout=10)[-1]
        assert "try again" in json.dumps(result.args["view"])
        assert fake_slack.count("chat.postMessage") == 0
    post_preview(app, preview, user_id=NEWCOMER)
    result = fake_slack.wait_for("views.update", n=2, timeout=10)[-1]
    assert "Your message is out" in json.dumps(result.args["view"])
    assert fake_slack.count("chat.postMessage") == 1

    log = app.log_text()
    assert "profile cache read failed, treated as a miss: OperationalError" in log
    assert "listener failed" not in log and WHAT not in log
