"""Short private notes to the person who pressed a button or ran a command."""

from __future__ import annotations

from slack_sdk import WebClient


def presser_channel(body: dict) -> str:
    """The conversation the button was pressed in ("" for Home tab and modal buttons)."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return channel if isinstance(channel, str) else ""


def tell_presser(client: WebClient, body: dict, text: str) -> None:
    """Say `text` privately to the presser: ephemeral beside the button, else in their DM."""
    user_id = body["user"]["id"]
    channel = presser_channel(body)
    if channel:
        client.chat_postEphemeral(channel=channel, user=user_id, text=text)
    else:
        client.chat_postMessage(channel=user_id, text=text)
