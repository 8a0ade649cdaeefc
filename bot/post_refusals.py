"""Slack's refusals of a post, in plain words, with where the author can fix each one.

Error codes are Slack's own (https://api.slack.com/methods/chat.postMessage and
conversations.open, "Errors"). A refusal that will not go away by itself must not read as
"try again in a moment": it names the problem and reopens the part of the draft that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import N_


class FixIn(StrEnum):
    """Which step of the draft the author reopens to fix a refusal."""

    FORM = "form"  # where it goes, who is affected: the compose form, values kept
    MESSAGE = "message"  # the message itself: the preview
    NOWHERE = "nowhere"  # nothing the author can change; an admin, or time, has to


@dataclass(frozen=True)
class Refusal:
    """A refusal explained: the msgid shown to the author and where the fix is."""

    msgid: str
    fix_in: FixIn


_CHANNEL_CLOSED = N_(
    "That channel is archived, so nothing can be posted there. Choose another channel, or "
    "send it as a direct message."
)
_READ_ONLY = N_(
    "Only some people may post in that channel, and I'm not one of them. Choose another "
    "channel, or send it as a direct message."
)
_THREADS = N_(
    "That channel doesn't allow this kind of post (it limits threads or top-level messages). "
    "Choose another channel or thread, or send it as a direct message."
)
_NOT_GRANTED = N_(
    "That channel belongs to a workspace that hasn't added me. Choose a channel in this "
    "workspace, or send it as a direct message."
)
_DEACTIVATED = N_(
    "One of the people you picked has been deactivated, so I can't start a direct message "
    'with them. Take them out of "Who was affected?", or post in a channel.'
)
_BOT = N_(
    "One of the people you picked is an app, and apps can't be in a group DM. Take it out of "
    '"Who was affected?", or post in a channel.'
)
_PEOPLE = N_(
    "Slack couldn't start a direct message with the people you picked. Check \"Who was "
    'affected?", or post in a channel.'
)
_TOO_LONG = N_("Slack says the message is too long. Shorten it, then post it again.")
_NO_ACCESS = N_(
    "Slack no longer lets me post for this workspace (my access was removed or restricted). "
    "Your draft is kept; ask a Slack admin to check the oops app, then post it again."
)
_BUSY = N_("Slack turned the message away for now. Your draft is kept; post it again in a moment.")

REFUSALS: dict[str, Refusal] = {
    "is_archived": Refusal(_CHANNEL_CLOSED, FixIn.FORM),
    "channel_is_archived": Refusal(_CHANNEL_CLOSED, FixIn.FORM),
    "restricted_action": Refusal(_READ_ONLY, FixIn.FORM),
    "restricted_action_read_only_channel": Refusal(_READ_ONLY, FixIn.FORM),
    "restricted_action_thread_only_channel": Refusal(_THREADS, FixIn.FORM),
    "restricted_action_non_threadable_channel": Refusal(_THREADS, FixIn.FORM),
    "team_access_not_granted": Refusal(_NOT_GRANTED, FixIn.FORM),
    "user_disabled": Refusal(_DEACTIVATED, FixIn.FORM),
    "cannot_dm_bot": Refusal(_BOT, FixIn.FORM),
    "user_not_found": Refusal(_PEOPLE, FixIn.FORM),
    "users_not_found": Refusal(_PEOPLE, FixIn.FORM),
    "too_many_users": Refusal(_PEOPLE, FixIn.FORM),
    "not_enough_users": Refusal(_PEOPLE, FixIn.FORM),
    "msg_too_long": Refusal(_TOO_LONG, FixIn.MESSAGE),
    "msg_blocks_too_long": Refusal(_TOO_LONG, FixIn.MESSAGE),
    "no_text": Refusal(_TOO_LONG, FixIn.MESSAGE),
    "account_inactive": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "invalid_auth": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "token_revoked": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "not_authed": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "missing_scope": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "access_denied": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "ekm_access_denied": Refusal(_NO_ACCESS, FixIn.NOWHERE),
    "not_allowed_token_type": Refusal(_NO_ACCESS, FixIn.NOWHERE),
}


def explain_refusal(error: str | None) -> Refusal:
    """The plain-words refusal for a Slack error code; unknown codes read as "for now"."""
    return REFUSALS.get(error or "", Refusal(_BUSY, FixIn.MESSAGE))
