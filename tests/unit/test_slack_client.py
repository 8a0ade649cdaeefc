"""The Web API client we build: aimed where we say, retrying, and cheap to log."""

from __future__ import annotations

import logging
import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.metrics import ApiCallObserver
from bot.slack_client import (
    RateLimitRetryHandler,
    ServerErrorBackoffHandler,
    build_web_client,
    impatient,
    open_modal,
)


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
    # Only the counting observer (bot/metrics.py), which never retries.
    assert all(type(h) is ApiCallObserver for h in quick.retry_handlers) and quick.timeout <= 2
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


# -- server errors ---------------------------------------------------------------------------


def recording_client(fake_slack, handler: ServerErrorBackoffHandler):
    """A client with only `handler`, aimed at the fake."""
    return WebClient(token="xoxb-1", base_url=fake_slack.base_url, retry_handlers=[handler])


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_each_server_error_is_retried_with_backoff_then_succeeds(fake_slack, status) -> None:
    slept: list[float] = []
    web = recording_client(fake_slack, ServerErrorBackoffHandler(sleep=slept.append))
    fake_slack.fail("chat.postMessage", status=status, times=1)
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [status, 200]
    assert len(slept) == 1 and 0.5 <= slept[0] < 1.5  # 0.5 s backoff plus up to 1 s of jitter


@pytest.mark.parametrize("status", [501, 400])
def test_other_errors_are_not_retried(fake_slack, status) -> None:
    slept: list[float] = []
    web = recording_client(fake_slack, ServerErrorBackoffHandler(sleep=slept.append))
    fake_slack.fail("chat.postMessage", status=status, times=1)
    with pytest.raises(SlackApiError):
        web.chat_postMessage(channel="C1", text="x")
    assert fake_slack.count("chat.postMessage") == 1 and slept == []


def test_backoff_doubles_and_the_handler_gives_up_after_max_retries(fake_slack) -> None:
    slept: list[float] = []
    handler = ServerErrorBackoffHandler(max_retry_count=3, sleep=slept.append)
    fake_slack.fail("chat.postMessage", status=502, times=4)
    with pytest.raises(SlackApiError) as raised:
        recording_client(fake_slack, handler).chat_postMessage(channel="C1", text="x")
    assert raised.value.response.status_code == 502
    assert fake_slack.count("chat.postMessage") == 4
    assert [b <= s < b + 1 for s, b in zip(slept, [0.5, 1, 2], strict=True)] == [True] * 3


def test_retry_after_on_a_5xx_is_honoured_instead_of_the_backoff(fake_slack) -> None:
    slept: list[float] = []
    web = recording_client(fake_slack, ServerErrorBackoffHandler(sleep=slept.append))
    fake_slack.fail("chat.postMessage", status=503, times=1, headers={"Retry-After": "7"})
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    assert slept == [7.0]


def test_a_5xx_asking_for_a_long_pause_is_not_waited_out(fake_slack) -> None:
    slept: list[float] = []
    web = recording_client(fake_slack, ServerErrorBackoffHandler(sleep=slept.append))
    fake_slack.fail("chat.postMessage", status=503, times=1, headers={"Retry-After": "3600"})
    with pytest.raises(SlackApiError):
        web.chat_postMessage(channel="C1", text="x")
    assert fake_slack.count("chat.postMessage") == 1 and slept == []


def test_the_client_we_build_retries_a_502_for_real(fake_slack) -> None:
    client = build_web_client(api_url=fake_slack.base_url, token="xoxb-1")
    fake_slack.fail("users.info", status=502, times=1)
    started = time.monotonic()
    assert client.users_info(user="U1")["ok"]
    assert 0.5 <= time.monotonic() - started < 5
    assert [c.status for c in fake_slack.calls("users.info")] == [502, 200]


@pytest.mark.parametrize(
    ("header", "waited"),
    [("abc", 1.0), ("-5", 0.0), ("1e308", 60.0), ("inf", 60.0), ("2", 2.0)],
)
def test_a_429_with_an_odd_retry_after_is_still_retried_within_bounds(
    fake_slack, header, waited
) -> None:
    """slack_sdk's own handler raises ValueError on these; ours waits a bounded time."""
    slept: list[float] = []
    web = recording_client(fake_slack, RateLimitRetryHandler(sleep=slept.append))
    fake_slack.fail(
        "chat.postMessage", status=429, retry_after=None, times=1, headers={"Retry-After": header}
    )
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    assert len(slept) == 1 and waited <= slept[0] < waited + 1
