"""The owning-up message as it is posted to the affected people."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import translator
from bot.ids import Action
from bot.slack_text import chunk, escape_mrkdwn, mention, truncate
from bot.states import ReplyKind
from bot.views.blocks import button, context, section

# Leave room under Slack's 100-block limit for the context lines and buttons.
MAX_MESSAGE_SECTIONS = 20


def build_owned_message(
    *,
    author_id: str,
    message: str,
    affected: Sequence[str],
    locale: str | None = None,
    oops_id: int | None = None,
) -> tuple[str, list[dict]]:
    """Return (text fallback, blocks); the author's words go out as written, escaped.

    Only our chrome around them is translated, in the author's locale. The reply buttons carry
    `oops_id`: a press finds its oops even before Slack's answer with the ts was recorded.
    """
    ref = str(oops_id or "")
    t = translator(locale)
    escaped = escape_mrkdwn(message.strip())
    author = mention(author_id)
    blocks = [context(t("A note from {author}, sent with /oops", author=author))]
    blocks += [section(piece) for piece in chunk(escaped, 3000)[:MAX_MESSAGE_SECTIONS]]
    if affected:
        people = " ".join(mention(u) for u in dict.fromkeys(affected))
        blocks.append(
            context(
                t("For {people}: reply in the thread, or privately with a button.", people=people)
            )
        )
        blocks.append(
            {
                "type": "actions",
                "block_id": "replies",
                "elements": [
                    button(t("Thanks"), Action.REPLY_THANKS, ref or ReplyKind.THANKS),
                    button(
                        t("I'm still affected"),
                        Action.REPLY_STILL_AFFECTED,
                        ref or ReplyKind.STILL_AFFECTED,
                    ),
                    button(t("I have feedback"), Action.REPLY_FEEDBACK, ref or ReplyKind.FEEDBACK),
                ],
            }
        )
    text = t("A note from {author}: {message}", author=author, message=truncate(escaped, 300))
    return text, blocks
