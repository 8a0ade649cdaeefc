"""Reading what was pressed from Slack payloads, the same way everywhere (a view's
private_metadata is read once per request, by bot/view_metadata.py).

The request's envelope was checked and normalised before any listener runs
(`bot.envelope.envelope_problem`), so the acting user and team are known to be valid here.
"""

from __future__ import annotations

from bot.envelope import row_id


def pressed(body: dict) -> int:
    """The database id in a block_actions payload's button value; 0 if none."""
    return row_id(body["actions"][0]["value"])


def pressed_in(body: dict) -> tuple[str | None, str | None]:
    """(channel, ts) of the message a button was pressed in, as far as Slack says; (None, None)
    on the Home tab or in a modal."""
    container = body.get("container") or {}
    return container.get("channel_id"), container.get("message_ts")
