"""slack_sdk answers for stub clients: a posted message, and a 429 with Retry-After."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse


def _response(data: dict, *, status: int, headers: dict) -> SlackResponse:
    return SlackResponse(
        client=None,
        http_verb="POST",
        api_url="x",
        req_args={},
        data=data,
        headers=headers,
        status_code=status,
    )


def posted(ts: str, channel: str = "D1") -> SlackResponse:
    """chat.postMessage's answer for a message posted at `ts` in `channel`."""
    return _response({"ok": True, "channel": channel, "ts": ts}, status=200, headers={})


def rate_limited(retry_after: str) -> SlackApiError:
    """The error slack_sdk raises for HTTP 429 with `Retry-After: retry_after` (seconds)."""
    response = _response(
        {"ok": False, "error": "ratelimited"}, status=429, headers={"retry-after": retry_after}
    )
    return SlackApiError("ratelimited", response)
