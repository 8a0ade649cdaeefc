"""The reminder about a saved draft."""

from __future__ import annotations

from bot.i18n import translator
from bot.ids import Action
from bot.views.blocks import button, section


def build_draft_reminder(draft_id: int, locale: str | None = None) -> tuple[str, list[dict]]:
    """(text, blocks) of the one reminder DM, with a button that reopens the draft."""
    t = translator(locale)
    reminder = t(
        ":memo: Your draft is saved. The sooner it goes out, the better: people take an early, "
        "plain account far better than one they had to chase. It is kept for a couple of days."
    )
    return reminder, [
        section(
            reminder,
            accessory=button(
                t("Open my draft"), Action.REOPEN_DRAFT, str(draft_id), style="primary"
            ),
        ),
    ]
