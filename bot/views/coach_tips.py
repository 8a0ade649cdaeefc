"""How the coach's findings look inside a modal."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ids import Block
from bot.slack_text import escape_mrkdwn, truncate
from bot.views.blocks import section

MAX_SHOWN = 6
KIND_LABELS = {
    "excuse": "Excuse",
    "blame": "Shifts blame",
    "passive": "Hides who did it",
    "minimizing": "Plays it down",
    "conditional_apology": "Conditional apology",
    "over_apology": "Too hard on yourself",
    "missing_responsibility": "No plain ownership",
    "missing_repair": "No repair",
}


def format_findings(text: str, findings: Sequence, text_limit: int = 2900) -> str:
    """One bullet per finding: the label, the words quoted, why, and a better wording."""
    if not findings:
        return ":white_check_mark: *Coach:* reads as honest and in proportion."
    lines = [":bulb: *Coach:* a few things to look at (it's your call):"]
    for finding in list(findings)[:MAX_SHOWN]:
        label = KIND_LABELS.get(finding.kind, finding.kind)
        excerpt = text[finding.start : finding.end].strip()
        quoted = f" “{escape_mrkdwn(truncate(excerpt, 80))}”" if excerpt else ""
        line = f"• *{label}*{quoted}: {escape_mrkdwn(finding.message)}"
        if finding.suggestion:
            line += f" _Try:_ {escape_mrkdwn(finding.suggestion)}"
        lines.append(line)
    if len(findings) > MAX_SHOWN:
        lines.append(f"…and {len(findings) - MAX_SHOWN} more.")
    return truncate("\n".join(lines), text_limit)


def coach_blocks(text: str, findings: Sequence) -> list[dict]:
    """The coach's section, always present so live updates only change its text."""
    return [section(format_findings(text, findings), block_id=Block.COACH)]
