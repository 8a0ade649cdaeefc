"""The nudge DM, its answer modal, and what the DM shows once the author has chosen."""

from __future__ import annotations

import json
from datetime import datetime

from bot.compose_form import MAX_MESSAGE
from bot.ids import KINDNESS, Action, Block, Callback
from bot.slack_text import escape_mrkdwn, truncate
from bot.views.blocks import button, context, modal, section, text_input

QUESTIONS = {
    "reflection": (
        "A day on, looking back at what happened: what led to it, and what did you learn?",
        "What led to it, and what you'd do differently",
    ),
    "prevention": (
        "What one specific change would stop this happening again? Who will own it, and by when?",
        "The change (a check, a guardrail, a habit)",
    ),
    "followup": (
        "Checking in on your safeguard: did the change happen, and is it holding?",
        "What was done, and whether it works",
    ),
}


# Sent the day after a serious oops: kind without being syrupy, and never about the details.
KIND_WORD = (
    ":seedling: A day on: you owned a serious mistake quickly and plainly, which is the hard "
    "part. Take the lesson and leave the blame behind; talk to yourself the way you would to a "
    "colleague who had just done the same."
)
KIND_WORD_FOOTER = "You can turn these notes off under Settings in the oops Home tab."


def slack_date(moment: datetime) -> str:
    """A date Slack shows in each reader's own time zone."""
    stamp = int(moment.timestamp())
    return f"<!date^{stamp}^{{date_short_pretty}} at {{time}}|{moment:%Y-%m-%d %H:%M} UTC>"


def oops_summary(what_happened: str, posted_at: datetime | None) -> str:
    """One line recalling which oops a prompt is about (user text escaped)."""
    when = f" ({slack_date(posted_at)})" if posted_at else ""
    return f"About your note{when}: _{escape_mrkdwn(truncate(what_happened, 150))}_"


def build_nudge_message(
    *, nudge_id: int, kind: str, what_happened: str, posted_at: datetime | None
) -> tuple[str, list[dict]]:
    """The DM prompt with Answer, Snooze and Skip buttons; returns (text fallback, blocks)."""
    if kind == KINDNESS:
        return KIND_WORD, [section(KIND_WORD), context(KIND_WORD_FOOTER)]
    question = QUESTIONS[kind][0]
    value = str(nudge_id)
    blocks = [
        section(f"*{question}*"),
        context(oops_summary(what_happened, posted_at)),
        {
            "type": "actions",
            "block_id": f"nudge_{nudge_id}",
            "elements": [
                button("Answer", Action.NUDGE_ANSWER, value, style="primary"),
                button("Snooze 1 hour", Action.NUDGE_SNOOZE_HOUR, value),
                button("Tomorrow", Action.NUDGE_SNOOZE_TOMORROW, value),
                button("Skip", Action.NUDGE_SKIP, value),
            ],
        },
    ]
    return question, blocks


def build_nudge_outcome(*, kind: str, what_happened: str, outcome: str) -> tuple[str, list[dict]]:
    """The DM after a choice: the question stays, the buttons give way to what was chosen."""
    question = QUESTIONS[kind][0]
    return question, [
        section(f"*{question}*"),
        context(oops_summary(what_happened, None)),
        context(outcome),
    ]


def build_answer_modal(*, nudge_id: int, kind: str, what_happened: str, author_id: str) -> dict:
    """The modal where the author answers a prompt; prevention also asks owner and due date."""
    question, label = QUESTIONS[kind]
    blocks = [
        section(question),
        context(oops_summary(what_happened, None)),
        text_input(Block.ANSWER, Action.ANSWER, label, max_length=MAX_MESSAGE),
    ]
    if kind == "prevention":
        blocks.append(
            {
                "type": "input",
                "block_id": Block.OWNER,
                "label": {"type": "plain_text", "text": "Who owns it?"},
                "element": {
                    "type": "users_select",
                    "action_id": Action.OWNER,
                    "initial_user": author_id,
                },
            }
        )
        blocks.append(
            {
                "type": "input",
                "block_id": Block.DUE,
                "optional": True,
                "label": {"type": "plain_text", "text": "Done by"},
                "element": {"type": "datepicker", "action_id": Action.DUE},
            }
        )
    if kind == "followup":
        blocks.append(
            {
                "type": "input",
                "block_id": Block.HELD,
                "optional": True,
                "label": {"type": "plain_text", "text": "Your safeguard"},
                "element": {
                    "type": "checkboxes",
                    "action_id": Action.HELD,
                    "options": [
                        {
                            "text": {"type": "plain_text", "text": "It's in place: mark it done"},
                            "value": "held",
                        }
                    ],
                },
            }
        )
    blocks.append(context("Only you can see your answers, in the oops Home tab."))
    return modal(
        Callback.NUDGE_ANSWER,
        "Look back",
        blocks,
        submit="Save",
        private_metadata=json.dumps({"nudge_id": nudge_id}),
    )
