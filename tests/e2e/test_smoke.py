"""Smoke test of the real app over HTTP: health, signature checks, /oops opens the modal."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from support.app_process import AppProcess
from support.fake_slack import FakeSlack
from support.slack_requests import send_slash_command

StartApp = Callable[..., AppProcess]


def test_healthz_answers_200(start_app: StartApp) -> None:
    app = start_app()
    status, _ = app.get("/healthz")
    assert status == 200


@pytest.mark.parametrize(
    "tamper",
    [
        {"signed": False},
        {"signature": "v0=" + "0" * 64},
        {"timestamp": int(time.time()) - 6 * 60},
        {"secret": "not-the-signing-secret"},
    ],
    ids=["unsigned", "bad-signature", "stale-timestamp", "wrong-secret"],
)
def test_untrusted_oops_is_rejected_without_web_api_calls(
    start_app: StartApp, fake_slack: FakeSlack, signing_secret: str, tamper: dict[str, Any]
) -> None:
    app = start_app()
    secret = tamper.pop("secret", signing_secret)
    answer = send_slash_command(app.url, secret, text="I broke prod", **tamper)
    assert answer.status == 401, answer.text
    time.sleep(0.5)  # a listener that ran anyway would call the fake within this time
    others = fake_slack.calls(where=lambda call: call.method != "auth.test")
    assert others == [], fake_slack.describe()


def test_signed_oops_acks_and_opens_the_modal_with_the_trigger_id(
    start_app: StartApp, fake_slack: FakeSlack, signing_secret: str
) -> None:
    app = start_app()
    answer = send_slash_command(app.url, signing_secret, text="I broke prod", trigger_id="9.8.7")
    assert answer.status == 200, answer.text
    (opened,) = fake_slack.wait_for("views.open")
    assert opened.args["trigger_id"] == "9.8.7"
    assert opened.token == "xoxb-test"
