"""The Web API client: aimed at SLACK_API_URL; retries 429, 500, 502-504 and dropped connections."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

from bot.metrics import ApiCallObserver

# slack_sdk tests its logger's own level (not the effective one) before formatting a debug line
# with the whole request body on every call; with the level left unset that costs more CPU than
# building a modal. An explicit INFO skips it; warnings and errors still reach the log.
_log = logging.getLogger(__name__)
_API_LOG = logging.getLogger("slack_sdk.web.base_client")
_API_LOG.setLevel(logging.INFO)


# slack_sdk's own ServerErrorRetryHandler retries only 500 and 503; a gateway in front of Slack
# (or a proxy in front of us) answers 502 and 504 for the same passing trouble.
RETRIED_SERVER_ERRORS = frozenset({500, 502, 503, 504})
# A 5xx asking for a longer pause than this is not waited out inside a call: the caller fails
# and its own policy (a nudge backs off and stays pending) decides when to try again.
MAX_SERVER_RETRY_AFTER_S = 30.0


# A 429 asking for longer is still retried, after this long: Slack's own limits reset within it.
MAX_RATE_LIMIT_WAIT_S = 60.0


def _retry_after(response: HttpResponse) -> float | None:
    """The Retry-After header in seconds, if the response carries a usable one."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return max(0.0, float(values[0]))
            except ValueError:  # an HTTP date: Slack does not send those; back off instead
                return None
    return None


class ServerErrorBackoffHandler(RetryHandler):
    """Retry HTTP 500, 502, 503 and 504 with exponential backoff and jitter.

    A Retry-After on the 5xx is honoured instead of the backoff (up to 30 s; longer: no retry).
    """

    def __init__(
        self,
        max_retry_count: int = 2,
        interval_calculator: RetryIntervalCalculator | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(max_retry_count, interval_calculator or BackoffRetryIntervalCalculator())
        self._sleep = sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code not in RETRIED_SERVER_ERRORS:
            return False
        wait = _retry_after(response)
        return wait is None or wait <= MAX_SERVER_RETRY_AFTER_S

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        wait = _retry_after(response) if response is not None else None
        if wait is None:
            wait = self.interval_calculator.calculate_sleep_duration(state.current_attempt)
        self._sleep(wait)
        state.increment_current_attempt()


class RateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, reading Retry-After safely: slack_sdk's int() raises on a
    header such as `abc` or `1e308`; here an unusable or negative value waits 1 s and a huge
    one at most MAX_RATE_LIMIT_WAIT_S."""

    def __init__(self, max_retry_count: int = 3, sleep: Callable[[float], None] = time.sleep):
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        wait = _retry_after(response) if response is not None else None
        if wait is None:  # missing or unparseable
            wait = 1.0
        state.next_attempt_requested = True
        self._sleep(min(wait, MAX_RATE_LIMIT_WAIT_S) + random.random())
        state.increment_current_attempt()


def retry_handlers() -> list[RetryHandler]:
    """Counting first (bot/metrics.py); 429 after Retry-After, 500/502/503/504 with backoff,
    dropped connections."""
    return [
        ApiCallObserver(),
        RateLimitRetryHandler(max_retry_count=3),
        ServerErrorBackoffHandler(max_retry_count=2),
        # Only failures before the request went out (urllib wraps those in URLError): a
        # connection dropped while waiting for the answer may come after Slack did the work,
        # and resending would post a DM or a reply twice.
        ConnectionErrorRetryHandler(max_retry_count=2, error_types=[URLError]),
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
        retry_handlers=[ApiCallObserver()],  # counts; never retries
    )


class ShortRateLimitRetryHandler(RetryHandler):
    """Retry a 429 once, only when its Retry-After is at most `max_wait` seconds.

    A 429 means Slack did nothing, so repeating it is safe; the cap keeps the whole call
    within a known bound (a longer wait is the caller's refusal to handle).
    """

    def __init__(self, max_wait: float, sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(max_retry_count=1)
        self._max_wait, self._sleep = max_wait, sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after(response)
        return wait is not None and wait <= self._max_wait

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self._sleep(_retry_after(response) or 0.0)
        state.increment_current_attempt()


def without_replays(client: WebClient, timeout: float) -> WebClient:
    """A copy of `client` that never repeats a request Slack may have acted on.

    For posts a person would notice twice: a dropped connection, a timeout or a 5xx raise at
    once, for the caller to treat as "unknown" and check, never as "failed". Only a 429 with a
    Retry-After of at most `timeout` is tried again, so a call takes at most 3 x `timeout`.
    """
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=timeout,
        team_id=client.default_params.get("team_id"),
        logger=client.logger,
        retry_handlers=[ApiCallObserver(), ShortRateLimitRetryHandler(max_wait=timeout)],
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
