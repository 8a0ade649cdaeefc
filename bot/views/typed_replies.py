"""What oops says back when someone types in its DM: the answer taken (with Undo), or help."""

from __future__ import annotations

from bot.i18n import N_, translator
from bot.ids import Action
from bot.slack_text import escape_mrkdwn, truncate
from bot.states import NudgeKind
from bot.views.blocks import button, context, section

# What a typed answer could not say, by the check-in it answered (the form asks more).
KIND_NOTES = {
    NudgeKind.REFLECTION: N_("Only you see it, in the oops Home tab."),
    NudgeKind.PREVENTION: N_(
        "Saved as your prevention step, owned by you with no due date. To name another owner "
        "or a date, press Undo and use Answer on the check-in instead."
    ),
    NudgeKind.FOLLOWUP: N_(
        "Your safeguards stay open: mark one done with its Done button in the oops Home tab."
    ),
}
HELP = N_(
    "No check-in is waiting for an answer, so I didn't keep that. When one arrives, you can "
    "type your answer here; to own up to something, type /oops."
)
TOO_LONG = N_("Keep it under {limit} characters.")


def build_typed_answer(
    *, kind: str, text: str, message_ts: str, locale: str | None = None
) -> tuple[str, list[dict]]:
    """The confirmation of a typed answer, with Undo; returns (text fallback, blocks).

    `message_ts` is the typed message's ts: Undo's value, which only its writer can use."""
    t = translator(locale)
    said = t(
        ":white_check_mark: Saved as your answer to the check-in above: _{answer}_",
        answer=escape_mrkdwn(truncate(text, 200)),
    )
    note = KIND_NOTES.get(kind)
    blocks = [
        section(said, accessory=button(t("Undo"), Action.UNDO_TYPED, message_ts)),
        *([context(t(note))] if note else []),
    ]
    return t("Saved as your answer."), blocks


def build_typed_undone(locale: str | None = None) -> tuple[str, list[dict]]:
    """The confirmation once undone: the button goes, the prompt is open again."""
    t = translator(locale)
    text = t(
        ":leftwards_arrow_with_hook: Undone: that answer is gone and the check-in is open again."
    )
    return text, [context(text)]
