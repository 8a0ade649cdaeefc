"""Builders for the interactive payloads and events Slack sends, shaped as Bolt routes them.

Pass a view or message the app produced (e.g. `fake.last("views.open").response["view"]`,
which carries the `id` and `hash` the fake assigned) and the builders fill in block ids,
action ids, values and state the way Slack would.
"""

from __future__ import annotations

import itertools
import secrets
import time
from typing import Any

TEAM_ID = "T0001"
TEAM_DOMAIN = "fake"
API_APP_ID = "A0001"
_MISSING = object()
_counter = itertools.count(1)

# Element type -> the state key Slack reports its value under.
_STATE_KEYS = {
    "plain_text_input": "value",
    "email_text_input": "value",
    "url_text_input": "value",
    "number_input": "value",
    "rich_text_input": "rich_text_value",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
    "static_select": "selected_option",
    "external_select": "selected_option",
    "radio_buttons": "selected_option",
    "multi_static_select": "selected_options",
    "multi_external_select": "selected_options",
    "checkboxes": "selected_options",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
    "file_input": "files",
}
_INITIAL_KEYS = {
    "value": "initial_value",
    "selected_user": "initial_user",
    "selected_users": "initial_users",
    "selected_conversation": "initial_conversation",
    "selected_conversations": "initial_conversations",
    "selected_channel": "initial_channel",
    "selected_channels": "initial_channels",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
    "selected_date_time": "initial_date_time",
    "rich_text_value": "initial_value",
}
_EMPTY_LISTS = {"selected_users", "selected_conversations", "selected_channels", "selected_options"}


def new_trigger_id() -> str:
    """Return a fresh, Slack-looking trigger_id."""
    return f"{next(_counter)}.{int(time.time())}.{secrets.token_hex(16)}"


