"""Multi-workspace install: OAuth round trip, requests authorised from the stored install,
and uninstall removing the tokens and cancelling that workspace's pending nudges."""

from __future__ import annotations

import sqlite3
import urllib.request

from helpers import SECRET, compose_to_preview, post_preview
from support.slack_payloads import app_home_opened
from support.slack_requests import install_over_oauth, send_event, send_slash_command

OAUTH_ENV = {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "shh"}


def _rows(app_env, sql):
    with sqlite3.connect(app_env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        return db.execute(sql).fetchall()


def _install(app) -> None:
    """Visit /slack/install, follow Slack's redirect back with a code, as a browser would."""
    with urllib.request.urlopen(app.base_url + "/slack/install", timeout=5) as page:
        html = page.read().decode()
    assert "slack.com/oauth/v2/authorize" in html and "client_id=111.222" in html
    assert install_over_oauth(app.base_url, "c0de", timeout=5) == 200


def test_install_then_use_then_uninstall(start_app, fake_slack, app_env):
    app = start_app(**OAUTH_ENV, OOPS_REFLECTION_DELAY="1h")
    _install(app)
    (exchange,) = fake_slack.wait_for("oauth.v2.access", n=1)
    assert exchange.args["code"] == "c0de"
    assert _rows(app_env, "select team_id from slack_bots") == [("T0001",)]

    _, preview = compose_to_preview(app, fake_slack, {"channel_input": "C777"})
    assert fake_slack.last("views.open").token == "xoxb-installed"
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    assert _rows(app_env, "select count(*) from nudges where status='pending'") == [(3,)]

    send_event(app.url, SECRET, {"type": "app_uninstalled"})
    for _ in range(50):
        if _rows(app_env, "select count(*) from slack_bots") == [(0,)]:
            break
        import time

        time.sleep(0.1)
    assert _rows(app_env, "select count(*) from slack_bots") == [(0,)]
    assert _rows(app_env, "select count(*) from nudges where status='pending'") == [(0,)]


def test_request_from_a_workspace_that_never_installed_opens_nothing(start_app, fake_slack):
    app = start_app(**OAUTH_ENV)
    send_slash_command(app.url, SECRET, team_id="T0NOTHERE", response_url=fake_slack.response_url())
    send_event(app.url, SECRET, app_home_opened("U123"), team_id="T0NOTHERE")
    assert fake_slack.count("views.open") == 0 and fake_slack.count("views.publish") == 0
