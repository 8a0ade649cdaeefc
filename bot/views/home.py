"""The App Home tab: the author's own oopses, open prevention actions and reflections."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ids import Action
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.views.blocks import button, context, divider, header, section
from bot.views.nudge_views import slack_date

KIND_TITLES = {"reflection": "Reflection", "prevention": "Prevention step", "followup": "Follow-up"}
# Each list is capped so the whole tab stays under Slack's 100-block limit.
MAX_OOPSES, MAX_ACTIONS, MAX_ANSWERS = 10, 10, 10


def build_home(
    oopses: Sequence, actions: Sequence, answers: Sequence, settings_line: str = ""
) -> dict:
    """A home view from the author's rows (already limited to theirs by the caller)."""
    blocks: list[dict] = [
        header("Your oops log"),
        context("Only you can see this page. Use `/oops` whenever something goes wrong."),
        section(
            settings_line or "Check-ins: standard pace",
            accessory=button("Settings", Action.OPEN_SETTINGS, "settings"),
        ),
        divider(),
        header("Safeguards to put in place"),
    ]
    if not actions:
        blocks.append(context("No open prevention steps."))
    for action in list(actions)[:MAX_ACTIONS]:
        due = f" · due {action.due_on:%a %d %b}" if action.due_on else ""
        blocks.append(
            section(
                f"{escape_mrkdwn(truncate(action.description, 500))}\n"
                f"_Owner {mention(action.owner_id)}{due}_",
                accessory=button("Done", Action.ACTION_DONE, str(action.id), style="primary"),
            )
        )
    blocks += [divider(), header("What you owned up to")]
    if not oopses:
        blocks.append(context("Nothing yet. We all slip sometimes; this is where it gets logged."))
    for oops in list(oopses)[:MAX_OOPSES]:
        link = f" · <{oops.permalink}|message>" if oops.permalink else ""
        status = " · cancelled" if oops.status == "cancelled" else ""
        blocks.append(
            section(
                f"*{escape_mrkdwn(truncate(oops.what_happened, 200))}*\n"
                f"{slack_date(oops.created_at)} · {oops.severity}{status}{link}"
            )
        )
    blocks += [divider(), header("Your reflections")]
    if not answers:
        blocks.append(context("Your answers to the check-ins will appear here."))
    for answer in list(answers)[:MAX_ANSWERS]:
        title = KIND_TITLES.get(answer.kind, answer.kind)
        blocks.append(
            section(
                f"*{title}* · {slack_date(answer.created_at)}\n"
                f"{escape_mrkdwn(truncate(answer.text, 1200))}"
            )
        )
    return {"type": "home", "blocks": blocks}
