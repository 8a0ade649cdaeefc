"""Opening a modal from a button, and telling the presser when Slack won't open it."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import N_, translator
from bot.slack_client import open_modal

log = logging.getLogger(__name__)
NOT_OPENED = N_(":hourglass: Slack didn't open the form in time. Please try again.")


def open_from_button(client: WebClient, body: dict, view: dict, locale: str | None) -> None:
    """Open `view` for the button's presser; if Slack won't, say so next to the button."""
    if open_modal(client, body["trigger_id"], view):
        return
    channel = (body.get("channel") or {}).get("id")
    if not channel:  # a Home tab button: nowhere to put a note, and the button is still there
        return
    try:
        client.chat_postEphemeral(
            channel=channel, user=body["user"]["id"], text=translator(locale)(NOT_OPENED)
        )
    except SlackApiError as err:
        log.warning("could not say the modal did not open: %s", err.response.get("error"))
