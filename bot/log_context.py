"""Ids that belong to the request being handled (reference, team, user, path), for the logs.

Bound where a request arrives (bot/http_server.py, bot/socket_mode.py) and carried into the
listener threads by `ContextThreadPoolExecutor`, so every record written while handling it can
say which request, workspace and person it was about. Only ids go here, never text.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar, Token, copy_context
from typing import Any

_FIELDS: ContextVar[dict[str, str] | None] = ContextVar("oops_log_fields", default=None)
# Slack ids (T…, E…, U…, W…, B…): anything else is not bound.
_SLACK_ID = re.compile(r"^[A-Z][A-Z0-9]{1,31}$")


def new_request_ref() -> str:
    """A short id for one request (8 hex characters), as the person is shown on failure."""
    return uuid.uuid4().hex[:8]


def bind(**fields: str | None) -> Token:
    """Add `fields` (None values skipped) to the current context; `reset` with the token."""
    current = _FIELDS.get() or {}
    return _FIELDS.set({**current, **{k: v for k, v in fields.items() if v is not None}})


def reset(token: Token) -> None:
    """Undo a `bind` (the thread goes back to the pool clean)."""
    _FIELDS.reset(token)


def current() -> dict[str, str]:
    """The fields bound now."""
    return dict(_FIELDS.get() or {})


def current_ref() -> str | None:
    """The reference of the request being handled, if any."""
    return (_FIELDS.get() or {}).get("ref")


def _slack_id(value: Any) -> str | None:
    return value if isinstance(value, str) and _SLACK_ID.match(value) else None


def ids_of(body: Mapping[str, Any]) -> dict[str, str | None]:
    """The team and user ids of a parsed Slack body, where it has them."""
    team, user = body.get("team_id"), body.get("user_id")
    if isinstance(body.get("team"), Mapping):
        team = team or body["team"].get("id")
    if isinstance(body.get("user"), Mapping):
        user = user or body["user"].get("id")
    event = body.get("event")
    if isinstance(event, Mapping) and isinstance(event.get("user"), str):
        user = user or event["user"]
    return {"team": _slack_id(team), "user": _slack_id(user)}


class ContextFilter(logging.Filter):
    """Puts the bound fields on each record (as attributes it does not already have)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always True: it only adds."""
        for key, value in (_FIELDS.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class ContextThreadPoolExecutor(ThreadPoolExecutor):
    """A ThreadPoolExecutor whose tasks run in a copy of the submitter's context."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Run `fn` in the submitting thread's context (its bound log fields)."""
        return super().submit(copy_context().run, fn, *args, **kwargs)
