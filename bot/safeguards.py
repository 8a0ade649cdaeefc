"""Services around prevention actions."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.views.safeguards import build_update_offer
from storage import repositories as repo
from storage.db import SessionFactory


def offer_update(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    action_id: int,
    author_id: str,
    locale: str | None = None,
) -> None:
    """DM the author the one-click thread update, when the oops was posted somewhere."""
    with session_factory() as s:
        action = repo.get_author_action(s, action_id=action_id, author_id=author_id)
        oops = repo.get_oops(s, oops_id=action.oops_id) if action else None
        if action is None or oops is None or not (oops.channel_id and oops.message_ts):
            return
        description = action.description
    text, blocks = build_update_offer(action_id, description, locale=locale)
    client.chat_postMessage(channel=author_id, text=text, blocks=blocks)
