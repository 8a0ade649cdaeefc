"""What affected colleagues can send back privately, and how it reaches the author."""

from __future__ import annotations

import json

from bot.ids import Action, Block, Callback
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.views.blocks import context, modal, option, section, text_input


def build_feedback_modal(oops_id: int, what_happened: str) -> dict:
    """A short private note to the author, with the choice to stay anonymous."""
    return modal(
        Callback.FEEDBACK,
        "Feedback",
        [
            context(f"About: _{escape_mrkdwn(truncate(what_happened, 200))}_"),
            text_input(
                Block.FEEDBACK_TEXT, Action.FEEDBACK_TEXT, "What should they hear?", max_length=2000
            ),
            {
                "type": "input",
                "block_id": Block.FEEDBACK_ANONYMOUS,
                "optional": True,
                "label": {"type": "plain_text", "text": "Name"},
                "element": {
                    "type": "checkboxes",
                    "action_id": Action.FEEDBACK_ANONYMOUS,
                    "options": [option("anonymous", "Don't tell them it was me")],
                },
            },
        ],
        submit="Send privately",
        private_metadata=json.dumps({"oops_id": oops_id}),
    )


def reply_to_author(
    kind: str, *, sender_id: str | None, what_happened: str, feedback: str = ""
) -> str:
    """The DM the author gets; `sender_id` None means the colleague chose to stay anonymous."""
    who = mention(sender_id) if sender_id else "Someone affected"
    about = f"_{escape_mrkdwn(truncate(what_happened, 150))}_"
    if kind == "thanks":
        return f":pray: {who} said thanks for owning up to {about}."
    if kind == "still":
        return f":warning: {who} is still affected by {about}. It may be worth checking in."
    return f":speech_balloon: Feedback from {who} about {about}:\n>{escape_mrkdwn(feedback)}"


def reply_sent_text() -> str:
    """What the colleague sees after replying."""
    return "Sent privately to the author. Thank you."


def reply_blocks(text: str) -> list[dict]:
    """A DM body with one section."""
    return [section(text)]
