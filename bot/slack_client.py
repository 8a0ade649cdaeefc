"""The Web API client: aimed at SLACK_API_URL, retrying 429, 5xx and dropped connections."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

# slack_sdk tests its logger's own level (not the effective one) before formatting a debug line
# with the whole request body on every call; with the level left unset that costs more CPU than
# building a modal. An explicit INFO skips it; warnings and errors still reach the log.
_log = logging.getLogger(__name__)
_API_LOG = logging.getLogger("slack_sdk.web.base_client")
_API_LOG.setLevel(logging.INFO)


def retry_handlers() -> list:
    """Retry what is safe to retry; RateLimitErrorRetryHandler honours Retry-After."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
        ConnectionErrorRetryHandler(max_retry_count=2),
    ]


def build_web_client(*, api_url: str, token: str | None, timeout: int = 10) -> WebClient:
    """A WebClient for one token, aimed at `api_url`."""
    return WebClient(
        token=token,
        base_url=api_url,
        timeout=timeout,
        retry_handlers=retry_handlers(),
        logger=_API_LOG,
    )


def impatient(client: WebClient, timeout: float = 1.5) -> WebClient:
    """A copy of `client` that answers or gives up within `timeout` and never retries.

    For lookups made while a trigger_id counts down: Slack drops a modal opened more than
    3 s after the click, so waiting out a Retry-After there loses the modal itself.
    """
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=timeout,
        team_id=client.default_params.get("team_id"),
        logger=client.logger,
        retry_handlers=[],
    )


# A trigger_id opens a modal for 3 s after the click; a retry after that is bound to fail.
OPEN_WITHIN_S = 2.5


def open_modal(client: WebClient, trigger_id: str, view: dict) -> bool:
    """Open `view` with one quick try; False (logged) when Slack did not open it.

    Retrying would outlive the trigger, and sleeping out a Retry-After would hold a listener
    thread that other requests need for their acks.
    """
    if not trigger_id:  # nothing Slack could open it under; asking would only cost time
        _log.warning("views.open skipped for %s: no trigger_id", view.get("callback_id"))
        return False
    try:
        impatient(client, timeout=OPEN_WITHIN_S).views_open(trigger_id=trigger_id, view=view)
        return True
    except (SlackApiError, OSError) as err:
        reason = err.response.get("error") if isinstance(err, SlackApiError) else type(err).__name__
        _log.warning("views.open failed for %s: %s", view.get("callback_id"), reason)
        return False
