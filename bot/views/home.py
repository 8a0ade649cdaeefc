"""The App Home tab: the author's own oopses, open prevention steps and reflections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.i18n import N_, N_plural, Translator, translator
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
# Each list is capped so the whole tab stays under Slack's 100-block limit; the rest is a
# "Show all" away (bot/views/home_lists.py).
MAX_OOPSES, MAX_STEPS, MAX_ANSWERS = 10, 10, 10
# The lists, by the name their "Show all" button carries.
STEPS, OOPSES, ANSWERS = "steps", "oopses", "answers"
MORE = N_plural("…and {count} more", "…and {count} more")


def step_block(t: Translator, step, viewer: str | None = None, today: date | None = None) -> dict:
    """One open prevention step with its Done button: whose it is, when due, if overdue."""
    if viewer is not None and step.owner_id == viewer != step.author_id:
        who = t("Asked by {author}", author=mention(step.author_id))
    else:
        who = t("Owner {owner}", owner=mention(step.owner_id))
    facts = [who]
    if step.due_on:
        facts.append(t("due {day}", day=calendar_day(step.due_on, t)))
    line = "_" + " · ".join(facts) + "_"
    if step.due_on and today and step.due_on < today:
        line = t(":warning: *Overdue* {facts}", facts=line)
    return section(
        f"{escape_mrkdwn(truncate(step.description, 500))}\n{line}",
        accessory=button(t("Done"), Action.STEP_DONE, str(step.id), style="primary"),
    )


def more_block(t: Translator, hidden: int, name: str) -> dict:
    """'…and N more' with the button that shows the whole list."""
    return section(
        t.ngettext(*MORE, hidden, count=hidden),
        accessory=button(t("Show all"), Action.SHOW_ALL, name),
    )


def oops_block(t: Translator, oops) -> dict:
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


def answer_block(t: Translator, answer) -> dict:
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
    *,
    viewer: str | None = None,
    today: date | None = None,
    totals: Mapping[str, int] | None = None,
    stuck_checkins: int = 0,
) -> dict:
    """A home view from the viewer's rows (already limited to theirs by the caller).

    `steps` are all their open ones; `totals` counts the oopses and answers beyond those given
    (list name -> total); `today` is the viewer's local date, for marking overdue steps;
    `stuck_checkins`: how many of their check-ins wait for an installation to send them.
    """
    t = translator(locale)
    totals = {STEPS: len(steps), OOPSES: len(oopses), ANSWERS: len(answers), **(totals or {})}

    def capped(name: str, rows: Sequence, cap: int, block) -> list[dict]:
        shown = [block(row) for row in list(rows)[:cap]]
        hidden = totals[name] - len(shown)
        return shown + ([more_block(t, hidden, name)] if hidden > 0 else [])

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
    blocks += capped(STEPS, steps, MAX_STEPS, lambda step: step_block(t, step, viewer, today))
    blocks += [divider(), header(t("What you owned up to"))]
    if not oopses:
        blocks.append(
            context(t("Nothing yet. We all slip sometimes; this is where it gets logged."))
        )
    blocks += capped(OOPSES, oopses, MAX_OOPSES, lambda oops: oops_block(t, oops))
    blocks += [divider(), header(t("Your reflections"))]
    if not answers:
        blocks.append(context(t("Your answers to the check-ins will appear here.")))
    blocks += capped(ANSWERS, answers, MAX_ANSWERS, lambda answer: answer_block(t, answer))
    return {"type": "home", "blocks": blocks}
