"""Showing that the promised fix happened: the offer to the author and the thread update."""

from __future__ import annotations

from bot.i18n import translator
from bot.ids import Action
from bot.slack_text import escape_mrkdwn, mention, truncate
from bot.views.blocks import button, context, section


def build_update_offer(
    step_id: int, description: str, locale: str | None = None
) -> tuple[str, list[dict]]:
    """DM to the author once a safeguard is done, offering a one-click note in the thread."""
    t = translator(locale)
    text = t(
        ":white_check_mark: Safeguard done: _{description}_\n"
        "Telling the people affected shows the fix really happened. Post a short update in "
        "the original thread?",
        description=escape_mrkdwn(truncate(description, 300)),
    )
    return t("Safeguard done. Post an update in the thread?"), [
        section(
            text,
            accessory=button(
                t("Post the update"), Action.POST_FOLLOWUP, str(step_id), style="primary"
            ),
        ),
    ]


def build_thread_update(
    author_id: str, description: str, locale: str | None = None
) -> tuple[str, list[dict]]:
    """The follow-up posted in the original thread (chrome in the author's locale)."""
    t = translator(locale)
    body = t(
        "Update from {author}: the safeguard is in place. {description}",
        author=mention(author_id),
        description=escape_mrkdwn(truncate(description, 2500)),
    )
    return body, [section(body), context(t("Posted with /oops"))]


def build_update_done(permalink: str | None, locale: str | None = None) -> tuple[str, list[dict]]:
    """What the offer turns into once the update is posted."""
    t = translator(locale)
    if permalink:
        text = t(":white_check_mark: Update posted in the thread. <{link}|See it>", link=permalink)
    else:
        text = t(":white_check_mark: Update posted in the thread.")
    return text, [section(text)]
