"""Authenticate, then parse, a request Slack sent over HTTP; refuse anything else plainly.

Bolt's own parser decides "form or `payload=` JSON" by looking for the substring "payload"
anywhere in the raw body, so `/oops fixed the payload size limit` (or a channel named
#payload-alerts) is misread and ends as `dispatch_failed`. It also parses before it checks the
signature, so a garbled unsigned body costs a traceback. Here the order is: size, v0 signature
(https://api.slack.com/authentication/verifying-requests-from-slack), then a parse by the
body's real form, then the envelope's shape; only a request that passes all four reaches Bolt.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier

from bot.envelope import envelope_problem

# Slack's largest payloads (a view_submission of a full modal) are tens of kB; a megabyte is
# far above anything real and keeps a forged body from costing memory.
MAX_BODY_BYTES = 1 << 20
# Slack refuses requests older than five minutes in its own guidance; so do we.
MAX_AGE_S = 300
_TIMESTAMP = re.compile(r"^[0-9]{1,12}\Z")
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}\Z")


class RequestRefused(Exception):
    """The request is not one we answer; `status` is the HTTP status, `reason` a log word."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class SignedRequest:
    """A request whose signature checked out: its text and its parsed body (always a dict)."""

    raw_body: str
    body: dict[str, Any]


def verify_signature(
    raw: bytes, headers: Mapping[str, str], *, secret: str, now: Callable[[], float] = time.time
) -> None:
    """Check Slack's v0 signature over the raw bytes; raise RequestRefused(401) when it fails.

    `headers` have lower-case names. A timestamp that is not a number, or older than five
    minutes, is refused the same way as a wrong signature: all are "not from Slack".
    """
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not _TIMESTAMP.match(timestamp) or not _SIGNATURE.match(signature):
        raise RequestRefused(401, "unsigned")
    if abs(now() - int(timestamp)) > MAX_AGE_S:
        raise RequestRefused(401, "stale_timestamp")
    if not SignatureVerifier(secret).is_valid(body=raw, timestamp=timestamp, signature=signature):
        raise RequestRefused(401, "bad_signature")


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """The body as Slack meant it; raise RequestRefused(400) when it is not one of its forms.

    JSON bodies (Events API) must be an object. Form bodies are either an interactive payload
    (a single `payload` field holding a JSON object) or a slash command's fields.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestRefused(400, "not_utf8") from None
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json" or (not media_type and text.lstrip().startswith("{")):
        return _json_object(text)
    try:
        fields = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text))
    except ValueError:
        raise RequestRefused(400, "bad_form") from None
    if not fields:
        raise RequestRefused(400, "empty")
    form: dict[str, str] = {}
    for name, value in fields:
        form.setdefault(name, value)  # a repeated field keeps its first value
    if "payload" in form:
        return _json_object(form["payload"])
    return form


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise RequestRefused(400, "bad_json") from None
    if not isinstance(value, dict):
        raise RequestRefused(400, "not_an_object")
    return value


def read_signed_request(
    raw: bytes, headers: Mapping[str, str], *, secret: str, now: Callable[[], float] = time.time
) -> SignedRequest:
    """Verify, parse and shape-check one request; raise RequestRefused (401/400/413)."""
    if len(raw) > MAX_BODY_BYTES:
        raise RequestRefused(413, "too_large")
    verify_signature(raw, headers, secret=secret, now=now)
    body = parse_body(raw, headers.get("content-type", ""))
    problem = envelope_problem(body)
    if problem:
        raise RequestRefused(400, problem)
    return SignedRequest(raw_body=raw.decode("utf-8"), body=body)


class ParsedBoltRequest(BoltRequest):
    """A BoltRequest built from a body we parsed ourselves (never by Bolt's substring test)."""

    def __init__(
        self,
        *,
        raw_body: str,
        body: dict[str, Any],
        query: str | Mapping | None = None,
        headers: Mapping | None = None,
        context: dict | None = None,
    ) -> None:
        super().__init__(body="", query=query, headers=dict(headers or {}), mode="http")
        self.raw_body = raw_body
        self.body = body
        self.context = build_context(BoltContext(context or {}), body)

    def to_copyable(self) -> ParsedBoltRequest:
        """A copy for another thread (lazy listeners), parsed the same way."""
        return ParsedBoltRequest(
            raw_body=self.raw_body,
            body=self.body,
            query=self.query,
            headers=self.headers,
            context=self.context.to_copyable(),
        )
