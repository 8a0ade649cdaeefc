"""Whole-message rules: owning the mistake and saying how it is being put right."""

from __future__ import annotations

from bot.coach.rulebook.markers import NOT_MINE, OWNERSHIP, QUOTED_DENIAL, REPAIR
from bot.coach.rules import Rule

# The writer handing the mistake back: "not my fault", "that's not on me", "not our problem".
# Whatever else the message owns, the reader is told it is not theirs: where these words
# stood in the studied sets, writers labelled the message as lacking ownership 104 times in
# 111; as a finding, 59 more of those labels found and 7 raised where they were not.
_DISOWNED = (
    *NOT_MINE,
    r"\b(?:not|isn't|wasn't)\s+(?:really\s+)?on\s+(?:me|us)\b",
    r"\bdon'?t\s+blame\s+me\b",
    r"\bnot\s+(?:on\s+)?(?:my|our)\s+(?:end|side)\b",
)

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
            "Wrong file sorry - that was the draft. Final programme attached.",
            "I'll hold my hands up on this: the invoices went in twice. Reversed now.",
            "the Thursday spots were booked for Friday. I'll take that one. Moved back now.",
            "my b, the sale tags went up a day early. pulling them now",
            "sorry, wrong emoji there 😅 meant thumbs up, go ahead",
            "i did break the export button for the EU folks for a bit, fixed now",
            "Sorry, I was 25 mins late for the day shift; I'm covering the end of Tom's.",
            "I'll own the mix-up with the stock check. Recounted and signed.",
        ),
    ),
    Rule(
        id="missing.responsibility.disowned",
        kind="missing_responsibility",
        patterns=_DISOWNED,
        unless=QUOTED_DENIAL,
        message="Saying it was not yours leaves the reader with a mistake nobody owns.",
        suggestion="Say what you did, and leave others' part to a private word: \"I approved it "
        'without checking the figures."',
        flags=(
            "I booked the room, but honestly that's not my fault, the calendar was wrong.",
            "The alarm went off because the cleaners set it wrong. Not on me.",
            "I changed the colour like the design said; that's not our problem.",
        ),
        passes=(
            "I booked the wrong room. That's on me, and I've moved us to 4B.",
            "I won't pretend it wasn't my fault: I skipped the check. Fixed now.",
            "I'm not saying it wasn't my fault; I ran it. Restored at noon.",
            "I pushed it during the freeze; it wasn't my call to make. Reverted.",
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
