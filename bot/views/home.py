"""The App Home tab: the author's own oopses, open prevention steps and reflections."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, Translator, translator
from bot.ids import Action
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.states import NudgeKind, PostStatus
from bot.views.blocks import button, context, divider, header, section
from bot.views.compose import SEVERITY_OPTIONS
from bot.views.dates import calendar_day, slack_date

KIND_TITLES = {
    NudgeKind.REFLECTION: N_("Reflection"),
    NudgeKind.PREVENTION: N_("Prevention step"),
    NudgeKind.FOLLOWUP: N_("Follow-up"),
}
# Each list is capped so the whole tab stays under Slack's 100-block limit.
MAX_OOPSES, MAX_STEPS, MAX_ANSWERS = 10, 10, 10


def _step_block(t: Translator, step) -> dict:
    """One open prevention step with its Done button."""
    owner = mention(step.owner_id)
    if step.due_on:
        who = t("_Owner {owner} · due {day}_", owner=owner, day=calendar_day(step.due_on, t))
    else:
        who = t("_Owner {owner}_", owner=owner)
    return section(
        f"{escape_mrkdwn(truncate(step.description, 500))}\n{who}",
        accessory=button(t("Done"), Action.STEP_DONE, str(step.id), style="primary"),
    )


def _oops_block(t: Translator, oops) -> dict:
    """One past oops: what happened, when, how bad, and a link to the message."""
    severity = SEVERITY_OPTIONS.get(oops.severity, (oops.severity, ""))[0]
    facts = [slack_date(oops.created_at, t), t(severity)]
    if oops.status == PostStatus.CANCELLED:
        facts.append(t("cancelled"))
    if oops.permalink:
        facts.append(t("<{link}|message>", link=oops.permalink))
    what = escape_mrkdwn(truncate(oops.what_happened, 200))
    # A list of facts, each one whole: only the separator sits between them.
    return section(f"*{what}*\n" + " · ".join(facts))


def _answer_block(t: Translator, answer) -> dict:
    """One answer to a check-in."""
    title = t(KIND_TITLES[answer.kind]) if answer.kind in KIND_TITLES else answer.kind
    return section(
        f"*{title}* · {slack_date(answer.created_at, t)}\n"
        f"{escape_mrkdwn(truncate(answer.text, 1200))}"
    )


def build_home(
    oopses: Sequence,
    steps: Sequence,
    answers: Sequence,
    settings_line: str = "",
    locale: str | None = None,
    stuck_checkins: int = 0,
) -> dict:
    """A home view from the author's rows (already limited to theirs by the caller);
    `stuck_checkins`: how many of their check-ins wait for an installation to send them."""
    t = translator(locale)
    blocks: list[dict] = [
        header(t("Your oops log")),
        context(t("Only you can see this page. Use `/oops` whenever something goes wrong.")),
        section(
            settings_line or t("Check-ins: standard pace"),
            accessory=button(t("Settings"), Action.OPEN_SETTINGS, "settings"),
        ),
        divider(),
        header(t("Safeguards to put in place")),
    ]
    if stuck_checkins:
        blocks.insert(
            3,
            context(
                t(
                    "Your check-ins can't be sent right now: oops is no longer installed where "
                    "you used it. Ask a Slack admin to add it again; they will wait until then."
                )
            ),
        )
    if not steps:
        blocks.append(context(t("No open prevention steps.")))
    blocks += [_step_block(t, step) for step in list(steps)[:MAX_STEPS]]
    blocks += [divider(), header(t("What you owned up to"))]
    if not oopses:
        blocks.append(
            context(t("Nothing yet. We all slip sometimes; this is where it gets logged."))
        )
    blocks += [_oops_block(t, oops) for oops in list(oopses)[:MAX_OOPSES]]
    blocks += [divider(), header(t("Your reflections"))]
    if not answers:
        blocks.append(context(t("Your answers to the check-ins will appear here.")))
    blocks += [_answer_block(t, answer) for answer in list(answers)[:MAX_ANSWERS]]
    return {"type": "home", "blocks": blocks}
