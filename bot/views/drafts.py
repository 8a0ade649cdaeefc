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


def build_post_confirmed(link: str | None, locale: str | None = None) -> str:
    """The DM once a post whose answer was lost is found in the conversation."""
    t = translator(locale)
    if link:
        return t(
            ":white_check_mark: Your message did go out: <{link}|see it in Slack>. Your "
            "check-ins are scheduled as usual.",
            link=link,
        )
    return t(":white_check_mark: Your message did go out. Your check-ins are scheduled as usual.")


def build_post_not_there(
    draft_id: int, channel_id: str | None, *, looked: bool, locale: str | None = None
) -> tuple[str, list[dict]]:
    """(text, blocks) of the DM when a post whose answer was lost turned out not to be there
    (`looked`), or could not be checked: the draft is open again either way."""
    t = translator(locale)
    in_channel = bool(channel_id) and channel_id[0] in "CG"
    where = f"<#{channel_id}>" if in_channel else ""
    if looked and in_channel:
        text = t(
            ":warning: Your message didn't reach {where} after all. Nothing was posted; your "
            "draft is kept, so you can post it now.",
            where=where,
        )
    elif looked:
        text = t(
            ":warning: Your direct message didn't go out after all. Nothing was sent; your "
            "draft is kept, so you can send it now."
        )
    elif in_channel:
        text = t(
            ":warning: I couldn't confirm whether your message reached {where}. Please look "
            "there first; if it isn't there, your draft is kept and you can post it now.",
            where=where,
        )
    else:
        text = t(
            ":warning: I couldn't confirm whether your direct message went out. Please look in "
            "that conversation first; if it isn't there, your draft is kept and you can send it "
            "now."
        )
    return _with_reopen_button(text, draft_id, t)
