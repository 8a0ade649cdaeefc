"""The shape of a Slack request body, checked once before any matcher or listener reads it.

Bolt's matchers and our listeners index into payloads (`body["view"]["callback_id"]`,
`body["user"]["id"]`); a payload of another shape would raise there, after the ack or instead
of it. `envelope_problem` refuses a body whose routing fields are missing or of the wrong type,
and normalises the optional parts listeners read, so past this point they hold:

- every slash command and interactive payload has a valid acting user id, and
  `user.team_id` (interactive) / `team_id` (command) is a valid team id;
- `trigger_id`, `text`, `response_url`, `private_metadata` are strings ("" when absent);
- a view has string `id`, `type` and `callback_id`, a `blocks` list and a `state.values` dict;
- `actions` is a non-empty list of dicts with a string `action_id` and a string `value`;
- `channel`, `message`, `container`, `team` are dicts when present.

Id formats: https://api.slack.com/docs/conversations-api#shared_channels (U/W users, T teams,
E enterprises). Everything is bounded to the 32 characters our id columns hold.
"""

from __future__ import annotations

import re
from typing import Any

from bot.slack_text import is_user_id

_TEAM_ID = re.compile(r"^T[A-Z0-9]{2,30}\Z")
_SLACK_ID = re.compile(r"^[A-Z0-9]{1,32}\Z")
# A message timestamp, "1700000000.123456".
_TS = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,8})?\Z")
# Database ids are PostgreSQL `integer` columns.
MAX_ROW_ID = 2**31 - 1

_INTERACTIVE = {
    "block_actions",
    "view_submission",
    "view_closed",
    "shortcut",
    "message_action",
    "block_suggestion",
}
_OPTIONAL_DICTS = ("channel", "message", "container", "team", "enterprise", "event")
_OPTIONAL_TEXTS = ("trigger_id", "response_url", "text")


def is_team_id(value: object) -> bool:
    """True for something shaped like a Slack workspace id (T…)."""
    return isinstance(value, str) and bool(_TEAM_ID.match(value))


def is_ts(value: object) -> bool:
    """True for something shaped like a Slack message timestamp ("1700000000.000100")."""
    return isinstance(value, str) and bool(_TS.match(value))


def row_id(value: object) -> int:
    """A database id from a button value or metadata: 1..MAX_ROW_ID, else 0 (matches nothing).

    Accepts an int or a string of digits; floats (`1e308`), bools and oversize numbers give 0.
    """
    if isinstance(value, bool):
        return 0
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    return value if isinstance(value, int) and 0 < value <= MAX_ROW_ID else 0


def envelope_problem(body: dict[str, Any]) -> str | None:
    """None when `body` has a shape we can route (normalising it in place), else a reason word."""
    for key in _OPTIONAL_DICTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"bad_{key}"
    if body.get("ssl_check") == "1":
        return None
    if "command" in body and "type" not in body:
        return _command_problem(body)
    kind = body.get("type")
    if not isinstance(kind, str):
        return "no_type"
    if kind == "url_verification":
        return None if isinstance(body.get("challenge"), str) else "bad_challenge"
    if kind == "event_callback":
        return _event_problem(body)
    if kind in _INTERACTIVE:
        return _interactive_problem(body, kind)
    return "unsupported_type"


def _texts(container: dict[str, Any], *keys: str) -> None:
    """Make each of `keys` a string, "" when absent or of another type."""
    for key in keys:
        if not isinstance(container.get(key), str):
            container[key] = ""


def _bound_ids(part: dict[str, Any]) -> None:
    """Make the conversation ids and timestamps in `part` valid strings, "" when they are not."""
    for key in ("id", "channel_id"):
        if key in part and not (isinstance(part[key], str) and _SLACK_ID.match(part[key])):
            part[key] = ""
    for key in ("ts", "thread_ts", "message_ts"):
        if key in part and not is_ts(part[key]):
            part[key] = ""


def _command_problem(body: dict[str, Any]) -> str | None:
    if not isinstance(body.get("command"), str):
        return "bad_command"
    if not is_user_id(body.get("user_id")):
        return "bad_user"
    if not is_team_id(body.get("team_id")):
        return "bad_team"
    _texts(body, *_OPTIONAL_TEXTS)
    _bound_ids(body)
    return None


def _event_problem(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return "bad_event"
    if body.get("team_id") is not None and not is_team_id(body["team_id"]):
        return "bad_team"
    if body.get("authorizations") is not None and not (
        isinstance(body["authorizations"], list)
        and all(isinstance(a, dict) for a in body["authorizations"])
    ):
        return "bad_authorizations"
    return None


def _interactive_problem(body: dict[str, Any], kind: str) -> str | None:
    user = body.get("user")
    if not isinstance(user, dict) or not is_user_id(user.get("id")):
        return "bad_user"
    team = user.get("team_id") or (body.get("team") or {}).get("id")
    if not is_team_id(team):
        return "bad_team"
    user["team_id"] = team
    _texts(body, "trigger_id", "response_url")
    if kind in ("shortcut", "message_action") and not isinstance(body.get("callback_id"), str):
        return "bad_callback_id"
    if kind == "block_suggestion" and not isinstance(body.get("action_id"), str):
        return "bad_action_id"
    if kind == "block_actions" and not _actions_ok(body):
        return "bad_actions"
    for key in ("channel", "message", "container"):
        if isinstance(body.get(key), dict):
            _bound_ids(body[key])
    view = body.get("view")
    if view is None and kind in ("view_submission", "view_closed"):
        return "no_view"
    if view is None:
        body.pop("view", None)  # Bolt reads any "view" key as a dict
    else:
        if not isinstance(view, dict):
            return "bad_view"
        if not all(isinstance(view.get(key), str) for key in ("id", "callback_id", "type")):
            return "bad_view"
        if not _SLACK_ID.match(view["id"]):  # views.update needs it (V…); "" is refused there
            return "bad_view"
        blocks = view.get("blocks")
        view["blocks"] = (
            [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []
        )
        _texts(view, "private_metadata", "hash")
        state = view.get("state")
        if not isinstance(state, dict) or not isinstance(state.get("values"), dict):
            view["state"] = {"values": {}}
    return None


def _actions_ok(body: dict[str, Any]) -> bool:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return False
    for action in actions:
        if not isinstance(action, dict) or not isinstance(action.get("action_id"), str):
            return False
        value = action.get("value")
        action["value"] = value if isinstance(value, str) else ""
    return True
