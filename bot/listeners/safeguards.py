"""Prevention actions: marking them done, and telling the affected people the fix is in."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.config import Settings
from bot.home import publish_home
from bot.i18n import N_, translator
from bot.ids import Action
from bot.listeners.guard import guarded
from bot.listeners.notes import presser_channel, tell_presser
from bot.listeners.payload import pressed
from bot.safeguards import offer_update
from bot.user_profiles import user_locale
from bot.views.safeguards import build_thread_update, build_update_done
from storage import repositories as repo
from storage.db import SessionFactory

NOT_YOURS = N_("That safeguard belongs to someone else, so there's nothing for you to do here.")


def register(app: App) -> None:
    """Attach the safeguard listeners."""
    app.action(Action.ACTION_DONE)(guarded(handle_action_done))
    app.action(Action.POST_FOLLOWUP)(guarded(handle_post_update))


def handle_action_done(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
) -> None:
    """Mark the author's own prevention action done, refresh Home, offer the thread update."""
    ack()
    team_id, user_id, action_id = pressed(body)
    locale = user_locale(client, session_factory, clock, team_id=team_id, user_id=user_id)
    with session_factory.begin() as s:
        done = repo.complete_action(s, action_id=action_id, author_id=user_id, now=clock())
    if done is None:
        client.chat_postMessage(channel=user_id, text=translator(locale)(NOT_YOURS))
        return
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=user_id,
        default_hours=settings.working_hours,
        locale=locale,
    )
    if done:  # a second press (another device, a double click) offers nothing again
        offer_update(client, session_factory, action_id=action_id, author_id=user_id, locale=locale)


def handle_post_update(
    ack: Ack, body: dict, client: WebClient, session_factory: SessionFactory, clock: Clock
) -> None:
    """Post 'the safeguard is in place' in the oops's thread, for the author only."""
    ack()
    team_id, user_id, action_id = pressed(body)
    locale = user_locale(client, session_factory, clock, team_id=team_id, user_id=user_id)
    with session_factory() as s:
        action = repo.get_author_action(s, action_id=action_id, author_id=user_id)
        oops = repo.get_oops(s, oops_id=action.oops_id) if action else None
        target = (oops.channel_id, oops.thread_ts or oops.message_ts) if oops else None
        description = action.description if action else ""
    if target is None or not all(target):
        tell_presser(client, body, translator(locale)(NOT_YOURS))
        return
    # The thread is mixed company; our few words around the update follow its author.
    text, blocks = build_thread_update(user_id, description, locale)
    posted = client.chat_postMessage(
        channel=target[0], thread_ts=target[1], text=text, blocks=blocks
    )
    try:
        link = client.chat_getPermalink(channel=target[0], message_ts=posted["ts"])["permalink"]
    except SlackApiError:
        link = None
    done_text, done_blocks = build_update_done(link, locale)
    message = body.get("message") or {}
    if message.get("ts") and presser_channel(body):
        client.chat_update(
            channel=presser_channel(body), ts=message["ts"], text=done_text, blocks=done_blocks
        )
