"""Resolving posts whose outcome is unknown: look in the conversation, never post again.

A post is `posting` from just before chat.postMessage until Slack answers, and `unknown` when
the answer was lost (bot/owning_up.py). A process killed mid-post leaves `posting` rows; a
timeout leaves `unknown` ones. Each sweep (and start-up) takes the old ones and looks for our
message in the conversation by its metadata (the oops id, set on every post):
- found: the oops is finished as posted, its check-ins scheduled, the author told with a link;
- looked and not there after NOT_THERE_AFTER: the draft is opened again and the author told;
- the conversation cannot be read for GIVE_UP_AFTER: the author is asked to look, with the
  draft ready in case it is not there.
This module never posts the message itself: a second copy is the one thing it must not cause.
Reading needs channels:history / groups:history / mpim:history (manifest.yml).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.config import Settings
from bot.owning_up import POST_METADATA_TYPE, Posted, permalink_of, record_posted
from bot.user_profiles import cached_locale
from bot.views.drafts import build_post_confirmed, build_post_not_there
from storage import posting
from storage import repositories as repo
from storage.db import SessionFactory
from storage.install_key import InstallKey
from storage.posting import UnconfirmedPost

log = logging.getLogger(__name__)
# Timings scale with OOPS_UNCONFIRMED_GRACE (`grace`, default 100 s). A live request ends
# its post well within it (bot/owning_up.post_timeout), so an older `posting` row belongs to a
# process that is gone. An `unknown` row is looked at after a quarter of it (Slack may take a
# moment to show a message it accepted); a message still not there after twice it (and at
# least NOT_THERE_AFTER) is taken as not posted; a conversation that cannot be read for ten
# times it, or that we may not read at all, goes to the author to check.
# "Not in the conversation" is final only this long after the answer was lost: Slack has long
# given up on a request by then, so a message that is not there will not appear later.
NOT_THERE_AFTER = timedelta(minutes=3)
# History errors that waiting will not cure.
CANNOT_LOOK = frozenset(
    {"missing_scope", "not_in_channel", "channel_not_found", "not_allowed_token_type"}
)
# Messages read per conversation page, and pages at most (from the intent's time onwards).
_PAGE, _PAGES = 200, 5


def find_our_message(
    client: WebClient, *, channel: str, thread_ts: str | None, oops_id: int, oldest: float
) -> str | None:
    """The ts of our message for `oops_id` in `channel` (its thread when `thread_ts`), or None.

    `oldest` is a Unix time in seconds. Raises SlackApiError/OSError when Slack can't tell.
    """
    args = {"channel": channel, "oldest": f"{oldest:.6f}", "include_all_metadata": True}
    cursor = None
    for _ in range(_PAGES):
        if thread_ts:
            page = client.conversations_replies(ts=thread_ts, limit=_PAGE, cursor=cursor, **args)
        else:
            page = client.conversations_history(limit=_PAGE, cursor=cursor, **args)
        for message in page.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == POST_METADATA_TYPE and str(
                payload.get("oops_id")
            ) == str(oops_id):
                return str(message.get("ts"))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


def resolve_unconfirmed_posts(
    clients: Callable[[InstallKey], WebClient | None],
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    limit: int = 20,
) -> int:
    """Resolve up to `limit` old unconfirmed posts; returns how many were settled.

    Raises SQLAlchemyError when the database cannot be read (the scheduler's wrapper logs it
    in one line and the next run tries again).
    """
    now, grace = clock(), settings.unconfirmed_grace
    with session_factory() as s:
        pending = posting.unconfirmed_posts(
            s, posting_before=now - grace, unknown_before=now - grace / 4, limit=limit
        )
    settled = 0
    for post in pending:
        client = clients(post.install)
        if client is None:  # the workspace removed the app; its uninstall clean-up handles it
            continue
        settled += _resolve(client, session_factory, clock, settings, post)
    return settled


def _resolve(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    post: UnconfirmedPost,
) -> bool:
    try:
        ts = (
            find_our_message(
                client,
                channel=post.channel_id,
                thread_ts=post.thread_ts,
                oops_id=post.id,
                # Our post is newer than its intent; a minute's margin for skewed clocks.
                oldest=(post.created_at - timedelta(minutes=1)).timestamp(),
            )
            if post.channel_id
            else None
        )
        # No channel yet: the process stopped before chat.postMessage, so nothing was posted.
        looked, cannot_look = True, False
    except (SlackApiError, OSError) as err:
        reason = err.response.get("error") if isinstance(err, SlackApiError) else type(err).__name__
        log.warning("post of oops %s not checked: %s", post.id, reason)
        ts, looked = None, False
        # A refusal that will not pass (no history scope on an older install, not a member):
        # waiting changes nothing, so the author is asked now.
        cannot_look = reason in CANNOT_LOOK
    locale = cached_locale(session_factory, team_id=post.team_id, user_id=post.author_id)
    if ts:
        posted = Posted(channel_id=post.channel_id or "", ts=ts, permalink=None)
        won = record_posted(
            client,
            session_factory,
            clock,
            settings,
            oops_id=post.id,
            posted=posted,
            team_id=post.team_id,
            author_id=post.author_id,
            severity=post.severity,
        )
        if won:
            link = permalink_of(client, posted)
            if link:
                with session_factory.begin() as s:
                    repo.set_permalink(s, oops_id=post.id, permalink=link)
            log.info("unconfirmed post of oops %s found in the conversation", post.id)
            _tell(client, post.author_id, build_post_confirmed(link, locale), None)
        return won
    age, grace = clock() - post.status_at, settings.unconfirmed_grace
    never_sent = post.channel_id is None
    not_there = looked and age >= max(2 * grace, NOT_THERE_AFTER)
    if not (never_sent or not_there or cannot_look or age >= 10 * grace):
        return False
    with session_factory.begin() as s:
        draft_id = posting.abandon_posting(s, oops_id=post.id, message=None, now=clock())
    if draft_id is None:
        return False
    log.info("unconfirmed post of oops %s given back as draft (looked=%s)", post.id, looked)
    text, blocks = build_post_not_there(draft_id, post.channel_id, looked=looked, locale=locale)
    _tell(client, post.author_id, text, blocks)
    return True


def _tell(client: WebClient, author_id: str, text: str, blocks: list | None) -> None:
    """DM the author; a failure is logged, the state change stands (the Home tab shows it)."""
    try:
        client.chat_postMessage(channel=author_id, text=text, blocks=blocks)
    except (SlackApiError, OSError) as err:
        reason = err.response.get("error") if isinstance(err, SlackApiError) else type(err).__name__
        log.warning("could not tell %s about an unconfirmed post: %s", author_id, reason)
