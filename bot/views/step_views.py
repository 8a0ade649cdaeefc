"""The DMs about a prevention step (to its owner and its author) and the reassign modal."""

from __future__ import annotations

from datetime import date

from bot.i18n import N_, Translator, translator
from bot.ids import Action, Block, Callback
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.states import NudgeKind
from bot.view_metadata import ReassignMeta
from bot.views.blocks import button, context, modal, section
from bot.views.dates import calendar_day

# What each DM is, in a few words: its fallback text, and its title once a button was pressed.
STEP_TITLES = {
    NudgeKind.STEP_ASSIGNED: N_("A safeguard for you to own"),
    NudgeKind.STEP_DUE: N_("A safeguard is due"),
    NudgeKind.STEP_DECLINED: N_("A safeguard needs a new owner"),
}


def quote(description: str) -> str:
    """The step as a mrkdwn quote (escaped, at most 1500 chars)."""
    return "> " + escape_mrkdwn(truncate(description, 1500)).replace("\n", "\n> ")


def _what(t: Translator, description: str, due_on: date | None) -> str:
    """The step in quotes, with its due date (user text escaped)."""
    due = t("Due {day}.", day=calendar_day(due_on, t)) if due_on else t("No due date.")
    return "\n".join([quote(description), due])  # two lines, each whole


def _link(t: Translator, permalink: str | None) -> list[dict]:
    """A context line linking to the original message, when we have its link."""
    return [context(t("<{link}|The original message>", link=permalink))] if permalink else []


def build_step_message(
    *, nudge_id: int, kind: str, step, recipient: str, locale: str | None = None
) -> tuple[str, list[dict]]:
    """A DM about `step` (StepFacts-shaped) to `recipient`; returns (text fallback, blocks)."""
    t = translator(locale)
    step_id = str(step.step_id)
    done = button(t("Done"), Action.STEP_DONE, step_id, style="primary")
    if kind == NudgeKind.STEP_ASSIGNED:
        lead = t("*{author} asked you to own a safeguard:*", author=mention(step.author_id))
        buttons = [done, button(t("Not mine"), Action.STEP_NOT_MINE, step_id)]
    elif kind == NudgeKind.STEP_DECLINED:
        lead = t(
            "*{owner} says this safeguard isn't theirs.* Who should own it?",
            owner=mention(step.owner_id),
        )
        reassign = button(t("Reassign"), Action.STEP_REASSIGN, step_id, style="primary")
        buttons = [reassign, button(t("Done"), Action.STEP_DONE, step_id)]
    else:
        if recipient == step.owner_id:
            lead = t(":alarm_clock: *Reminder: your safeguard is due.*")
        else:
            lead = t(
                ":alarm_clock: *Reminder: the safeguard you asked {owner} for is due.*",
                owner=mention(step.owner_id),
            )
        buttons = [
            done,
            button(t("Snooze 1 hour"), Action.NUDGE_SNOOZE_HOUR, str(nudge_id)),
            button(t("Tomorrow"), Action.NUDGE_SNOOZE_TOMORROW, str(nudge_id)),
        ]
    blocks = [
        section(f"{lead}\n{_what(t, step.description, step.due_on)}"),
        *_link(t, step.permalink),
        {"type": "actions", "block_id": f"step_{nudge_id}", "elements": buttons},
    ]
    return t(STEP_TITLES[kind]), blocks


def build_step_outcome(*, description: str, outcome: str) -> tuple[str, list[dict]]:
    """A step DM once a button was pressed: the step stays, the buttons give way to `outcome`."""
    return outcome, [section(quote(description)), context(outcome)]


def build_reassign_modal(
    *, step_id: int, description: str, owner_id: str, locale: str | None = None
) -> dict:
    """The author picks who owns the step now."""
    t = translator(locale)
    picker = {
        "type": "input",
        "block_id": Block.NEW_OWNER,
        "label": {"type": "plain_text", "text": t("Who owns it now?")},
        "element": {"type": "users_select", "action_id": Action.NEW_OWNER},
    }
    return modal(
        Callback.STEP_REASSIGN,
        t("Reassign safeguard"),
        [
            section(quote(description)),
            context(t("Not {owner} any more.", owner=mention(owner_id))),
            picker,
        ],
        submit=t("Reassign"),
        close=t("Cancel"),
        private_metadata=ReassignMeta(step_id=step_id).dump(),
    )
