"""Small Block Kit element helpers that keep Slack's size limits in one place."""

from __future__ import annotations

from bot.slack_text import truncate

MAX_TEXT = 3000
MAX_TITLE = 24
MAX_BLOCKS = 100
MAX_LABEL = 2000
MAX_OPTION = 75
MAX_PLACEHOLDER = 150


def plain(text: str, limit: int = MAX_TEXT) -> dict:
    """A plain_text object, cut to `limit`."""
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def mrkdwn(text: str) -> dict:
    """A mrkdwn text object; the caller has already escaped any user text in it."""
    return {"type": "mrkdwn", "text": truncate(text, MAX_TEXT)}


def section(text: str, **extra) -> dict:
    """A mrkdwn section block."""
    return {"type": "section", "text": mrkdwn(text), **extra}


def context(*texts: str) -> dict:
    """A context block of up to ten mrkdwn elements."""
    return {"type": "context", "elements": [mrkdwn(t) for t in texts[:10]]}


def header(text: str) -> dict:
    """A header block (plain text, 150 chars)."""
    return {"type": "header", "text": plain(text, 150)}


def divider() -> dict:
    """A divider block."""
    return {"type": "divider"}


def option(value: str, text: str, description: str | None = None) -> dict:
    """An option for selects and radio buttons."""
    opt = {"text": plain(text, MAX_OPTION), "value": value}
    if description:
        opt["description"] = plain(description, MAX_OPTION)
    return opt


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    """A button element (value <= 2000 chars)."""
    element = {"type": "button", "text": plain(text, 75), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def text_input(
    block_id: str,
    action_id: str,
    label: str,
    *,
    multiline: bool = True,
    optional: bool = False,
    initial: str = "",
    max_length: int = 3000,
    placeholder: str | None = None,
    hint: str | None = None,
    dispatch: bool = False,
) -> dict:
    """An input block holding a plain_text_input."""
    element: dict = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, MAX_PLACEHOLDER)
    if dispatch:
        element["dispatch_action_config"] = {"trigger_actions_on": ["on_character_entered"]}
    block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, MAX_LABEL),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, MAX_LABEL)
    if dispatch:
        block["dispatch_action"] = True
    return block


def modal(
    callback_id: str,
    title: str,
    blocks: list[dict],
    *,
    submit: str | None = None,
    close: str,
    private_metadata: str = "",
    notify_on_close: bool = False,
) -> dict:
    """A modal view; raises on broken Slack limits rather than letting Slack reject it."""
    if len(title) > MAX_TITLE:
        raise ValueError(f"modal title over {MAX_TITLE} chars: {title!r}")
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks; Slack allows {MAX_BLOCKS}")
    if len(private_metadata) > 3000:
        raise ValueError("private_metadata over 3000 chars")
    view = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MAX_TITLE),
        "close": plain(close, 24),
        "blocks": blocks,
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, 24)
    if notify_on_close:
        view["notify_on_close"] = True
    return view
