"""Whole-message rules: owning the mistake and saying how it is being put right."""

from __future__ import annotations

from bot.coach.rulebook.markers import OWNERSHIP, REPAIR
from bot.coach.rules import Rule

STRUCTURE_RULES: tuple[Rule, ...] = (
    Rule(
        id="missing.responsibility",
        kind="missing_responsibility",
        mode="absent",
        patterns=OWNERSHIP,
        message="The message never says what you did, so it reads as if the mistake just happened.",
        suggestion='Add one first-person sentence about your part: "I deleted the shared folder."',
        flags=(
            "Sorry about the outage this morning. The deploy failed and the site went down. "
            "It's back up now.",
        ),
        passes=(
            "I deployed a broken build this morning and the site went down. It's back up now.",
            "Sorry, wrong channel!",
            "ignore that last message, wrong thread",
        ),
    ),
    Rule(
        id="missing.repair",
        kind="missing_repair",
        mode="absent",
        patterns=REPAIR,
        message="The message explains what went wrong but not what is being done about it.",
        suggestion="Add what you have done or will do to put it right, and when.",
        flags=(
            "I sent the quarterly numbers with last year's figures in them. "
            "I'm sorry for the confusion this caused.",
            # One line is still a message: owning it is not putting it right.
            "I sent the wrong file, sorry.",
            "I listed the wrong venue on the offsite invite, my mistake.",
            "I double-booked the room, I'll do better next time.",
        ),
        passes=(
            "I sent the quarterly numbers with last year's figures. "
            "I've sent a corrected version to the same list.",
            "I sent the wrong file, sorry, the right one is attached now.",
            "Sorry, wrong channel!",
            "I sent the wrong file, I'll resend it.",
            "I skipped the staging run; I'll add a check to the deploy script.",
            "I switched off the retries by mistake. The flag was switched back at noon.",
            "I broke the payment job; failed payments are being retried now.",
        ),
    ),
)
