"""Read and validate the compose modal's input; pure, so forged payloads are easy to test."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from bot.i18n import translator
from bot.ids import Action, Block, Delivery, Severity
from bot.slack_text import is_channel_id, is_user_id
from bot.view_state import input_choice, input_state, input_text

MAX_WHAT = 2000
MAX_FIELD = 1000
MAX_MESSAGE = 3000
MAX_GROUP_DM = 8  # conversations.open takes the bot plus at most 8 people
MAX_AFFECTED = 50


@dataclass
class ComposeForm:
    """What the author entered in the compose modal."""

    what_happened: str = ""
    why: str = ""
    impact: str = ""
    severity: str = Severity.MINOR
    repair: str = ""
    prevention: str = ""
    affected: list[str] = field(default_factory=list)
    delivery: str = Delivery.CHANNEL
    channel_id: str | None = None
    thread_ts: str | None = None

    def to_dict(self) -> dict:
        """Plain JSON-able dict (stored with the draft)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ComposeForm:
        """Rebuild from `to_dict()` output, ignoring unknown keys (missing ones keep defaults,
        so drafts saved before a field existed still load)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def parse_compose(values: dict, *, thread_ts: str | None = None) -> ComposeForm:
    """Pull the compose fields out of `view.state.values` without trusting their shape."""
    users = input_state(values, Block.AFFECTED, Action.AFFECTED).get("selected_users") or []
    channel = input_state(values, Block.CHANNEL, Action.CHANNEL).get("selected_conversation")
    return ComposeForm(
        what_happened=input_text(values, Block.WHAT, Action.WHAT),
        why=input_text(values, Block.WHY, Action.WHY),
        impact=input_text(values, Block.IMPACT, Action.IMPACT),
        severity=input_choice(values, Block.SEVERITY, Action.SEVERITY) or Severity.MINOR,
        repair=input_text(values, Block.REPAIR, Action.REPAIR),
        prevention=input_text(values, Block.PREVENTION, Action.PREVENTION),
        affected=[u for u in users if isinstance(u, str)] if isinstance(users, list) else [],
        delivery=input_choice(values, Block.DELIVERY, Action.DELIVERY) or Delivery.CHANNEL,
        channel_id=channel if isinstance(channel, str) and channel else None,
        thread_ts=thread_ts,
    )


def validate_compose(form: ComposeForm, locale: str | None = None) -> dict[str, str]:
    """Return `{block_id: message}` for every problem; empty when the form is good."""
    t = translator(locale)
    errors: dict[str, str] = {}
    if not form.what_happened:
        errors[Block.WHAT] = t("Say what happened: one or two plain sentences are enough.")
    elif len(form.what_happened) > MAX_WHAT:
        errors[Block.WHAT] = t(
            "Keep this under {limit} characters; link to details instead.", limit=MAX_WHAT
        )
    for block, text in (
        (Block.WHY, form.why),
        (Block.IMPACT, form.impact),
        (Block.REPAIR, form.repair),
        (Block.PREVENTION, form.prevention),
    ):
        if len(text) > MAX_FIELD:
            errors[block] = t("Keep this under {limit} characters.", limit=MAX_FIELD)
    if form.severity not in set(Severity):
        errors[Block.SEVERITY] = t("Pick how serious it is.")
    if form.delivery not in set(Delivery):
        errors[Block.DELIVERY] = t("Pick where the message should go.")
    if not all(is_user_id(u) for u in form.affected):
        errors[Block.AFFECTED] = t("Pick people from the list.")
    elif len(form.affected) > MAX_AFFECTED:
        errors[Block.AFFECTED] = t(
            "Pick at most {limit} people; post in a channel for more.", limit=MAX_AFFECTED
        )
    if form.delivery == Delivery.GROUP_DM:
        if not form.affected:
            errors[Block.AFFECTED] = t("A direct message needs at least one affected person.")
        elif len(form.affected) > MAX_GROUP_DM:
            errors[Block.AFFECTED] = t(
                "A group DM holds at most {limit} people; post in a channel instead.",
                limit=MAX_GROUP_DM,
            )
    elif form.delivery == Delivery.CHANNEL:
        if not form.channel_id:
            errors[Block.CHANNEL] = t("Pick the channel to post in, or choose a direct message.")
        elif not is_channel_id(form.channel_id):
            errors[Block.CHANNEL] = t("Pick a channel from the list.")
    return errors


def validate_message(text: str, locale: str | None = None) -> dict[str, str]:
    """Errors for the edited message in the preview step."""
    t = translator(locale)
    if not text.strip():
        return {Block.MESSAGE: t("The message is empty; write what you want people to read.")}
    if len(text) > MAX_MESSAGE:
        return {Block.MESSAGE: t("Keep the message under {limit} characters.", limit=MAX_MESSAGE)}
    return {}
