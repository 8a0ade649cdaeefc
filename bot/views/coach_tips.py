"""How the coach's findings look inside a modal."""

from __future__ import annotations

from collections.abc import Sequence

from bot.coach.language import reads_english
from bot.i18n import N_, Translator, translator
from bot.ids import Block
from bot.slack_text import escape_mrkdwn, truncate
from bot.views.blocks import section

MAX_SHOWN = 6
KIND_LABELS = {
    "excuse": N_("Excuse"),
    "blame": N_("Shifts blame"),
    "passive": N_("Hides who did it"),
    "minimizing": N_("Plays it down"),
    "conditional_apology": N_("Conditional apology"),
    "over_apology": N_("Too hard on yourself"),
    "missing_responsibility": N_("No plain ownership"),
    "missing_repair": N_("No repair"),
}


def _finding_line(t: Translator, text: str, finding) -> str:
    """One bullet: our label, the words quoted, and the coach's (English) note and wording."""
    label = t(KIND_LABELS[finding.kind]) if finding.kind in KIND_LABELS else finding.kind
    excerpt = text[finding.start : finding.end].strip()
    quoted = f" “{escape_mrkdwn(truncate(excerpt, 80))}”" if excerpt else ""
    message = escape_mrkdwn(finding.message)
    if finding.suggestion:
        return t(
            "• *{label}*{quoted}: {message} _Try:_ {suggestion}",
            label=label,
            quoted=quoted,
            message=message,
            suggestion=escape_mrkdwn(finding.suggestion),
        )
    return t("• *{label}*{quoted}: {message}", label=label, quoted=quoted, message=message)


def format_findings(
    text: str, findings: Sequence, text_limit: int = 2900, locale: str | None = None
) -> str:
    """One bullet per finding: the label, the words quoted, why, and a better wording."""
    t = translator(locale)
    # The coach's rules read English only: say so rather than pretend to judge other languages.
    if not reads_english(text):
        return t(
            ":globe_with_meridians: *Coach:* this isn't in English, and the coach reads English "
            "only, so it has not checked it. Before you post, read it once more for excuses, "
            "blame and a plain apology."
        )
    lines = [] if t.is_english else [t("The coach reads English only; its notes stay in English.")]
    if not findings:
        lines.append(t(":white_check_mark: *Coach:* reads as honest and in proportion."))
        return truncate("\n".join(lines), text_limit)
    lines.append(t(":bulb: *Coach:* a few things to look at (it's your call):"))
    lines += [_finding_line(t, text, finding) for finding in list(findings)[:MAX_SHOWN]]
    if len(findings) > MAX_SHOWN:
        lines.append(t("…and {count} more.", count=len(findings) - MAX_SHOWN))
    return truncate("\n".join(lines), text_limit)


def coach_blocks(text: str, findings: Sequence, locale: str | None = None) -> list[dict]:
    """The coach's section, always present so live updates only change its text."""
    return [section(format_findings(text, findings, locale=locale), block_id=Block.COACH)]
