"""Tests of the harness itself: the fake Web API through a real WebClient, signed requests."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier

from support.fake_slack import UPLOAD, FakeSlack, WaitTimeout
from support.slack_requests import sign, signature_headers

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]


def client(fake: FakeSlack, *handlers: object) -> WebClient:
    """A WebClient pointed at the fake, with the given retry handlers."""
    web = WebClient(base_url=fake.base_url, token="xoxb-test")
    for handler in handlers:
        web.retry_handlers.append(handler)  # type: ignore[arg-type]
    return web


def test_auth_test_is_answered_and_recorded_with_token(fake_slack: FakeSlack) -> None:
    answer = client(fake_slack).auth_test()
    assert (answer["team_id"], answer["user_id"], answer["bot_id"]) == ("T0001", "UBOT", "B0001")
    call = fake_slack.last("auth.test")
    assert call.token == "xoxb-test"
    assert call.delivered and not call.injected
    assert fake_slack.base_url == f"http://127.0.0.1:{fake_slack.port}/api/"


def test_post_message_decodes_form_json_fields_and_gives_unique_increasing_ts(
    fake_slack: FakeSlack,
) -> None:
    web = client(fake_slack)
    first = web.chat_postMessage(channel="C1", text="a & b", blocks=BLOCKS)
    second = web.chat_postMessage(channel="C1", text="again")
    assert first["channel"] == "C1"
    assert float(first["ts"]) < float(second["ts"])
    assert fake_slack.calls("chat.postMessage")[0].args["blocks"] == BLOCKS  # a JSON body
    # A form body carries blocks as a JSON string: decoded in args, kept as sent in raw.
    form = {"channel": "C1", "text": "a & b", "blocks": json.dumps(BLOCKS)}
    web.api_call("chat.postMessage", data=form)
    call = fake_slack.last("chat.postMessage")
    assert "x-www-form-urlencoded" in call.headers["Content-Type"]
    assert call.args["blocks"] == BLOCKS
    assert call.raw["blocks"] == form["blocks"]
    assert call.json("blocks") == BLOCKS
    assert call.args["text"] == "a & b"


def test_post_message_to_a_user_answers_with_a_dm_channel(fake_slack: FakeSlack) -> None:
    answer = client(fake_slack).chat_postMessage(channel="U42", text="psst")
    assert answer["channel"].startswith("D")


def test_views_get_an_id_and_hash_and_keep_the_id_on_update(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    view = {"type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": "T"}}
    opened = web.views_open(trigger_id="1.2.3", view=view)["view"]
    assert opened["id"].startswith("V") and opened["hash"]
    assert opened["callback_id"] == "cb" and opened["title"] == view["title"]
    assert fake_slack.last("views.open").args["view"] == view  # JSON body, parsed
    updated = web.views_update(view_id=opened["id"], hash=opened["hash"], view=view)["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    home = {"type": "home", "blocks": []}
    again = web.views_publish(user_id="U1", view=home)["view"]["id"]
    assert web.views_publish(user_id="U1", view=home)["view"]["id"] == again


def test_conversations_open_is_deterministic(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    dm = web.conversations_open(users="U1")["channel"]["id"]
    group = web.conversations_open(users="U1,U2")["channel"]["id"]
    assert dm.startswith("D") and group.startswith("G")
    assert web.conversations_open(users="U2,U1")["channel"]["id"] == group
    assert web.conversations_join(channel="C9")["channel"]["id"] == "C9"


def test_users_info_defaults_and_per_user_settings(fake_slack: FakeSlack) -> None:
    fake_slack.set_user("U2", tz="Asia/Tokyo", locale="ja-JP")
    web = client(fake_slack)
    default = web.users_info(user="U1")["user"]
    assert (default["tz"], default["locale"]) == ("America/New_York", "en-US")
    assert default["tz_offset"] in (-4 * 3600, -5 * 3600)
    tokyo = web.users_info(user="U2", include_locale=True)["user"]
    assert (tokyo["tz"], tokyo["locale"], tokyo["tz_offset"]) == ("Asia/Tokyo", "ja-JP", 9 * 3600)


def test_permalink_ephemeral_update_and_unknown_methods(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    link = web.chat_getPermalink(channel="C1", message_ts="1700000000.000100")["permalink"]
    assert link == "https://fake.slack/archives/C1/p1700000000000100"
    assert web.chat_postEphemeral(channel="C1", user="U1", text="x")["message_ts"]
    assert web.chat_update(channel="C1", ts="1.2", text="new")["ts"] == "1.2"
    assert web.api_call("reactions.add", params={"name": "x"})["ok"] is True


def test_file_upload_v2_goes_through_the_fake(fake_slack: FakeSlack) -> None:
    client(fake_slack).files_upload_v2(channel="C1", content="hello", filename="a.txt")
    assert fake_slack.count("files.getUploadURLExternal") == 1
    assert fake_slack.count(UPLOAD) == 1
    assert fake_slack.last("files.completeUploadExternal").args["files"][0]["id"].startswith("F")


def test_oauth_and_socket_mode_urls(fake_slack: FakeSlack) -> None:
    web = WebClient(base_url=fake_slack.base_url)
    install = web.oauth_v2_access(client_id="1", client_secret="s", code="c")
    assert install["access_token"] == "xoxb-installed" and install["team"]["id"] == "T0001"
    fake_slack.socket_mode_url = "ws://127.0.0.1:9/link"
    assert web.apps_connections_open(app_token="xapp-1")["url"] == "ws://127.0.0.1:9/link"


def test_respond_overrides_for_n_calls_then_falls_back(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    fake_slack.respond("chat.postMessage", {"ok": False, "error": "not_in_channel"}, times=1)
    with pytest.raises(SlackApiError) as raised:
        web.chat_postMessage(channel="C1", text="x")
    assert raised.value.response["error"] == "not_in_channel"
    web.chat_postMessage(channel="C1", text="x")
    assert fake_slack.count("chat.postMessage") == 2
    assert fake_slack.count("chat.postMessage", delivered_only=True) == 1


def test_respond_forever_and_wildcard(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    fake_slack.respond("*", {"ok": True, "custom": 1})
    assert web.auth_test()["custom"] == 1
    assert web.users_info(user="U1")["custom"] == 1
    fake_slack.reset_behaviour()
    assert "custom" not in web.auth_test().data


def test_429_is_retried_after_retry_after_and_delivered_once(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=0, times=1)
    web = client(fake_slack, RateLimitErrorRetryHandler(max_retry_count=2))
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    first, second = fake_slack.calls("chat.postMessage")
    assert (first.status, first.injected, first.delivered) == (429, True, False)
    assert second.delivered
    assert fake_slack.count("chat.postMessage", delivered_only=True) == 1


def test_429_without_a_retry_handler_raises(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client(fake_slack).chat_postMessage(channel="C1", text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] in ("7", ["7"])


def test_500_is_retried_by_the_server_error_handler(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", status=500, times=2)
    web = client(fake_slack, ServerErrorRetryHandler(max_retry_count=2))
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [500, 500, 200]
    assert fake_slack.count("chat.postMessage", delivered_only=True) == 1


def test_dropped_connection_is_retried_by_the_connection_handler(fake_slack: FakeSlack) -> None:
    fake_slack.disconnect("chat.postMessage")
    web = client(fake_slack, ConnectionErrorRetryHandler(max_retry_count=1))
    assert web.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.status for c in fake_slack.calls("chat.postMessage")] == [0, 200]


def test_delay_adds_latency(fake_slack: FakeSlack) -> None:
    fake_slack.delay("auth.test", 0.3)
    started = time.monotonic()
    client(fake_slack).auth_test()
    assert time.monotonic() - started >= 0.3
    fake_slack.delay("auth.test", 0)
    started = time.monotonic()
    client(fake_slack).auth_test()
    assert time.monotonic() - started < 0.3


def test_a_delayed_call_is_seen_arriving_before_it_is_recorded(fake_slack: FakeSlack) -> None:
    fake_slack.delay("chat.getPermalink", 1)
    worker = threading.Thread(
        target=lambda: client(fake_slack).chat_getPermalink(channel="C1", message_ts="1.2")
    )
    worker.start()
    fake_slack.wait_for_arrival("chat.getPermalink", timeout=5)
    assert fake_slack.count("chat.getPermalink") == 0  # held by the delay
    worker.join()
    assert fake_slack.count("chat.getPermalink") == 1
    with pytest.raises(WaitTimeout, match="2 chat.getPermalink"):
        fake_slack.wait_for_arrival("chat.getPermalink", n=2, timeout=0.2)


def test_rate_limit_answers_429_beyond_the_budget(fake_slack: FakeSlack) -> None:
    fake_slack.rate_limit(5, methods=["chat.postMessage"])
    web = client(fake_slack)
    outcomes = []
    for _ in range(10):
        try:
            outcomes.append(web.chat_postMessage(channel="C1", text="x")["ok"])
        except SlackApiError as error:
            assert error.response.status_code == 429
            assert int(error.response.headers["Retry-After"]) >= 1
            outcomes.append(False)
    assert 5 <= outcomes.count(True) <= 6  # the bucket refills a little while we loop
    assert web.auth_test()["ok"]  # other methods are not limited
    fake_slack.rate_limit(None)
    assert web.chat_postMessage(channel="C1", text="x")["ok"]


def test_wait_for_returns_calls_made_later_from_another_thread(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    timer = threading.Timer(0.2, lambda: web.chat_postMessage(channel="C1", text="late"))
    timer.start()
    calls = fake_slack.wait_for("chat.postMessage", timeout=5)
    timer.join()
    assert calls[0].args["text"] == "late"


def test_wait_for_timeout_lists_the_calls_seen(fake_slack: FakeSlack) -> None:
    client(fake_slack).auth_test()
    with pytest.raises(WaitTimeout, match=r"views\.open.*got 0.*auth\.test"):
        fake_slack.wait_for("views.open", timeout=0.2)
    fake_slack.clear()
    assert fake_slack.count() == 0


def test_response_url_posts_are_recorded(fake_slack: FakeSlack) -> None:
    url = fake_slack.response_url()
    from support.slack_requests import post_signed

    answer = post_signed(url, "unused", '{"text": "done"}', "application/json", signed=False)
    assert answer.status == 200
    assert fake_slack.last("(response_url)").args == {"text": "done"}


def test_thousands_of_concurrent_calls_get_unique_ts(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    total = 1000
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        ts = list(
            pool.map(lambda i: web.chat_postMessage(channel="C1", text=str(i))["ts"], range(total))
        )
    rate = total / (time.monotonic() - started)
    print(f"fake slack: {rate:.0f} chat.postMessage calls/s")
    assert len(set(ts)) == total == fake_slack.count("chat.postMessage")
    # A loose floor: client and server share one interpreter here; the fake alone serves
    # several times this from other processes.
    assert rate > 150


def test_signature_is_accepted_by_slack_sdk_and_a_wrong_secret_is_not() -> None:
    body = "token=x&command=%2Foops&text=hello"
    headers = signature_headers("s3cret", body)
    verifier = SignatureVerifier("s3cret")
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    stale = int(time.time()) - 6 * 60
    assert not verifier.is_valid_request(body, signature_headers("s3cret", body, stale))
    assert sign("s3cret", body, 1) != sign("s3cret", body + " ", 1)
