"""One nudge DM: build it, post it, and say what happened; no database here (the sweep records)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
)

from bot.views.nudge_views import build_nudge_message
from storage.install_key import InstallKey
from storage.nudge_queue import NO_INSTALLATION, ClaimedNudge

# The client for an installation, None when it is not installed (bot/workspaces.py). An object
# may also offer `paced(key)` (a cached client without 429 sleeps) and `forget(key)`.
ClientForTeam = Callable[[InstallKey], WebClient | None]
METHOD = "chat.postMessage"
# Slack refused the token itself: the installation is gone (or its token is), not this DM.
TOKEN_GONE = frozenset(NO_INSTALLATION) - {"no_installation"}


class Result(StrEnum):
    """How one send ended."""

    SENT = "sent"
    FAILED = "failed"  # back off and retry later
    RATE_LIMITED = "rate_limited"  # Slack said 429: retry after Retry-After
    NO_CLIENT = "no_client"  # no installation (or its token was refused): back off, loudly
    DEFERRED = "deferred"  # not sent: its installation is paused by a 429 (bot/nudges/pacing.py)
    # The request went out but its answer was lost (timeout, dropped connection): Slack may
    # have posted it. Recorded as such and never sent again, as a DM twice is worse than once.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Outcome:
    """What one send did, for the sweep to record."""

    nudge: ClaimedNudge
    result: Result
    channel_id: str = ""
    message_ts: str = ""
    error: str = ""
    retry_after: float = 0.0


def without_rate_limit_retries(client: WebClient) -> WebClient:
    """The client minus slack_sdk's 429 handler, which would sleep Retry-After in the worker."""
    handlers = getattr(client, "retry_handlers", None) or []
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in handlers):
        return client
    # The dispatcher pauses every send on a 429 instead; a shallow copy leaves the app's client
    # (used by listeners, which should keep retrying) untouched.
    paced = copy.copy(client)
    paced.retry_handlers = [h for h in handlers if not isinstance(h, RateLimitErrorRetryHandler)]
    return paced


def for_nudge_sends(client: WebClient) -> WebClient:
    """The client without 429 sleeps (the sweep paces itself). Like every client we build, it
    resends only requests that never went out (bot/slack_client.retry_handlers)."""
    return without_rate_limit_retries(client)


def retry_after_seconds(err: SlackApiError) -> float | None:
    """Retry-After of a 429 answer in seconds (1 when absent), or None when it was no 429."""
    response = err.response
    if getattr(response, "status_code", None) != 429:
        return None
    headers = getattr(response, "headers", None) or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if isinstance(value, list):  # some slack_sdk paths keep header values as lists
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0


def send_nudge(
    client_for_team: ClientForTeam,
    nudge: ClaimedNudge,
    what_happened: str,
    posted_at: datetime | None,
    *,
    locale: str | None = None,
) -> Outcome:
    """Post one nudge DM with its installation's bot; never raises for Slack or network errors.

    A 429 gives RATE_LIMITED with `retry_after` (seconds) for the sweep to pause that
    installation; no installation, or a token Slack refuses, gives NO_CLIENT.
    """
    key = nudge.install_key
    paced = getattr(client_for_team, "paced", None)
    client = paced(key) if paced is not None else client_for_team(key)
    if client is None:
        return Outcome(nudge, Result.NO_CLIENT, error="no_installation")
    text, blocks = build_nudge_message(
        nudge_id=nudge.id,
        kind=nudge.kind,
        what_happened=what_happened,
        posted_at=posted_at,
        locale=locale,
        step=nudge.step,
        recipient=nudge.author_id,
    )
    try:
        # The client still retries 5xx and connections that failed before the request went out.
        client = client if paced is not None else for_nudge_sends(client)
        response = client.chat_postMessage(channel=nudge.author_id, text=text, blocks=blocks)
    except SlackApiError as err:
        wait = retry_after_seconds(err)
        if wait is not None:
            return Outcome(nudge, Result.RATE_LIMITED, error="ratelimited", retry_after=wait)
        code = str(err.response.get("error"))
        if code in TOKEN_GONE:
            forget = getattr(client_for_team, "forget", None)
            if forget is not None:
                forget(key)
            return Outcome(nudge, Result.NO_CLIENT, error=code)
        return Outcome(nudge, Result.FAILED, error=code)
    except URLError as err:  # urllib: the connection failed before the request was sent
        return Outcome(nudge, Result.FAILED, error=repr(err))
    except OSError as err:  # sent, but no answer came back (read timeout, connection dropped)
        return Outcome(nudge, Result.UNKNOWN, error=f"no answer: {type(err).__name__}")
    return Outcome(nudge, Result.SENT, channel_id=response["channel"], message_ts=response["ts"])
