"""Every stored status and kind, one StrEnum each: the only place their strings are spelled.

Here, in storage, because the models store them and storage must not import the Slack layer;
bot code takes them from here (bot/ids.py re-exports what Block Kit values share with them).
The values are what the database holds: renaming a member is free, changing a value is a
migration.
"""

from __future__ import annotations

from enum import StrEnum


class PostStatus(StrEnum):
    """Where an oops's message stands (`oopses.status`)."""

    POSTING = "posting"  # intent written; chat.postMessage not answered yet
    UNKNOWN = "unknown"  # Slack's answer was lost (timeout, 5xx): maybe posted, being checked
    POSTED = "posted"
    CANCELLED = "cancelled"


# A post whose message may or may not be in Slack.
UNCONFIRMED = (PostStatus.POSTING, PostStatus.UNKNOWN)


class Severity(StrEnum):
    """How bad the harm is; sizes the apology (`oopses.severity`, the compose radio values)."""

    MINOR = "minor"
    SIGNIFICANT = "significant"
    SERIOUS = "serious"


class Delivery(StrEnum):
    """Where the owning-up message goes (`oopses.delivery`, the compose radio values)."""

    CHANNEL = "channel"
    GROUP_DM = "group_dm"


class NudgeKind(StrEnum):
    """What a nudge DM is (`nudges.kind`, `answers.kind`)."""

    REFLECTION = "reflection"
    PREVENTION = "prevention"
    FOLLOWUP = "followup"
    # The one-off kind word after a serious oops: not a question, no buttons, no answer.
    KINDNESS = "kindness"
    # About a prevention step (`nudges.step_id`), sent to `nudges.author_id` (the recipient):
    STEP_ASSIGNED = "step_assigned"  # to its owner: the step, due date, Done and Not mine
    STEP_DUE = "step_due"  # on the due date, to the owner and to the author
    STEP_DECLINED = "step_declined"  # to the author: the owner says it isn't theirs


# The DMs about a prevention step: no question to answer.
STEP_NUDGES = (NudgeKind.STEP_ASSIGNED, NudgeKind.STEP_DUE, NudgeKind.STEP_DECLINED)

# The check-ins that ask something, in the order they are sent.
CHECK_INS = (NudgeKind.REFLECTION, NudgeKind.PREVENTION, NudgeKind.FOLLOWUP)


class NudgeStatus(StrEnum):
    """Where a nudge stands (`nudges.status`).

    pending -> sending (claimed) -> sent | unknown (answer lost) -> answered | skipped;
    pending <-> paused (the person paused check-ins); pending | paused -> cancelled.
    A snooze puts an open nudge back to pending. pending | sending -> uninstalled (its
    installation removed the app) -> pending (installed again within the grace) | cancelled.
    """

    PENDING = "pending"
    PAUSED = "paused"
    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    ANSWERED = "answered"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    # Held while its installation has removed the app: only these come back on a reinstall.
    UNINSTALLED = "uninstalled"


# Not gone out yet: cancelling an oops (or a workspace) cancels these.
UNSENT = (NudgeStatus.PENDING, NudgeStatus.SENDING)
# A nudge whose DM went out (or may have: `unknown`); only these answer to its buttons. A press
# on a `sending` one proves the DM arrived before the sweep recorded it.
OPEN_NUDGE = (NudgeStatus.SENDING, NudgeStatus.SENT, NudgeStatus.UNKNOWN)


class StepStatus(StrEnum):
    """Where a prevention step (a safeguard) stands (`prevention_actions.status`)."""

    OPEN = "open"
    DONE = "done"


class ReplyKind(StrEnum):
    """What an affected person sent the author (`replies.kind`)."""

    THANKS = "thanks"
    STILL_AFFECTED = "still"
    FEEDBACK = "feedback"


class TypedOutcome(StrEnum):
    """What became of a message typed in the app's DM (`typed_replies.outcome`)."""

    ANSWERED = "answered"  # taken as the answer to the person's latest open prompt
    HELP = "help"  # no open prompt: they were told how it works
    UNDONE = "undone"  # the answer was withdrawn with Undo; the prompt is open again
