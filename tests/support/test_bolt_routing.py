"""The request helpers drive a real Bolt app the way Slack would (in-process, over HTTP)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from support.fake_slack import FakeSlack
from support.slack_requests import (
    app_home_opened,
    block_actions,
    global_shortcut,
    message_shortcut,
    send_event,
    send_interaction,
    send_slash_command,
    send_url_verification,
    state_from_view,
    view_closed,
    view_submission,
)

SECRET = "bolt-routing-secret"
MODAL = {
    "type": "modal",
    "callback_id": "oops_modal",
    "notify_on_close": True,
    "title": {"type": "plain_text", "text": "Oops"},
    "submit": {"type": "plain_text", "text": "Post"},
    "private_metadata": "C123",
    "blocks": [
        {
            "type": "input",
            "block_id": "what",
            "label": {"type": "plain_text", "text": "What happened"},
            "element": {
                "type": "plain_text_input",
                "action_id": "what_input",
                "multiline": True,
                "dispatch_action": True,
                "initial_value": "prefilled",
            },
        },
        {
            "type": "input",
            "block_id": "who",
            "label": {"type": "plain_text", "text": "Who"},
            "optional": True,
            "element": {"type": "multi_users_select", "action_id": "who_input"},
        },
        {
            "type": "input",
            "block_id": "severity",
            "label": {"type": "plain_text", "text": "How bad"},
            "element": {
                "type": "static_select",
                "action_id": "severity_input",
                "options": [
                    {"text": {"type": "plain_text", "text": "Minor"}, "value": "minor"},
                    {"text": {"type": "plain_text", "text": "Serious"}, "value": "serious"},
                ],
            },
        },
        {
            "type": "input",
            "block_id": "where",
            "label": {"type": "plain_text", "text": "Where"},
            "element": {
                "type": "conversations_select",
                "action_id": "where_input",
                "initial_conversation": "C123",
            },
        },
    ],
}
NUDGE_BLOCKS = [
    {
        "type": "actions",
        "block_id": "nudge_buttons",
        "elements": [
            {
                "type": "button",
                "action_id": "nudge_answer",
                "text": {"type": "plain_text", "text": "Answer"},
                "value": "nudge-7",
            }
        ],
    }
]


@dataclass
class Seen:
    """What the Bolt listeners received."""

    bodies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ready: threading.Condition = field(default_factory=threading.Condition)

    def add(self, kind: str, body: dict[str, Any]) -> None:
        with self.ready:
            self.bodies.setdefault(kind, []).append(body)
            self.ready.notify_all()

    def wait(self, kind: str, timeout: float = 5) -> dict[str, Any]:
        with self.ready:
            self.ready.wait_for(lambda: kind in self.bodies, timeout)
        return self.bodies[kind][-1]


def build_app(fake: FakeSlack, seen: Seen) -> App:
    """A tiny Bolt app shaped like oops: /oops opens a modal, the rest records what arrives."""
    app = App(
        signing_secret=SECRET,
        client=WebClient(base_url=fake.base_url, token="xoxb-test"),
    )

    @app.command("/oops")
    def oops(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view("oops_modal")
    def submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        seen.add("view_submission", body)
        what = view["state"]["values"]["what"]["what_input"]["value"]
        if not what.strip():
            ack(response_action="errors", errors={"what": "Say what happened"})
            return
        ack()

    @app.view_closed("oops_modal")
    def closed(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        seen.add("view_closed", body)

    @app.action("what_input")
    def typing(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        seen.add("typing", body)

    @app.action("nudge_answer")
    def answer(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        seen.add("nudge_answer", body)

    @app.shortcut("oops_from_message")
    def from_message(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        seen.add("message_shortcut", body)

    @app.shortcut("oops_global")
    def from_anywhere(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        seen.add("global_shortcut", body)

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    return app


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def bolt_url(fake_slack: FakeSlack, seen: Seen) -> Iterator[str]:
    """Serve the tiny Bolt app over HTTP with Bolt's WSGI adapter; yield its events URL."""
    wsgi = SlackRequestHandler(build_app(fake_slack, seen))
    server = make_server(
        "127.0.0.1", 0, wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/slack/events"
    server.shutdown()
    thread.join()
    server.server_close()


def test_signed_slash_command_acks_and_opens_the_modal(
    bolt_url: str, fake_slack: FakeSlack
) -> None:
    answer = send_slash_command(bolt_url, SECRET, text="I broke prod", trigger_id="111.222.abc")
    assert answer.status == 200
    opened = fake_slack.wait_for("views.open")[0]
    assert opened.args["trigger_id"] == "111.222.abc"
    assert opened.token == "xoxb-test"


@pytest.mark.parametrize(
    "tamper",
    [
        {"signed": False},
        {"signature": "v0=" + "0" * 64},
        {"timestamp": int(time.time()) - 6 * 60},
    ],
    ids=["unsigned", "bad-signature", "stale"],
)
def test_tampered_requests_are_rejected_without_web_api_calls(
    bolt_url: str, fake_slack: FakeSlack, tamper: dict[str, Any]
) -> None:
    assert send_slash_command(bolt_url, SECRET, **tamper).status == 401
    assert send_slash_command(bolt_url, "wrong-secret").status == 401
    time.sleep(0.2)
    assert fake_slack.count("views.open") == 0


def test_view_submission_built_from_the_opened_view_routes_with_values(
    bolt_url: str, fake_slack: FakeSlack, seen: Seen
) -> None:
    send_slash_command(bolt_url, SECRET)
    opened = fake_slack.wait_for("views.open")[0].response["view"]
    payload = view_submission(
        opened, fields={"what_input": "I deleted the table", "who_input": ["U1", "U2"]}
    )
    assert send_interaction(bolt_url, SECRET, payload).status == 200
    values = seen.wait("view_submission")["view"]["state"]["values"]
    assert values["what"]["what_input"] == {
        "type": "plain_text_input",
        "value": "I deleted the table",
    }
    assert values["who"]["who_input"]["selected_users"] == ["U1", "U2"]
    assert values["where"]["where_input"]["selected_conversation"] == "C123"  # initial value
    assert values["severity"]["severity_input"]["selected_option"] is None
    assert seen.wait("view_submission")["view"]["id"] == opened["id"]


def test_view_submission_errors_come_back_in_the_ack(bolt_url: str) -> None:
    answer = send_interaction(bolt_url, SECRET, view_submission(MODAL, fields={"what": "  "}))
    assert answer.status == 200
    assert answer.json() == {"response_action": "errors", "errors": {"what": "Say what happened"}}


def test_state_from_view_picks_options_and_rejects_unknown_fields() -> None:
    values = state_from_view(MODAL, {"severity_input": "serious"})
    assert values["severity"]["severity_input"]["selected_option"]["value"] == "serious"
    assert values["what"]["what_input"]["value"] == "prefilled"
    with pytest.raises(KeyError, match="nope"):
        state_from_view(MODAL, {"nope": "x"})


def test_block_actions_in_a_view_and_in_a_message(
    bolt_url: str, fake_slack: FakeSlack, seen: Seen
) -> None:
    typing = block_actions(
        "what_input", view=MODAL, action_type="plain_text_input", value="I broke"
    )
    assert send_interaction(bolt_url, SECRET, typing).status == 200
    body = seen.wait("typing")
    assert body["actions"][0]["block_id"] == "what" and body["actions"][0]["value"] == "I broke"
    assert body["view"]["callback_id"] == "oops_modal"

    posted = WebClient(base_url=fake_slack.base_url, token="x").chat_postMessage(
        channel="U123", text="Time to reflect", blocks=NUDGE_BLOCKS
    )
    click = block_actions(
        "nudge_answer", message=posted["message"], channel_id=posted["channel"], user_id="U999"
    )
    assert send_interaction(bolt_url, SECRET, click).status == 200
    body = seen.wait("nudge_answer")
    assert body["user"]["id"] == "U999"
    assert body["actions"][0] == {**body["actions"][0], "value": "nudge-7", "type": "button"}
    assert body["container"]["channel_id"] == posted["channel"]
    assert body["message"]["ts"] == posted["ts"]


def test_view_closed_and_shortcuts_route(bolt_url: str, seen: Seen) -> None:
    assert send_interaction(bolt_url, SECRET, view_closed(MODAL)).status == 200
    assert seen.wait("view_closed")["view"]["callback_id"] == "oops_modal"
    shortcut = message_shortcut("oops_from_message", text="my bad", author_id="U5")
    assert send_interaction(bolt_url, SECRET, shortcut).status == 200
    assert seen.wait("message_shortcut")["message"]["text"] == "my bad"
    assert send_interaction(bolt_url, SECRET, global_shortcut("oops_global")).status == 200
    assert seen.wait("global_shortcut")["callback_id"] == "oops_global"


def test_events_route_and_url_verification(bolt_url: str, fake_slack: FakeSlack) -> None:
    assert send_event(bolt_url, SECRET, app_home_opened("U77")).status == 200
    assert fake_slack.wait_for("views.publish")[0].args["user_id"] == "U77"
    assert send_url_verification(bolt_url, SECRET, "xyz").json() == {"challenge": "xyz"}
