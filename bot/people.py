"""Checking the people an author names: bots and deactivated accounts can't be written to.

Slack's user picker offers both, and a group DM with either fails at post time
(`cannot_dm_bot`, `user_disabled`), after the author has finished. So the compose form refuses
them at submit, with the error on "Who was affected?". users.info's `is_bot` and `deleted`
fields decide (https://api.slack.com/methods/users.info).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import N_, translator
from bot.slack_client import impatient

log = logging.getLogger(__name__)
# The check runs before the ack of a view submission (3 s in all): whatever is not known by
# then is let through, and the post itself names a refusal plainly if it comes to that.
CHECK_WITHIN_S = 1.2
_POOL = ThreadPoolExecutor(8, "people-check")

BOT = N_("{who} is an app, not a person; take it out, or post in a channel.")
DEACTIVATED = N_("{who} has been deactivated, so they can't get the message; take them out.")


OWNER_BOT = N_("{who} is an app, not a person; pick a person to own it.")
OWNER_DEACTIVATED = N_("{who} has been deactivated; pick someone else to own it.")


def _standing(client: WebClient, user_id: str) -> tuple[str, str] | None:
    """("bot" or "deactivated", their name), or None (a person, or not known in time)."""
    try:
        user = impatient(client, timeout=CHECK_WITHIN_S).users_info(user=user_id)["user"]
    except (SlackApiError, OSError, KeyError, TypeError):
        return None
    if not isinstance(user, dict):
        return None
    # Errors under an input are plain text: a mention would show as its raw id.
    name = str(user.get("real_name") or user.get("name") or "")[:80] or user_id
    if user.get("is_bot") or user_id == "USLACKBOT":
        return "bot", name
    return ("deactivated", name) if user.get("deleted") else None


def refuse_unreachable_people(
    client: WebClient, user_ids: Sequence[str], locale: str | None = None
) -> str | None:
    """The error for "Who was affected?" naming the first bot or deactivated person, or None.

    Lookups run in parallel and give up together after CHECK_WITHIN_S seconds.
    """
    if not user_ids:
        return None
    futures = {_POOL.submit(_standing, client, u): u for u in dict.fromkeys(user_ids)}
    done, _ = wait(futures, timeout=CHECK_WITHIN_S + 0.1)
    t = translator(locale)
    for future in futures:
        found = future.result() if future in done else None
        if found is not None:
            standing, name = found
            return t(BOT if standing == "bot" else DEACTIVATED, who=name)
    return None


def refuse_unreachable_owner(
    client: WebClient, user_id: str | None, locale: str | None = None
) -> str | None:
    """The error for a prevention step's owner who is an app or deactivated, or None (a person,
    or Slack didn't say within CHECK_WITHIN_S seconds)."""
    if not user_id:
        return None
    future = _POOL.submit(_standing, client, user_id)
    done, _ = wait([future], timeout=CHECK_WITHIN_S + 0.1)
    found = future.result() if future in done else None
    if found is None:
        return None
    standing, name = found
    return translator(locale)(OWNER_BOT if standing == "bot" else OWNER_DEACTIVATED, who=name)
