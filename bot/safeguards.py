"""Services around prevention steps."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.slack_client import without_replays
from bot.views.safeguards import build_thread_update, build_update_offer
from storage import repositories as repo
from storage import steps
from storage.db import SessionFactory


def complete_step(
    session_factory: SessionFactory, clock: Clock, *, step_id: int, author_id: str
) -> bool | None:
    """Mark the author's own step done: True now, False if it already was, None if not theirs."""
    with session_factory.begin() as s:
        return steps.complete_step(s, step_id=step_id, author_id=author_id, now=clock())


def offer_update(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    step_id: int,
    author_id: str,
    locale: str | None = None,
) -> None:
    """DM the author the one-click thread update, when the oops was posted somewhere."""
    with session_factory() as s:
        step = steps.get_author_step(s, step_id=step_id, author_id=author_id)
        oops = repo.get_oops(s, oops_id=step.oops_id) if step else None
        if step is None or oops is None or not (oops.channel_id and oops.message_ts):
            return
        description = step.description
    text, blocks = build_update_offer(step_id, description, locale=locale)
    client.chat_postMessage(channel=author_id, text=text, blocks=blocks)


class UpdateStatus(StrEnum):
    """How a press of "post the update" went."""

    POSTED = "posted"
    ALREADY = "already"  # claimed by an earlier press: never twice
    REFUSED = "refused"  # Slack said no; nothing posted, the claim is given back
    UNCONFIRMED = "unconfirmed"  # Slack's answer was lost: it may be there
    NOT_YOURS = "not_yours"


@dataclass(frozen=True)
class ThreadUpdate:
    """How a press of "post the update" went, and a `link` to the update when Slack gave one."""

    status: UpdateStatus
    link: str | None = None


def post_thread_update(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    *,
    step_id: int,
    author_id: str,
    locale: str | None = None,
) -> ThreadUpdate:
    """Post "the safeguard is in place" once in the oops's thread, for the author only.

    The update is claimed in the database before the post (a second press or a second replica
    finds it taken); a refusal gives the claim back, a lost answer keeps it (never twice).
    """
    with session_factory() as s:
        step = steps.get_author_step(s, step_id=step_id, author_id=author_id)
        oops = repo.get_oops(s, oops_id=step.oops_id) if step else None
        target = (oops.channel_id, oops.thread_ts or oops.message_ts) if oops else (None, None)
        description = step.description if step else ""
    if not all(target):
        return ThreadUpdate(UpdateStatus.NOT_YOURS)
    with session_factory.begin() as s:
        if not steps.claim_thread_update(s, step_id=step_id, author_id=author_id, now=clock()):
            return ThreadUpdate(UpdateStatus.ALREADY)
    # The thread is mixed company; our few words around the update follow its author.
    text, blocks = build_thread_update(author_id, description, locale)
    try:
        posted = without_replays(client, timeout=10).chat_postMessage(
            channel=target[0], thread_ts=target[1], text=text, blocks=blocks
        )
    except SlackApiError as err:
        if err.response.status_code < 500:
            with session_factory.begin() as s:
                steps.release_thread_update(s, step_id=step_id)
            return ThreadUpdate(UpdateStatus.REFUSED)
        return ThreadUpdate(UpdateStatus.UNCONFIRMED)
    except OSError:
        return ThreadUpdate(UpdateStatus.UNCONFIRMED)
    try:
        link = client.chat_getPermalink(channel=target[0], message_ts=posted["ts"])["permalink"]
    except (SlackApiError, OSError, KeyError):
        link = None
    return ThreadUpdate(UpdateStatus.POSTED, link)
