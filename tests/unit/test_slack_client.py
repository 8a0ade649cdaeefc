"""The Web API client we build: aimed where we say, retrying, and cheap to log."""

from __future__ import annotations

import logging
import time

from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack_client import build_web_client, impatient, open_modal


def test_client_is_aimed_at_the_given_url_and_retries_rate_limits() -> None:
    client = build_web_client(api_url="http://127.0.0.1:9/api/", token="xoxb-1")
    assert client.base_url == "http://127.0.0.1:9/api/"
    assert any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers)


def test_request_bodies_are_not_formatted_for_a_debug_line_nobody_logs() -> None:
    # slack_sdk checks `logger.level <= DEBUG` (not the effective level) before formatting
    # every request, body included, into a debug message.
    client = build_web_client(api_url="http://127.0.0.1:9/api/", token="xoxb-1")
    assert client.logger.level > logging.DEBUG
    assert client.logger.isEnabledFor(logging.WARNING)


def test_impatient_copy_keeps_token_url_and_team_but_never_retries() -> None:
    client = build_web_client(api_url="http://127.0.0.1:9/api/", token="xoxb-1")
    client.default_params["team_id"] = "T1"
    quick = impatient(client)
    assert (quick.token, quick.base_url, quick.default_params.get("team_id")) == (
        "xoxb-1",
        "http://127.0.0.1:9/api/",
        "T1",
    )
    assert quick.retry_handlers == [] and quick.timeout <= 2
    assert client.retry_handlers  # the original keeps its retries


def test_open_modal_tries_once_and_reports_failure_without_waiting(fake_slack) -> None:
    client = build_web_client(api_url=fake_slack.base_url, token="xoxb-1")
    view = {"type": "modal", "callback_id": "x", "title": {"type": "plain_text", "text": "x"}}
    fake_slack.fail("views.open", status=429, retry_after=30, times=1)
    started = time.monotonic()
    assert open_modal(client, "trigger-1", view) is False
    assert time.monotonic() - started < 2
    assert fake_slack.count("views.open") == 1
    assert open_modal(client, "trigger-2", view) is True