def _user(user_id: str, team_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def _envelope(kind: str, user_id: str, team_id: str, trigger_id: str | None) -> dict[str, Any]:
    """The fields every interactive payload carries."""
    return {
        "type": kind,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": _user(user_id, team_id),
        "api_app_id": API_APP_ID,
        "token": "verification-token-unused",
        "trigger_id": trigger_id or new_trigger_id(),
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _rich_text(text: str) -> dict[str, Any]:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "elements": [section]}


def _option(element: dict[str, Any], wanted: Any) -> dict[str, Any]:
    """Find the option whose value is `wanted` among the element's options (or make one)."""
    if isinstance(wanted, dict):
        return wanted
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    for option in options:
        if option.get("value") == wanted:
            return option
    return {"text": {"type": "plain_text", "text": str(wanted)}, "value": str(wanted)}


def _element_state(element: dict[str, Any], override: Any) -> dict[str, Any]:
    """Return the state entry Slack reports for `element`, with `override` as the user's input."""
    kind = element.get("type", "plain_text_input")
    key = _STATE_KEYS.get(kind, "value")
    if override is _MISSING:
        value = element.get(_INITIAL_KEYS.get(key, ""))
        if value is None and key in _EMPTY_LISTS:
            value = []
    elif key == "selected_option":
        value = None if override is None else _option(element, override)
    elif key == "selected_options":
        value = [_option(element, item) for item in override]
    elif key == "rich_text_value" and isinstance(override, str):
        value = _rich_text(override)
    else:
        value = override
    return {"type": kind, key: value}


def _stateful_elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The elements of a block that keep state (inputs, selects; not buttons)."""
    candidates = [block.get("element"), block.get("accessory"), *block.get("elements", [])]
    return [e for e in candidates if isinstance(e, dict) and e.get("type") in _STATE_KEYS]


def state_from_view(
    view: dict[str, Any], fields: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Return `view.state.values` as Slack would send it: initial values, then `fields`.

    `fields` maps an action_id (or a block_id) to what the user entered: a string for text
    inputs, a list of ids for multi-selects, an option value (or option dict) for selects.
    An unknown key raises KeyError, so a typo in a test fails loudly.
    """
    fields = dict(fields or {})
    values: dict[str, dict[str, Any]] = {}
    for index, block in enumerate(view.get("blocks", [])):
        block_id = block.get("block_id") or f"block-{index}"
        for element in _stateful_elements(block):
            action_id = element.get("action_id") or f"action-{index}"
            key = action_id if action_id in fields else block_id
            override = fields.pop(key, _MISSING)
            values.setdefault(block_id, {})[action_id] = _element_state(element, override)
    if fields:
        raise KeyError(f"no input with action_id or block_id {sorted(fields)} in the view")
    return values


def _find_element(blocks: list[dict[str, Any]], action_id: str) -> tuple[str, dict[str, Any]]:
    """Return (block_id, element) for `action_id` in `blocks`, or an empty element."""
    for block in blocks:
        candidates = [block.get("element"), block.get("accessory"), *block.get("elements", [])]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return block.get("block_id", ""), element
    return "", {}


def _full_view(view: dict[str, Any] | None, callback_id: str | None) -> dict[str, Any]:
    """Complete a view (as the app built it, or as the fake answered) with what Slack adds."""
    base = dict(view or {})
    view_id = base.get("id") or f"V{next(_counter):08d}"
    return {
        "type": "modal",
        "blocks": [],
        "private_metadata": "",
        "callback_id": callback_id or "",
        "hash": f"{time.time():.6f}.{secrets.token_hex(4)}",
        "previous_view_id": None,
        "root_view_id": view_id,
        "external_id": "",
        "app_id": API_APP_ID,
        "app_installed_team_id": TEAM_ID,
        "bot_id": "B0001",
        "team_id": TEAM_ID,
        **base,
        "id": view_id,
        **({"callback_id": callback_id} if callback_id else {}),
    }


def view_submission(
    view: dict[str, Any] | None = None,
    *,
    fields: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
    callback_id: str | None = None,
    private_metadata: str | None = None,
    user_id: str = "U123",
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    response_urls: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Build a view_submission: `values` verbatim, or the view's inputs filled with `fields`."""
    full = _full_view(view, callback_id)
    if private_metadata is not None:
        full["private_metadata"] = private_metadata
    state = values if values is not None else state_from_view(full, fields)
    full["state"] = {"values": state}
    payload = _envelope("view_submission", user_id, team_id, trigger_id)
    payload.update(view=full, response_urls=response_urls or [])
    return payload


def view_closed(
    view: dict[str, Any] | None = None,
    *,
    callback_id: str | None = None,
    user_id: str = "U123",
    team_id: str = TEAM_ID,
    is_cleared: bool = False,
) -> dict[str, Any]:
    """Build a view_closed payload (sent only for views with notify_on_close)."""
    full = _full_view(view, callback_id)
    full["state"] = {"values": state_from_view(full)}
    payload = _envelope("view_closed", user_id, team_id, None)
    del payload["trigger_id"]  # Slack sends none: nothing can be opened from a close
    payload.update(view=full, is_cleared=is_cleared)
    return payload


def block_actions(
    action_id: str,
    *,
    value: Any = _MISSING,
    block_id: str | None = None,
    action_type: str | None = None,
    action: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
    channel_id: str | None = None,
    user_id: str = "U123",
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    """Build a block_actions payload for a click or input inside a `view` or a `message`.

    block_id, type and value default to those of the element with `action_id` found in the
    view's or message's blocks; `action` adds fields (e.g. `selected_option`). For a text
    input with dispatch_action, pass `action_type="plain_text_input", value="typed text"`.
    """
    blocks = (view or message or {}).get("blocks", [])
    found_block, element = _find_element(blocks, action_id)
    act: dict[str, Any] = {
        "type": action_type or element.get("type", "button"),
        "action_id": action_id,
        "block_id": block_id or found_block or "actions",
        "action_ts": f"{time.time():.6f}",
    }
    if "text" in element:
        act["text"] = element["text"]
    chosen = element.get("value") if value is _MISSING else value
    if chosen is not None:
        act["value"] = chosen
    act.update(action or {})
    payload = _envelope("block_actions", user_id, team_id, trigger_id)
    payload["actions"] = [act]
    if view is not None:
        full = _full_view(view, None)
        full["state"] = {"values": state_from_view(full, fields)}
        payload.update(container={"type": "view", "view_id": full["id"]}, view=full)
    else:
        channel = channel_id or "C123"
        msg = {"type": "message", "user": "UBOT", "bot_id": "B0001", "ts": "1700000000.000100"}
        msg.update(message or {})
        payload.update(
            container={
                "type": "message",
                "message_ts": msg["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            },
            channel={"id": channel, "name": "directmessage" if channel[0] == "D" else channel},
            message=msg,
            state={"values": {}},
            response_url=response_url or f"https://hooks.slack.com/actions/{team_id}/1/x",
        )
    return payload


def message_shortcut(
    callback_id: str,
    *,
    message: dict[str, Any] | None = None,
    text: str = "",
    author_id: str = "U456",
    channel_id: str = "C123",
    user_id: str = "U123",
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    """Build a message_action payload: `user_id` ran shortcut `callback_id` on a message."""
    msg = {"type": "message", "user": author_id, "ts": "1700000000.000200", "text": text}
    msg.update(message or {})
    payload = _envelope("message_action", user_id, team_id, trigger_id)
    payload.update(
        callback_id=callback_id,
        action_ts=f"{time.time():.6f}",
        message_ts=msg["ts"],
        message=msg,
        channel={"id": channel_id, "name": channel_id.lower()},
        response_url=response_url or f"https://hooks.slack.com/app/{team_id}/1/x",
    )
    return payload


def global_shortcut(
    callback_id: str,
    *,
    user_id: str = "U123",
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
) -> dict[str, Any]:
    """Build a global shortcut payload."""
    payload = _envelope("shortcut", user_id, team_id, trigger_id)
    payload.update(callback_id=callback_id, action_ts=f"{time.time():.6f}")
    return payload


def app_home_opened(
    user_id: str = "U123", *, tab: str = "home", view: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Build the `app_home_opened` event (pass it to send_event)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id.removeprefix("U"),
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    if view is not None:
        event["view"] = view
    return event
