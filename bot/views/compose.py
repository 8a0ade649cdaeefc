"""The /oops compose modal and the preview modal built from it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.compose_form import MAX_FIELD, MAX_MESSAGE, MAX_WHAT, ComposeForm
from bot.ids import Action, Block, Callback, Delivery, Severity
from bot.slack_text import escape_mrkdwn, is_channel_id, mention
from bot.views.blocks import context, divider, modal, option, section, text_input
from bot.views.coach_tips import coach_blocks

SEVERITY_OPTIONS = {
    Severity.MINOR: ("Minor", "A slip; little or no lasting harm"),
    Severity.SIGNIFICANT: ("Significant", "Cost people time, money or trust"),
    Severity.SERIOUS: ("Serious", "Real harm to customers, data or the team"),
}
DELIVERY_OPTIONS = {
    Delivery.CHANNEL: ("Post in a channel", "The channel picked below"),
    Delivery.GROUP_DM: ("Only a direct message", "A group DM with the affected people"),
}


def _severity_block(selected: str) -> dict:
    options = [option(v, *SEVERITY_OPTIONS[v]) for v in Severity]
    initial = next((o for o in options if o["value"] == selected), options[0])
    return {
        "type": "input",
        "block_id": Block.SEVERITY,
        "label": {"type": "plain_text", "text": "How bad is it?"},
        "element": {
            "type": "radio_buttons",
            "action_id": Action.SEVERITY,
            "options": options,
            "initial_option": initial,
        },
    }


def _delivery_block(selected: str) -> dict:
    options = [option(v, *DELIVERY_OPTIONS[v]) for v in Delivery]
    initial = next((o for o in options if o["value"] == selected), options[0])
    return {
        "type": "input",
        "block_id": Block.DELIVERY,
        "label": {"type": "plain_text", "text": "Where should it go?"},
        "element": {
            "type": "radio_buttons",
            "action_id": Action.DELIVERY,
            "options": options,
            "initial_option": initial,
        },
    }


def _channel_block(channel_id: str | None) -> dict:
    element: dict = {
        "type": "conversations_select",
        "action_id": Action.CHANNEL,
        "placeholder": {"type": "plain_text", "text": "Pick a channel"},
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    # Only channels can be preselected; /oops typed in a DM has no channel to default to.
    if channel_id and is_channel_id(channel_id) and not channel_id.startswith("D"):
        element["initial_conversation"] = channel_id
    return {
        "type": "input",
        "block_id": Block.CHANNEL,
        "optional": True,
        "label": {"type": "plain_text", "text": "Channel"},
        "element": element,
    }


def _affected_block(users: Sequence[str]) -> dict:
    element: dict = {
        "type": "multi_users_select",
        "action_id": Action.AFFECTED,
        "placeholder": {"type": "plain_text", "text": "Who felt the effect?"},
    }
    if users:
        element["initial_users"] = list(users)
    return {
        "type": "input",
        "block_id": Block.AFFECTED,
        "optional": True,
        "label": {"type": "plain_text", "text": "Who was affected?"},
        "element": element,
    }


def build_compose_modal(form: ComposeForm) -> dict:
    """The first step: the facts, who is affected, where it goes, how bad it is, the repair."""
    blocks = [
        section(
            "Owning a mistake quickly and plainly is the fastest way back to trust. "
            "Give the facts; we'll draft a message you can edit before anything is sent."
        ),
        text_input(
            Block.WHAT,
            Action.WHAT,
            "What happened?",
            initial=form.what_happened,
            max_length=MAX_WHAT,
            placeholder="e.g. I deployed the billing change without running the migration",
        ),
        text_input(
            Block.IMPACT,
            Action.IMPACT,
            "What was the impact?",
            optional=True,
            initial=form.impact,
            max_length=MAX_FIELD,
            placeholder="Who or what it affected, and how much",
        ),
        _affected_block(form.affected),
        _severity_block(form.severity),
        text_input(
            Block.REPAIR,
            Action.REPAIR,
            "What I'm doing to put it right",
            optional=True,
            initial=form.repair,
            max_length=MAX_FIELD,
            placeholder="e.g. Rolled back at 10:40; re-running the failed invoices now",
        ),
        text_input(
            Block.PREVENTION,
            Action.PREVENTION,
            "What will stop it happening again?",
            optional=True,
            initial=form.prevention,
            max_length=MAX_FIELD,
            hint="Optional now; we'll ask you again in a few days.",
        ),
        _delivery_block(form.delivery),
        _channel_block(form.channel_id),
    ]
    metadata = ""
    if form.thread_ts:
        # The thread only applies while the author keeps the message's own channel.
        metadata = json.dumps({"thread_ts": form.thread_ts, "thread_channel": form.channel_id})
        blocks.insert(1, context(":thread: It will be posted as a reply in that message's thread."))
    # notify_on_close: closing keeps the draft and reminds the author once (see listeners).
    return modal(
        Callback.COMPOSE,
        "Own up",
        blocks,
        submit="Draft message",
        private_metadata=metadata,
        notify_on_close=True,
    )


def destination_text(form: ComposeForm) -> str:
    """Where the message will go, in words, for the preview."""
    people = " ".join(mention(u) for u in form.affected)
    if form.delivery == Delivery.GROUP_DM:
        return f"Goes to a group DM with {people}."
    where = f"<#{form.channel_id}>" if form.channel_id else "the channel"
    thread = " in the thread" if form.thread_ts else ""
    return f"Goes to {where}{thread}" + (f", mentioning {people}." if people else ".")


def build_preview_modal(draft_id: int, form: ComposeForm, message: str, findings) -> dict:
    """The second step: the drafted message, editable, with the coach's live notes."""
    blocks = [
        text_input(
            Block.MESSAGE,
            Action.MESSAGE,
            "Your message (edit freely)",
            initial=message,
            max_length=MAX_MESSAGE,
            dispatch=True,
            hint="The coach below re-reads it as you type. It only advises: you decide.",
        ),
        *coach_blocks(message, findings),
        divider(),
        context(destination_text(form)),
    ]
    return modal(
        Callback.PREVIEW,
        "Review and post",
        blocks,
        submit="Post it",
        close="Cancel",
        private_metadata=json.dumps({"draft_id": draft_id}),
        notify_on_close=True,
    )


def build_posting_view() -> dict:
    """Shown the moment Post is pressed, while the message goes out."""
    return modal(Callback.RESULT, "Posting…", [section("Sending your message…")], close="Close")


def build_result_view(*, ok: bool, text: str) -> dict:
    """Tells the author how posting went: a link when it worked, what to do when it didn't."""
    title = "Posted" if ok else "Not posted"
    return modal(Callback.RESULT, title, [section(text)], close="Done")


def quote(text: str) -> str:
    """Escape user text and show it as a mrkdwn quote."""
    return "\n".join("> " + line for line in escape_mrkdwn(text).splitlines() or [""])
