"""What affected colleagues can send back privately, and how it reaches the author."""

from __future__ import annotations

from bot.i18n import translator
from bot.ids import Action, Block, Callback
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.states import ReplyKind
from bot.view_metadata import FeedbackMeta
from bot.views.blocks import context, modal, option, text_input


def build_feedback_modal(oops_id: int, what_happened: str, locale: str | None = None) -> dict:
    """A short private note to the author, with the choice to stay anonymous."""
    t = translator(locale)
    about = escape_mrkdwn(truncate(what_happened, 200))
    return modal(
        Callback.FEEDBACK,
        t("Feedback"),
        [
            context(t("About: _{what}_", what=about)),
            text_input(
                Block.FEEDBACK_TEXT,
                Action.FEEDBACK_TEXT,
                t("What should they hear?"),
                max_length=2000,
            ),
            {
                "type": "input",
                "block_id": Block.FEEDBACK_ANONYMOUS,
                "optional": True,
                "label": {"type": "plain_text", "text": t("Name")},
                "element": {
                    "type": "checkboxes",
                    "action_id": Action.FEEDBACK_ANONYMOUS,
                    "options": [option("anonymous", t("Don't tell them it was me"))],
                },
            },
        ],
        submit=t("Send privately"),
        close=t("Cancel"),
        private_metadata=FeedbackMeta(oops_id=oops_id).dump(),
    )


def reply_to_author(
    kind: ReplyKind,
    *,
    sender_id: str | None,
    what_happened: str,
    feedback: str = "",
    locale: str | None = None,
) -> str:
    """The DM the author gets; `sender_id` None means the colleague chose to stay anonymous.

    `locale` is the author's: they are the one reading it.
    """
    t = translator(locale)
    about = escape_mrkdwn(truncate(what_happened, 150))
    if sender_id is None:
        if kind == ReplyKind.THANKS:
            return t(":pray: Someone affected said thanks for owning up to _{about}_.", about=about)
        if kind == ReplyKind.STILL_AFFECTED:
            return t(
                ":warning: Someone affected by _{about}_ is still feeling it. "
                "It may be worth checking in.",
                about=about,
            )
        return t(
            ":speech_balloon: Someone affected sent feedback about _{about}_:\n>{feedback}",
            about=about,
            feedback=escape_mrkdwn(feedback),
        )
    who = mention(sender_id)
    if kind == ReplyKind.THANKS:
        return t(":pray: {who} said thanks for owning up to _{about}_.", who=who, about=about)
    if kind == ReplyKind.STILL_AFFECTED:
        return t(
            ":warning: {who} is still affected by _{about}_. It may be worth checking in.",
            who=who,
            about=about,
        )
    return t(
        ":speech_balloon: Feedback from {who} about _{about}_:\n>{feedback}",
        who=who,
        about=about,
        feedback=escape_mrkdwn(feedback),
    )


def reply_sent_text(locale: str | None = None) -> str:
    """What the colleague sees after replying."""
    return translator(locale)("Sent privately to the author. Thank you.")
