"""Showing that the promised fix happened: the offer to the author and the thread update."""

from __future__ import annotations

from bot.ids import Action
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.views.blocks import button, context, section


def build_update_offer(action_id: int, description: str) -> tuple[str, list[dict]]:
    """DM to the author once a safeguard is done, offering a one-click note in the thread."""
    text = (
        ":white_check_mark: Safeguard done: "
        f"_{escape_mrkdwn(truncate(description, 300))}_\n"
        "Telling the people affected shows the fix really happened. Post a short update in "
        "the original thread?"
    )
    return "Safeguard done. Post an update in the thread?", [
        section(
            text,
            accessory=button(
                "Post the update", Action.POST_FOLLOWUP, str(action_id), style="primary"
            ),
        ),
    ]


def build_thread_update(author_id: str, description: str) -> tuple[str, list[dict]]:
    """The follow-up posted in the original thread."""
    body = (
        f"Update from {mention(author_id)}: the safeguard is in place. "
        f"{escape_mrkdwn(truncate(description, 2500))}"
    )
    return body, [section(body), context("Posted with /oops")]


def build_update_done(permalink: str | None) -> tuple[str, list[dict]]:
    """What the offer turns into once the update is posted."""
    link = f" <{permalink}|See it>" if permalink else ""
    text = f":white_check_mark: Update posted in the thread.{link}"
    return text, [section(text)]
