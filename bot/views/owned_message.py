"""The owning-up message as it is posted to the affected people."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ids import Action
from bot.slack_text import chunk, escape_mrkdwn, mention, truncate
from bot.views.blocks import button, context, section

# Leave room under Slack's 100-block limit for the context lines and buttons.
MAX_MESSAGE_SECTIONS = 20


def build_owned_message(
    *, author_id: str, message: str, affected: Sequence[str]
) -> tuple[str, list[dict]]:
    """Return (text fallback, blocks); every character the author typed is escaped."""
    escaped = escape_mrkdwn(message.strip())
    blocks = [context(f"A note from {mention(author_id)}, sent with /oops")]
    blocks += [section(piece) for piece in chunk(escaped, 3000)[:MAX_MESSAGE_SECTIONS]]
    if affected:
        people = " ".join(mention(u) for u in dict.fromkeys(affected))
        blocks.append(context(f"For {people}: reply in the thread, or privately with a button."))
        blocks.append(
            {
                "type": "actions",
                "block_id": "replies",
                "elements": [
                    button("Thanks", Action.REPLY_THANKS, "thanks"),
                    button("I'm still affected", Action.REPLY_STILL_AFFECTED, "still"),
                    button("I have feedback", Action.REPLY_FEEDBACK, "feedback"),
                ],
            }
        )
    text = f"A note from {mention(author_id)}: {truncate(escaped, 300)}"
    return text, blocks
