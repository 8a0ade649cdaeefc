"""The stored statuses and kinds, for the Slack layer (defined in storage/states.py, which the
models need and storage may not import bot)."""

from storage.states import (
    CHECK_INS,
    OPEN_NUDGE,
    UNCONFIRMED,
    UNSENT,
    Delivery,
    NudgeKind,
    NudgeStatus,
    PostStatus,
    ReplyKind,
    Severity,
    StepStatus,
    TypedOutcome,
)

__all__ = [
    "CHECK_INS",
    "OPEN_NUDGE",
    "UNCONFIRMED",
    "UNSENT",
    "Delivery",
    "NudgeKind",
    "NudgeStatus",
    "PostStatus",
    "ReplyKind",
    "Severity",
    "StepStatus",
    "TypedOutcome",
]
