"""Send requests to the app exactly as Slack does: same bodies, same v0 signature headers.

Every `send_*` function takes the target URL (e.g. `AppProcess.url`) and the signing secret,
and these keyword options to test rejection: `timestamp` (default now), `signature` (replace
the computed one), `signed=False` (send no signature headers), `headers` (extra headers) and
`timeout`. They return a `Response` and never raise on HTTP error statuses.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .slack_payloads import (
    API_APP_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    app_home_opened,
    block_actions,
    global_shortcut,
    message_shortcut,
    new_trigger_id,
    state_from_view,
    view_closed,
    view_submission,
)

__all__ = [
    "Response",
    "app_home_opened",
    "block_actions",
    "global_shortcut",
    "install_over_oauth",
    "message_shortcut",
    "new_trigger_id",
    "post_signed",
    "send_event",
    "send_interaction",
    "send_slash_command",
    "send_url_verification",
    "sign",
    "signature_headers",
    "state_from_view",
    "view_closed",
    "view_submission",
]

USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
_event_ids = itertools.count(1)


@dataclass(frozen=True)
class Response:
    """The app's answer: status, headers (lower-cased names) and body text."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def json(self) -> Any:
        """Parse the body as JSON (an empty ack body gives None)."""
        return json.loads(self.text) if self.text.strip() else None


def sign(secret: str, body: str, timestamp: int | str) -> str:
    """Return Slack's v0 signature of `body` sent at `timestamp`."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signature_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Return the X-Slack-Request-Timestamp and X-Slack-Signature headers for `body`."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": sign(secret, body, ts)}


def post_signed(
    url: str,
    secret: str,
    body: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    signature: str | None = None,
    signed: bool = True,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> Response:
    """POST `body` to `url` with Slack's headers; return the Response whatever its status."""
    all_headers = {"Content-Type": content_type, "User-Agent": USER_AGENT}
    if signed:
        all_headers.update(signature_headers(secret, body, timestamp))
        if signature is not None:
            all_headers["X-Slack-Signature"] = signature
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body.encode(), headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return _response(answer.status, answer.headers.items(), answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return _response(error.code, error.headers.items(), error.read())


def _response(status: int, headers: Any, data: bytes) -> Response:
    return Response(status, {k.lower(): v for k, v in headers}, data.decode(errors="replace"))


def send_slash_command(
    url: str,
    secret: str,
    *,
    command: str = "/oops",
    text: str = "",
    user_id: str = "U123",
    user_name: str | None = None,
    channel_id: str = "C123",
    channel_name: str = "general",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    trigger_id: str | None = None,
    response_url: str | None = None,
    api_app_id: str = API_APP_ID,
    timestamp: int | None = None,
    signature: str | None = None,
    signed: bool = True,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
    **extra: str,
) -> Response:
    """Send a slash command as Slack does (form body); `extra` adds or replaces form fields."""
    form = {
        "token": "verification-token-unused",
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url or f"https://hooks.slack.com/commands/{team_id}/1/x",
        "trigger_id": trigger_id or new_trigger_id(),
        **extra,
    }
    return post_signed(
        url,
        secret,
        urlencode(form),
        FORM,
        timestamp=timestamp,
        signature=signature,
        signed=signed,
        headers=headers,
        timeout=timeout,
    )


def send_interaction(
    url: str,
    secret: str,
    payload: dict[str, Any],
    *,
    timestamp: int | None = None,
    signature: str | None = None,
    signed: bool = True,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> Response:
    """Send an interactive payload (view_submission, block_actions, ...) as `payload=<json>`."""
    body = urlencode({"payload": json.dumps(payload)})
    return post_signed(
        url,
        secret,
        body,
        FORM,
        timestamp=timestamp,
        signature=signature,
        signed=signed,
        headers=headers,
        timeout=timeout,
    )


def send_event(
    url: str,
    secret: str,
    event: dict[str, Any],
    *,
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
    event_id: str | None = None,
    event_time: int | None = None,
    retry_num: int | None = None,
    timestamp: int | None = None,
    signature: str | None = None,
    signed: bool = True,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> Response:
    """Send an Events API `event_callback` envelope around `event` (JSON body)."""
    envelope = {
        "token": "verification-token-unused",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": event_time or int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": "UBOT",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    extra = dict(headers or {})
    if retry_num is not None:  # Slack re-sends unacknowledged events with these headers
        extra |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
    return post_signed(
        url,
        secret,
        json.dumps(envelope),
        JSON,
        timestamp=timestamp,
        signature=signature,
        signed=signed,
        headers=extra,
        timeout=timeout,
    )


def send_url_verification(url: str, secret: str, challenge: str = "challenge-1") -> Response:
    """Send the Events API URL verification handshake."""
    body = json.dumps({"token": "unused", "challenge": challenge, "type": "url_verification"})
    return post_signed(url, secret, body, JSON)


def install_over_oauth(base_url: str, code: str, *, timeout: float = 10) -> int:
    """Install through the app's OAuth flow as a browser would: GET /slack/install, then come
    back to /slack/oauth_redirect with `code` (which the fake's oauth.v2.access turns into an
    installation) and the state; returns the redirect's HTTP status."""
    with urllib.request.urlopen(base_url + "/slack/install", timeout=timeout) as page:
        html = page.read().decode()
        # Bolt's state cookie is Secure, which a cookie jar won't send over plain http.
        cookie = page.headers["Set-Cookie"].split(";")[0]
    state = re.search(r"state=([\w-]+)", html).group(1)
    back = urllib.request.Request(
        f"{base_url}/slack/oauth_redirect?code={code}&state={state}", headers={"Cookie": cookie}
    )
    try:
        with urllib.request.urlopen(back, timeout=timeout) as done:
            return done.status
    except urllib.error.HTTPError as refused:
        return refused.code
