"""Notes about a saved draft: the reminder, and the one for a form Slack didn't open."""

from __future__ import annotations

from bot.i18n import Translator, translator
from bot.ids import Action
from bot.views.blocks import button, section


def _with_reopen_button(text: str, draft_id: int, t: Translator) -> tuple[str, list[dict]]:
    """(text, blocks): `text` with a button that opens the saved draft."""
    reopen = button(t("Open my draft"), Action.REOPEN_DRAFT, str(draft_id), style="primary")
    return text, [section(text, accessory=reopen)]


def build_draft_reminder(draft_id: int, locale: str | None = None) -> tuple[str, list[dict]]:
    """(text, blocks) of the one reminder DM, with a button that reopens the draft."""
    t = translator(locale)
    reminder = t(
        ":memo: Your draft is saved. The sooner it goes out, the better: people take an early, "
        "plain account far better than one they had to chase. It is kept for a couple of days."
    )
    return _with_reopen_button(reminder, draft_id, t)


def build_unopened_notice(
    draft_id: int | None, locale: str | None = None
) -> tuple[str, list[dict]]:
    """(text, blocks) for when Slack would not open the form in time: carry on, or try again."""
    t = translator(locale)
    if draft_id is None:
        text = t(":hourglass: Slack didn't open the form in time. Please type `/oops` again.")
        return text, [section(text)]
    text = t(
        ":hourglass: Slack didn't open the form in time. What you started is saved: "
        "press the button to carry on."
    )
    return _with_reopen_button(text, draft_id, t)
