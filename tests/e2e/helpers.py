"""Steps of the /oops flow as Slack would drive them, shared by the e2e tests."""

from __future__ import annotations

from typing import Any

from support.fake_slack import FakeSlack
from support.slack_payloads import block_actions, view_submission
from support.slack_requests import send_interaction, send_slash_command

SECRET = "test-signing-secret-8f0c1e"
AUTHOR = "U123"


def open_compose(app, fake: FakeSlack, text: str = "", **kw) -> dict[str, Any]:
    """Run /oops and return the modal the app opened."""
    before = fake.count("views.open")
    response = send_slash_command(app.url, SECRET, text=text, **kw)
    assert response.status == 200, response.text
    return fake.wait_for("views.open", n=before + 1)[-1].response["view"]


def submit_compose(app, view: dict, fields: dict, user_id: str = AUTHOR):
    """Submit the compose modal; returns the HTTP response (ack body carries response_action)."""
    payload = view_submission(view, fields=fields, user_id=user_id)
    return send_interaction(app.url, SECRET, payload)


def compose_to_preview(app, fake: FakeSlack, fields: dict, text: str = "I broke the build"):
    """Open the modal, submit facts, return (compose view, preview view as Slack would hold it)."""
    compose = open_compose(app, fake, text=text)
    response = submit_compose(app, compose, fields)
    assert response.status == 200, response.text
    body = response.json()
    assert body["response_action"] == "update", body
    preview = {**body["view"], "id": compose["id"], "hash": "h1"}
    return compose, preview


def post_preview(app, preview: dict, message: str | None = None, user_id: str = AUTHOR):
    """Submit the preview modal (optionally with an edited message)."""
    fields = {"message_input": message} if message is not None else {}
    return send_interaction(
        app.url, SECRET, view_submission(preview, fields=fields, user_id=user_id)
    )


def press_on_post(app, post, action_id: str, user_id: str, channel_id: str = "C777"):
    """Press button `action_id` on the message a recorded chat.postMessage call posted."""
    message = {"ts": post.response["ts"], "blocks": post.args["blocks"]}
    return send_interaction(
        app.url,
        SECRET,
        block_actions(action_id, message=message, channel_id=channel_id, user_id=user_id),
    )
