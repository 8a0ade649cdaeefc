"""The nudge DM, its answer modal, and what the DM shows once the author has chosen."""

from __future__ import annotations

from datetime import datetime

from bot.compose_form import MAX_MESSAGE
from bot.i18n import N_, Translator, translator
from bot.ids import Action, Block, Callback
from bot.slack_text import escape_mrkdwn, truncate
from bot.states import NudgeKind
from bot.view_metadata import AnswerMeta
from bot.views.blocks import button, context, modal, section, text_input
from bot.views.dates import slack_date
from bot.views.step_views import STEP_TITLES, build_step_message

QUESTIONS = {
    NudgeKind.REFLECTION: (
        N_("A day on, looking back at what happened: what led to it, and what did you learn?"),
        N_("What led to it, and what you'd do differently"),
    ),
    NudgeKind.PREVENTION: (
        N_(
            "What one specific change would stop this happening again? "
            "Who will own it, and by when?"
        ),
        N_("The change (a check, a guardrail, a habit)"),
    ),
    NudgeKind.FOLLOWUP: (
        N_("Checking in on your safeguard: did the change happen, and is it holding?"),
        N_("What was done, and whether it works"),
    ),
}


# Sent the day after a serious oops: kind without being syrupy, and never about the details.
KIND_WORD = N_(
    ":seedling: A day on: you owned a serious mistake quickly and plainly, which is the hard "
    "part. Take the lesson and leave the blame behind; talk to yourself the way you would to a "
    "colleague who had just done the same."
)
KIND_WORD_FOOTER = N_("You can turn these notes off under Settings in the oops Home tab.")


def oops_summary(what_happened: str, posted_at: datetime | None, t: Translator) -> str:
    """One line recalling which oops a prompt is about (user text escaped)."""
    what = escape_mrkdwn(truncate(what_happened, 150))
    if posted_at:
        return t("About your note ({when}): _{what}_", when=slack_date(posted_at, t), what=what)
    return t("About your note: _{what}_", what=what)


def build_nudge_message(
    *,
    nudge_id: int,
    kind: str,
    what_happened: str,
    posted_at: datetime | None,
    locale: str | None = None,
    step: object | None = None,
    recipient: str = "",
) -> tuple[str, list[dict]]:
    """The DM prompt with Answer, Snooze and Skip buttons; returns (text fallback, blocks).

    `locale` is the recipient's Slack locale (users.info), English when unknown. With `step`
    (StepFacts), a DM about that step to `recipient` instead (bot/views/step_views.py).
    """
    if step is not None:
        return build_step_message(
            nudge_id=nudge_id, kind=kind, step=step, recipient=recipient, locale=locale
        )
    t = translator(locale)
    if kind == NudgeKind.KINDNESS:
        return t(KIND_WORD), [section(t(KIND_WORD)), context(t(KIND_WORD_FOOTER))]
    question = t(QUESTIONS[kind][0])
    value = str(nudge_id)
    blocks = [
        section(f"*{question}*"),
        context(oops_summary(what_happened, posted_at, t)),
        {
            "type": "actions",
            "block_id": f"nudge_{nudge_id}",
            "elements": [
                button(t("Answer"), Action.NUDGE_ANSWER, value, style="primary"),
                button(t("Snooze 1 hour"), Action.NUDGE_SNOOZE_HOUR, value),
                button(t("Tomorrow"), Action.NUDGE_SNOOZE_TOMORROW, value),
                button(t("Skip"), Action.NUDGE_SKIP, value),
            ],
        },
    ]
    return question, blocks


def build_nudge_outcome(
    *, kind: str, what_happened: str, outcome: str, locale: str | None = None
) -> tuple[str, list[dict]]:
    """The DM after a choice: the question stays, the buttons give way to what was chosen."""
    t = translator(locale)
    question = t(QUESTIONS[kind][0] if kind in QUESTIONS else STEP_TITLES[kind])
    return question, [
        section(f"*{question}*"),
        context(oops_summary(what_happened, None, t)),
        context(outcome),
    ]


def _prevention_inputs(t: Translator, author_id: str) -> list[dict]:
    """Who owns the change, and by when."""
    owner = {
        "type": "input",
        "block_id": Block.OWNER,
        "label": {"type": "plain_text", "text": t("Who owns it?")},
        "element": {"type": "users_select", "action_id": Action.OWNER, "initial_user": author_id},
    }
    due = {
        "type": "input",
        "block_id": Block.DUE,
        "optional": True,
        "label": {"type": "plain_text", "text": t("Done by")},
        "element": {"type": "datepicker", "action_id": Action.DUE},
    }
    return [owner, due]


def _held_input(t: Translator) -> dict:
    """The tick that marks the safeguard done."""
    held = {"type": "plain_text", "text": t("It's in place: mark it done")}
    return {
        "type": "input",
        "block_id": Block.HELD,
        "optional": True,
        "label": {"type": "plain_text", "text": t("Your safeguard")},
        "element": {
            "type": "checkboxes",
            "action_id": Action.HELD,
            "options": [{"text": held, "value": "held"}],
        },
    }


def build_answer_modal(
    *,
    nudge_id: int,
    kind: str,
    what_happened: str,
    author_id: str,
    locale: str | None = None,
    pressed_in: tuple[str | None, str | None] = (None, None),
) -> dict:
    """The modal where the author answers a prompt; prevention also asks owner and due date.
    `pressed_in`: (channel, ts) of the DM whose button opened it, kept in its metadata."""
    t = translator(locale)
    question, label = (t(part) for part in QUESTIONS[kind])
    blocks = [
        section(question),
        context(oops_summary(what_happened, None, t)),
        text_input(Block.ANSWER, Action.ANSWER, label, max_length=MAX_MESSAGE),
    ]
    if kind == NudgeKind.PREVENTION:
        blocks += _prevention_inputs(t, author_id)
    if kind == NudgeKind.FOLLOWUP:
        blocks.append(_held_input(t))
    blocks.append(context(t("Only you can see your answers, in the oops Home tab.")))
    return modal(
        Callback.NUDGE_ANSWER,
        t("Look back"),
        blocks,
        submit=t("Save"),
        close=t("Cancel"),
        private_metadata=AnswerMeta(
            nudge_id=nudge_id, channel_id=pressed_in[0], message_ts=pressed_in[1]
        ).dump(),
    )
